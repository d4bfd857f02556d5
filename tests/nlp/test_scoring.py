"""The compiled scorer must give the scores of the numpy path training uses (Vectorizer.matrix)."""

import numpy as np
import pytest

import nlp
from nlp.features import Vectorizer, extract
from nlp.normalize import normalize
from nlp.scoring import LinearScorer


def reference(vec: Vectorizer, weights, bias, calib_a, calib_b, extracted):
    """Probabilities and feature counts the way training computes decision values."""
    X = vec.matrix(extracted)
    z = np.asarray(X @ weights.astype(np.float64)) + bias
    return 1.0 / (1.0 + np.exp(-np.clip(calib_a * z + calib_b, -40.0, 40.0))), np.diff(X.indptr)


@pytest.fixture(scope="module")
def sample():
    picked = nlp.load_examples()[5::15][:300]
    extracted = [extract(normalize(ex["text"]), ex.get("sticker_keywords")) for ex in picked]
    odd = ["", " ", "😭🔪 ช่วยด้วย", "ก" * 3000, "ช่วยด้วย " * 400,
           "混合 テキスト ภาษาไทย ကူညီ ជួយ ຊ່ວຍ", "x" * 50, "\ud800 lone \udfff", "\U0010ffff ก"]
    extracted += [extract(normalize(t)) for t in odd]
    extracted.append(extract("", ["help", "crying \ud83d", "ช่วย"]))
    return extracted


def check(vec, weights, bias, calib_a, calib_b, extracted):
    scorer = LinearScorer(vec, weights, bias, calib_a, calib_b)
    want, want_n = reference(vec, weights, bias, calib_a, calib_b, extracted)
    for e, w, n in zip(extracted, want, want_n, strict=True):
        got, got_n = scorer.probabilities(e)
        assert got_n == n
        np.testing.assert_allclose(got, w, rtol=0, atol=2e-6)


def test_shipped_model_scores_match_the_training_path(sample):
    m = nlp.default_classifier()
    check(m.vectorizer, m.weights, m.bias, m.calib_a, m.calib_b, sample)


def test_fitted_vocabulary_with_many_characters(sample):
    # min_df=1: every n-gram of these messages, thousands of characters, long repeated texts.
    vec = Vectorizer.fit(sample[:200], min_df=1)
    rng = np.random.default_rng(1300)
    heads = 4
    weights = rng.normal(size=(len(vec.vocabulary), heads)).astype(np.float32)
    check(vec, weights, rng.normal(size=heads), rng.uniform(0.5, 2.0, heads),
          rng.normal(size=heads), sample)


def test_bigrams_whose_words_are_not_features_themselves():
    # min_df keeps a bigram only if its words are as frequent, but a vocabulary may say
    # otherwise: the bigram must still be found.
    words = ["ยาย", "ล้ม", "อยู่", "คนเดียว"]
    e = extract(normalize("ยายล้มอยู่คนเดียว ยายล้ม"))
    assert e.words[:4] == words
    features = ["b:^ ยาย", "b:ยาย ล้ม", "b:อยู่ คนเดียว", "w:อยู่", "b:คนเดียว ยาย", "c:ยา", "l:th"]
    vec = Vectorizer({f: i for i, f in enumerate(features)}, np.linspace(1.0, 2.0, len(features)),
                     np.ones(4, dtype=np.float32))
    rng = np.random.default_rng(7)
    weights = rng.normal(size=(len(features), 3)).astype(np.float32)
    check(vec, weights, rng.normal(size=3), np.ones(3), np.zeros(3), [e])
    assert LinearScorer(vec, weights, np.zeros(3), np.ones(3), np.zeros(3)
                        ).probabilities(e)[1] == len(features)


def test_with_no_known_feature_the_score_is_the_bias():
    vec = Vectorizer({}, np.zeros(0), np.ones(4, dtype=np.float32))
    bias, a, b = np.array([0.5, -2.0]), np.array([1.0, 2.0]), np.array([0.0, 0.1])
    probs, n = LinearScorer(vec, np.zeros((0, 2), dtype=np.float32), bias, a, b
                            ).probabilities(extract(normalize("ผัวถือมีด ช่วยด้วย")))
    assert n == 0
    np.testing.assert_allclose(probs, 1.0 / (1.0 + np.exp(-(a * bias + b))))


def test_scores_are_probabilities_even_for_huge_weights(sample):
    m = nlp.default_classifier()
    weights = np.full_like(m.weights, 1e30)
    probs, _ = LinearScorer(m.vectorizer, weights, m.bias, m.calib_a, m.calib_b
                            ).probabilities(sample[0])
    assert np.all(np.isfinite(probs)) and np.all((probs >= 0.0) & (probs <= 1.0))


def test_compiles_without_a_writable_cache(monkeypatch):
    # A read-only image with no home: numba finds nowhere to cache and refuses at decoration.
    from numba.core import caching

    from nlp import scoring

    monkeypatch.setattr(caching.CacheImpl, "_locator_classes", [])

    def add_one(x):
        return x + 1

    assert scoring._compiled(add_one)(41) == 42
