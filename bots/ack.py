"""The inbound handler used until the intake dialogue installs its own: a kind acknowledgement.

It only answers. Storing the message on the person's conversation needs intake's tables, which
bots/ may not import; the inbox row itself keeps the event until intake takes over.
"""

from __future__ import annotations

from sqlmodel import Session

from bots import messages
from bots.events import EventKind, InboundEvent, OutgoingMessage
from bots.outbox import enqueue

_SILENT = {EventKind.unfollow}


def acknowledge(session: Session, event: InboundEvent, inbox_id: int) -> None:
    if event.kind in _SILENT:
        return  # they blocked us: nothing can or should be sent
    language = "en" if (event.language_hint or "").lower().startswith("en") else "th"
    texts = messages.WELCOME if event.kind is EventKind.follow else messages.ACKNOWLEDGEMENT
    enqueue(
        session, channel=event.channel, recipient=event.user_id,
        message=OutgoingMessage(text=messages.pick(texts, language)),
        reply_token=event.reply_token, reply_token_expires_at=event.reply_token_expires_at,
        ref=f"inbox:{inbox_id}",
    )
