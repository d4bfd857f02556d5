"""Regexes split by script, for speed.

`re` skips quickly through text when every top-level alternative of a pattern starts with a
literal; an English alternative behind a word-start lookbehind (`(?<![a-z])`) defeats that for
the whole pattern. Splitting a pattern into its non-Latin and Latin alternatives keeps the
fast path for Thai and lets the Latin half run only when the text has Latin letters.
"""

from __future__ import annotations

import re

HAS_LATIN = re.compile("[a-z]")


def _top_level_alternatives(pattern: str) -> list[str]:
    """Split a regex on its top-level '|' (not inside groups, classes or escapes)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def split_compile(pattern: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(non-Latin part, Latin part) of a rule. Kept apart for speed: `re` skips ahead fast
    when every alternative starts with a literal, which the English ones (behind a word-start
    lookbehind) do not, and they only need to run when the text has Latin letters at all."""
    latin = [p for p in _top_level_alternatives(pattern) if p.isascii()]
    other = [p for p in _top_level_alternatives(pattern) if not p.isascii()]
    return (re.compile("|".join(other)) if other else None,
            re.compile("|".join(latin)) if latin else None)




class SplitPattern:
    """`search()` like a compiled regex, on lower-case text, over the split halves."""

    __slots__ = ("other", "latin")

    def __init__(self, pattern: str):
        self.other, self.latin = split_compile(pattern)

    def search(self, text: str, has_latin: bool | None = None) -> bool:
        if self.other is not None and self.other.search(text):
            return True
        if self.latin is None:
            return False
        if has_latin is None:
            has_latin = HAS_LATIN.search(text) is not None
        return has_latin and self.latin.search(text) is not None
