#!/usr/bin/env bash
# Writes a ~1 MB PNG of noise (incompressible, so it stays ~1 MB) to $1.
set -euo pipefail
python3 - "$1" <<'PY'
import os, struct, sys, zlib
w, h = 512, 680
raw = b"".join(b"\x00" + os.urandom(w * 3) for _ in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
