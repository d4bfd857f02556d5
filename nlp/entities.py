"""Phones, Thai national ID numbers, age and who is affected, read from a message.

Read from `clean()` text (digits unified, nothing collapsed), so 0855555555 stays whole.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from nlp._anchored import AnyOf
from nlp._regex import HAS_DIGIT
from nlp.normalize import normalize_cleaned
from nlp.places import Place, find_places_normalized

AFFECTED = ("self", "child", "woman", "elderly", "disabled", "other")


@dataclass(frozen=True, slots=True)
class Entities:
    phones: list[str] = field(default_factory=list)
    national_ids: list[str] = field(default_factory=list)
    age: int | None = None
    affected: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["places"] = [p.to_dict() for p in self.places]
        return d


# ---- phone numbers ----
# Mobile 0[6-9]x-xxx-xxxx (10 digits), landline 0[2-7]x-xxx-xxx (9 digits), with +66/66 instead
# of the leading 0, and any of space, dash or dot between groups.
_PHONE = re.compile(
    r"(?<![0-9])(?:\+?66[\s.\-]?\(?0?\)?|0)([2-9](?:[\s.\-]?[0-9]){7,8})(?![0-9]|[\s.\-][0-9]{2})"
)
_SEP = re.compile(r"[\s.\-()]")


def find_phones(text: str) -> list[str]:
    """Thai phone numbers in national form ('0812345678'), in order, without repeats."""
    found: list[str] = []
    # _PHONE starts with a lookbehind, so `re` tries it at every position; most messages have
    # no digit at all, and looking for one is a quick scan (the same for _ID).
    if not HAS_DIGIT.search(text):
        return found
    for m in _PHONE.finditer(text):
        digits = "0" + _SEP.sub("", m.group(1))
        mobile = digits[1] in "689"
        if (mobile and len(digits) != 10) or (not mobile and len(digits) != 9):
            continue
        if digits not in found:
            found.append(digits)
    return found


# ---- national ID numbers ----
_ID = re.compile(r"(?<![0-9])([1-8](?:[\s\-]?[0-9]){12})(?![0-9])")


def valid_national_id(digits: str) -> bool:
    """Thai 13-digit ID checksum: weights 13..2 on the first 12 digits, mod 11."""
    if len(digits) != 13 or not digits.isdigit() or digits[0] in "09":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:12], range(13, 1, -1), strict=True))
    return (11 - total % 11) % 10 == int(digits[12])


def find_national_ids(text: str) -> list[str]:
    found: list[str] = []
    if not HAS_DIGIT.search(text):
        return found
    for m in _ID.finditer(text):
        digits = _SEP.sub("", m.group(1))
        if valid_national_id(digits) and digits not in found:
            found.append(digits)
    return found


# ---- age ----
_THAI_NUMBER_WORDS = {
    "หนึ่ง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7,
    "แปด": 8, "เก้า": 9, "สิบ": 10,
}
_NUMBER_WORD = "(?:" + "|".join(sorted(_THAI_NUMBER_WORDS, key=len, reverse=True)) + r"|ร้อย)+"
_AGE = re.compile(
    r"อายุ\s*(?:ประมาณ|ราว|ราวๆ|ประมาณๆ|แค่|เพียง|ได้)?\s*(?P<a>[0-9]{1,3}|" + _NUMBER_WORD + ")"
    r"|(?P<b>[0-9]{1,3}|" + _NUMBER_WORD + r")\s*(?:ขวบ|ปี(?:แล้ว)?\s*(?:ค่ะ|ครับ|คะ)?(?=\s|$|[,.]|แล้ว)|yo\b|y/o|years? old)"
    r"|(?<![a-z])age[d:]?\s*(?P<c>[0-9]{1,3})"
    # "a 15-year-old", "I'm 17", "I am 16 and ...": how English chat gives an age.
    r"|(?P<d>[0-9]{1,3})\s*-\s*years?\s*-\s*old"
    r"|(?<![a-z])(?:i'?m|i am)\s+(?P<e>[0-9]{1,2})(?=\s*(?:$|[,.!?]|and\b|y/?o\b|years?\b))",
)


_NUMBER_PART = re.compile(r"หนึ่ง|เอ็ด|สอง|ยี่|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ร้อย")


def _thai_words_to_int(words: str) -> int | None:
    if words.isdigit():
        return int(words)
    total, current = 0, 0
    for m in _NUMBER_PART.finditer(words):
        w = m.group()
        if w == "ร้อย":
            total += max(current, 1) * 100
            current = 0
        elif w == "สิบ":
            current = max(current, 1) * 10
        else:
            current += _THAI_NUMBER_WORDS[w]
    total += current
    return total or None


# Every way _AGE can match holds one of these; most messages hold none, and `in` is far quicker
# than trying _AGE's number words at every position.
_AGE_WORDS = ("อายุ", "ขวบ", "ปี", "yo", "y/o", "year", "age", "i'm", "im ", "i am")


def find_age(text: str) -> int | None:
    """The first plausible age given in the text (0-120)."""
    if not any(w in text for w in _AGE_WORDS):
        return None
    for m in _AGE.finditer(text):
        raw = m.group("a") or m.group("b") or m.group("c") or m.group("d") or m.group("e")
        value = _thai_words_to_int(raw)
        if value is not None and 0 < value <= 120:
            return value
    return None


# ---- who is affected ----
_AFFECTED_PATTERNS = {
    "child": r"เด็ก|ลูก(?!ค้า|จ้าง|หนี้|ชาย\s*(?:อายุ)?\s*[2-9][0-9])|หลาน|ทารก|นักเรียน|ขวบ|บุตร|เยาวชน"
    r"|(?<![a-z])(?:child|children|kid|kids|baby|babies|toddler|son|daughter|teen|student)(?![a-z])",
    "woman": r"ผู้หญิง|หญิง|เมีย|ภรรยา|ภริยา|แม่(?!น้ำ|ใหญ่|อุ้ย|ค้า)|พี่สาว|น้องสาว|ลูกสาว|ป้า(?!ย)|คุณน้า|สาว|ตั้งครรภ์|ท้อง(?!เสีย|ถิ่น|ฟ้า)|คนท้อง"
    r"|(?<![a-z])(?:woman|women|girl|wife|mother|mom|pregnant|sister|she|her)(?![a-z])",
    "elderly": r"ยาย|คุณตา|ตายาย|ปู่|คุณย่า|ปู่ย่า|ย่า(?=\s|อายุ|ป่วย)|ผู้สูงอายุ|คนแก่|คนชรา|ชรา|พ่อใหญ่|แม่ใหญ่|ป้อหลวง|แม่อุ้ย|พ่ออุ้ย|คุณลุง|ลุง|คุณป้า"
    r"|(?<![a-z])(?:elderly|grandma|grandmother|grandpa|grandfather|old (?:man|woman|lady))(?![a-z])",
    "disabled": r"พิการ|ติดเตียง|อัมพาต|อัมพฤกษ์|ตาบอด|หูหนวก|ใบ้|วีลแชร์|รถเข็น|ออทิสติก|ดาวน์ซินโดรม|สติปัญญา|จิตเวช|ขาขาด|แขนขาด"
    r"|(?<![a-z])(?:disabled|disability|wheelchair|blind|deaf|autistic|bedridden|paralyzed)(?![a-z])",
}
# The patterns find_affected() asks about, all answered by one pass (see _anchored.py).
_WHO: dict[str, str] = {
    # Words that show the sender reports about someone else, so a first-person word is the
    # reporter.
    "reporter": r"แจ้ง|เห็น|ได้ยิน|เจอ|พบ|ข้างบ้าน|ข้างห้อง|เพื่อนบ้าน|i saw|i heard|my neighbou?r",
    "about_me": r"(?:ฉัน|ผม|หนู|ดิฉัน|เรา|กู)(?:ถูก|โดน|เป็น|ป่วย|ท้อง|ไม่มี|อยาก|ตก|กำลัง|เจ็บ|ไม่ไหว|จะ)"
    r"|(?:ตี|ทำร้าย|ซ้อม|ขัง|ขู่|ไล่|ฟัน|แทง|ยิง|เตะ|ต่อย|ตบ|ด่า|ข่มขืน|บังคับ)(?:ฉัน|ผม|หนู|ดิฉัน|เรา|กู)"
    r"|ช่วย(?:ฉัน|ผม|หนู|ดิฉัน|เรา)|(?<![a-z])(?:help me|i am|i'm|i have|hit me|hits me)",
    "self": r"ฉัน|ดิฉัน|ผม|หนู(?!ๆ)|เรา|กู|ข้าพเจ้า|ตัวเอง|เค้า(?=เป็น)|ข้อย|เฮา|ข่อย|อั๋น|ฉาน"
    r"|(?<![a-z])(?:i|me|my|myself|i'm|im)(?![a-z])",
    **_AFFECTED_PATTERNS,
    "other": r"เพื่อนบ้าน|ข้างบ้าน|ข้างห้อง|บ้านข้างๆ|ห้องข้างๆ|เพื่อน|คนรู้จัก|ญาติ|คนงาน|แรงงาน|ผู้ชาย|ชาย(?!แดน|หาด|ทะเล)|คนไร้บ้าน|เขา|ผู้เช่า|ผู้ป่วย|คนไข้"
    r"|(?<![a-z])(?:neighbou?r|friend|he|him|someone|man|worker|they)(?![a-z])",
    # A woman writing about herself says so by her particles (ค่ะ, ดิฉัน), not by a noun.
    "female_speaker": r"ดิฉัน|ค่ะ|คะ|หนู",
}
_WHO_ANY_OF = AnyOf(list(_WHO.values()))


def find_affected(text: str, age: int | None = None) -> list[str]:
    """Who the message is about: self, child, woman, elderly, disabled, other (several may apply)."""
    found: list[str] = []
    hit = dict(zip(_WHO, _WHO_ANY_OF.matches(text)))
    reporter = hit["reporter"]
    is_self = hit["about_me"] or (hit["self"] and not reporter)
    if is_self:
        found.append("self")
    for key in ("child", "woman", "elderly", "disabled"):
        if hit[key]:
            found.append(key)
    if is_self and "woman" not in found and not reporter and hit["female_speaker"]:
        found.append("woman")
    if age is not None:
        if age < 18 and "child" not in found:
            found.append("child")
        if age >= 60 and "elderly" not in found:
            found.append("elderly")
    if not set(found) - {"self"} and hit["other"]:
        found.append("other")
    return found


def extract_entities(clean_text: str, norm_text: str | None = None) -> Entities:
    """Every entity in a message (`clean()` text; `normalize()` text for place names)."""
    norm = norm_text if norm_text is not None else normalize_cleaned(clean_text)
    age = find_age(norm)
    return Entities(
        phones=find_phones(clean_text),
        national_ids=find_national_ids(clean_text),
        age=age,
        affected=find_affected(norm, age),
        places=find_places_normalized(norm),
    )
