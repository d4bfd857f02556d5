"""Webhook intake benchmark: signed LINE webhooks at rising rates against the real service.

    python -m bench.ingest            (make bench-ingest)

Starts, as subprocesses under uvicorn on 127.0.0.1: a bare FastAPI endpoint that only reads
the body, and the real app (`saiduan serve`, JSON logs on) on a SQLite file and, when reachable,
on PostgreSQL (a scratch database, dropped afterwards). Each gets the same open-loop load: every
request leaves at its scheduled time whether or not earlier ones have answered, and latency is
measured from that scheduled time, so a server falling behind shows up in p99 instead of being
hidden. A last step sends as fast as 64 connections allow to find the ceiling. The targets take
turns at every step, so background load on the machine weighs on all of them alike. After each target
the inbox rows are counted: they must equal the 200s the service answered.

The background inbox and outbox loops are off in the measured process (SAIDUAN_WORKERS_ENABLED=
false): this measures the webhook path, which is what LINE waits on; processing runs after the
answer and, on PostgreSQL, may run on other instances.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import Response
from rich.console import Console
from rich.table import Table

SECRET = "bench-line-channel-secret"
RATES = (250, 500, 1000, 2000)
STEP_SECONDS = 4.0
CEILING_SECONDS = 3.0
CEILING_CONNECTIONS = 64
ROOT = Path(__file__).resolve().parent.parent
console = Console()

# The bare endpoint: what any FastAPI webhook costs before doing anything.
bare_app = FastAPI()


@bare_app.post("/webhooks/line")
async def bare_line(request: Request) -> Response:
    await request.body()
    return Response(b'{"ok":true}', media_type="application/json")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signed_bodies(n: int) -> list[tuple[bytes, str]]:
    out = []
    now = int(time.time() * 1000)
    for i in range(n):
        body = json.dumps({"destination": "Ubench", "events": [{
            "type": "message", "mode": "active", "timestamp": now,
            "source": {"type": "user", "userId": f"U{i % 5000:032d}"},
            "webhookEventId": "01BENCH" + uuid.uuid4().hex[:19].upper(),
            "deliveryContext": {"isRedelivery": False}, "replyToken": uuid.uuid4().hex,
            "message": {"type": "text", "id": str(10**17 + i), "quoteToken": "q",
                        "text": "สวัสดีค่ะ ขอความช่วยเหลือเรื่องค่าใช้จ่ายในบ้านค่ะ"},
        }]}, ensure_ascii=False).encode()
        sig = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
        out.append((body, sig))
    return out


@dataclass
class Step:
    label: str
    sent: int
    ok: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000


async def open_loop(url: str, bodies: list[tuple[bytes, str]], rate: int, seconds: float) -> Step:
    n = int(rate * seconds)
    latencies: list[float] = []
    ok = 0
    connector = aiohttp.TCPConnector(limit=512)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=10)) as http:
        start = time.perf_counter() + 0.05

        async def one(i: int) -> None:
            nonlocal ok
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            body, sig = bodies[i]
            try:
                async with http.post(url, data=body, headers={"x-line-signature": sig,
                                                               "Content-Type": "application/json"}) as r:
                    await r.read()
                    if r.status == 200:
                        ok += 1
            except Exception:
                return
            latencies.append(time.perf_counter() - scheduled)

        await asyncio.gather(*(one(i) for i in range(n)))
        elapsed = time.perf_counter() - start
    return Step(str(rate), n, ok, elapsed, latencies)


async def ceiling(url: str, bodies: list[tuple[bytes, str]], seconds: float) -> Step:
    latencies: list[float] = []
    ok = 0
    sent = 0
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=CEILING_CONNECTIONS)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=10)) as http:
        start = time.perf_counter()

        async def worker() -> None:
            nonlocal ok, sent
            while time.perf_counter() < deadline and sent < len(bodies):
                body, sig = bodies[sent]
                sent += 1
                t = time.perf_counter()
                async with http.post(url, data=body, headers={"x-line-signature": sig,
                                                               "Content-Type": "application/json"}) as r:
                    await r.read()
                    if r.status == 200:
                        ok += 1
                latencies.append(time.perf_counter() - t)

        await asyncio.gather(*(worker() for _ in range(CEILING_CONNECTIONS)))
        elapsed = time.perf_counter() - start
    return Step(f"max ({CEILING_CONNECTIONS} conn.)", sent, ok, elapsed, latencies)


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    import urllib.request

    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except Exception:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
    raise RuntimeError("server did not start")


def start_server(kind: str, db_url: str | None, workdir: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = open(workdir / f"{kind}.log", "wb")  # noqa: SIM115 - closed with the process
    if kind == "bare":
        cmd = [sys.executable, "-m", "uvicorn", "bench.ingest:bare_app", "--host", "127.0.0.1",
               "--port", str(port), "--no-access-log", "--log-level", "warning"]
    else:
        env.update({
            "SAIDUAN_ENV": "development", "SAIDUAN_DATABASE_URL": db_url or "",
            "SAIDUAN_SECRET_KEY": "b" * 40, "SAIDUAN_WORKERS_ENABLED": "false",
            "SAIDUAN_SCHEDULER_ENABLED": "false", "SAIDUAN_LINE_CHANNEL_SECRET": SECRET,
            "SAIDUAN_LINE_CHANNEL_ACCESS_TOKEN": "bench-token",
            # Nothing is sent in this run; point the API at a closed local port all the same.
            "SAIDUAN_LINE_API_BASE_URL": "http://127.0.0.1:9", "SAIDUAN_MEDIA_DIR": str(workdir / "media"),
        })
        for key in [k for k in env if k.startswith(("SAIDUAN_MESSENGER_", "SAIDUAN_TELEGRAM_"))]:
            env.pop(key)
        cmd = [sys.executable, "-c", "from saiduan.cli import main; main()", "serve", "--host", "127.0.0.1",
               "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=log)
    wait_ready(port, proc)
    return proc, port


def count_inbox(db_url: str) -> int:
    from saiduan.db import make_engine

    engine = make_engine(db_url, one_shot=True)
    with engine.connect() as conn:
        n = conn.execute(sa.text("SELECT count(*) FROM inbox_event")).scalar_one()
    engine.dispose()
    return int(n)


def postgres_admin_url() -> str | None:
    url = os.environ.get("SAIDUAN_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            pass
    except OSError:
        return None
    from saiduan.db import normalize_url

    try:
        engine = sa.create_engine(normalize_url(url), poolclass=sa.pool.NullPool)
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception:
        return None
    return url


@dataclass
class Target:
    name: str
    kind: str
    db_url: str | None
    proc: subprocess.Popen | None = None
    port: int = 0
    steps: list[Step] = field(default_factory=list)
    acked: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/line"


def run_all(targets: list[Target], workdir: Path, bodies: list[tuple[bytes, str]]) -> None:
    """All servers up at once, then each rate step on every target in turn, so that whatever
    else the machine is doing at that moment weighs on the bare endpoint and the service alike."""
    offset = 0

    def take(n: int) -> list[tuple[bytes, str]]:
        nonlocal offset
        chunk = bodies[offset:offset + n]
        offset += n
        return chunk

    try:
        for t in targets:
            t.proc, t.port = start_server(t.kind, t.db_url, workdir)
        time.sleep(4)  # let every app finish its start-up (and freeze its heap) before measuring
        for t in targets:  # warm-up: imports, pools, page cache
            asyncio.run(open_loop(t.url, take(200), 200, 1.0))
            t.acked += 200
        for rate in RATES:
            n = int(rate * STEP_SECONDS)
            for t in targets:
                step = asyncio.run(open_loop(t.url, take(n), rate, STEP_SECONDS))
                t.steps.append(step)
                t.acked += step.ok
                time.sleep(0.5)
            console.print(f"  {rate:>5}/s done")
        for t in targets:
            step = asyncio.run(ceiling(t.url, take(int(CEILING_SECONDS * 9000)), CEILING_SECONDS))
            t.steps.append(step)
            t.acked += step.ok
            time.sleep(0.5)
    finally:
        for t in targets:
            if t.proc is not None:
                t.proc.terminate()
                try:
                    t.proc.wait(15)
                except subprocess.TimeoutExpired:
                    t.proc.kill()
    for t in targets:
        if t.db_url:
            t.steps.append(Step("stored/acked", t.acked, count_inbox(t.db_url), 0, []))


def main() -> None:
    from saiduan import migrate
    from saiduan.db import normalize_url

    started = time.time()
    total_needed = 3 * (200 + int(sum(RATES) * STEP_SECONDS) + int(CEILING_SECONDS * 9000))
    console.print(f"signing {total_needed} LINE webhook bodies…")
    bodies = signed_bodies(total_needed)
    with tempfile.TemporaryDirectory(prefix="saiduan-bench-") as tmp:
        workdir = Path(tmp)
        sqlite_url = f"sqlite:///{workdir / 'bench.db'}"
        migrate.upgrade(sqlite_url)
        targets = [Target("bare", "bare", None), Target("sqlite", "app", sqlite_url)]
        admin = postgres_admin_url()
        pg_name = f"saiduan_bench_{uuid.uuid4().hex[:8]}"
        admin_engine = None
        if admin is None:
            console.print("[yellow]PostgreSQL not reachable at 127.0.0.1:5432: skipped[/yellow]")
        else:
            admin_engine = sa.create_engine(normalize_url(admin), isolation_level="AUTOCOMMIT",
                                            poolclass=sa.pool.NullPool)
            with admin_engine.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{pg_name}"'))
            pg_url = normalize_url(admin).rsplit("/", 1)[0] + f"/{pg_name}"
            migrate.upgrade(pg_url)
            targets.append(Target("postgres", "app", pg_url))
        try:
            run_all(targets, workdir, bodies)
        finally:
            if admin_engine is not None:
                with admin_engine.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
                admin_engine.dispose()
    report({t.name: (t.steps, None) for t in targets})
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    console.print(f"total run {time.time() - started:.0f} s on {os.cpu_count()} CPU(s), load average {load}; "
                  "load generator, servers and database share them.")


def report(results: dict[str, tuple[list[Step], int | None]]) -> None:
    bare = {s.label: s for s in results["bare"][0]}
    table = Table(title="Signed LINE webhooks: real service vs a bare FastAPI endpoint (loopback)")
    for col in ("target", "rate (req/s)", "sent", "200 OK", "achieved req/s", "p50 ms", "p99 ms",
                "ratio to bare", "p99<50ms"):
        table.add_column(col, justify="right" if col != "target" else "left")
    for name, (steps, _stored) in results.items():
        for s in steps:
            if s.label == "stored/acked":
                match = "yes" if s.ok == s.sent else "NO"
                table.add_row(name, "inbox rows", "", f"{s.sent} acked", f"{s.ok} stored", "", "", "", match)
                continue
            ref = bare.get(s.label)
            ratio = f"{s.rps / ref.rps:.2f}" if ref and ref.rps else "-"
            table.add_row(name, s.label, str(s.sent), str(s.ok), f"{s.rps:.0f}", f"{s.pct(0.50):.1f}",
                          f"{s.pct(0.99):.1f}", ratio, "yes" if s.pct(0.99) < 50 else "no")
        table.add_section()
    console.print(table)


if __name__ == "__main__":
    main()
