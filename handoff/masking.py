"""Masking Thai phone numbers and 13-digit national IDs in lists and message views.

A worker sees `08x-xxx-4567`; the full number appears only after an audited reveal. Thai digits
(๐-๙) count as digits, since people type them.
"""

from __future__ import annotations

import re

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_D = "[0-9๐-๙]"
# 13 digits, optionally grouped 1-4-5-2-1 with dashes or spaces.
_NATIONAL_ID = re.compile(rf"(?<![0-9๐-๙]){_D}[- ]?{_D}{{4}}[- ]?{_D}{{5}}[- ]?{_D}{{2}}[- ]?{_D}(?![0-9๐-๙])")
# Thai phone numbers: 0 + 8 or 9 digits (mobile 0[689]x, landline 0[2-7]x), or +66 / 66 without
# the leading 0, with optional dashes or spaces between groups.
_PHONE = re.compile(
    rf"(?<![0-9๐-๙])(?:\+?66[- ]?|[0๐])(?:{_D}[- ]?){{7,8}}{_D}(?![0-9๐-๙])"
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text.translate(_THAI_DIGITS))


def mask_phone(raw: str | None) -> str:
    if not raw:
        return ""
    digits = _digits(raw)
    if len(digits) < 4:
        return "x" * len(digits)
    if digits.startswith("66"):
        digits = "0" + digits[2:]
    return f"{digits[:2]}x-xxx-{digits[-4:]}"


def mask_national_id(raw: str) -> str:
    digits = _digits(raw)
    return f"x-xxxx-xxxxx-{digits[-3:-1]}-{digits[-1:]}"


def mask_text(text: str | None) -> str:
    """Replace every national ID and phone number in free text by its masked form."""
    if not text:
        return text or ""
    text = _NATIONAL_ID.sub(lambda m: mask_national_id(m.group(0)), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(0)), text)


def has_sensitive_numbers(text: str | None) -> bool:
    return bool(text) and bool(_NATIONAL_ID.search(text) or _PHONE.search(text))
