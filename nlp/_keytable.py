"""Exact lookup of many 64-bit keys at once: a cuckoo hash table read with numpy.

Looking keys up with `searchsorted` needs them sorted first, and sorting is the dearest step of
counting a batch's character n-grams (see chargrams.py). Here every stored key sits in one of two
slots, given by two multiplicative hashes, so a lookup is two gathers and two comparisons, with no
sort and no loop. Keys are compared whole, so no key that was not stored is ever found.
"""

from __future__ import annotations

import numpy as np

# Odd 64-bit multipliers (Fibonacci hashing and a second, unrelated one).
_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)
_MASK = (1 << 64) - 1
_EMPTY = 0  # no stored key is 0 (chargrams.py: the first character's code is never 0)


class KeyTable:
    """Maps nonzero uint64 keys to int64 values; `get()` gives -1 for a key not stored."""

    __slots__ = ("_shift", "_mult", "_slots")

    def __init__(self, keys: np.ndarray, values: np.ndarray):
        keys = [int(k) for k in keys]
        values = [int(v) & _MASK for v in values]  # stored as uint64, read back as int64
        if _EMPTY in keys or len(set(keys)) != len(keys):
            raise ValueError("keys must be distinct and nonzero")
        # Load under one half: two hashes place such a share of keys quickly.
        bits = max(4, (max(len(keys), 1) * 2).bit_length())
        for attempt in range(8):
            mult = (_MULTIPLIERS[attempt % 4], _MULTIPLIERS[(attempt + 1) % 4])
            table = self._build(keys, values, bits + attempt // 4, mult)
            if table is not None:
                break
        else:  # pragma: no cover - would need an adversarial key set
            raise ValueError("could not place the keys")
        self._shift = np.uint64(64 - (bits + attempt // 4))
        self._mult = tuple(np.uint64(m) for m in mult)
        # Key and value side by side: one gather fetches both (one cache line, not two).
        self._slots = np.array(table, dtype=np.uint64).T.copy()

    @staticmethod
    def _build(keys: list[int], values: list[int], bits: int, mult: tuple[int, int]):
        size, shift = 1 << bits, 64 - bits
        slot_keys, slot_values = [_EMPTY] * size, [-1 & _MASK] * size
        for key, value in zip(keys, values):
            slot = ((key * mult[0]) & _MASK) >> shift
            for _ in range(500):
                key, slot_keys[slot] = slot_keys[slot], key
                value, slot_values[slot] = slot_values[slot], value
                if key == _EMPTY:
                    break
                # The evicted key moves to its other slot.
                first = ((key * mult[0]) & _MASK) >> shift
                slot = ((key * mult[1]) & _MASK) >> shift if slot == first else first
            else:
                return None
        return slot_keys, slot_values

    # Read by the compiled scorer (scoring.py), which looks keys up one at a time.
    @property
    def slots(self) -> np.ndarray:
        """(key, value) per slot, uint64; empty slots hold key 0."""
        return self._slots

    @property
    def multipliers(self) -> tuple[np.uint64, np.uint64]:
        return self._mult

    @property
    def shift(self) -> np.uint64:
        return self._shift

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key (uint64 array), -1 where the key is not stored."""
        first = self._slots.take((keys * self._mult[0]) >> self._shift, axis=0)
        second = self._slots.take((keys * self._mult[1]) >> self._shift, axis=0)
        out = np.where(first[:, 0] == keys, first[:, 1].view(np.int64), -1)
        return np.where(second[:, 0] == keys, second[:, 1].view(np.int64), out)
