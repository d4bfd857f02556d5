"""Which of several rule regexes match a text, each tried only where it can start.

`re.search` tries a pattern at every position whose character could start it; with Thai rules
that is most positions of a Thai text, since their alternatives start with common letters. But
every non-Latin alternative (after `distribute`, see _regex.py) starts with a literal head of a
few characters, and a match can only begin where one of those heads occurs. One Aho-Corasick
pass with overlapping matches finds every occurrence of every head of every pattern; each
pattern is then tried with `match()` at those positions only. `match(text, pos)` sees the text
before `pos`, so the lookbehinds behave as in `search()`.

The answer is the same as `other.search(text) is not None` for each pattern: a search match at
p is a match of one alternative at p; if it has a literal head, that head occurs at p and p is
tried; if it has none (rare: `[1-6]\\s*ขวบ...`), its pattern's headless alternatives are searched
the ordinary way. Tests check this on every example and on generated text.

The Latin half (see `split_compile`) is done the same way: its alternatives start with a
word-start lookbehind, `(?<![a-z])(?:kill myself|...)`, which makes `re` try every position of
the text; the heads behind the lookbehind (kill, suicid...) say where to try it instead.
"""

from __future__ import annotations

import re

from ahocorasick_rs import AhoCorasick, MatchKind

from nlp._regex import (
    HAS_LATIN, distribute, literal_head, split_compile, top_level_alternatives,
)

_WORD_START = "(?<![a-z])"


def _heads(alternative: str) -> list[tuple[str, str]]:
    """(literal head, alternative) for each way `distribute` splits the alternative; the head
    is "" where a match may start without one. A leading word-start lookbehind is zero-width:
    the heads are behind it, and it goes back in front of the headless ones."""
    behind = _WORD_START if alternative.startswith(_WORD_START) else ""
    return [(literal_head(d)[0], behind + d)
            for d in distribute(alternative[len(behind):])]


class AnyOf:
    """For rule patterns (split as `split_compile` splits them): does each one match?"""

    __slots__ = ("halves", "_n", "_loose", "_automaton", "_regexes_of_head")

    def __init__(self, patterns: list[str]):
        self._n = len(patterns)
        # (pattern index, regex, is it the Latin half) of each half.
        self.halves: list[tuple[int, re.Pattern[str], bool]] = []
        heads: dict[str, set[tuple[int, int, bool]]] = {}
        loose: list[tuple[int, re.Pattern[str], bool]] = []
        for i, pattern in enumerate(patterns):
            alternatives = top_level_alternatives(pattern)
            # The heads come from the alternatives as written: the compiled non-Latin half has
            # them merged into a trie, whose top level starts with single characters.
            parts = ([a for a in alternatives if not a.isascii()],
                     [a for a in alternatives if a.isascii()])
            for half, alts, is_latin in zip(split_compile(pattern), parts, (False, True)):
                if half is None:
                    continue
                h = len(self.halves)
                self.halves.append((i, half, is_latin))
                headless = []
                for alt in alts:
                    for head, d in _heads(alt):
                        if head:
                            # The Latin half only runs on text with a Latin letter (as in
                            # SplitPattern): a head with one in it vouches for that.
                            gate = is_latin and HAS_LATIN.search(head) is None
                            heads.setdefault(head, set()).add((i, h, gate))
                        else:
                            headless.append(d)
                if headless:
                    loose.append((i, re.compile("|".join(dict.fromkeys(headless))), is_latin))
        self._loose = tuple(loose)
        words = sorted(heads)
        self._automaton = AhoCorasick(words, matchkind=MatchKind.Standard) if words else None
        self._regexes_of_head = [
            tuple((i, self.halves[h][1], gate) for i, h, gate in sorted(heads[w])) for w in words]

    def matches(self, text: str) -> list[bool]:
        """`[re.search(pattern, text) is not None for each pattern]`, in the order given."""
        fired = [False] * self._n
        try:
            found = (self._automaton.find_matches_as_indexes(text, overlapping=True)
                     if self._automaton is not None else ())
        except UnicodeEncodeError:  # lone surrogates (sticker keywords): search the usual way
            latin = HAS_LATIN.search(text) is not None
            for i, half, is_latin in self.halves:
                fired[i] = fired[i] or ((latin or not is_latin) and half.search(text) is not None)
            return fired
        of_head = self._regexes_of_head
        latin = HAS_LATIN.search(text) is not None
        for head, start, _ in found:
            for i, regex, gate in of_head[head]:
                if not fired[i] and (latin or not gate):
                    fired[i] = regex.match(text, start) is not None
        for i, regex, gate in self._loose:
            if not fired[i] and (latin or not gate):
                fired[i] = regex.search(text) is not None
        return fired
