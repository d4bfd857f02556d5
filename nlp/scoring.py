"""One message's calibrated scores (one per head), compiled with numba.

For one message, the numpy path (`Vectorizer.vector()` then a product with the weights) is some
thirty numpy calls on arrays of a few hundred numbers, and Python dict lookups of every word and
bigram: their fixed costs, temporaries and cache misses, not the arithmetic, were half of
`classify()`'s time. Here the same steps run as one compiled loop:

1. word columns from the word ids Python looked up (one dict lookup a token); bigrams looked up by
   their pair of word ids in a `KeyTable`; then the lexicon and meta columns;
2. character 2-4-gram keys of `char_text`, looked up in the `KeyTable` of the vocabulary's
   n-grams (the same slots, multipliers and shift, so the same columns);
3. counts of each column in order of first sight, in the order of `Vectorizer.vector()`;
4. sublinear tf-idf, a norm per block, the block weights and norm floors;
5. the product with the weights, summed in float64, and Platt scaling.

Training still builds sparse matrices with numpy (`Vectorizer.matrix()`), and tests check that
both give the same scores. Compiled once per machine and cached (see `_compiled`); the first
call in a process loads or compiles it, which `Classifier.warm_up()` pays at start-up.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np
from numba import njit

from nlp._keytable import KeyTable
from nlp.chargrams import code_points
from nlp.features import Extracted, Vectorizer

# The id of the start of the message in bigrams ("b:^ word"); -1 is an unknown word.
_START = -2


def _compiled(fn):
    """`fn` compiled, its machine code cached on disk where numba finds a writable place
    (NUMBA_CACHE_DIR if set, else beside this module, else the user's cache directory). Where
    there is none (a read-only image, no home), numba refuses to cache: compile in every process
    rather than fail to import."""
    try:
        return njit(cache=True, nogil=True)(fn)
    except RuntimeError:
        return njit(nogil=True)(fn)


@_compiled
def _column(slots, mult0, mult1, shift, key):
    """KeyTable.get() of one key: its column, or -1."""
    slot = (key * mult0) >> shift
    if slots[slot, 0] == key:
        return np.int64(slots[slot, 1])
    slot = (key * mult1) >> shift
    if slots[slot, 0] == key:
        return np.int64(slots[slot, 1])
    return np.int64(-1)


@_compiled
def _add(column, amount, seen, where, columns, counts, n):
    """Count `column` (open addressing over the columns seen so far, which keeps the order of
    first sight); returns the new number of distinct columns."""
    size = seen.shape[0]
    slot = (column * 2654435761) & (size - 1)
    while seen[slot] != -1 and seen[slot] != column:
        slot = (slot + 1) & (size - 1)
    if seen[slot] == column:
        counts[where[slot]] += amount
        return n
    seen[slot] = column
    where[slot] = n
    columns[n] = column
    counts[n] = amount
    return n + 1


@_compiled
def _probabilities(word_ids, n_words, pair_slots, pair_mult0, pair_mult1, pair_shift,
                   meta_columns, meta_counts, code_points, code_of, last, slots, mult0, mult1,
                   shift, rows, n_heads, block_weights, norm_floor, bias, calib_a, calib_b):
    n_tokens = word_ids.shape[0]
    n_meta = meta_columns.shape[0]
    n_chars = code_points.shape[0]
    n_windows = max(n_chars - 1, 0) + max(n_chars - 2, 0) + max(n_chars - 3, 0)
    most = 2 * n_tokens + n_meta + n_windows
    columns = np.empty(most, dtype=np.int64)
    counts = np.empty(most, dtype=np.float32)
    size = 16
    while size < 2 * most:
        size *= 2
    seen = np.full(size, -1, dtype=np.int64)
    where = np.empty(size, dtype=np.int64)
    n = 0
    # The order of Vectorizer.vector(): words, bigrams, lexicon and meta, character n-grams,
    # each in order of first sight (the sums below then round the same way).
    for i in range(n_tokens):
        if 0 <= word_ids[i] < n_words:
            n = _add(word_ids[i], 1.0, seen, where, columns, counts, n)
    previous = np.int64(_START)
    for i in range(n_tokens):
        if previous != -1 and word_ids[i] != -1:
            key = (np.uint64(previous + 3) << np.uint64(32)) | np.uint64(word_ids[i] + 3)
            column = _column(pair_slots, pair_mult0, pair_mult1, pair_shift, key)
            if column >= 0:
                n = _add(column, 1.0, seen, where, columns, counts, n)
        previous = word_ids[i]
    for j in range(n_meta):
        columns[n] = meta_columns[j]
        counts[n] = meta_counts[j]
        n += 1
    codes = np.empty(n_chars, dtype=np.uint64)
    for i in range(n_chars):
        point = code_points[i]
        codes[i] = code_of[point if point < last else last]
    for width in range(2, 5):
        for start in range(n_chars - width + 1):
            key = np.uint64(0)
            for k in range(width):
                key |= codes[start + k] << np.uint64(48 - 16 * k)
            column = _column(slots, mult0, mult1, shift, key)
            if column >= 0:
                n = _add(column, 1.0, seen, where, columns, counts, n)
    n_blocks = block_weights.shape[0]
    squares = np.zeros(n_blocks, dtype=np.float64)
    values = np.empty(n, dtype=np.float32)
    for j in range(n):
        row = rows[columns[j]]
        value = np.float32(1.0 + np.log(counts[j])) * row[n_heads]
        values[j] = value
        squares[np.int64(row[n_heads + 1])] += np.float64(value) * np.float64(value)
    scale = np.zeros(n_blocks, dtype=np.float32)
    for b in range(n_blocks):
        norm = max(np.float32(np.sqrt(squares[b])), norm_floor[b])
        if norm > 0:
            scale[b] = block_weights[b] / norm
    z = bias.copy()
    for j in range(n):
        row = rows[columns[j]]
        value = np.float64(values[j] * scale[np.int64(row[n_heads + 1])])
        for h in range(n_heads):
            z[h] += value * row[h]
    # Platt scaling, with z clipped so that exp() cannot overflow.
    for h in range(z.shape[0]):
        t = min(max(calib_a[h] * z[h] + calib_b[h], -40.0), 40.0)
        z[h] = 1.0 / (1.0 + np.exp(-t))
    return z, n


class LinearScorer:
    """A vectorizer, a linear model's weights and its calibration, read by the compiled loop
    above."""

    __slots__ = ("_vectorizer", "_word_ids", "_arrays")

    def __init__(self, vectorizer: Vectorizer, weights: np.ndarray, bias: np.ndarray,
                 calib_a: np.ndarray, calib_b: np.ndarray):
        index = vectorizer.char_index
        table = index.table
        n_columns = len(vectorizer.idf)
        # Every word of the vocabulary's words and bigrams gets an id: a word that is a feature
        # itself has its column as id; a word seen only inside bigrams gets one past the last
        # column (min_df makes that rare, but a vocabulary may hold it). Bigrams are then looked
        # up by the pair of ids, in a KeyTable, inside the compiled loop.
        word_ids = dict(vectorizer.word_columns)

        def word_id(word: str) -> int:
            return word_ids.setdefault(word, n_columns + len(word_ids))

        pairs: dict[int, int] = {}
        for first, seconds in vectorizer.bigram_columns.items():
            for second, column in seconds.items():
                ids = (_START if first == "^" else word_id(first), word_id(second))
                pairs[((ids[0] + 3) << 32) | (ids[1] + 3)] = column
        self._word_ids = word_ids
        pair_table = KeyTable(np.fromiter(pairs, dtype=np.uint64, count=len(pairs)),
                              np.fromiter(pairs.values(), dtype=np.int64, count=len(pairs)))
        self._vectorizer = vectorizer
        # One row per column: its weights, then its idf and block. A message's few hundred
        # columns are scattered over megabytes; with all of a column's numbers in one 64-byte
        # line, each costs one cache miss instead of three.
        n_heads = weights.shape[1]
        width = -(-(n_heads + 2) // 16) * 16
        rows = np.zeros((n_columns, width), dtype=np.float32)
        rows[:, :n_heads] = weights
        rows[:, n_heads] = vectorizer.idf
        rows[:, n_heads + 1] = vectorizer.blocks
        # Typed once here, so that the compiled function sees the same types on every call
        # (one compilation) and no call converts anything.
        self._arrays = (
            (np.int64(n_columns), pair_table.slots, pair_table.multipliers[0],
             pair_table.multipliers[1], pair_table.shift),
            (np.ascontiguousarray(index.codes, dtype=np.uint64), np.int64(index.last),
             table.slots, table.multipliers[0], table.multipliers[1], table.shift,
             rows, np.int64(n_heads),
             np.ascontiguousarray(vectorizer.block_weights, dtype=np.float32),
             np.ascontiguousarray(vectorizer.norm_floor, dtype=np.float32),
             np.ascontiguousarray(bias, dtype=np.float64),
             np.ascontiguousarray(calib_a, dtype=np.float64),
             np.ascontiguousarray(calib_b, dtype=np.float64)),
        )

    def probabilities(self, extracted: Extracted) -> tuple[np.ndarray, int]:
        """The calibrated probability of each head, sigmoid(a * (weights . features + bias) + b),
        and how many of the message's features are in the vocabulary."""
        words = extracted.words
        meta_columns, meta_counts = self._vectorizer.meta_columns(extracted)
        pairs, model = self._arrays
        return _probabilities(
            np.fromiter(map(self._word_ids.get, words, repeat(-1)), dtype=np.int64,
                        count=len(words)),
            *pairs,
            np.array(meta_columns, dtype=np.int64), np.array(meta_counts, dtype=np.float32),
            code_points(extracted.char_text), *model)
