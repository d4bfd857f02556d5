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

    __slots__ = ("words", "regex", "_automaton")

    def __init__(self, words):
        self.words: tuple[str, ...] = tuple(sorted({w for w in words if w}))
        self.regex = re.compile(trie_pattern(list(self.words)) if self.words else r"(?!x)x")
        self._automaton = (AhoCorasick(list(self.words), matchkind=MatchKind.LeftmostLongest)
                           if self.words else None)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(index of the word in `words`, start, end) of each match, in order."""
        if self._automaton is None:
            return []
        try:
            return self._automaton.find_matches_as_indexes(text)
        except UnicodeEncodeError:  # lone surrogates: Rust strings cannot hold them
            index = {w: i for i, w in enumerate(self.words)}
            return [(index[m.group()], m.start(), m.end()) for m in self.regex.finditer(text)]
