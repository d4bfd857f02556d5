import pytest

from nlp import normalize
from nlp.normalize import clean
from nlp.tokenize import tokenize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ค่าาาาา", "ค่า"),
        ("มากกกกกก", "มาก"),
        ("ขอบคุณค่ะะะะ", "ขอบคุณค่ะ"),
        ("55555555", "555"),
        ("ช่\u200bวย\u200dด้วย\ufeff", "ช่วยด้วย"),  # zero-width characters
        ("ท\u0e4d\u0e32งาน", "ทำงาน"),  # nikhahit + sara aa typed for sara am
        ("\u0e40\u0e40ม่", "แม่"),  # two sara e typed for sara ae
        ("ก\u0e48\u0e38", "ก\u0e38\u0e48"),  # tone mark before the vowel below
        ("กรรม ธรรมะ", "กรรม ธรรมะ"),  # a real double letter stays
        ("อายุ๑๓ปี", "อายุ 13 ปี"),  # Thai digits, space at script boundary
        ("HELP me", "help me"),
        ("h\u0435lp", "help"),  # Cyrillic е that looks Latin
        ("😭😭😭😭", "😭"),
        ("🙏🏻", "🙏"),  # skin tone dropped
        ("   หลาย    ช่องว่าง   ", "หลาย ช่องว่าง"),
        ("abc\ud800def", "abcdef"),  # lone surrogate
        ("ไปๆๆๆ มาๆ", "ไปๆ มาๆ"),
    ],
)
def test_normalize_cases(raw, expected):
    assert normalize(raw) == expected


def test_clean_keeps_numbers_whole():
    # Laughter folding must not touch phone numbers: entities are read from clean() text.
    assert clean("โทร ๐๘๕๕๕๕๕๕๕๕") == "โทร 0855555555"
    assert "0855555555" in normalize("โทร 0855555555")


def test_normalize_is_idempotent():
    for raw in ["ช่วยด้วยยยยย!!! 🔪🔪", "ผมอายุ๑๕ ถูกพ่อตีีี", "I'm sooooo scared"]:
        once = normalize(raw)
        assert normalize(once) == once


def test_tokenize_uses_newmm_words_and_drops_punctuation():
    assert tokenize(normalize("ยายข้างบ้านนอนติดเตียง!!")) == ["ยาย", "ข้าง", "บ้าน", "นอน", "ติด", "เตียง"]


def test_tokenize_missing_spaces_and_mixed_scripts():
    tokens = tokenize(normalize("โทรหาตำรวจdirectlyด่วน"))
    assert "directly" in tokens and "ด่วน" in tokens


def test_tokenize_gives_pythainlp_newmm_words():
    # nlpO3 runs newmm in Rust with pythainlp's dictionary: the words must be newmm's.
    from pythainlp.tokenize import word_tokenize

    for text in ["แม่เป็นสมองเสื่อมหนักพี่ชายที่อยู่ด้วยติดคุกไปตั้งแต่เดือนก่อน",
                 "ภรรยาเป็นซึมเศร้าหลังคลอดลูกคนที่สองผมไม่รู้จะทำยังไง",
                 "บ่มีเงินซื้อข้าวให้ลูกกินเลยเด้อ"]:
        assert tokenize(text) == word_tokenize(text, engine="newmm", keep_whitespace=False)


def test_tokenize_strips_glued_punctuation_but_keeps_dictionary_abbreviations():
    tokens = tokenize(normalize('แจ้ง ปชช. "รอ ต.ศิลา อ.เมือง รพ.สต. (อ'))
    assert "ปชช" in tokens and "รอ" in tokens and "อ" in tokens
    assert "ต." in tokens and "อ." in tokens
    assert not any(t[0] in '"(' or t == "ปชช." for t in tokens)


def test_tokenize_long_unbroken_thai_keeps_every_character():
    # Past pythainlp's newmm safe-mode limit, and nlpO3's safe mode cuts inside clusters
    # ("เป|็น"), so it is not used: every character must come back, in order.
    text = "แม่เป็นสมองเสื่อมหนัก" * 40 + "ก" * 700
    assert "".join(tokenize(text)) == text
    assert "เป็น" in tokenize(text)
