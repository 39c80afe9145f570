"""Load on a real `rolematch serve` on 127.0.0.1: throughput, latency percentiles, errors, server memory.

usage: python benchmarks/bench_service.py DEV_JSONL [--requests 2000] [--clients 16] [--workers 2] [--pdf-share 0.1]
       [--overload-clients 64]

Starts the server as a subprocess on a free loopback port (never anything else), sends --requests score requests
from --clients concurrent clients (JSON text of the resumes, and a share as PDF uploads when the dev extra's
fpdf2 is installed), then an overload run that must get fast 503s, never timeouts. Bounded in requests and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants (uvicorn's workers), in MiB."""
    total, todo = 0.0, [pid]
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            pass
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


async def load(base: str, bodies: list[tuple[str, object]], clients: int, timeout: float) -> dict:
    import httpx

    latencies, statuses = [], []
    queue: asyncio.Queue = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)

    async def client_loop(client):
        while not queue.empty():
            kind, body = queue.get_nowait()
            started = time.perf_counter()
            try:
                if kind == "text":
                    response = await client.post(f"{base}/v1/score", json={"text": body})
                else:
                    response = await client.post(f"{base}/v1/score", files={"file": ("resume.pdf", body)})
                statuses.append(response.status_code)
            except httpx.HTTPError as exc:
                statuses.append(type(exc).__name__)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
    seconds = time.perf_counter() - started
    quantiles = statistics.quantiles(latencies, n=100)
    return {"seconds": seconds, "rate": len(latencies) / seconds, "p50": quantiles[49] * 1000,
            "p95": quantiles[94] * 1000, "p99": quantiles[98] * 1000, "max": max(latencies) * 1000,
            "statuses": {str(k): v for k, v in sorted(__import__("collections").Counter(map(str, statuses)).items())}}


WRK_SCRIPT = r"""
local f = io.open(os.getenv("RM_BODY"), "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("RM_CONTENT_TYPE")
-- no response() callback: wrk would then read every body in Lua and take the cores it is measuring
function done(summary, latency, requests)
  io.write(string.format('RESULT {"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "max": %f, ' ..
    '"timeouts": %d, "non2xx": %d}\n', summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3, summary.errors.timeout,
    summary.errors.status))
end
"""


def wrk_load(base: str, body: bytes, content_type: str, clients: int, seconds: int) -> dict:
    """A run of wrk (C, two threads) bounded in time: the load generator must not eat the cores it is measuring."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        script, body_file = Path(tmp) / "load.lua", Path(tmp) / "body"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        body_file.write_bytes(body)
        env = {**os.environ, "RM_BODY": str(body_file), "RM_CONTENT_TYPE": content_type}
        out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
                              f"{base}/v1/score"], capture_output=True, text=True, env=env, timeout=seconds + 30)
    line = next(l for l in out.stdout.splitlines() if l.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    result["rate"] = result["requests"] / result["seconds"]
    result["statuses"] = {"2xx": result["requests"] - result["non2xx"], "other": result["non2xx"]}
    return result


def multipart(data: bytes, filename: str) -> tuple[bytes, str]:
    boundary = "rolematch-bench-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev_jsonl", type=Path)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdf-share", type=float, default=0.1)
    parser.add_argument("--overload-clients", type=int, default=64)
    args = parser.parse_args()
    rng = random.Random(7)
    texts = [json.loads(line)["content"] for line in args.dev_jsonl.open(encoding="utf-8") if line.strip()]
    pdfs = []
    try:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from docgen import resume_pdf

        pdfs = [resume_pdf(t) for t in texts[:20]]
    except ImportError:
        print("fpdf2 not installed (pip install -e '.[dev]'): text requests only")
    bodies = [("pdf", rng.choice(pdfs)) if pdfs and rng.random() < args.pdf_share else ("text", rng.choice(texts))
              for _ in range(args.requests)]

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    rolematch = Path(sys.executable).with_name("rolematch")
    server = subprocess.Popen([str(rolematch), "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--workers", str(args.workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        # warm every worker on every resume (a steady state to compare memory against), then measure
        asyncio.run(load(base, [("text", t) for t in texts] + [("pdf", p) for p in pdfs], 4, 30))
        before = tree_rss_mib(server.pid)
        if shutil.which("wrk"):
            text_requests = int(args.requests * (1 - (args.pdf_share if pdfs else 0)))
            typical = sorted(texts, key=len)[len(texts) // 2]
            # bounded in time and in requests: the time bound is set so that it binds first
            main_run = wrk_load(base, json.dumps({"text": typical}).encode(), "application/json", args.clients,
                                max(2, round(text_requests / 150)))
            pdf_run = None
            if pdfs:
                body, content_type = multipart(pdfs[0], "resume.pdf")
                pdf_run = wrk_load(base, body, content_type, args.clients,
                                   max(2, round((args.requests - text_requests) / 60)))
            peak_after = tree_rss_mib(server.pid)
            overload = wrk_load(base, json.dumps({"text": typical}).encode(), "application/json",
                                args.overload_clients, 8)
            probe = httpx.post(f"{base}/v1/score", json={"text": typical}, timeout=30)  # what "other" is, now
            overload["probe"] = probe.status_code
            generator = "wrk"
        else:
            print("wrk not found (apt-get install wrk): the Python client below shares the cores with the server")
            main_run = asyncio.run(load(base, bodies, args.clients, 30))
            pdf_run = None
            peak_after = tree_rss_mib(server.pid)
            overload = asyncio.run(load(base, [("text", rng.choice(texts)) for _ in range(args.requests // 2)],
                                        args.overload_clients, 30))
            generator = "httpx"
        after = tree_rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(30)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"server with {args.workers} workers on 127.0.0.1")
    print(f"load generator: {generator}")
    print(f"text: {main_run.get('requests', args.requests)} score requests (JSON), {args.clients} clients: "
          f"{main_run['rate']:.0f} requests/s, p50 {main_run['p50']:.0f} ms, p95 {main_run['p95']:.0f} ms, "
          f"p99 {main_run['p99']:.0f} ms, statuses {main_run['statuses']}")
    if pdf_run:
        print(f"PDF uploads: {pdf_run['requests']} requests, {args.clients} clients: {pdf_run['rate']:.0f} requests/s, "
              f"p50 {pdf_run['p50']:.0f} ms, p99 {pdf_run['p99']:.0f} ms, statuses {pdf_run['statuses']}")
    print(f"overload, {args.overload_clients} clients: {overload['rate']:.0f} responses/s, p99 {overload['p99']:.0f} ms, "
          f"max {overload['max']:.0f} ms, timeouts {overload.get('timeouts', 0)}, statuses {overload['statuses']}"
          + (f" (a request sent right after: {overload['probe']})" if "probe" in overload else ""))
    print(f"server memory (all processes): {before:.0f} MiB warm, {peak_after:.0f} MiB after the run, "
          f"{after:.0f} MiB after the overload ({(after / before - 1) * 100:+.0f} %)")


if __name__ == "__main__":
    main()
