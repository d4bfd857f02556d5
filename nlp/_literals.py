"""Finding many literal strings at once: the leftmost-longest, non-overlapping matches.

The lexicon (hundreds of terms) and the place names (thousands) used to be one trie-shaped regex
each; `re` then tries the trie at every position of the text. An Aho-Corasick automaton (the Rust
`aho-corasick` crate, through `ahocorasick_rs`) reads the text once, about three times faster, and
with its LeftmostLongest kind reports exactly what `finditer` on the trie regex reports: at the
leftmost position where a word starts, the longest word, then on from its end.

The regex stays as the definition (tests compare the two) and as the fallback for text the Rust
side cannot take: strings with lone surrogates, which only sticker keywords can bring in.
"""

from __future__ import annotations

import re

from ahocorasick_rs import AhoCorasick, MatchKind


def trie_pattern(words: list[str]) -> str:
    """A regex that matches any of the words, shaped as a trie so `re` never backtracks far."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


class Literals:
    """The words (distinct, sorted) and a search for them, as `finditer` on their trie regex."""

    __slots__ = ("words", "_regex", "_automaton")

    def __init__(self, words):
        self.words: tuple[str, ...] = tuple(sorted({w for w in words if w}))
        self._regex: re.Pattern[str] | None = None
        self._automaton = (AhoCorasick(list(self.words), matchkind=MatchKind.LeftmostLongest)
                           if self.words else None)

    @property
    def regex(self) -> re.Pattern[str]:
        """The trie regex: the definition, and the fallback for text with lone surrogates.
        Compiled on first use: for the 7,000 sub-district names that takes a fifth of a second
        of start-up, and ordinary text never needs it."""
        if self._regex is None:
            self._regex = re.compile(trie_pattern(list(self.words)) if self.words else r"(?!x)x")
        return self._regex

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(index of the word in `words`, start, end) of each match, in order."""
        if self._automaton is None:
            return []
        try:
            return self._automaton.find_matches_as_indexes(text)
        except UnicodeEncodeError:  # lone surrogates: Rust strings cannot hold them
            index = {w: i for i, w in enumerate(self.words)}
            return [(index[m.group()], m.start(), m.end()) for m in self.regex.finditer(text)]


class LiteralSets:
    """`[s.find(text) for s in sets]` from one pass over the text instead of one per set.

    Each Aho-Corasick call costs a fixed price on top of the text (the call itself, and the
    automaton coming back into the CPU caches), and a message has only a couple of matches. So
    one automaton over the union of the sets reports every occurrence of every word, overlapping
    ones included, and each set's leftmost-longest matches are picked from those in Python: the
    match that starts first, of those the longest, then on from its end (what LeftmostLongest
    does, which is what `finditer` on the trie regex does).
    """

    __slots__ = ("sets", "_automaton", "_in_sets")

    def __init__(self, sets: list[Literals]):
        self.sets = tuple(sets)
        words = sorted({w for s in sets for w in s.words})
        index_in = [{w: i for i, w in enumerate(s.words)} for s in sets]
        # For each word of the union: (set number, the word's index in that set) of each set
        # that holds it.
        self._in_sets = [tuple((k, ix[w]) for k, ix in enumerate(index_in) if w in ix)
                         for w in words]
        self._automaton = AhoCorasick(words, matchkind=MatchKind.Standard) if words else None

    def find(self, text: str) -> list[list[tuple[int, int, int]]]:
        """`[s.find(text) for s in self.sets]`."""
        if self._automaton is None:
            return [[] for _ in self.sets]
        try:
            found = self._automaton.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:  # lone surrogates: each set's own fallback
            return [s.find(text) for s in self.sets]
        per_set: list[list[tuple[int, int, int]]] = [[] for _ in self.sets]
        for w, start, end in found:
            for k, i in self._in_sets[w]:
                per_set[k].append((i, start, end))
        out = []
        for matches in per_set:
            picked, pos = [], 0
            for i, start, end in sorted(matches, key=_leftmost_longest):
                if start >= pos:
                    picked.append((i, start, end))
                    pos = end
            out.append(picked)
        return out


def _leftmost_longest(match: tuple[int, int, int]) -> tuple[int, int]:
    return match[1], -match[2]
