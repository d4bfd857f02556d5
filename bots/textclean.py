"""Text that every layer and both databases can store: no NUL, no lone surrogates.

A platform's JSON may carry "\\u0000" or half of a surrogate pair (a cut emoji). PostgreSQL text
refuses NUL and UTF-8 cannot encode a lone surrogate, so either would make the event fail in
whichever layer stores it first. They are cleaned once, at the inbox: NUL is dropped, a lone
surrogate becomes U+FFFD. Everything else (Thai marks, zero-width joiners, emoji) is kept as is.
"""

from __future__ import annotations

import re

from bots.events import InboundEvent, Location

_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _LONE_SURROGATE.sub("\ufffd", text)


def clean_event(event: InboundEvent) -> InboundEvent:
    updates: dict = {}
    for name in ("text", "payload", "display_name"):
        value = getattr(event, name)
        cleaned = clean(value)
        if cleaned != value:
            updates[name] = cleaned
    if event.sticker_keywords:
        keywords = [clean(k) or "" for k in event.sticker_keywords]
        if keywords != event.sticker_keywords:
            updates["sticker_keywords"] = keywords
    if event.location is not None and (event.location.title or event.location.address):
        loc = Location(latitude=event.location.latitude, longitude=event.location.longitude,
                       title=clean(event.location.title), address=clean(event.location.address))
        if loc != event.location:
            updates["location"] = loc
    return event.model_copy(update=updates) if updates else event
