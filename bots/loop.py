"""The loop the inbox processor and the outbox sender share: work while there is work, then wait
for an in-process wake-up or the next poll (which finds other instances' rows)."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod

log = logging.getLogger("saiduan.bots.loop")


class PollingLoop(ABC):
    _wake: asyncio.Event | None = None

    @abstractmethod
    async def run_once(self) -> int:
        """Do one batch of work; return how many items it handled."""

    def wake(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def run_forever(self, poll_seconds: float = 1.0) -> None:
        """Run until cancelled."""
        self._wake = asyncio.Event()
        while True:
            try:
                done = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("pass failed", extra={"loop": type(self).__name__})
                done = 0
            if done:
                continue
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=poll_seconds)
            except TimeoutError:
                pass
            self._wake.clear()
