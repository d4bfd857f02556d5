"""What the outbox sender hands an adapter, and how an adapter says a send failed.

Adapters never touch the database: the sender snapshots a row into a `Delivery`, the adapter
calls its platform, and the sender records the outcome. That keeps retries, ordering and
dead-lettering in one place for every channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bots.events import InboundEvent, OutgoingMessage


@dataclass(frozen=True)
class Delivery:
    outbox_id: int
    channel: str
    recipient: str
    message: OutgoingMessage
    idempotency_key: str
    attempt: int
    reply_token: str | None = None
    reply_token_expires_at: datetime | None = None
    quiet: bool = False
    human_agent: bool = False
    # When the person last wrote to us on this channel (the Messenger 24-hour window).
    last_inbound_at: datetime | None = None
    # Parts of this message the platform accepted on earlier attempts: send from the next one.
    parts_sent: int = 0


@dataclass
class SendOutcome:
    # The reply token was used up (or refused): no other row may try it again.
    reply_token_spent: bool = False
    via: str = "send"


class DeliveryError(Exception):
    """A failed send. `retryable` decides between backoff and the dead-letter list.

    `reason` is shown to supervisors and logged: a status and a platform error code, never
    message text or a token. `parts_sent`, for a message sent as several calls, is how many of
    its parts the platform accepted in all, set by `after()` (None: as many as before this
    attempt).
    """

    def __init__(
        self, reason: str, *, retryable: bool, retry_after: float | None = None,
        status: int | None = None, reply_token_spent: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason[:480]
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status
        self.reply_token_spent = reply_token_spent
        self.parts_sent: int | None = None

    def after(self, parts_sent: int) -> DeliveryError:
        """This error, noting that `parts_sent` parts were accepted before it."""
        self.parts_sent = parts_sent
        return self


def retryable_status(status: int | None) -> bool:
    """5xx, 429 and transport failures (no status) may succeed later; other 4xx never will."""
    return status is None or status == 429 or status == 408 or status >= 500


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: rare from these APIs, and backoff covers it


class Adapter(Protocol):
    channel: str
    # The sender looks up the person's last inbound time only for adapters that need it.
    needs_last_inbound: bool

    async def send(self, delivery: Delivery) -> SendOutcome: ...

    async def prepare(self, event: InboundEvent, inbox_id: int, attempt: int = 1) -> InboundEvent:
        """Enrich an event before the handler sees it (profile name, media, typing indicator)."""
        ...

    def delivered(self, delivery: Delivery) -> None:
        """Called after the sent state is committed (the web chat wakes its streams)."""
        ...
