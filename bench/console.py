"""Console benchmark: the queue query over 1,000,000 cases, and citizen message to console.

    python -m bench.console [--cases 1000000] [--keep] [--skip-latency]

Needs PostgreSQL (SAIDUAN_BENCH_POSTGRES_URL, else SAIDUAN_TEST_POSTGRES_URL, else
postgresql://postgres@127.0.0.1:5432/postgres). It creates a scratch database, migrates it,
generates the cases in SQL (generate_series: seconds, not hours), ANALYZEs, and then:

1. Runs the console's own queue function (handoff.queue.queue: the one the page calls) for a
   worker, a provincial supervisor and an admin, with and without filters, and prints p50/p95
   and whether EXPLAIN shows an index serving it (and no sequential scan of cases).
2. Starts the real app under uvicorn against that database with a fake LINE platform, signs a
   worker in, keeps the console's live stream (SSE) open on a case held by that worker, and
   sends signed LINE webhooks as the citizen: the time from the webhook POST to the event on
   the stream is the citizen-to-console latency (p50/p95).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-line-channel-secret"
PASSWORD = "bench password 1300 console"
console = Console(width=170)


def pg_admin_url() -> str:
    return (os.environ.get("SAIDUAN_BENCH_POSTGRES_URL") or os.environ.get("SAIDUAN_TEST_POSTGRES_URL")
            or "postgresql://postgres@127.0.0.1:5432/postgres")


def scratch_database(name: str) -> str:
    from saiduan.db import normalize_url

    admin = sa.create_engine(normalize_url(pg_admin_url()), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return normalize_url(pg_admin_url()).rsplit("/", 1)[0] + f"/{name}"


def drop_database(name: str) -> None:
    from saiduan.db import normalize_url

    admin = sa.create_engine(normalize_url(pg_admin_url()), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# Open cases are ~4% of the total: a hotline closes most cases within days, so after years of
# service the table is mostly closed rows, which the partial indexes leave out.
GENERATE_SQL = """
INSERT INTO cases (number, channel, status, priority, priority_rank, emergency, emergency_score, categories,
                   scores, facts, summary, language, needs_interpreter, centre_id, province_code,
                   callback_wanted, assigned_user_id, sla_due_at, first_response_at, created_at, updated_at,
                   closed_at)
SELECT 'B' || lpad(g::text, 8, '0'),
       (ARRAY['line','line','line','messenger','telegram','web','phone','walkin'])[1 + h.h1 % 8],
       CASE WHEN r.open THEN (ARRAY['new','assigned','in_progress','referred','follow_up'])[1 + h.h2 % 5]
            ELSE 'closed' END,
       p.priority, p.rank, p.rank = 0, CASE WHEN p.rank = 0 THEN 0.9 ELSE 0.1 END,
       json_build_array((ARRAY['violence','poverty','neglect','homeless','benefits','mental_health',
                               'pregnancy','child_labor','trafficking','other'])[1 + h.h3 % 10]),
       '{}'::json, '{}'::json, 'เคสทดสอบประสิทธิภาพ', 'th', false, c.id, c.province_code,
       r.open AND h.h2 % 9 = 0,
       CASE WHEN r.open AND h.h4 % 5 = 0 THEN :worker_id ELSE NULL END,
       t.created + (CASE p.rank WHEN 0 THEN 15 WHEN 1 THEN 120 WHEN 2 THEN 1440 ELSE 4320 END) * interval '1 minute',
       CASE WHEN NOT r.open OR h.h4 % 3 = 0 THEN t.created + interval '10 minutes' END,
       t.created, t.created,
       CASE WHEN NOT r.open THEN t.created + interval '2 days' END
FROM generate_series(1, :n) AS g
-- Independent pseudo-random draws per row (hashint4 spreads consecutive integers evenly).
CROSS JOIN LATERAL (SELECT abs(hashint4(g)) AS h0, abs(hashint4(g + 1000000007)) AS h1,
                           abs(hashint4(g * 3 + 17)) AS h2, abs(hashint4(g * 7 + 29)) AS h3,
                           abs(hashint4(g * 11 + 41)) AS h4, abs(hashint4(g * 13 + 53)) AS h5) AS h
CROSS JOIN LATERAL (SELECT (h.h0 % 25 = 0) AS open) AS r
CROSS JOIN LATERAL (SELECT now() - ((:n - g) * interval '60 seconds') AS created) AS t
CROSS JOIN LATERAL (
    SELECT CASE WHEN h.h5 % 50 = 0 THEN 'emergency' WHEN h.h5 % 7 = 0 THEN 'high' WHEN h.h5 % 4 = 0 THEN 'low'
                ELSE 'normal' END AS priority,
           CASE WHEN h.h5 % 50 = 0 THEN 0 WHEN h.h5 % 7 = 0 THEN 1 WHEN h.h5 % 4 = 0 THEN 3 ELSE 2 END AS rank
) AS p
JOIN centre_pick AS c ON c.n = h.h1 % :centres
"""


def setup(url: str, n: int) -> dict:
    from handoff.agencies import load_agencies
    from handoff.users import create_user
    from intake.centres import load_centres
    from saiduan import migrate
    from saiduan.db import make_engine, make_session_factory

    migrate.upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions() as s:
        load_centres(s)
        load_agencies(s)
        users = {}
        for name, role, centre in (("bench_worker", "worker", "PV10"), ("bench_supervisor", "supervisor", "PV10"),
                                   ("bench_admin", "admin", "NATIONAL"), ("bench_live", "worker", "PV10")):
            users[name] = create_user(s, username=name, password=PASSWORD, display_name=name, role=role,
                                      centre_code=centre).id
        s.commit()
    with engine.begin() as conn:
        centres = conn.execute(sa.text("SELECT count(*) FROM centre")).scalar_one()
        started = time.perf_counter()
        # A third of the cases go to the Bangkok centre (the busiest), the rest spread over all.
        conn.execute(sa.text(
            "CREATE TEMP TABLE centre_pick AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, province_code "
            "FROM centre UNION ALL SELECT :c + k, id, province_code FROM centre, generate_series(0, :c / 2 - 1) AS k "
            "WHERE code = 'PV10'"), {"c": centres})
        picks = conn.execute(sa.text("SELECT count(*) FROM centre_pick")).scalar_one()
        conn.execute(sa.text(GENERATE_SQL), {"n": n, "centres": picks, "worker_id": users["bench_worker"]})
        generated = time.perf_counter() - started
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE cases"))
    with engine.connect() as conn:
        open_count = conn.execute(sa.text("SELECT count(*) FROM cases WHERE status <> 'closed'")).scalar_one()
    console.print(f"generated {n:,} cases ({open_count:,} open) in {generated:.1f} s")
    return {"engine": engine, "sessions": sessions, "users": users}


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def bench_queue(env: dict, runs: int) -> list[tuple]:
    from handoff.access import viewer_for
    from handoff.queue import QueueFilters, queue, queue_statement
    from intake.models import StaffUser

    rows = []
    with env["sessions"]() as s:
        viewers = {name: viewer_for(s, s.get(StaffUser, uid)) for name, uid in env["users"].items()}
        scenarios = [
            ("worker", "no filter", viewers["bench_worker"], QueueFilters()),
            ("worker", "assigned to me", viewers["bench_worker"], QueueFilters(mine=True)),
            ("worker", "category poverty", viewers["bench_worker"], QueueFilters(category="poverty")),
            ("supervisor", "no filter", viewers["bench_supervisor"], QueueFilters()),
            ("supervisor", "channel line, status new", viewers["bench_supervisor"],
             QueueFilters(channel="line", status="new")),
            ("admin", "no filter", viewers["bench_admin"], QueueFilters()),
            ("admin", "province 50", viewers["bench_admin"], QueueFilters(province_code=50)),
            ("admin", "category trafficking", viewers["bench_admin"], QueueFilters(category="trafficking")),
            ("admin", "unassigned, telegram", viewers["bench_admin"], QueueFilters(unassigned=True, channel="telegram")),
        ]
        for role, label, viewer, filters in scenarios:
            queue(s, viewer, filters)  # warm the cache as a console in use would be
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                result = queue(s, viewer, filters)
                times.append((time.perf_counter() - t0) * 1000)
            stmt = queue_statement(s, viewer, filters)
            compiled = stmt.compile(dialect=s.get_bind().dialect, compile_kwargs={"literal_binds": True})
            plan = "\n".join(r[0] for r in s.execute(sa.text(f"EXPLAIN {compiled}")))
            indexes = sorted(set(re.findall(r"(?:Index|Index Only) Scan(?: Backward)? using (\w+)", plan)
                                 + re.findall(r"Bitmap Index Scan on (\w+)", plan)))
            seq = "Seq Scan on cases" in plan
            rows.append((role, label, len(result), _pct(times, .5), _pct(times, .95), ", ".join(indexes) or "-", seq))
    return rows


# -- citizen message -> console -------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def line_body(user_id: str, text: str) -> bytes:
    event = {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
             "source": {"type": "user", "userId": user_id}, "webhookEventId": uuid.uuid4().hex.upper()[:26],
             "deliveryContext": {"isRedelivery": False}, "replyToken": uuid.uuid4().hex,
             "message": {"id": str(uuid.uuid4().int)[:18], "type": "text", "quoteToken": "q", "text": text}}
    return json.dumps({"destination": "Ubench", "events": [event]}, ensure_ascii=False).encode()


def line_signature(body: bytes) -> str:
    return base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()


def held_case(env: dict, line_user: str) -> int:
    """A case whose LINE conversation the live worker already holds, as after a takeover."""
    from intake.models import Case, Contact, Conversation

    with env["sessions"]() as s:
        contact = Contact(channel="line", channel_user_id=line_user, consent="given", safe_to_contact=True)
        s.add(contact)
        s.flush()
        conv = Conversation(contact_id=contact.id, state="with_human", handled_by_user_id=env["users"]["bench_live"])
        s.add(conv)
        s.flush()
        centre_id = s.execute(sa.text("SELECT id FROM centre WHERE code = 'PV10'")).scalar_one()
        case = Case(number="BLIVE-1", contact_id=contact.id, conversation_id=conv.id, channel="line",
                    status="in_progress", centre_id=centre_id, province_code=10,
                    assigned_user_id=env["users"]["bench_live"], categories=["violence"])
        s.add(case)
        s.flush()
        conv.case_id = case.id
        s.add(conv)
        s.commit()
        return case.id


async def bench_latency(url: str, env: dict, samples: int) -> dict:
    import aiohttp

    from tests.fakes.line import FakeLine

    fake = FakeLine().start()
    port = free_port()
    media = tempfile.mkdtemp(prefix="bench-media-")
    proc_env = {**os.environ, "SAIDUAN_DATABASE_URL": url, "SAIDUAN_ENV": "test", "SAIDUAN_SECRET_KEY": "b" * 40,
                "SAIDUAN_LINE_CHANNEL_SECRET": SECRET, "SAIDUAN_LINE_CHANNEL_ACCESS_TOKEN": "bench-token",
                "SAIDUAN_LINE_API_BASE_URL": fake.base_url, "SAIDUAN_WORKERS_ENABLED": "true",
                "SAIDUAN_SCHEDULER_ENABLED": "false", "SAIDUAN_LOG_LEVEL": "WARNING", "SAIDUAN_MEDIA_DIR": media,
                "SAIDUAN_PORT": str(port)}
    proc = subprocess.Popen([sys.executable, "-c", "from saiduan.cli import app; app()", "serve", "--port", str(port)], cwd=ROOT,
                            env=proc_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    line_user = "U" + uuid.uuid4().hex
    case_id = held_case(env, line_user)
    results: list[float] = []
    lost = 0
    try:
        # aiohttp refuses cookies for a bare IP unless told the jar may hold them.
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            for _ in range(150):
                try:
                    async with http.get(base + "/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)
            page = await (await http.get(base + "/console/login")).text()
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            r = await http.post(base + "/console/login", allow_redirects=False,
                                data={"username": "bench_live", "password": PASSWORD, "csrf_token": token})
            assert r.status == 303, f"sign-in failed ({r.status})"
            arrivals: asyncio.Queue[float] = asyncio.Queue()
            async with http.get(base + f"/console/events?case={case_id}",
                                timeout=aiohttp.ClientTimeout(total=None, sock_read=60)) as stream:
                await stream.content.readline()  # "retry:" line: the stream is open

                async def reader() -> None:
                    event = None
                    async for raw in stream.content:
                        line = raw.decode().strip()
                        if line.startswith("event:"):
                            event = line[6:].strip()
                        elif line.startswith("data:") and event == "message":
                            data = json.loads(line[5:])
                            if data.get("direction") == "in" and data.get("case_id") == case_id:
                                arrivals.put_nowait(time.perf_counter())

                task = asyncio.create_task(reader())

                async def one(text: str) -> float | None:
                    body = line_body(line_user, text)
                    started = time.perf_counter()
                    async with http.post(base + "/webhooks/line", data=body, headers={
                            "X-Line-Signature": line_signature(body), "Content-Type": "application/json"}) as r:
                        assert r.status == 200
                    try:
                        return (await asyncio.wait_for(arrivals.get(), 10)) - started
                    except TimeoutError:
                        return None

                # Warm-up: the process loads the classifier on its first message.
                await one("สวัสดีค่ะ ยังอยู่ไหมคะ")
                for i in range(samples):
                    took = await one(f"ข้อความที่ {i + 1} ค่ะ ตอนนี้ยังอยู่ที่บ้าน")
                    if took is None:
                        lost += 1
                    else:
                        results.append(took * 1000)
                    await asyncio.sleep(0.1)
                task.cancel()
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        fake.stop()
    return {"received": len(results), "sent": samples, "lost": lost,
            "p50": _pct(results, .5) if results else None, "p95": _pct(results, .95) if results else None,
            "max": max(results) if results else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()
    name = f"saiduan_bench_console_{uuid.uuid4().hex[:6]}"
    url = scratch_database(name)
    try:
        env = setup(url, args.cases)
        table = Table(title=f"Queue query, {args.cases:,} cases (handoff.queue.queue, limit 50), target < 100 ms")
        for col in ("role", "filters", "rows", "p50 ms", "p95 ms", "index used (EXPLAIN)", "seq scan"):
            table.add_column(col)
        for role, label, n, p50, p95, idx, seq in bench_queue(env, args.runs):
            table.add_row(role, label, str(n), f"{p50:.1f}", f"{p95:.1f}", idx, "yes" if seq else "no")
        console.print(table)
        if not args.skip_latency:
            result = asyncio.run(bench_latency(url, env, args.samples))
            lat = Table(title="Citizen LINE message -> console live stream (SSE), target p95 < 1 s")
            for col in ("sent", "received", "p50 ms", "p95 ms", "max ms"):
                lat.add_column(col)
            fmt = (lambda v: f"{v:.0f}" if v is not None else "-")
            lat.add_row(str(result["sent"]), str(result["received"]), fmt(result["p50"]), fmt(result["p95"]),
                        fmt(result["max"]))
            console.print(lat)
        env["engine"].dispose()
    finally:
        if not args.keep:
            drop_database(name)


if __name__ == "__main__":
    main()
