import numpy as np
import pytest

from nlp._keytable import KeyTable


def test_finds_every_key_and_no_other():
    rng = np.random.default_rng(7)
    keys = np.unique(rng.integers(1, 2**63, 20_000, dtype=np.int64).astype(np.uint64))
    # Keys shaped like n-gram keys too: only the top 16-bit slots set.
    keys = np.unique(np.concatenate((keys, np.arange(1, 3000, dtype=np.uint64) << np.uint64(48))))
    values = rng.permutation(len(keys)).astype(np.int64)
    table = KeyTable(keys, values)
    assert table.get(keys).tolist() == values.tolist()
    absent = np.setdiff1d(rng.integers(1, 2**63, 20_000, dtype=np.int64).astype(np.uint64), keys)
    assert (table.get(absent) == -1).all()
    assert table.get(np.zeros(3, dtype=np.uint64)).tolist() == [-1, -1, -1]
    assert table.get(np.zeros(0, dtype=np.uint64)).tolist() == []


def test_empty_and_bad_keys():
    assert KeyTable(np.zeros(0, np.uint64), np.zeros(0, np.int64)).get(
        np.array([5], dtype=np.uint64)).tolist() == [-1]
    with pytest.raises(ValueError):
        KeyTable(np.array([0], dtype=np.uint64), np.array([1]))
    with pytest.raises(ValueError):
        KeyTable(np.array([3, 3], dtype=np.uint64), np.array([1, 2]))
