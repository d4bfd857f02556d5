"""Map a button press back to its quick-reply payload when the platform cannot carry it.

Telegram's callback_data holds 64 bytes and its reply-keyboard buttons send only their label.
The renderer sends a digest (or the label), and this looks the payload up in the last message
we sent that person, so the dialogue always receives a postback with the real payload.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from sqlmodel import Session

from bots.events import EventKind, InboundEvent, QuickReply
from bots.models import OutboxMessage, OutboxStatus

DIGEST_PREFIX = "~"
# Extra keys an adapter sets on the event to ask for resolution.
DIGEST_KEY = "quick_reply_digest"
LABEL_KEY = "quick_reply_label"


def payload_digest(payload: str) -> str:
    return DIGEST_PREFIX + hashlib.sha256(payload.encode()).hexdigest()[:24]


def _last_quick_replies(session: Session, channel: str, recipient: str) -> list[QuickReply]:
    stmt = (
        sa.select(OutboxMessage.body).where(
            OutboxMessage.channel == channel, OutboxMessage.recipient == recipient,
            OutboxMessage.status.in_([OutboxStatus.sent, OutboxStatus.sending, OutboxStatus.pending]),
        ).order_by(OutboxMessage.id.desc()).limit(10)
    )
    for body in session.execute(stmt).scalars():
        replies = (body or {}).get("quick_replies") or []
        if replies:
            return [QuickReply.model_validate(r) for r in replies]
    return []


def resolve_quick_reply(session: Session, event: InboundEvent) -> InboundEvent:
    digest = event.extra.get(DIGEST_KEY)
    label = event.extra.get(LABEL_KEY)
    if not digest and not label:
        return event
    replies = _last_quick_replies(session, event.channel, event.user_id)
    for reply in replies:
        if (digest and payload_digest(reply.payload) == digest) or (
            label and reply.label.strip().casefold() == str(label).strip().casefold()
        ):
            return event.model_copy(update={"kind": EventKind.postback, "payload": reply.payload,
                                            "text": event.text or reply.label})
    if digest:
        # A stale button from an old conversation: pass it on as text so nothing is lost.
        return event.model_copy(update={"kind": EventKind.text, "payload": None})
    return event
