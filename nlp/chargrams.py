"""Character 2-4-gram counts of a message, looked up in the vocabulary with numpy.

A message has hundreds of character n-grams. Building a string for each, counting them in a
Counter and looking each up in a dict was the costliest step of classification after newmm.
Here every n-gram becomes one 64-bit integer key, computed for all windows at once, and the keys
are looked up with one `searchsorted` in the sorted keys of the vocabulary's n-grams.

The key is exact, not a hash, so no unseen n-gram can ever be taken for a known one: each
character of the vocabulary's alphabet gets a 16-bit code (1..65534), and the n codes of an
n-gram fill the top n 16-bit slots of the key, the rest staying 0. A character outside the
alphabet gets 65535, which no vocabulary key holds, so a window containing it matches nothing
(correctly: no vocabulary n-gram contains that character).

`grams()` is the plain-Python definition of the same n-grams; training counts document
frequencies with it, and tests check that both give the same counts.

`counts_many()` does the same for a whole batch with one set of numpy calls: per message, most of
the time of `counts()` is the fixed cost of its twenty-odd numpy calls, not the work.

Training builds its matrices with these. Prediction reads the same keys and the same cuckoo
table one window at a time in compiled code (`scoring.py`), tested to agree.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from nlp._keytable import KeyTable

CHAR_N = (2, 3, 4)
_UNKNOWN = 0xFFFF
_SLOT_SHIFT = (48, 32, 16, 0)


def char_text(text: str) -> str:
    """The text the n-grams are taken from: spaces collapsed, one space at each end."""
    return " " + " ".join(text.split()) + " "


def grams(padded: str) -> dict[str, int]:
    """Every character 2-4-gram of `char_text()` output and its count, in order of first
    appearance (all 2-grams, then 3-grams, then 4-grams)."""
    n_chars = len(padded)
    return dict(Counter([padded[i : i + n] for n in CHAR_N for i in range(n_chars - n + 1)]))


def code_points(text: str) -> np.ndarray:
    """The code points of `text` as uint32 (what the n-gram keys are computed from)."""
    # surrogatepass: sticker keywords reach here without clean(), lone surrogates included.
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _key(gram: str, code_of: dict[str, int]) -> int:
    """The key of one n-gram, one character at a time (what `_window_keys` does in bulk)."""
    key = 0
    for ch, shift in zip(gram, _SLOT_SHIFT):
        key |= code_of[ch] << shift
    return key


class CharGramIndex:
    """The vocabulary's character n-grams as sorted integer keys, and their columns."""

    __slots__ = ("_codes", "_last", "_keys", "_columns", "_table", "_width")

    def __init__(self, columns_by_gram: dict[str, int]):
        alphabet = sorted({ch for g in columns_by_gram for ch in g})
        if len(alphabet) >= _UNKNOWN:
            raise ValueError("too many distinct characters for 16-bit n-gram codes")
        if any(not 2 <= len(g) <= 4 for g in columns_by_gram):
            raise ValueError("character n-grams must have 2 to 4 characters")
        code_of = {ch: code for code, ch in enumerate(alphabet, 1)}
        last = max((ord(ch) for ch in alphabet), default=0) + 1
        # Code point -> 16-bit code; the extra last entry catches every code point beyond.
        self._codes = np.full(last + 1, _UNKNOWN, dtype=np.uint64)
        self._codes[[ord(ch) for ch in alphabet]] = list(code_of.values())
        self._last = last
        keys = np.fromiter((_key(g, code_of) for g in columns_by_gram), dtype=np.uint64,
                           count=len(columns_by_gram))
        cols = np.fromiter(columns_by_gram.values(), dtype=np.int64, count=len(columns_by_gram))
        order = np.argsort(keys, kind="stable")
        self._keys, self._columns = keys[order], cols[order]
        if len(self._keys) > 1 and not np.all(self._keys[1:] != self._keys[:-1]):
            raise ValueError("two character n-grams share a key")
        self._table = KeyTable(self._keys, self._columns)
        self._width = int(self._columns.max()) + 1 if len(self._columns) else 1

    # Read by the compiled scorer (scoring.py), which walks the same keys one window at a time.
    @property
    def codes(self) -> np.ndarray:
        """16-bit code of each code point up to `last`; entry `last` stands for all beyond."""
        return self._codes

    @property
    def last(self) -> int:
        return self._last

    @property
    def table(self) -> KeyTable:
        return self._table

    def _window_keys(self, padded: str) -> np.ndarray:
        """Keys of every 2-, 3- and 4-character window, in the order `grams()` visits them."""
        return self._keys_of_codes(self._codes[np.minimum(code_points(padded), self._last)])

    @staticmethod
    def _keys_of_codes(c: np.ndarray) -> np.ndarray:
        k2 = (c[:-1] << np.uint64(48)) | (c[1:] << np.uint64(32))
        k3 = k2[:-1] | (c[2:] << np.uint64(16))
        k4 = k3[:-1] | c[3:]
        return np.concatenate((k2, k3, k4))

    def counts(self, padded: str) -> tuple[np.ndarray, np.ndarray]:
        """Columns of the vocabulary n-grams in `padded` and how often each occurs, in the
        order of their first appearance (the order of `grams()`, so sums come out the same)."""
        keys = self._window_keys(padded)
        if not len(self._keys) or not len(keys):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        # Distinct keys first (fewer to look up, and sorted needles make searchsorted walk the
        # vocabulary in order, which is twice as fast as looking up at random).
        order = keys.argsort()
        ranked = keys.take(order)
        # Where each run of equal keys starts, and (the last entry) where the last one ends.
        bounds = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1], [True])))
        starts = bounds[:-1]
        distinct = ranked.take(starts)
        pos = np.searchsorted(self._keys, distinct)
        np.minimum(pos, len(self._keys) - 1, out=pos)
        hit = np.flatnonzero(self._keys.take(pos) == distinct)
        if not len(hit):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        n = (bounds[1:] - starts).take(hit)
        first = np.minimum.reduceat(order, starts).take(hit)
        by_first = first.argsort()
        return self._columns.take(pos.take(hit.take(by_first))), n.take(by_first)

    def counts_many(self, padded: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`counts()` of every text at once: (row, column, count) of each vocabulary n-gram,
        rows in order and, within a row, in the order `counts()` gives."""
        empty = np.zeros(0, dtype=np.int64)
        if not len(self._keys) or not padded:
            return empty, empty, empty
        n_rows = len(padded)
        lengths = np.fromiter(map(len, padded), dtype=np.int64, count=n_rows)
        # All texts joined (one separator after each), their window keys computed at once.
        c = self._codes[np.minimum(code_points("\0".join(padded) + "\0"), self._last)]
        keys = self._keys_of_codes(c)
        total = len(c)
        # Pick each text's own windows (none across a separator) in the order counts() visits
        # them: by row, then 2-, 3- and 4-grams, each by position.
        block_start = np.array((0, total - 1, 2 * total - 3))
        offsets = np.cumsum(lengths + 1) - lengths - 1
        seg_start = (offsets[:, None] + block_start).reshape(-1)
        seg_len = np.maximum(lengths[:, None] - np.array((1, 2, 3)), 0).reshape(-1)
        n_windows = int(seg_len.sum())
        seg_out = np.cumsum(seg_len) - seg_len
        window = np.arange(n_windows) + np.repeat(seg_start - seg_out, seg_len)
        column = self._table.get(keys.take(window))
        hit = np.flatnonzero(column >= 0)
        if not len(hit):
            return empty, empty, empty
        row = np.repeat(np.arange(n_rows), seg_len.reshape(n_rows, 3).sum(axis=1)).take(hit)
        width = self._width
        shift = max(int(n_windows).bit_length(), 1)
        if (n_rows * width).bit_length() + shift > 62:  # the packed keys below would overflow
            half = n_rows // 2
            parts = (self.counts_many(padded[:half]), self.counts_many(padded[half:]))
            return (np.concatenate((parts[0][0], parts[1][0] + half)),
                    np.concatenate((parts[0][1], parts[1][1])),
                    np.concatenate((parts[0][2], parts[1][2])))
        # One sort of (row, column, where seen) packed in an int64 groups equal (row, column)
        # pairs, the first of each group being where the pair was first seen.
        packed = np.sort(((row * width + column.take(hit)) << shift) | hit)
        group = packed >> shift
        starts = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1])))
        first = packed.take(starts) & ((1 << shift) - 1)
        counts = np.diff(np.append(starts, len(packed)))
        # Groups in order of first sight: each first-seen index is distinct, so place them.
        slot = np.full(n_windows, -1, dtype=np.int64)
        slot[first] = np.arange(len(starts))
        order = slot[slot >= 0]
        pairs = group.take(starts).take(order)
        return pairs // width, pairs % width, counts.take(order)
