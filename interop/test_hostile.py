"""Hostile and careless requests against the real server, over raw sockets: each gets a 4xx JSON
error within seconds, nothing is charged, and /healthz keeps answering throughout."""

import json
import socket
import struct
import threading
import time
import zlib
from urllib.parse import urlparse

import pytest
import requests

V3 = "/ideogram/v1/ideogram-v3"


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_only(width: int, height: int, depth: int = 8, color: int = 6) -> bytes:
    """A PNG whose IHDR declares a size its data does not have."""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0))


def png_bomb(width: int, height: int) -> bytes:
    """A small, valid 16-bit RGBA PNG of zeros that inflates to width × height × 8 bytes."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + width * 8)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 16, 6, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def jpeg_header_only(width: int, height: int) -> bytes:
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + sof + b"\xff\xd9"


def multipart(parts: list[tuple[bytes, bytes]], boundary: bytes = b"B") -> bytes:
    """parts: (raw header lines, body); the header bytes are sent exactly as given."""
    out = b""
    for headers, body in parts:
        out += b"--" + boundary + b"\r\n" + headers + b"\r\n\r\n" + body + b"\r\n"
    return out + b"--" + boundary + b"--\r\n"


def file_part(name: str, data: bytes, filename: str = "x.png") -> tuple[bytes, bytes]:
    return (f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\nContent-Type: image/png'.encode(), data)


def text_part(name: str, value: str) -> tuple[bytes, bytes]:
    return (f'Content-Disposition: form-data; name="{name}"'.encode(), value.encode())


def raw_request(base_url: str, method: str, path: str, headers: dict, body: bytes, timeout: float = 20) -> tuple[int, dict, bytes, float]:
    """Sends one request over a fresh socket, the body from a thread of its own so that an early
    answer is read while the body is still going out (as browsers and curl do); returns status,
    headers, body and seconds taken."""
    url = urlparse(base_url)
    started = time.monotonic()
    with socket.create_connection((url.hostname, url.port), timeout=timeout) as s:
        head = f"{method} {path} HTTP/1.1\r\nHost: {url.hostname}\r\nConnection: close\r\nContent-Length: {len(body)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        s.sendall(head.encode() + b"\r\n")

        def send_body():
            try:
                s.sendall(body)
            except OSError:
                pass  # the server answered and closed before reading a body it refused

        sender = threading.Thread(target=send_body, daemon=True)
        sender.start()
        data = b""
        while True:
            try:
                piece = s.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not piece:
                break
            data += piece
            if b"\r\n\r\n" in data:
                head_end = data.index(b"\r\n\r\n")
                lines = data[:head_end].decode("latin-1").split("\r\n")
                fields = {line.split(":", 1)[0].lower(): line.split(":", 1)[1].strip() for line in lines[1:] if ":" in line}
                if "content-length" in fields and len(data) - head_end - 4 >= int(fields["content-length"]):
                    break
    elapsed = time.monotonic() - started
    assert data, f"no answer to {method} {path}"
    head_end = data.index(b"\r\n\r\n")
    lines = data[:head_end].decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    fields = {line.split(":", 1)[0].lower(): line.split(":", 1)[1].strip() for line in lines[1:] if ":" in line}
    return status, fields, data[head_end + 4:], elapsed


@pytest.fixture
def healthz_watch(base_url):
    """Polls /healthz in the background for the duration of a test; every poll must answer 200
    within two seconds."""
    failures: list[str] = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            try:
                started = time.monotonic()
                r = requests.get(base_url + "/healthz", timeout=5)
                if r.status_code != 200 or time.monotonic() - started > 2:
                    failures.append(f"{r.status_code} after {time.monotonic() - started:.2f}s")
            except requests.RequestException as error:
                failures.append(repr(error))
            time.sleep(0.1)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join()
    assert not failures, failures


def balance(base_url: str, api_key: str) -> int:
    return requests.get(base_url + "/account/v1/balance", headers={"Api-Key": api_key}, timeout=10).json()["balance_micros"]


MULTIPART = {"Content-Type": "multipart/form-data; boundary=B"}

CASES = [
    # (name, path, needs key, content type, body)
    ("declared 4294967295² PNG", f"{V3}/replace-background", True, MULTIPART,
     multipart([text_part("prompt", "x"), file_part("image", png_header_only(0xFFFFFFFF, 0xFFFFFFFF))])),
    ("declared 65535² JPEG", f"{V3}/replace-background", True, MULTIPART,
     multipart([text_part("prompt", "x"), file_part("image", jpeg_header_only(65535, 65535), "x.jpg")])),
    ("16-bit PNG bomb as mask", f"{V3}/edit", True, MULTIPART,
     multipart([text_part("prompt", "x"), file_part("image", png_header_only(1024, 1024)), file_part("mask", png_bomb(20000, 20000))])),
    ("non-ASCII header name, no key", "/v1/images/edits", False, MULTIPART,
     b"--B\r\n\xc3\x81x: y\r\n\r\nv\r\n--B--"),
    ("non-ASCII header name", f"{V3}/generate", True, MULTIPART,
     b"--B\r\n\xc3\x81x: y\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nv\r\n--B--\r\n"),
    ("control bytes in a part name", f"{V3}/generate", True, MULTIPART,
     multipart([(b'Content-Disposition: form-data; name="pr\x00\x01\x7fompt"', b"x"), text_part("prompt", "x\x00\x1b")])),
    ("40,000 parts", f"{V3}/generate", True, MULTIPART,
     multipart([text_part("x", "y")] * 40000 + [text_part("prompt", "x")])),
    ("a header line of 100 KB", f"{V3}/generate", True, MULTIPART,
     multipart([(b"X-Long: " + b"a" * 100_000 + b'\r\nContent-Disposition: form-data; name="prompt"', b"x")])),
    ("no closing boundary", f"{V3}/generate", True, MULTIPART,
     b'--B\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nx\r\n'),
    ("multipart without a boundary", f"{V3}/generate", True, {"Content-Type": "multipart/form-data"}, b"x"),
    ("deep JSON", f"{V3}/generate", True, {"Content-Type": "application/json"}, b"[" * 100_000),
    ("deep JSON inside a field", f"{V3}/generate", True, {"Content-Type": "application/json"},
     b'{"prompt":"x","color_palette":' + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"}"),
    ("JSON of 40 MB", f"{V3}/generate", True, {"Content-Type": "application/json"},
     b'{"prompt":"' + b"a" * 40_000_000 + b'"}'),
    ("invalid UTF-8 in JSON", f"{V3}/generate", True, {"Content-Type": "application/json"}, b'{"prompt":"\xff\xfe"}'),
    ("a huge number", f"{V3}/generate", True, {"Content-Type": "application/json"}, b'{"prompt":"x","num_images":1e300}'),
    ("OpenAI edits, garbage", "/v1/images/edits", True, MULTIPART, b"--B\r\n\r\n\r\n--B--"),
    ("OpenAI generations, deep JSON", "/v1/images/generations", True, {"Content-Type": "application/json"}, b"[" * 100_000),
]


@pytest.mark.parametrize("name,path,needs_key,content_type,body", CASES, ids=[c[0] for c in CASES])
def test_hostile_request_gets_a_json_4xx_and_costs_nothing(base_url, api_key, healthz_watch, name, path, needs_key, content_type, body):
    before = balance(base_url, api_key)
    headers = dict(content_type)
    if needs_key:
        headers["Api-Key"] = api_key
    status, fields, payload, elapsed = raw_request(base_url, "POST", path, headers, body)
    assert 400 <= status < 500, (name, status, payload[:300])
    assert elapsed < 10, (name, elapsed)
    error = json.loads(payload)
    assert error.get("code") or (error.get("error") or {}).get("code"), (name, error)
    assert balance(base_url, api_key) == before, name
