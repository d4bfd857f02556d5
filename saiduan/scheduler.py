"""APScheduler 3.x wiring: the periodic jobs run on one instance at a time.

PostgreSQL: an instance runs the jobs only while it holds a session-level advisory lock on a
dedicated connection. If that connection dies the lock is gone; the instance stops its jobs and
tries again, and another instance can take over. SQLite is a single process: it just runs them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.engine import Engine

log = logging.getLogger("saiduan.scheduler")

# Any constant shared by every instance; distinct from the migration lock's key.
LEADER_LOCK_KEY = 0x5A1D_0002


@dataclass(frozen=True)
class Job:
    id: str
    func: Callable[[], object]
    seconds: int


class LeaderScheduler:
    def __init__(self, engine: Engine, jobs: list[Job], *, check_seconds: float = 10.0) -> None:
        self.engine = engine
        self.jobs = jobs
        self.check_seconds = check_seconds
        self.is_postgres = engine.dialect.name == "postgresql"
        self._conn: sa.Connection | None = None
        self._scheduler: BackgroundScheduler | None = None

    @property
    def leading(self) -> bool:
        return self._scheduler is not None

    def _start_jobs(self) -> None:
        scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(2)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
            timezone="UTC",
        )
        for job in self.jobs:
            scheduler.add_job(self._run, "interval", seconds=job.seconds, id=job.id, args=[job], replace_existing=True)
        scheduler.start()
        self._scheduler = scheduler
        log.info("scheduler: running jobs", extra={"jobs": [j.id for j in self.jobs]})

    @staticmethod
    def _run(job: Job) -> None:
        try:
            result = job.func()
            if result:
                log.info("scheduler: job done", extra={"job": job.id, "result": result})
        except Exception:
            log.exception("scheduler: job failed", extra={"job": job.id})

    def _stop_jobs(self) -> None:
        if self._scheduler is not None:
            with contextlib.suppress(Exception):
                self._scheduler.shutdown(wait=False)
            self._scheduler = None

    def _release(self) -> None:
        if self._conn is not None:
            # Unlock, then drop the physical connection rather than return it to the pool: a
            # pooled connection would keep holding a session-level lock nobody knows about.
            with contextlib.suppress(Exception):
                self._conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": LEADER_LOCK_KEY})
            with contextlib.suppress(Exception):
                self._conn.invalidate()
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None

    def step(self) -> bool:
        """One leadership check (blocking; run in a thread). Returns whether we lead now."""
        if not self.is_postgres:
            if not self.leading:
                self._start_jobs()
            return True
        if self._conn is not None:
            try:
                self._conn.execute(sa.text("SELECT 1"))
                return True
            except Exception:
                log.warning("scheduler: lock connection lost; stopping jobs")
                self._stop_jobs()
                self._release()
        try:
            conn = self.engine.connect()
            got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": LEADER_LOCK_KEY}).scalar()
            conn.commit()
        except Exception as exc:
            log.warning("scheduler: database unreachable", extra={"error": type(exc).__name__})
            return False
        if not got:
            conn.close()  # holds no lock, so it may go back to the pool
            return False
        self._conn = conn
        self._start_jobs()
        return True

    def shutdown(self) -> None:
        self._stop_jobs()
        self._release()

    async def run(self) -> None:
        """The background loop registered in ctx.loops."""
        try:
            while True:
                await asyncio.to_thread(self.step)
                await asyncio.sleep(self.check_seconds)
        finally:
            await asyncio.to_thread(self.shutdown)
