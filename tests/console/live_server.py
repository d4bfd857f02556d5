"""A real app under uvicorn in a subprocess, for browser and two-instance tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LINE_SECRET = "console-test-line-secret"


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("SAIDUAN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and SAIDUAN_REQUIRE_BROWSER=1")
        pytest.skip(f"browser tests need Debian chromium at {CHROMIUM}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(database_url: str, *, line_api: str | None = None, media_dir: Path, extra_env: dict | None = None,
          log_path: Path | None = None):
    """Yields the base URL of `saiduan serve` on a free port, with background loops on."""
    port = free_port()
    env = {**os.environ, "SAIDUAN_DATABASE_URL": database_url, "SAIDUAN_ENV": "test",
           "SAIDUAN_SECRET_KEY": "s" * 40, "SAIDUAN_WORKERS_ENABLED": "true", "SAIDUAN_SCHEDULER_ENABLED": "false",
           "SAIDUAN_MEDIA_DIR": str(media_dir), "SAIDUAN_LOG_LEVEL": "WARNING", "SAIDUAN_PORT": str(port),
           "SAIDUAN_HOST": "127.0.0.1", "SAIDUAN_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    if line_api:
        env.update({"SAIDUAN_LINE_CHANNEL_SECRET": LINE_SECRET, "SAIDUAN_LINE_CHANNEL_ACCESS_TOKEN": "console-test-token",
                    "SAIDUAN_LINE_API_BASE_URL": line_api})
    env.update(extra_env or {})
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-c", "from saiduan.cli import app; app()", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}")
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if log is not subprocess.DEVNULL:
            log.close()
