"""Bare answers to the bot's questions: an address, a room, a phone number and nothing else.

GUIDELINES.md: a bare answer that states no problem is `other` and "never an emergency on its
own". The learned emergency score cannot see that: words such as บ้านเลขที่ and หมู่ occur in many
urgent third-party reports that give the address, so an address typed in answer to "where are
you?" scored near the threshold (and crossed it, once more such reports were added on
2026-11-25). For a bare answer only the danger rules decide, as for a sticker alone.

Read from the features' tokens: place names are already masked to one neutral word and long
numbers to "0" (features.py), so what is left of a bare answer is house numbers and the words
below.
"""

from __future__ import annotations

from nlp.places import PLACE_WORD

# Address, contact and politeness words, as newmm splits them (tested), Thai and English.
ANSWER_WORDS = frozenset(
    """
    บ้าน เลขที่ บ้านเลขที่ หมู่ หมู่ที่ ม. ซอย ซ. ถนน ถ. ตำบล ต. อำเภอ อ. จังหวัด จ. แขวง เขต
    ห้อง ชั้น อาคาร ตึก หอ หอพัก คอนโด แฟลต หมู่บ้าน ที่ อยู่ ที่อยู่ รหัส ไปรษณีย์ รหัสไปรษณีย์
    โทร เบอร์ เบอร์โทร เลข ค่ะ คะ ครับ คับ ฮะ จ้า จ้ะ นะ ค่า
    moo soi road rd village district province tambon amphoe room floor building no house number
    tel phone address is at in live my i street st apt apartment condo the
    """.split()
) | {PLACE_WORD}


def is_bare_answer(words: list[str]) -> bool:
    """True when every token is a number or an address, contact or politeness word."""
    return bool(words) and all(w.isdigit() or w in ANSWER_WORDS for w in words)
