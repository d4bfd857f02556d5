"""Which language a message is in, from the script its letters use.

Thai, Lao, Khmer and Burmese each have their own Unicode block, so counting letters per block is
both fast and reliable. Latin letters are read as English unless they carry the diacritics of
other languages (Vietnamese, romanised Thai with tone marks), which we cannot serve, so those are
"unknown". Thai chat is full of English words, so Thai wins as soon as it is a real share of the
letters.
"""

from __future__ import annotations

import re

LANGUAGES = ("th", "en", "my", "km", "lo", "unknown")

_SCRIPTS = (
    ("th", re.compile("[\u0e01-\u0e4e]")),
    ("lo", re.compile("[\u0e81-\u0ede]")),
    ("km", re.compile("[\u1780-\u17dd\u19e0-\u19ff]")),
    ("my", re.compile("[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]")),
)
# Runs of everything but Thai letters: Thai chat has few of them (spaces, digits, emoji), so
# counting the letters that are not Thai is far quicker than listing every Thai one.
_NOT_THAI = re.compile("[^\u0e01-\u0e4e]+")
_LATIN = re.compile(r"[A-Za-z]")
_LATIN_EXTENDED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
# Share of letters above which a non-Latin script decides, because an English word or brand
# name inside Thai (or Burmese...) chat should not flip the language.
_SCRIPT_SHARE = 0.2


def detect_language(text: object) -> str:
    """'th', 'en', 'my', 'km', 'lo' or 'unknown'."""
    if not isinstance(text, str) or not text:
        return "unknown"
    thai = len(text) - sum(map(len, _NOT_THAI.findall(text)))
    if thai * 2 >= len(text):
        # Most messages: Thai is half of all characters, so no other script can outnumber it.
        return "th"
    counts = [("th", thai)] + [(code, len(p.findall(text))) for code, p in _SCRIPTS[1:]]
    latin = len(_LATIN.findall(text))
    extended = len(_LATIN_EXTENDED.findall(text))
    total = sum(n for _, n in counts) + latin + extended
    if total == 0:
        return "unknown"
    code, best = max(counts, key=lambda c: c[1])
    if best and best >= _SCRIPT_SHARE * total:
        return code
    if latin + extended == 0:
        return "unknown"
    if extended > 0.1 * (latin + extended):
        return "unknown"
    return "en" if latin >= 2 else "unknown"
