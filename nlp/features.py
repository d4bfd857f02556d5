"""From a message to the sparse features the linear model reads.

Four blocks, each L2-normalised on its own so that a long message's many character n-grams do not
drown the few lexicon hits:
- words: newmm unigrams and bigrams (`w:`/`b:`), what the message talks about;
- chars: character 2-4-grams inside each space-separated chunk (`c:`), robust to typos, dialect
  spellings and text with no spaces at all;
- lexicon: counts of curated term groups (`x:`), knowledge that does not depend on the data;
- meta: emoji/sticker signals, emergency rules fired and language (`s:`, `r:`, `l:`).
Training and prediction both call `extract()`, so they cannot drift apart.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from nlp.emergency import imminent_danger
from nlp.language import detect_language
from nlp.lexicon import lexicon_hits
from nlp.signals import emoji_signals, sticker_signals, sticker_text
from nlp.tokenize import tokenize

BLOCKS = ("w", "c", "x", "m")
_BLOCK_OF_PREFIX = {"w": 0, "b": 0, "c": 1, "x": 2, "s": 3, "r": 3, "l": 3}
_LONG_NUMBER = re.compile(r"[0-9][0-9\- ]{5,}[0-9]")
_CHAR_N = (2, 3, 4)
# Past this, more text adds little to what a message is about and only costs time.
MAX_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Extracted:
    """What one message yields: features and the parts classify() reports on its own."""

    counts: dict[str, float]
    language: str
    signals: tuple[str, ...]
    rules: tuple[str, ...]


def extract(norm_text: str, sticker_keywords: list[str] | None = None) -> Extracted:
    """Features of a normalised message (and its sticker keywords)."""
    language = detect_language(norm_text)
    extra = sticker_text(sticker_keywords).lower()
    text = f"{norm_text} {extra}" if extra else norm_text
    text = text[:MAX_CHARS]
    signals = tuple(emoji_signals(text)) + tuple(sticker_signals(sticker_keywords))
    rules = tuple(imminent_danger(text, signals))
    counts: dict[str, float] = {}
    # Phone and ID digits say nothing about the problem and would only add noise.
    masked = _LONG_NUMBER.sub(" 0 ", text) if any(c.isdigit() for c in text) else text
    tokens = tokenize(masked)
    prev = "^"
    for tok in tokens:
        key = "w:" + tok
        counts[key] = counts.get(key, 0.0) + 1.0
        key = "b:" + prev + " " + tok
        counts[key] = counts.get(key, 0.0) + 1.0
        prev = tok
    for chunk in masked.split():
        padded = f" {chunk} "
        n_chars = len(padded)
        for n in _CHAR_N:
            for i in range(n_chars - n + 1):
                key = "c:" + padded[i : i + n]
                counts[key] = counts.get(key, 0.0) + 1.0
    for group, n in lexicon_hits(text).items():
        counts["x:" + group] = float(n)
    for s in signals:
        key = "s:" + s
        counts[key] = counts.get(key, 0.0) + 1.0
    for r in rules:
        counts["r:" + r] = 1.0
    counts["l:" + language] = 1.0
    return Extracted(counts, language, signals, rules)


def block_of(feature: str) -> int:
    return _BLOCK_OF_PREFIX[feature[0]]


class Vectorizer:
    """Vocabulary, idf and block weights: turns `Extracted.counts` into weighted vectors."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, block_weights: np.ndarray):
        self.vocabulary = vocabulary
        self.idf = idf.astype(np.float32)
        self.block_weights = block_weights.astype(np.float32)
        self.blocks = np.fromiter(
            (block_of(f) for f in sorted(vocabulary, key=vocabulary.__getitem__)),
            dtype=np.int8,
            count=len(vocabulary),
        )

    @classmethod
    def fit(
        cls, all_counts: list[dict[str, float]], *, min_df: int = 2,
        block_weights: tuple[float, ...] = (1.0, 1.0, 0.6, 0.6),
    ) -> Vectorizer:
        df: dict[str, int] = {}
        for counts in all_counts:
            for f in counts:
                df[f] = df.get(f, 0) + 1
        # Lexicon and meta features are kept even if rare: they are knowledge, not noise.
        kept = sorted(f for f, n in df.items() if n >= min_df or f[0] in "xsrl")
        vocabulary = {f: i for i, f in enumerate(kept)}
        n_docs = len(all_counts)
        idf = np.array([math.log((1 + n_docs) / (1 + df[f])) + 1.0 for f in kept])
        return cls(vocabulary, idf, np.asarray(block_weights, dtype=np.float32))

    def vector(self, counts: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Indices and weights of one message's features (sparse, unsorted)."""
        vocab = self.vocabulary
        idx_list: list[int] = []
        tf_list: list[float] = []
        for f, n in counts.items():
            i = vocab.get(f)
            if i is not None:
                idx_list.append(i)
                tf_list.append(n)
        if not idx_list:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.asarray(idx_list, dtype=np.int64)
        vals = (1.0 + np.log(np.asarray(tf_list, dtype=np.float32))) * self.idf[idx]
        blocks = self.blocks[idx]
        norms = np.sqrt(np.bincount(blocks, weights=vals * vals, minlength=len(BLOCKS)))
        scale = np.divide(self.block_weights, norms, out=np.zeros_like(self.block_weights),
                          where=norms > 0)
        return idx, (vals * scale[blocks]).astype(np.float32)

    def matrix(self, all_counts: list[dict[str, float]]) -> sparse.csr_matrix:
        indptr = [0]
        indices: list[np.ndarray] = []
        data: list[np.ndarray] = []
        for counts in all_counts:
            idx, vals = self.vector(counts)
            indices.append(idx)
            data.append(vals)
            indptr.append(indptr[-1] + len(idx))
        return sparse.csr_matrix(
            (
                np.concatenate(data) if data else np.zeros(0, np.float32),
                np.concatenate(indices) if indices else np.zeros(0, np.int64),
                np.asarray(indptr),
            ),
            shape=(len(all_counts), len(self.vocabulary)),
        )
