"""Shared fixtures: the server under test (IDEOGATE_URL, IDEOGATE_KEY, set by interop/run.sh)
and small PNGs made here, so the suite needs no image library."""

import os
import struct
import zlib

import pytest
import requests


@pytest.fixture(scope="session")
def base_url() -> str:
    return os.environ["IDEOGATE_URL"].rstrip("/")


@pytest.fixture(scope="session")
def api_key() -> str:
    return os.environ["IDEOGATE_KEY"]


def png(width: int, height: int, pixel) -> bytes:
    """An RGBA PNG; pixel(x, y) returns (r, g, b, a)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b"")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def two_tone(width: int = 256, height: int = 256) -> bytes:
    """Red left half, blue right half, opaque."""
    return png(width, height, lambda x, y: (200, 30, 30, 255) if x < width // 2 else (30, 30, 200, 255))


def bw_mask(width: int = 256, height: int = 256) -> bytes:
    """Ideogram's convention: black (edit) top-left quarter, white (keep) elsewhere."""
    return png(width, height, lambda x, y: (0, 0, 0, 255) if x < width // 2 and y < height // 2 else (255, 255, 255, 255))


def alpha_mask(width: int = 256, height: int = 256) -> bytes:
    """OpenAI's convention: fully transparent (edit) top-left quarter, opaque elsewhere."""
    return png(width, height, lambda x, y: (0, 0, 0, 0) if x < width // 2 and y < height // 2 else (255, 255, 255, 255))


def download(url: str) -> bytes:
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "image/png"
    return response.content
