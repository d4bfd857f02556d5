"""The numpy character n-gram path must give exactly the vectors of the plain-Python one."""

from itertools import chain, repeat

import numpy as np
import pytest

import nlp
from nlp.chargrams import CharGramIndex, char_text, grams
from nlp.features import BLOCKS, Extracted, Vectorizer, extract
from nlp.normalize import normalize


def reference_raw(vec: Vectorizer, e: Extracted):
    """Column indices, tf-idf values and block norms the straightforward way: every n-gram as
    a string, looked up in a dict (what Vectorizer._raw did before chargrams.py)."""
    chars = grams(e.char_text)
    ids = np.fromiter(
        chain(map(vec.other_vocabulary.get, e.counts, repeat(-1)),
              map(vec.char_vocabulary.get, chars, repeat(-1))),
        dtype=np.int64, count=len(e.counts) + len(chars),
    )
    tf = np.fromiter(chain(e.counts.values(), chars.values()), dtype=np.float32,
                     count=len(e.counts) + len(chars))
    keep = ids >= 0
    idx = ids[keep]
    vals = (1.0 + np.log(tf[keep])) * vec.idf[idx]
    norms = np.sqrt(np.bincount(vec.blocks[idx], weights=vals * vals, minlength=len(BLOCKS)))
    return idx, vals, norms


def reference_vector(vec: Vectorizer, e: Extracted):
    idx, vals, norms = reference_raw(vec, e)
    if not len(idx):
        return idx, np.zeros(0, dtype=np.float32)
    norms = np.maximum(norms, vec.norm_floor)
    scale = np.divide(vec.block_weights, norms, out=np.zeros_like(vec.block_weights),
                      where=norms > 0)
    return idx, (vals * scale[vec.blocks[idx]]).astype(np.float32)


@pytest.fixture(scope="module")
def sample():
    examples = nlp.load_examples()
    picked = examples[::12][:320]
    extracted = [extract(normalize(ex["text"]), ex.get("sticker_keywords")) for ex in picked]
    odd = ["", "😭🔪 ช่วยด้วย", "ก" * 3000, "混合 テキスト ภาษาไทย ကူညီ ជួយ ຊ່ວຍ", "x" * 50,
           "\ud800 lone \udfff"]
    extracted += [extract(normalize(t)) for t in odd]
    extracted.append(extract("", ["help", "crying \ud83d", "ช่วย"]))
    return extracted


def test_shipped_model_vectors_match_reference(sample):
    vec = nlp.default_classifier().vectorizer
    for e in sample:
        idx, vals = vec.vector(e)
        ref_idx, ref_vals = reference_vector(vec, e)
        assert idx.tolist() == ref_idx.tolist()
        assert vals.dtype == ref_vals.dtype
        assert vals.tobytes() == ref_vals.tobytes()  # bit for bit, not approximately


def test_fitted_vectorizer_matches_reference(sample):
    # A vocabulary fitted here (min_df=1: every n-gram of these messages, many characters).
    vec = Vectorizer.fit(sample[:200], min_df=1)
    assert sum(f.startswith("c:") for f in vec.vocabulary) > 5000
    for e in sample:
        idx, vals = vec.vector(e)
        ref_idx, ref_vals = reference_vector(vec, e)
        assert idx.tolist() == ref_idx.tolist()
        assert vals.tobytes() == ref_vals.tobytes()
    expected_floor = np.median([reference_raw(vec, e)[2] for e in sample[:200]], axis=0)
    assert vec.norm_floor.tolist() == (0.5 * expected_floor).astype(np.float32).tolist()


def test_counts_are_the_dict_counts_in_first_seen_order():
    index = CharGramIndex({"ab": 0, " a": 1, "abc": 2, "bca": 3, "abca": 4, "ca": 5})
    padded = char_text("abcabc  abZ ab")
    cols, n = index.counts(padded)
    columns = {"ab": 0, " a": 1, "abc": 2, "bca": 3, "abca": 4, "ca": 5}
    expected = [(columns[g], c) for g, c in grams(padded).items() if g in columns]
    assert list(zip(cols.tolist(), n.tolist())) == expected


def test_unknown_character_does_not_match_a_shorter_gram():
    # "abZ" holds a character outside the vocabulary's alphabet: it must not be read as "ab".
    index = CharGramIndex({"ab": 0})
    cols, n = index.counts(" abZ ")
    assert cols.tolist() == [0] and n.tolist() == [1]
    cols, n = index.counts(" Zb ")
    assert cols.tolist() == []


def test_code_points_beyond_the_alphabet_and_empty_vocabulary():
    index = CharGramIndex({"ก😭": 7})
    cols, n = index.counts(" ก😭 ก😭\U0010ffff ")
    assert cols.tolist() == [7] and n.tolist() == [2]
    empty = CharGramIndex({})
    assert empty.counts(" abc ")[0].tolist() == []


def test_bad_vocabulary_is_refused():
    with pytest.raises(ValueError):
        CharGramIndex({"abcde": 0})
    with pytest.raises(ValueError):
        CharGramIndex({"a": 0})


def test_counts_many_gives_each_rows_counts(sample):
    index = nlp.default_classifier().vectorizer.char_index
    texts = [e.char_text for e in sample] + [" ", "  ", " ก "]
    for size in (1, 2, 7, len(texts)):
        for start in range(0, len(texts), size):
            part = texts[start : start + size]
            rows, cols, n = index.counts_many(part)
            for r, text in enumerate(part):
                want_cols, want_n = index.counts(text)
                assert cols[rows == r].tolist() == want_cols.tolist()
                assert n[rows == r].tolist() == want_n.tolist()
            assert rows.tolist() == sorted(rows.tolist())


def row_by_row(vec: Vectorizer, extracted):
    return [vec.vector(e) for e in extracted]


@pytest.mark.parametrize("fitted", [False, True])
def test_matrix_rows_are_the_vectors_bit_for_bit(sample, fitted):
    vec = Vectorizer.fit(sample[:200], min_df=1) if fitted else nlp.default_classifier().vectorizer
    for size in (1, 5, 64, len(sample)):
        for start in range(0, len(sample), size):
            part = sample[start : start + size]
            X = vec.matrix(part)
            assert X.shape == (len(part), len(vec.vocabulary))
            for r, (idx, vals) in enumerate(row_by_row(vec, part)):
                lo, hi = X.indptr[r], X.indptr[r + 1]
                assert X.indices[lo:hi].tolist() == idx.tolist()
                assert X.data[lo:hi].dtype == vals.dtype
                assert X.data[lo:hi].tobytes() == vals.tobytes()
    assert vec.matrix([]).shape == (0, len(vec.vocabulary))
