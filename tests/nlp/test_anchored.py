"""AnyOf must say a pattern matches exactly where `SplitPattern.search()` (and so the plain
regex, see test_regex.py) says so."""

import random
import re

import pytest

import nlp
from nlp import emergency, entities
from nlp._anchored import AnyOf
from nlp._regex import SplitPattern
from nlp.normalize import normalize

GROUPS = {
    "rules": list(emergency._RULES.values()),
    "who": list(entities._WHO.values()),
}


def _pieces(patterns):
    return [normalize(p) for pattern in patterns
            for p in re.findall(r"[\u0e01-\u0e4e\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff]{2,}"
                                r"|[a-z][a-z' ]+[a-z]", pattern)]


@pytest.fixture(scope="module")
def texts():
    found = [normalize(ex["text"]) for ex in nlp.load_examples()]
    pieces = _pieces([p for group in GROUPS.values() for p in group])
    found += pieces
    # Pieces of the patterns strung together with digits, spaces, negations and bits of
    # examples between them: heads next to each other, overlapping, at the very start and end.
    rng = random.Random(7)
    filler = ["", " ", "ไม่", "เคย", "1", "3 ", "ๆ", "นะ", "ได้", "\n", "a", "ค่ะ", "'", "!", "x "]
    for _ in range(6000):
        parts = [rng.choice(pieces if rng.random() < 0.7 else found[:500])
                 for _ in range(rng.randint(1, 4))]
        found.append("".join(p + rng.choice(filler) for p in parts)[: rng.randint(2, 200)])
    return found


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_any_of_agrees_with_search(group, texts):
    patterns = GROUPS[group]
    splits = [SplitPattern(p) for p in patterns]
    any_of = AnyOf(patterns)
    fired = [0] * len(patterns)
    for t in texts:
        expected = [s.search(t) for s in splits]
        assert any_of.matches(t) == expected, t
        fired = [f + e for f, e in zip(fired, expected)]
    assert all(fired)


def test_headless_alternatives_and_lookbehinds():
    any_of = AnyOf([r"(?<!ไม่)อยากตาย", r"[1-6]\s*ขวบ", r"ab|ค(?:ก|ข)"])
    assert any_of.matches("ฉันอยากตาย") == [True, False, False]
    assert any_of.matches("ฉันไม่อยากตาย") == [False, False, False]
    assert any_of.matches("ลูก 3 ขวบ") == [False, True, False]
    assert any_of.matches("ab") == [False, False, True]
    assert any_of.matches("xab") == [False, False, True]


def test_latin_half_keeps_its_word_start_and_its_gate():
    any_of = AnyOf([r"(?<![a-z])(?:kill myself|sos)", r"(?<![a-z])(?:'+|x?[0-9]+!)"])
    assert any_of.matches("i will kill myself") == [True, False]
    assert any_of.matches("unkill myself xsos") == [False, False]
    # Ascii alternatives run only on text with a Latin letter, as SplitPattern runs them.
    assert any_of.matches("''") == [False, False]
    assert any_of.matches("'' a") == [False, True]
    assert any_of.matches("12!") == [False, False]
    assert any_of.matches("a 12!") == [False, True]


def test_lone_surrogates_fall_back_to_search():
    any_of = AnyOf([r"ช่วยด้วย"])
    assert any_of.matches("ช่วยด้วย\ud800") == [True]
    assert any_of.matches("\ud800") == [False]
