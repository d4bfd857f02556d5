"""Reading short answers: yes, no, skip, leave, a case number, a phone number, a choice.

People answer quick-reply questions by typing as often as by tapping, in Thai or English, with
polite particles, Thai digits and emoji. These helpers turn such text into a plain answer and
never guess: anything they do not recognise is None, and the dialogue treats it as more of the
story.
"""

from __future__ import annotations

import re
import unicodedata

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Polite endings and fillers that do not change the answer ("ใช่ค่ะ" == "ใช่").
_PARTICLES = re.compile(r"(?:ค่ะ|คะ|ครับ|คับ|ค่า|คร้าบ|จ้า|จ้ะ|จ๊ะ|นะ|น่ะ|ค่ะๆ|ค่ะค่ะ|เลย|ค่ะะ|ครับผม)+$")
_NOISE = re.compile(r"[\s.!?,;:'\"()\[\]~^*_\-–—…]+")

YES = frozenset({
    "ใช่", "ช่าย", "ถูก", "ถูกต้อง", "ยินยอม", "ตกลง", "โอเค", "ได้", "ค่ะ", "ครับ", "อือ", "อืม", "เออ",
    "ok", "okay", "yes", "y", "yeah", "yep", "sure", "agree", "iagree", "correct", "right",
})
NO = frozenset({
    "ไม่", "ไม่ใช่", "ไม่ยินยอม", "ไม่ตกลง", "ไม่ได้", "ไม่เอา", "ไม่ถูก", "ผิด", "ไม่ต้อง",
    "no", "n", "nope", "disagree", "idontagree", "wrong",
})
SKIP = frozenset({
    "ข้าม", "ผ่าน", "ไม่บอก", "ไม่อยากบอก", "ไม่สะดวกบอก", "ไม่สะดวก", "ไม่ทราบ", "ไม่รู้", "ไม่ต้องโทร",
    "skip", "pass", "next", "dontknow", "idontknow", "dontcall", "nocall",
})
LEAVE = frozenset({"ออก", "ออกก่อน", "leave", "exit", "/leave", "หยุด", "stop"})
SAFE_YES = frozenset({"ปลอดภัย", "ปลอดภัยคุยได้", "คุยได้", "safe", "yesitssafe", "itssafe"})
SAFE_NO = frozenset({"ไม่ปลอดภัย", "ไม่ค่อยปลอดภัย", "คุยไม่สะดวก", "notsafe", "notreally", "unsafe"})
GREETINGS = frozenset({
    "สวัสดี", "หวัดดี", "ดีจ้า", "ดีค่ะ", "ดีครับ", "สวัสดีค่ะ", "สวัสดีครับ", "ฮัลโหล", "hello", "hi",
    "hey", "goodmorning", "สอบถามหน่อย", "สอบถาม", "ขอความช่วยเหลือ", "ช่วยด้วย", "มีเรื่องปรึกษา",
    "มีเรื่องจะปรึกษา", "อยากปรึกษา", "help", "ขอคำปรึกษา", "ปรึกษา", "test", "ทดสอบ",
    # Fillers that carry nothing of the story either.
    "ขอบคุณ", "ขอบคุณมาก", "ขอบใจ", "thanks", "thankyou", "thx", "รับทราบ", "ok", "okay", "โอเค",
    "ค่ะ", "ครับ", "คะ", "อืม", "อือ", "จ้า",
})

CASE_NUMBER = re.compile(r"1300\s*-\s*(\d{4})\s*-\s*(\d{6,})")
STATUS_WORDS = ("ติดตามเรื่อง", "ติดตาม", "สถานะเรื่อง", "สถานะ", "เช็คเรื่อง", "เช็กเรื่อง", "status", "check")


def key(text: str | None) -> str:
    """The comparable core of a short answer: lower case, no spaces, punctuation or particles."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_THAI_DIGITS).lower().strip()
    # Emoji and symbols say nothing we can rely on.
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LNM")
    text = _NOISE.sub("", text)
    stripped = _PARTICLES.sub("", text)
    return stripped or text


def is_yes(text: str | None) -> bool:
    return key(text) in YES


def is_no(text: str | None) -> bool:
    return key(text) in NO


def is_skip(text: str | None) -> bool:
    return key(text) in SKIP


def is_leave(text: str | None) -> bool:
    return key(text) in LEAVE


def carries_story(text: str | None) -> bool:
    """False for a bare answer: digits ("2", "081..."), or a typed yes, no, skip or "safe to
    talk". The classifier's high-recall emergency threshold flags some of these ("ไม่ต้องโทร"
    alone looks like the covert "ไม่ต้องโทรกลับ เขาจะได้ยิน" it learned from), and a false alarm
    per answer would bury the real ones. "Not safe" is a story on purpose: it is the person
    telling us about their danger."""
    if not any(ch.isalpha() for ch in text or ""):
        return False
    k = key(text)
    return not (k in YES or k in NO or k in SKIP or k in SAFE_YES)


def is_greeting_only(text: str | None) -> bool:
    k = key(text)
    if not k:
        return True
    return k in GREETINGS or any(k == g + p for g in ("สวัสดี", "หวัดดี") for p in ("จ้า", "ค่ะ", "ครับ"))


def case_number(text: str | None) -> str | None:
    if not text:
        return None
    m = CASE_NUMBER.search(text.translate(_THAI_DIGITS))
    return f"1300-{m.group(1)}-{m.group(2)}" if m else None


def status_request(text: str | None) -> tuple[bool, str | None]:
    """(is this a status request, the case number if one was given)."""
    if not text:
        return False, None
    number = case_number(text)
    k = key(CASE_NUMBER.sub("", text.translate(_THAI_DIGITS)))
    if number and (not k or any(k.startswith(key(w)) for w in STATUS_WORDS)):
        return True, number
    if k in {key(w) for w in STATUS_WORDS}:
        return True, None
    return False, None


_PHONE = re.compile(r"(?<!\d)(?:\+?66|0)\d{8,9}(?!\d)")


def phone(text: str | None) -> str | None:
    """A Thai phone number in national form ('0812345678'), or None."""
    if not text:
        return None
    digits = re.sub(r"[\s\-().]", "", text.translate(_THAI_DIGITS))
    m = _PHONE.search(digits)
    if not m:
        return None
    raw = m.group(0)
    if raw.startswith("+66"):
        raw = "0" + raw[3:]
    elif raw.startswith("66"):
        raw = "0" + raw[2:]
    if len(raw) not in (9, 10) or raw[1] == "0":
        return None
    return raw


def choice_number(text: str | None, count: int) -> int | None:
    """'2', '๒', 'ข้อ 2' or 'ที่ 2' picks the second of `count` options (1-based)."""
    k = key(text)
    m = re.fullmatch(r"(?:ข้อ|ที่|อันที่|เบอร์|no|number|option)?(\d{1,2})", k)
    if not m:
        return None
    n = int(m.group(1))
    return n if 1 <= n <= count else None
