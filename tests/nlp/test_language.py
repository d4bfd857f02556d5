import pytest

from nlp import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("สวัสดีค่ะ ขอความช่วยเหลือหน่อย", "th"),
        ("ช่วยด้วย my husband hit me", "th"),  # Thai chat full of English stays Thai
        ("Please help me, my husband hits me", "en"),
        ("ကျေးဇူးပြု၍ ကူညီပါ", "my"),
        ("សូមជួយខ្ញុំផង", "km"),
        ("ຊ່ວຍແດ່ ຂ້ອຍບໍ່ມີເງິນ", "lo"),
        ("Xin hãy giúp tôi với", "unknown"),  # Vietnamese: Latin with many diacritics
        ("", "unknown"),
        ("😭😭🙏", "unknown"),
        ("0812345678", "unknown"),
        ("Помогите", "unknown"),  # Cyrillic is not one we serve
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_detect_language_never_raises_on_non_strings():
    assert detect_language(None) == "unknown"
    assert detect_language(12345) == "unknown"
