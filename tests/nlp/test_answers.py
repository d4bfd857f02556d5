"""A bare answer to "where?" or "your number?" is never an emergency on its own (GUIDELINES.md)."""

import pytest

import nlp
from nlp.answers import is_bare_answer
from nlp.features import extract

BARE = [
    "บ้านเลขที่ 12 หมู่ 3 ต.ศิลา อ.เมือง จ.ขอนแก่น",
    "อยู่ อ.เมือง จ.ขอนแก่น ค่ะ",
    "๑๒/๓ หมู่ ๕ ต.ในเมือง",
    "ห้อง 412 ชั้น 4 ค่ะ",
    "เบอร์ 0812345678 ครับ",
    "my address is 45 moo 2, room 3",
]
NOT_BARE = [
    "บ้านเลขที่ 12 ไฟไหม้",
    "ห้อง 412 ช่วยด้วย",
    "อยู่คนเดียว ไม่มีใครดูแล",
    "my room 3, he is hitting me",
    "",
]


def words(text: str) -> list[str]:
    return extract(nlp.normalize(text)).words


@pytest.mark.parametrize("text", BARE)
def test_bare_answers_are_read_as_such_and_raise_no_alarm(text):
    assert is_bare_answer(words(text))
    t = nlp.classify(text)
    assert not t.emergency and t.labels == ["other"]


@pytest.mark.parametrize("text", NOT_BARE)
def test_a_problem_or_anything_else_is_not_a_bare_answer(text):
    assert not is_bare_answer(words(text))


def test_danger_rules_still_decide_for_an_address_with_a_plea():
    assert nlp.classify("ห้อง 412 ช่วยด้วย").emergency
    assert nlp.classify("บ้านเลขที่ 12 หมู่ 3 ผัวถือมีดจะฆ่าหนู").emergency
