#!/usr/bin/env python3
"""Holds N requests open at once: opens N connections, sends one JSON generate on each, and waits
for every answer. wrk cannot send exactly N requests (its connections keep sending until the
duration ends, and the requests it cuts off keep running upstream), so the held runs use this.

    hold.py URL N TIMEOUT_SECONDS [API_KEY]

Prints one line: "served other errors seconds" (served = 200 answers).
"""
import asyncio
import sys
import time
from urllib.parse import urlsplit

BODY = b'{"prompt":"a lighthouse at dusk, the word Ideogate in neon","rendering_speed":"TURBO","num_images":1,"aspect_ratio":"16x9"}'


async def one(host, port, head, timeout, opened, connecting):
    writer = None
    try:
        # Connections open a few hundred at a time, as a real crowd arrives: opening thousands
        # in the same instant overflows the listen backlog, and the kernel's SYN retries (1 s,
        # 3 s, 7 s, …) would be measured instead of the proxy.
        async with connecting:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
            opened.append(1)
            writer.write(head + BODY)
            await writer.drain()
        line = await asyncio.wait_for(reader.readline(), timeout)
        parts = line.split()
        return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else -1
    except Exception:
        return -1
    finally:
        if writer is not None:
            writer.close()


async def main():
    url, n, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    key = sys.argv[4] if len(sys.argv) > 4 else ""
    u = urlsplit(url)
    host, port = u.hostname, u.port or 80
    head = (f"POST {u.path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(BODY)}\r\nConnection: close\r\n"
            + (f"Api-Key: {key}\r\n" if key else "") + "\r\n").encode()
    opened = []
    connecting = asyncio.Semaphore(128)
    started = time.monotonic()
    statuses = await asyncio.gather(*(one(host, port, head, timeout, opened, connecting) for _ in range(n)))
    elapsed = time.monotonic() - started
    served = sum(1 for s in statuses if s == 200)
    errors = sum(1 for s in statuses if s == -1)
    print(served, n - served - errors, errors, f"{elapsed:.1f}")


asyncio.run(main())
