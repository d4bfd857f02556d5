"""One message's calibrated scores (one per head), compiled with numba.

For one message, the numpy path (`Vectorizer.vector()` then a product with the weights) is some
thirty numpy calls on arrays of a few hundred numbers: their fixed costs and temporaries, not the
arithmetic, were half of `classify()`'s time. Here the same steps run as one compiled loop:

1. character 2-4-gram keys of `char_text`, looked up in the `KeyTable` of the vocabulary's
   n-grams (the same slots, multipliers and shift, so the same columns);
2. counts of each column in order of first sight, after the word, bigram and meta columns
   `Vectorizer.word_and_meta_columns()` found (the order of `Vectorizer.vector()`);
3. sublinear tf-idf, a norm per block, the block weights and norm floors;
4. the product with the weights, summed in float64, and Platt scaling.

Training still builds sparse matrices with numpy (`Vectorizer.matrix()`), and tests check that
both give the same scores. Compiled once per machine and cached (see `_compiled`); the first
call in a process loads or compiles it, which `Classifier.warm_up()` pays at start-up.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from nlp.chargrams import _code_points
from nlp.features import Extracted, Vectorizer


def _compiled(fn):
    """`fn` compiled, its machine code cached on disk where numba finds a writable place (the
    package directory, else the user's cache directory, else NUMBA_CACHE_DIR). Where there is
    none (a read-only image, no home), numba refuses to cache: compile in every process rather
    than fail to import."""
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
def _probabilities(code_points, code_of, last, slots, mult0, mult1, shift, other_columns,
                     other_counts, idf, blocks, block_weights, norm_floor, weights, bias,
                     calib_a, calib_b):
    n_chars = code_points.shape[0]
    codes = np.empty(n_chars, dtype=np.uint64)
    for i in range(n_chars):
        point = code_points[i]
        codes[i] = code_of[point if point < last else last]
    n_other = other_columns.shape[0]
    n_windows = max(n_chars - 1, 0) + max(n_chars - 2, 0) + max(n_chars - 3, 0)
    columns = np.empty(n_other + n_windows, dtype=np.int64)
    counts = np.empty(n_other + n_windows, dtype=np.float32)
    for j in range(n_other):
        columns[j] = other_columns[j]
        counts[j] = other_counts[j]
    n = n_other
    # Open addressing over the columns seen so far: where each one's count is kept.
    size = 16
    while size < 2 * n_windows:
        size *= 2
    seen = np.full(size, -1, dtype=np.int64)
    where = np.empty(size, dtype=np.int64)
    for width in range(2, 5):
        for start in range(n_chars - width + 1):
            key = np.uint64(0)
            for k in range(width):
                key |= codes[start + k] << np.uint64(48 - 16 * k)
            column = _column(slots, mult0, mult1, shift, key)
            if column < 0:
                continue
            slot = (column * 2654435761) & (size - 1)
            while seen[slot] != -1 and seen[slot] != column:
                slot = (slot + 1) & (size - 1)
            if seen[slot] == column:
                counts[where[slot]] += 1.0
            else:
                seen[slot] = column
                where[slot] = n
                columns[n] = column
                counts[n] = 1.0
                n += 1
    n_blocks = block_weights.shape[0]
    squares = np.zeros(n_blocks, dtype=np.float64)
    values = np.empty(n, dtype=np.float32)
    for j in range(n):
        value = np.float32(1.0 + np.log(counts[j])) * idf[columns[j]]
        values[j] = value
        squares[blocks[columns[j]]] += np.float64(value) * np.float64(value)
    scale = np.zeros(n_blocks, dtype=np.float32)
    for b in range(n_blocks):
        norm = max(np.float32(np.sqrt(squares[b])), norm_floor[b])
        if norm > 0:
            scale[b] = block_weights[b] / norm
    z = bias.copy()
    for j in range(n):
        value = np.float64(values[j] * scale[blocks[columns[j]]])
        row = columns[j]
        for h in range(z.shape[0]):
            z[h] += value * weights[row, h]
    # Platt scaling, with z clipped so that exp() cannot overflow.
    for h in range(z.shape[0]):
        t = min(max(calib_a[h] * z[h] + calib_b[h], -40.0), 40.0)
        z[h] = 1.0 / (1.0 + np.exp(-t))
    return z, n


class LinearScorer:
    """A vectorizer, a linear model's weights and its calibration, read by the compiled loop
    above."""

    __slots__ = ("_vectorizer", "_arrays")

    def __init__(self, vectorizer: Vectorizer, weights: np.ndarray, bias: np.ndarray,
                 calib_a: np.ndarray, calib_b: np.ndarray):
        index = vectorizer.char_index
        table = index.table
        self._vectorizer = vectorizer
        # Typed once here, so that the compiled function sees the same types on every call
        # (one compilation) and no call converts anything.
        self._arrays = (
            np.ascontiguousarray(index.codes, dtype=np.uint64), np.int64(index.last),
            np.ascontiguousarray(table.slots, dtype=np.uint64), np.uint64(table.multipliers[0]),
            np.uint64(table.multipliers[1]), np.uint64(table.shift),
        ), (
            np.ascontiguousarray(vectorizer.idf, dtype=np.float32),
            np.ascontiguousarray(vectorizer.blocks, dtype=np.int8),
            np.ascontiguousarray(vectorizer.block_weights, dtype=np.float32),
            np.ascontiguousarray(vectorizer.norm_floor, dtype=np.float32),
            np.ascontiguousarray(weights, dtype=np.float32),
            np.ascontiguousarray(bias, dtype=np.float64),
            np.ascontiguousarray(calib_a, dtype=np.float64),
            np.ascontiguousarray(calib_b, dtype=np.float64),
        )

    def probabilities(self, extracted: Extracted) -> tuple[np.ndarray, int]:
        """The calibrated probability of each head, sigmoid(a * (weights . features + bias) + b),
        and how many of the message's features are in the vocabulary."""
        columns, counts = self._vectorizer.word_and_meta_columns(extracted)
        lookup, model = self._arrays
        return _probabilities(
            _code_points(extracted.char_text), *lookup,
            np.array(columns, dtype=np.int64), np.array(counts, dtype=np.float32), *model)
