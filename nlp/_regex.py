"""Regexes split by script, for speed.

`re` skips quickly through text when every top-level alternative of a pattern starts with a
literal; an English alternative behind a word-start lookbehind (`(?<![a-z])`) defeats that for
the whole pattern. Splitting a pattern into its non-Latin and Latin alternatives keeps the
fast path for Thai and lets the Latin half run only when the text has Latin letters.
"""

from __future__ import annotations

import re

HAS_LATIN = re.compile("[a-z]")
# A quick scan that lets patterns needing an ASCII digit (phones, IDs, postal codes, long
# numbers) be skipped on the many messages without one.
HAS_DIGIT = re.compile("[0-9]")


def _structure(pattern: str):
    """(index, character, group depth) of every character outside escapes and [...] classes;
    a '(' is reported with the depth it opens, a ')' with the depth it returns to."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            depth += (ch == "(") - (ch == ")")
            yield i, ch, depth
        i += 1


def top_level_alternatives(pattern: str) -> list[str]:
    """Split a regex on its top-level '|' (not inside groups, classes or escapes)."""
    cuts = [i for i, ch, depth in _structure(pattern) if ch == "|" and depth == 0]
    return [pattern[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)])]


# Negative lookbehinds of plain text at the start of an alternative, e.g. (?<!เคย)(?<!ต้อง).
_LEADING_LOOKBEHIND = re.compile(r"(?:\(\?<!([^()\[\]\\.*+?{}|^$]+)\))+")
_LOOKBEHIND_TEXT = re.compile(r"\(\?<!([^()\[\]\\.*+?{}|^$]+)\)")
_LITERAL_PREFIX = re.compile(r"[^()\[\]\\.*+?{}|^$]*")


def _group_end(pattern: str) -> int:
    """Index just after the group that opens at the start of `pattern`, or -1."""
    return next((i + 1 for i, ch, depth in _structure(pattern) if ch == ")" and depth == 0), -1)


def distribute(alternative: str) -> list[str]:
    """`(?:a|b)rest` -> [`a(?:rest)`, `b(?:rest)`]: the same matches, but each alternative now
    starts with a literal, which keeps `re`'s fast skipping. Leaves anything else alone."""
    behind = _LEADING_LOOKBEHIND.match(alternative)
    if behind:
        # (?<!X)Yrest -> Y(?<!XY)rest: the check moves after the literal Y, same matches.
        rest = alternative[behind.end():]
        out = []
        for alt in distribute(rest):
            lit = _LITERAL_PREFIX.match(alt).group()
            if not lit:
                return [alternative]
            checks = "".join(f"(?<!{x}{lit})" for x in _LOOKBEHIND_TEXT.findall(behind.group()))
            out.append(lit + checks + alt[len(lit):])
        return out
    if not alternative.startswith("(?:"):
        return [alternative]
    end = _group_end(alternative)
    if end < 0 or (end < len(alternative) and alternative[end] in "?*+{"):
        return [alternative]
    inner, rest = alternative[3 : end - 1], alternative[end:]
    tail = f"(?:{rest})" if rest else ""
    out: list[str] = []
    for part in top_level_alternatives(inner):
        out.extend(distribute(part + tail) if part.startswith("(?:") else [part + tail])
    return out


def literal_head(alternative: str) -> tuple[str, str]:
    """(plain text the alternative starts with, the rest). A character followed by a quantifier
    is left in the rest: in `ab?c` the literal head is `a`."""
    lit = _LITERAL_PREFIX.match(alternative).group()
    if lit and alternative[len(lit) : len(lit) + 1] in ("?", "*", "+", "{"):
        lit = lit[:-1]
    return lit, alternative[len(lit):]


def _factor(alternatives: list[str]) -> str:
    """The alternatives as one regex with their literal heads merged into a trie.

    `re` tries every alternative of a group at every position; merged heads (ไม่หายใจ|ไม่ขยับ ->
    ไม่(?:หายใจ|ขยับ)) let it drop all but a few after the first character. Which alternative
    matches, and where, may change; whether any matches (all callers ask only that) does not.
    """
    trie: dict = {}
    loose: list[str] = []
    for alt in alternatives:
        lit, rest = literal_head(alt)
        if not lit:
            loose.append(alt)
            continue
        node = trie
        for ch in lit:
            node = node.setdefault(ch, {})
        node.setdefault("", []).append(rest)

    def build(node: dict) -> list[str]:
        parts = [re.escape(ch) + _group(build(child)) for ch, child in sorted(node.items()) if ch]
        ends = node.get("", [])
        # An alternative ending here already matches: nothing longer needs trying.
        return [""] if "" in ends else parts + ends

    return "|".join(build(trie) + loose)


def _group(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def split_compile(pattern: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(non-Latin part, Latin part) of a rule, for `search()` only (does it match anywhere?).
    Kept apart for speed: `re` skips ahead fast when every alternative starts with a literal,
    which the English ones (behind a word-start lookbehind) do not, and they only need to run
    when the text has Latin letters at all."""
    alternatives = top_level_alternatives(pattern)
    latin = [p for p in alternatives if p.isascii()]
    other = [d for p in alternatives if not p.isascii() for d in distribute(p)]
    return (re.compile(_factor(other)) if other else None,
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
