"""The per-label feature scale training applies (nlp.train.nb_scale)."""

import importlib

import numpy as np
from scipy import sparse

train = importlib.import_module("nlp.train")


def test_a_feature_as_common_with_the_label_as_without_it_counts_for_nothing():
    # Columns: in every message; only in positives; only in negatives; in one positive only;
    # in one negative only (so both classes have as many occurrences).
    X = sparse.csr_matrix(np.array([
        [1, 1, 0, 1, 0],
        [1, 1, 0, 0, 0],
        [1, 0, 1, 0, 1],
        [1, 0, 1, 0, 0],
    ], dtype=float))
    y = np.array([1, 1, 0, 0])
    scale = train.nb_scale(X, y)
    assert scale.shape == (5,)
    assert scale[0] < 1e-6
    # Telling features weigh most, whichever class they point to; rarer ones less.
    assert scale[1] > 0.5 and abs(scale[1] - scale[2]) < 1e-9
    assert 0.1 < scale[3] < scale[1] and abs(scale[3] - scale[4]) < 1e-9


def test_the_scale_is_finite_for_features_no_message_has():
    X = sparse.csr_matrix(np.array([[1, 0], [0, 0], [1, 0]], dtype=float))
    scale = train.nb_scale(X, np.array([1, 0, 0]))
    assert np.all(np.isfinite(scale))
