"""Word tokens from normalised text: pythainlp's newmm, memoised per chunk.

newmm is the slowest step of classification. Chat repeats the same short chunks between spaces
("ช่วยด้วยค่ะ", "ด่วน", "ขอบคุณค่ะ"), so each whitespace-separated chunk is segmented once per
process and kept in a bounded cache. Non-Thai chunks skip newmm: they are split on
non-word characters, which is what newmm would do with them anyway.
"""

from __future__ import annotations

import re

from pythainlp.tokenize.newmm import segment

_CACHE: dict[str, tuple[str, ...]] = {}
_CACHE_MAX = 200_000
_THAI = re.compile("[\u0e01-\u0e4e]")
_SPLIT = re.compile(r"\s+")
_LATIN_WORD = re.compile(r"[^\W_]+|[\U0001f000-\U0001faff\u2600-\u27bf]", re.UNICODE)
_KEEP = re.compile(r"[^\W_]", re.UNICODE)  # a character c matches it exactly when c.isalnum()
# newmm cannot go beyond this without slowing to a crawl on unbroken junk ("กกกก..." x 5,000).
_MAX_CHUNK = 300


def _segment_chunk(chunk: str) -> tuple[str, ...]:
    if not _THAI.search(chunk):
        return tuple(_LATIN_WORD.findall(chunk))
    words: list[str] = []
    for start in range(0, len(chunk), _MAX_CHUNK):
        part = chunk[start : start + _MAX_CHUNK]
        for w in segment(part, safe_mode=len(part) > 120):
            w = w.strip()
            # Nearly every word starts with a letter: one str method call, not a regex search.
            if w and (w[0].isalnum() or _KEEP.search(w)):
                words.append(w)
            elif w and not w.isspace() and not w.isascii():
                # Emoji and other symbols stand alone; ASCII punctuation carries nothing.
                words.extend(_LATIN_WORD.findall(w))
    return tuple(words)


def tokenize(text: str) -> list[str]:
    """newmm word tokens of normalised text, without spaces and punctuation."""
    tokens: list[str] = []
    for chunk in _SPLIT.split(text):
        if not chunk:
            continue
        cached = _CACHE.get(chunk)
        if cached is None:
            cached = _segment_chunk(chunk)
            if len(_CACHE) >= _CACHE_MAX:
                _CACHE.clear()
            _CACHE[chunk] = cached
        tokens.extend(cached)
    return tokens


def clear_cache() -> None:
    _CACHE.clear()
