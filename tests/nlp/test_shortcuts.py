"""Quick looks that skip a costly pass must never skip one that would have changed anything."""

import importlib
import random
import re

import pytest

import nlp
from nlp import entities, language
from nlp.normalize import clean

# `nlp.normalize` is also the name of a function the package exports: fetch the module itself.
normalize_module = importlib.import_module("nlp.normalize")
ALWAYS = re.compile("")  # search() finds it in any text


def texts():
    rng = random.Random(3)
    examples = [ex["text"] for ex in nlp.load_examples()[::4]]
    pieces = ["ค่าาาา", "มากกก", "55555", "aaa", "!!!", "ๆๆ", "ก่่่", "abc", "10", "ขวบ", "อายุ",
              "age:", "y/o", "ปี", "😭😭", " ", "ๅๅๅ", "\n", "เเ", "ํา", "x", "กข", "9"]
    made = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(3000)]
    return [clean(t) for t in examples + made]


def test_normalize_guards(monkeypatch):
    cases = texts()
    fast = [normalize_module.normalize_cleaned(t) for t in cases]
    monkeypatch.setattr(normalize_module, "_THRICE", ALWAYS)
    monkeypatch.setattr(normalize_module, "_ASCII_ALNUM", ALWAYS)
    assert [normalize_module.normalize_cleaned(t) for t in cases] == fast


def test_age_guard(monkeypatch):
    cases = [normalize_module.normalize_cleaned(t) for t in texts()]
    fast = [entities.find_age(t) for t in cases]
    monkeypatch.setattr(entities, "_AGE_WORDS", ("",))  # "" is in every text
    assert [entities.find_age(t) for t in cases] == fast
    assert any(a is not None for a in fast)


@pytest.mark.parametrize("text", ["", "abc", "กขค", "ก a ข", "ກ ក ក", "😭", "\ud800ก"])
def test_thai_count(text):
    thai = len(re.findall("[\u0e01-\u0e4e]", text))
    assert len(text) - sum(map(len, language._NOT_THAI.findall(text))) == thai


def test_digit_guard_of_phones_and_ids(monkeypatch):
    cases = texts() + ["โทร 081-234-5678", "+66 81 234 5678", "1-1017-00203-45-1", "๐๘๑๒๓๔๕๖๗๘"]
    cases = [clean(t) for t in cases]
    fast = [(entities.find_phones(t), entities.find_national_ids(t)) for t in cases]
    monkeypatch.setattr(entities, "HAS_DIGIT", ALWAYS)
    assert [(entities.find_phones(t), entities.find_national_ids(t)) for t in cases] == fast
    assert any(p for p, _ in fast)


def test_keep_is_isalnum():
    # tokenize.py asks w[0].isalnum() before _KEEP: the two must agree on every character.
    from nlp.tokenize import _KEEP

    assert all(bool(_KEEP.match(chr(c))) == chr(c).isalnum() for c in range(0x110000))


def test_sara_am_written_out_before_nfkc_changes_nothing():
    import unicodedata

    rng = random.Random(5)
    marks = ["\u0e33", "\u0e4d", "\u0e32", "\u0e48", "\u0e49", "\u0e38", "\u0e31", "\u0e4c", "ก",
             "น", " ", "ﬁ", "①", "Ａ", "\u0e4d\u0e32", "\u0e40\u0e40", "e\u0301", "\u1100\u1161"]
    cases = ["".join(rng.choice(marks) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    cases += [ex["text"] for ex in nlp.load_examples()]
    for t in cases:
        assert (unicodedata.normalize("NFKC", t.replace("\u0e33", "\u0e4d\u0e32"))
                == unicodedata.normalize("NFKC", t)), t
