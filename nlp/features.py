"""From a message to the sparse features the linear model reads.

Four blocks, each L2-normalised on its own so that a long message's many character n-grams do not
drown the few lexicon hits:
- words: newmm unigrams and bigrams (`w:`/`b:`), what the message talks about;
- chars: character 2-4-grams of the text with its spaces collapsed (`c:`), robust to typos,
  dialect spellings and text with no spaces at all;
- lexicon: counts of curated term groups (`x:`), knowledge that does not depend on the data;
- meta: emoji/sticker signals, emergency rules fired and language (`s:`, `r:`, `l:`).
Training and prediction both call `extract()`, so they cannot drift apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain, repeat
from operator import add

import numpy as np
from scipy import sparse

from nlp._regex import HAS_DIGIT
from nlp.chargrams import CharGramIndex, char_text, grams
from nlp.emergency import imminent_danger
from nlp.language import detect_language
from nlp.lexicon import lexicon_hits
from nlp.places import mask_places
from nlp.signals import emoji_signals, sticker_signals, sticker_text
from nlp.tokenize import tokenize

BLOCKS = ("w", "c", "x", "m")
_BLOCK_OF_PREFIX = {"w": 0, "b": 0, "c": 1, "x": 2, "s": 3, "r": 3, "l": 3}
_LONG_NUMBER = re.compile(r"[0-9][0-9\- ]{5,}[0-9]")
# Fraction of the median block norm of the training messages below which a block is not
# scaled up (chosen by cross-validation: 0.5 keeps macro-F1 and emergency recall, and lowers
# false alarms on short replies such as "แถวบ้านป้าแดง").
NORM_FLOOR = 0.5
# Past this, more text adds little to what a message is about and only costs time.
MAX_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Extracted:
    """What one message yields: features and the parts classify() reports on its own."""

    words: list[str]  # newmm tokens, from which the word and bigram features come
    meta: dict[str, float]  # lexicon and meta features, prefixed
    char_text: str  # what the character n-grams are read from (see chargrams.py)
    language: str
    signals: tuple[str, ...]
    rules: tuple[str, ...]

    @property
    def counts(self) -> dict[str, float]:
        """Words, bigrams, lexicon and meta features, prefixed, in order of first sight (words,
        then bigrams, then the rest). Prediction does not build these strings: `Vectorizer`
        and `scoring.py` look the words up as they are; training needs every feature."""
        words = self.words
        # Counter keeps the order of first sight (it is a dict).
        counts = Counter(map(_W.__add__, words))
        if words:
            counts.update(map(add, map(_B.__add__, ["^", *words]), map(_SPACE.__add__, words)))
        features: dict[str, float] = dict(counts)
        features.update(self.meta)
        return features

    @property
    def chars(self) -> dict[str, int]:
        """Character n-grams (unprefixed) and their counts. Prediction does not build these
        strings: it reads `char_text` through `CharGramIndex`; training needs every n-gram."""
        return grams(self.char_text)


def extract(norm_text: str, sticker_keywords: list[str] | None = None) -> Extracted:
    """Features of a normalised message (and its sticker keywords)."""
    return extract_many([norm_text], [sticker_keywords])[0]


def extract_many(norm_texts: list[str],
                 sticker_keywords: list[list[str] | None] | None = None) -> list[Extracted]:
    """`extract()` of many messages, one step at a time over all of them: each step's tables
    and compiled patterns (newmm's dictionary, the place-name regexes) then stay in the CPU's
    caches for the whole batch instead of evicting each other message after message."""
    stickers = sticker_keywords or [None] * len(norm_texts)
    languages = list(map(detect_language, norm_texts))
    extras = [sticker_text(k).lower()[:200] if k else "" for k in stickers]
    fulls = [f"{t} {x}" if x else t for t, x in zip(norm_texts, extras)]
    # Danger signals are looked for in the whole message: "help" at character 3,000 counts.
    signals = [tuple(emoji_signals(f)) + (tuple(sticker_signals(k)) if k else ())
               for f, k in zip(fulls, stickers)]
    rules = [tuple(imminent_danger(f, s)) for f, s in zip(fulls, signals)]
    texts = [f"{t[:MAX_CHARS]} {x}" if x else t[:MAX_CHARS] for t, x in zip(norm_texts, extras)]
    # Phone and ID digits, and the names of places, say nothing about the problem and would only
    # add noise (or worse, correlations with where the training examples happened to be set).
    masked = [mask_places(_LONG_NUMBER.sub(" 0 ", t) if HAS_DIGIT.search(t) else t) for t in texts]
    tokens = list(map(tokenize, masked))
    lexicon = list(map(lexicon_hits, texts))
    out = []
    for i, words in enumerate(tokens):
        counts: dict[str, float] = {}
        for group, n in lexicon[i].items():
            counts["x:" + group] = float(n)
        for sig in signals[i]:
            key = "s:" + sig
            counts[key] = counts.get(key, 0.0) + 1.0
        for r in rules[i]:
            counts["r:" + r] = 1.0
        # A sticker-only message has no language of its own, but its keywords do (usually
        # English).
        counts["l:" + (detect_language(fulls[i]) if extras[i] and not norm_texts[i]
                       else languages[i])] = 1.0
        out.append(Extracted(words, counts, char_text(masked[i]), languages[i], signals[i],
                             rules[i]))
    return out


_W, _B, _SPACE = "w:", "b:", " "
_NO_WORDS: dict[str, int] = {}


def block_of(feature: str) -> int:
    return _BLOCK_OF_PREFIX[feature[0]]


class Vectorizer:
    """Vocabulary, idf and block weights: turns an `Extracted` into a weighted sparse vector.

    `vocabulary` maps prefixed features to columns; character n-grams are stored there as
    "c:<gram>" but looked up through `char_index` (integer keys, see chargrams.py).
    """

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, block_weights: np.ndarray,
                 norm_floor: np.ndarray | None = None):
        self.vocabulary = vocabulary
        self.other_vocabulary = {f: i for f, i in vocabulary.items() if not f.startswith("c:")}
        self.char_vocabulary = {f[2:]: i for f, i in vocabulary.items() if f.startswith("c:")}
        self.char_index = CharGramIndex(self.char_vocabulary)
        # Word and bigram columns keyed by the tokens themselves: prediction then need not build
        # a "w:..."/"b:... ..." string for each feature just to look it up. Tokens hold no
        # spaces (tokenize.py), so a bigram key has exactly one, between its two words.
        self.word_columns = {f[2:]: i for f, i in vocabulary.items() if f.startswith("w:")}
        self.bigram_columns: dict[str, dict[str, int]] = {}
        for f, i in vocabulary.items():
            if f.startswith("b:") and f.count(" ") == 1:
                first, second = f[2:].split(" ")
                self.bigram_columns.setdefault(first, {})[second] = i
        self.idf = idf.astype(np.float32)
        self.block_weights = block_weights.astype(np.float32)
        # A block's vector is divided by max(its norm, this floor): a three-word message is not
        # blown up to the weight of a whole story, so one loaded word ("ตอนนี้") cannot make it
        # look like an emergency on its own.
        self.norm_floor = (np.zeros(len(BLOCKS), dtype=np.float32) if norm_floor is None
                           else np.asarray(norm_floor, dtype=np.float32))
        self.blocks = np.fromiter(
            (block_of(f) for f in sorted(vocabulary, key=vocabulary.__getitem__)),
            dtype=np.int8,
            count=len(vocabulary),
        )

    @classmethod
    def fit(
        cls, extracted: list[Extracted], *, min_df: int = 2,
        block_weights: tuple[float, ...] = (1.0, 1.0, 0.3, 0.3),
    ) -> Vectorizer:
        df: Counter[str] = Counter()
        for e in extracted:
            df.update(e.counts.keys())
            df.update("c:" + g for g in e.chars)
        # Lexicon and meta features are kept even if rare: they are knowledge, not noise.
        kept = sorted(f for f, n in df.items() if n >= min_df or f[0] in "xsrl")
        vocabulary = {f: i for i, f in enumerate(kept)}
        n_docs = len(extracted)
        idf = np.array([math.log((1 + n_docs) / (1 + df[f])) + 1.0 for f in kept])
        vec = cls(vocabulary, idf, np.asarray(block_weights, dtype=np.float32))
        norms = np.array([vec._raw(e)[2] for e in extracted])
        vec.norm_floor = (NORM_FLOOR * np.median(norms, axis=0)).astype(np.float32)
        return vec

    def _raw(self, e: Extracted) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Column indices, tf-idf values and per-block norms, before block weighting."""
        idx, vals, _, norms = self._weighted(e)
        return idx, vals, norms

    def word_and_meta_columns(self, e: Extracted) -> tuple[list[int], list[float]]:
        """Columns and counts of the message's word, bigram and meta features that are in the
        vocabulary, in the order of `e.counts` (the others left out, as the vocabulary would)."""
        words = e.words
        counts = Counter(map(self.word_columns.get, words, repeat(-1)))
        if words:
            counts.update(map(dict.get, map(self.bigram_columns.get, ["^", *words],
                                            repeat(_NO_WORDS)), words, repeat(-1)))
        counts.pop(-1, None)  # every unknown word and bigram, counted in one place
        meta_columns, meta_counts = self.meta_columns(e)
        return list(counts) + meta_columns, list(counts.values()) + meta_counts

    def meta_columns(self, e: Extracted) -> tuple[list[int], list[float]]:
        """Columns and counts of the message's lexicon and meta features in the vocabulary."""
        get = self.other_vocabulary.get
        columns, counts = [], []
        for feature, n in e.meta.items():
            col = get(feature)
            if col is not None:
                columns.append(col)
                counts.append(n)
        return columns, counts

    def _weighted(self, e: Extracted) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """`_raw()` and the block of each column (needed again for the block scaling)."""
        ids, tf = self.word_and_meta_columns(e)
        char_cols, char_counts = self.char_index.counts(e.char_text)
        # Word and meta features first, then character n-grams: the order the sums below (and
        # so their float rounding) have always had.
        idx = np.concatenate((np.array(ids, dtype=np.int64), char_cols))
        tf = np.concatenate((np.array(tf, dtype=np.float32), char_counts.astype(np.float32)))
        vals = (1.0 + np.log(tf)) * self.idf.take(idx)
        blocks = self.blocks.take(idx)
        norms = np.sqrt(np.bincount(blocks, weights=vals * vals, minlength=len(BLOCKS)))
        return idx, vals, blocks, norms

    def vector(self, e: Extracted) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and weights of one message's features."""
        idx, vals, blocks, norms = self._weighted(e)
        if not len(idx):
            return idx, np.zeros(0, dtype=np.float32)
        norms = np.maximum(norms, self.norm_floor)
        scale = np.divide(self.block_weights, norms, out=np.zeros_like(self.block_weights),
                          where=norms > 0)
        return idx, vals * scale.take(blocks)

    def matrix(self, extracted: list[Extracted]) -> sparse.csr_matrix:
        """The rows `vector()` gives, as one sparse matrix, computed for all rows at once.

        Every row holds the same values in the same order as `vector()` (so its sums round the
        same way): word and meta features first, then character n-grams; the per-row sums
        (block norms) are one `bincount` over (row, block) bins, filled in the same order.
        """
        n_rows = len(extracted)
        ids, tf = zip(*map(self.word_and_meta_columns, extracted)) if extracted else ((), ())
        n_other = np.fromiter(map(len, ids), dtype=np.int64, count=n_rows)
        total = int(n_other.sum())
        ids = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=total)
        tf = np.fromiter(chain.from_iterable(tf), dtype=np.float32, count=total)
        char_rows, char_cols, char_counts = self.char_index.counts_many(
            [e.char_text for e in extracted])
        rows = np.concatenate((np.repeat(np.arange(n_rows), n_other), char_rows))
        # A stable sort by row puts each row's word and meta features before its n-grams.
        by_row = rows.argsort(kind="stable")
        rows = rows.take(by_row)
        idx = np.concatenate((ids, char_cols)).take(by_row)
        tf = np.concatenate((tf, char_counts.astype(np.float32))).take(by_row)
        vals = (1.0 + np.log(tf)) * self.idf.take(idx)
        bins = rows * len(BLOCKS) + self.blocks.take(idx)
        norms = np.sqrt(np.bincount(bins, weights=vals * vals, minlength=n_rows * len(BLOCKS)))
        norms = np.maximum(norms.reshape(n_rows, len(BLOCKS)), self.norm_floor)
        scale = np.divide(self.block_weights, norms,
                          out=np.zeros((n_rows, len(BLOCKS)), dtype=np.float32), where=norms > 0)
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
        return sparse.csr_matrix((vals * scale.reshape(-1).take(bins), idx, indptr),
                                 shape=(n_rows, len(self.vocabulary)))
