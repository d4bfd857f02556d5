"""Split and trie-factored rule regexes must fire exactly where the plain regex does."""

import re

import pytest

import nlp
from nlp import entities
from nlp._regex import SplitPattern, _factor
from nlp.emergency import _RULES
from nlp.normalize import normalize

PATTERNS = {
    **{f"rule:{k}": v for k, v in _RULES.items()},
    **{f"affected:{k}": v for k, v in entities._AFFECTED_PATTERNS.items()},
}


@pytest.fixture(scope="module")
def texts():
    found = [normalize(ex["text"]) for ex in nlp.load_examples()]
    # Pieces of the rules themselves, so that every alternative gets a chance to match.
    for pattern in PATTERNS.values():
        found += [normalize(p) for p in re.findall(r"[\u0e01-\u0e4e]{3,}", pattern)]
    return found


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_split_pattern_fires_where_the_plain_pattern_does(name, texts):
    plain = re.compile(PATTERNS[name])
    split = SplitPattern(PATTERNS[name])
    fired = 0
    for t in texts:
        expected = plain.search(t) is not None
        assert split.search(t) == expected, t
        fired += expected
    assert fired > 0


def test_factor_merges_heads_and_keeps_quantified_characters_apart():
    pattern = _factor(["ไม่หายใจ", "ไม่ขยับ", "ab?c", "abd", "ไม่"])
    assert pattern.count("ไม่") == 1
    assert re.fullmatch(pattern, "ac") and re.fullmatch(pattern, "abc")
    assert re.fullmatch(pattern, "abd") and not re.fullmatch(pattern, "ad")
    assert re.search(pattern, "ไม่นะ")
