import json
import random

import pytest

import nlp

ODD_INPUTS = [
    "",
    " ",
    "\n\n\t",
    "\u200b\u200c\u200d\ufeff",
    "😭😭😭",
    "🙏🏻🙏🏻",
    "ก" * 5000,
    "ช่วยด้วย " * 700,
    "\ud800\udfff lone surrogates \udc00",
    "混合 テキスト ภาษาไทย English ကူညီ ជួយ ຊ່ວຍ",
    "\x00\x01\x02 control",
    "<script>alert(1)</script>",
    "0" * 300,
    "๑๒๓๔๕๖๗๘๙๐" * 30,
    "ุุุุ่่่่้้้้",  # marks with no base letter
    "a" * 10000,
    None,
    12345,
]


@pytest.mark.parametrize("text", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_classify_never_raises_and_returns_valid_triage(text):
    t = nlp.classify(text)
    assert isinstance(t, nlp.Triage)
    assert t.labels and all(label in nlp.LABELS for label in t.labels)
    assert set(t.scores) == set(nlp.LABELS)
    assert all(0.0 <= p <= 1.0 for p in t.scores.values())
    assert 0.0 <= t.emergency_score <= 1.0
    assert t.language in ("th", "en", "my", "km", "lo", "unknown")
    assert t.model_version
    json.dumps(t.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("text", ["", " ", "\u200b\u200b", "😊", "👍"])
def test_empty_or_friendly_input_is_other_and_not_emergency(text):
    t = nlp.classify(text)
    assert t.labels == ["other"]
    assert not t.emergency


def test_danger_emoji_alone_is_an_emergency():
    assert nlp.classify("🔪🔪").emergency
    assert nlp.classify("🆘").emergency


def test_sticker_keywords_are_signals():
    calm = nlp.classify("", sticker_keywords=["happy", "thanks"])
    alarm = nlp.classify("", sticker_keywords=["Help", "SOS"])
    assert not calm.emergency
    assert alarm.emergency
    assert alarm.emergency_score > calm.emergency_score


def test_odd_sticker_keywords_do_not_raise():
    for kw in [[None, 5, "cry"], "cry", [""], []]:
        assert isinstance(nlp.classify("ช่วยด้วย", sticker_keywords=kw), nlp.Triage)


def test_random_unicode_never_raises():
    rng = random.Random(1300)
    for _ in range(200):
        text = "".join(chr(rng.randrange(0x20, 0x2FFFF)) for _ in range(rng.randrange(0, 80)))
        t = nlp.classify(text)
        assert t.labels


def test_batch_matches_one_by_one():
    texts = ["ไม่มีเงินซื้อข้าว ลูกหิวมาก", "ผัวถือมีดไล่ฟัน ช่วยด้วย", "", "สอบถามเบี้ยผู้สูงอายุค่ะ",
             "คืนนี้ไม่มีที่นอน", "🔪", "อยากตาย", "help me please", "ยายติดเตียงอยู่คนเดียว"]
    one = [nlp.classify(t).to_dict() for t in texts]
    many = [t.to_dict() for t in nlp.default_classifier().classify_many(texts)]
    assert one == many


def test_danger_at_the_end_of_a_very_long_message_is_seen():
    long = "เล่าเรื่องทั่วไปเกี่ยวกับชีวิตประจำวันค่ะ " * 150 + " ตอนนี้ผัวถือมีดจะฆ่าหนู"
    assert len(long) > 5000
    assert nlp.classify(long).emergency
