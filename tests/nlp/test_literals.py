"""The Aho-Corasick search must find exactly what `finditer` on the trie regex finds."""

import random

import pytest

import nlp
from nlp import lexicon, places
from nlp._literals import Literals, LiteralSets


def regex_matches(lit: Literals, text: str):
    return [(m.group(), m.start(), m.end()) for m in lit.regex.finditer(text)]


def literal_matches(lit: Literals, text: str):
    return [(lit.words[i], start, end) for i, start, end in lit.find(text)]


def random_texts(words, alphabet, n, seed):
    """Texts made of whole words, pieces of words and stray characters, run together: where
    leftmost-longest and overlaps matter."""
    rng = random.Random(seed)
    words = sorted(words)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(0, 12)):
            r = rng.random()
            w = rng.choice(words)
            if r < 0.5:
                parts.append(w)
            elif r < 0.8:
                a = rng.randint(0, len(w))
                parts.append(w[a : rng.randint(a, len(w))])
            else:
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))))
        out.append(rng.choice(["", " ", ""]).join(parts))
    return out


@pytest.mark.parametrize("words", [
    ["ab", "abcd", "bc", "c", "bcd", "d", "abcde"],
    ["a", "aa", "aaa"],
    ["xy", "yx", "xyx", "yxy"],
])
def test_small_overlapping_word_sets(words):
    lit = Literals(words)
    for text in random_texts(words, "abcdexy ", 3000, seed=len(words)):
        assert literal_matches(lit, text) == regex_matches(lit, text), text


def test_lexicon_and_place_names_match_the_regexes():
    thai, _, _, _ = lexicon._index()
    index = places._index()
    sets = [thai, index.province_re[0], index.district_re[0], index.subdistrict_re[0]]
    examples = [nlp.normalize(ex["text"]) for ex in nlp.load_examples()[::3]]
    for k, lit in enumerate(sets):
        alphabet = sorted({ch for w in lit.words for ch in w})
        for text in examples + random_texts(lit.words, alphabet + [" "], 1500, seed=k):
            assert literal_matches(lit, text) == regex_matches(lit, text), text


def test_lone_surrogates_fall_back_to_the_regex():
    lit = Literals(["ช่วย", "ช่วยด้วย", "help"])
    text = "\ud800ช่วยด้วย help \udfffช่วย"
    assert literal_matches(lit, text) == regex_matches(lit, text)
    assert [w for w, _, _ in literal_matches(lit, text)] == ["ช่วยด้วย", "help", "ช่วย"]


def test_no_words():
    lit = Literals(["", ""])
    assert lit.find("anything") == [] and regex_matches(lit, "anything") == []


@pytest.mark.parametrize("word_sets", [
    [["ab", "abcd", "bc"], ["c", "bcd", "d", "abcde"], ["abcd", "cd", "a"]],
    [["a", "aa"], ["aaa", "a"], []],
    [["xy", "yx"], ["xyx", "yxy", "xy"]],
])
def test_literal_sets_match_each_set(word_sets):
    sets = [Literals(words) for words in word_sets]
    together = LiteralSets(sets)
    all_words = [w for words in word_sets for w in words]
    for text in random_texts(all_words, "abcdexy ", 3000, seed=len(all_words)):
        assert together.find(text) == [s.find(text) for s in sets], text
    assert together.find("\ud800abcd") == [s.find("\ud800abcd") for s in sets]


def test_place_levels_in_one_pass_match_each_level():
    index = places._index()
    sets = [index.province_re[0], index.district_re[0], index.subdistrict_re[0]]
    examples = [nlp.normalize(ex["text"]) for ex in nlp.load_examples()]
    words = [w for s in sets for w in s.words]
    for text in examples + random_texts(words, ["ก", "น", "า", " ", "อ.", "ต."], 3000, seed=9):
        assert index.thai_names.find(text) == [s.find(text) for s in sets], text
