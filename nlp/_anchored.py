"""Which of several split regexes match a text, tried only where they can start.

`re.search` tries a pattern at every position whose character could start it; with Thai rules
that is most positions of a Thai text, since their alternatives start with common letters. But
every non-Latin alternative (after `_distribute`, see _regex.py) starts with a literal head of a
few characters, and a match can only begin where one of those heads occurs. One Aho-Corasick
pass with overlapping matches finds every occurrence of every head of every pattern; each
pattern is then tried with `match()` at those positions only. `match(text, pos)` sees the text
before `pos`, so the lookbehinds behave as in `search()`.

The answer is the same as `other.search(text) is not None` for each pattern: a search match at
p is a match of one alternative at p; if it has a literal head, that head occurs at p and p is
tried; if it has none (rare: `[1-6]\\s*ขวบ...`), its pattern's headless alternatives are searched
the ordinary way. Tests check this on every example and on generated text.
"""

from __future__ import annotations

import re

from ahocorasick_rs import AhoCorasick, MatchKind

from nlp._regex import _distribute, _literal_head, _top_level_alternatives, split_compile


class AnyOf:
    """For patterns as given to `split_compile`: does each one's non-Latin part match?"""

    __slots__ = ("others", "_loose", "_automaton", "_patterns_of_head")

    def __init__(self, patterns: list[str]):
        self.others = [split_compile(p)[0] for p in patterns]
        heads: dict[str, set[int]] = {}
        loose: list[tuple[int, re.Pattern[str]]] = []
        for i, pattern in enumerate(patterns):
            headless = []
            for alt in _top_level_alternatives(pattern):
                if alt.isascii():  # the Latin part: split_compile keeps it apart, so do we
                    continue
                for d in _distribute(alt):
                    head, _ = _literal_head(d)
                    if head:
                        heads.setdefault(head, set()).add(i)
                    else:
                        headless.append(d)
            if headless:
                loose.append((i, re.compile("|".join(headless))))
        self._loose = tuple(loose)
        words = sorted(heads)
        self._automaton = AhoCorasick(words, matchkind=MatchKind.Standard) if words else None
        self._patterns_of_head = [tuple(sorted(heads[w])) for w in words]

    def matches(self, text: str) -> list[bool]:
        """`[other.search(text) is not None for each pattern]`, in the order given."""
        fired = [False] * len(self.others)
        try:
            found = (self._automaton.find_matches_as_indexes(text, overlapping=True)
                     if self._automaton is not None else ())
        except UnicodeEncodeError:  # lone surrogates (sticker keywords): search the usual way
            return [o is not None and o.search(text) is not None for o in self.others]
        others, of_head = self.others, self._patterns_of_head
        for head, start, _ in found:
            for i in of_head[head]:
                if not fired[i] and others[i].match(text, start) is not None:
                    fired[i] = True
        for i, regex in self._loose:
            if not fired[i] and regex.search(text) is not None:
                fired[i] = True
        return fired
