"""Channel-neutral messages: what every adapter parses into and renders from.

Inbound events are stored in the inbox as `InboundEvent.model_dump(mode="json")`; outgoing
messages in the outbox as `OutgoingMessage.model_dump(mode="json")`. intake/ and handoff/ speak
only these types and never a platform's own shapes.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class EventKind(StrEnum):
    text = "text"
    image = "image"
    audio = "audio"
    video = "video"
    file = "file"
    sticker = "sticker"
    location = "location"
    postback = "postback"
    follow = "follow"
    unfollow = "unfollow"


class Location(BaseModel):
    latitude: float
    longitude: float
    title: str | None = None
    address: str | None = None


class InboundEvent(BaseModel):
    channel: str
    event_id: str = Field(max_length=128)
    user_id: str = Field(max_length=128)
    kind: EventKind
    timestamp: datetime
    text: str | None = None
    # Postback / quick-reply payload chosen by the person.
    payload: str | None = None
    location: Location | None = None
    sticker_keywords: list[str] = Field(default_factory=list)
    # Platform id of media to fetch later (LINE message id, Telegram file_id, Messenger URL).
    media_ref: str | None = None
    media_type: str | None = None
    reply_token: str | None = None
    reply_token_expires_at: datetime | None = None
    display_name: str | None = None
    language_hint: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class QuickReply(BaseModel):
    label: str = Field(max_length=20)
    # Sent back as an InboundEvent of kind postback with this payload.
    payload: str = Field(max_length=300)


class CaseCard(BaseModel):
    number: str
    title: str
    lines: list[str] = Field(default_factory=list)
    button_label: str | None = None
    button_payload: str | None = None


class OutgoingMessage(BaseModel):
    text: str = ""
    quick_replies: list[QuickReply] = Field(default_factory=list, max_length=13)
    ask_location: bool = False
    case_card: CaseCard | None = None
