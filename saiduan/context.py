"""What the composition root hands to each domain package's wiring."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from saiduan.settings import Settings

AsyncHook = Callable[[], Awaitable[None]]
# A background loop: an async callable that runs until cancelled.
Loop = Callable[[], Awaitable[None]]


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    templates: Jinja2Templates
    instance_id: str = field(
        default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    )
    on_startup: list[AsyncHook] = field(default_factory=list)
    on_shutdown: list[AsyncHook] = field(default_factory=list)
    loops: dict[str, Loop] = field(default_factory=dict)
    # Shared services that one package's wiring builds and a later one uses (adapters, broker).
    services: dict[str, Any] = field(default_factory=dict)
