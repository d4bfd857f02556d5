"""High-recall rules for danger to life or safety right now.

The learned emergency score generalises from examples; these rules are the safety net under it
for the messages that must never be missed, written from what crisis lines see rather than from
the training data: suicide in progress, a weapon or an assault happening now, someone
unconscious, not breathing or bleeding, a baby or a bedridden person left alone, fire or flood
with someone trapped. A rule firing makes the message an emergency whatever the model says,
because a false alarm costs a social worker a minute and a miss can cost a life.
"""

from __future__ import annotations

import re

from nlp.signals import DANGER_SIGNALS

# Score given to a message when a rule fires; above every threshold train.py may choose.
RULE_SCORE = 0.95

_W = ".{0,40}"  # words between two parts of a pattern (Thai has no spaces to count words by)

_RULES: dict[str, str] = {
    "suicide": (
        r"ฆ่าตัวตาย|ฆ่าตัวเอง|อยากตาย|อยากจะตาย|ไม่อยากอยู่แล้ว|ไม่อยากมีชีวิต|จบชีวิต|ปลิดชีพ"
        r"|ลาโลก|ผูกคอ|แขวนคอ|กรีดข้อมือ|กรีดแขน|ยาฆ่าแมลง|ยาฆ่าหญ้า|ยาเบื่อหนู|กินยา.{0,12}"
        r"(?:หมด|เกิน|ทั้งแผง|แผง|ขวด|กำมือ|เยอะ|ไปหลายเม็ด)|กระโดด.{0,12}(?:ตึก|สะพาน|น้ำ|ระเบียง|ชั้น)"
        r"|ลาก่อน|เขียนจดหมายลา|ไม่อยากหายใจ|(?<![a-z])(?:kill(?:ing)? myself|suicid|end my life"
        r"|(?:want|wanna|going) to die|overdos|cut(?:ting)? myself|hang myself|jump off)"
    ),
    "weapon": (
        r"(?:มีด|ปืน|ขวาน|พร้า|ไม้หน้าสาม|ระเบิด|กรรไกร|ขวดแก้ว)" + _W
        + r"(?:จ่อ|ไล่|ขู่|ฆ่า|แทง|ฟัน|ยิง|ทำร้าย|ตี|ฟาด|บ้าน|ห้อง|ลูก|แม่|เมีย|หนู|ผม|ฉัน)"
        r"|(?:จ่อ|ไล่|ขู่|จะ|ถือ|พก|เอา|ชัก|ควง)" + ".{0,12}" + r"(?:มีด|ปืน|ขวาน|พร้า)"
        r"|ขู่ฆ่า|จะฆ่า|ฆ่าให้ตาย|ถูกยิง|โดนยิง|ถูกแทง|โดนแทง|ยิงกัน|แทงกัน|ราดน้ำมัน|จุดไฟเผา"
        r"|(?<![a-z])(?:knife|gun|stabb?|shot|shoot|kill (?:me|her|him|us|you|my))"
    ),
    "assault_now": (
        r"กำลัง.{0,8}(?:ตี|ทำร้าย|ทุบ|ต่อย|ซ้อม|เตะ|กระทืบ|บีบคอ|ข่มขืน|ลาก|ฉุด|พังประตู)"
        r"|บีบคอ|รัดคอ|กระทืบ|พังประตู|ทุบประตู|ลักพาตัว|ฉุด.{0,10}(?:ขึ้นรถ|ไป)|ข่มขืน"
        r"|(?:ถูก|โดน|เขา|มัน)?(?:ขัง|กักขัง|ล่ามโซ่|มัดมือ|มัดไว้)"
        r"|ซ่อน(?:ตัว)?อยู่|แอบอยู่ใน|หนีออกมา.{0,30}(?:ตาม|หา)|ตามมา(?:ถึง|หา)"
        r"|(?<![a-z])(?:hitting me|beating me|is hitting|is beating|choking|raping|raped"
        r"|locked (?:me|in|up)|kidnap|hiding from|he will kill|going to kill)"
    ),
    "medical": (
        r"หมดสติ|ไม่รู้สึกตัว|ไม่ได้สติ|(?:ปลุก|เรียก|เขย่า)(?:ไม่|บ่)(?:ตื่น|ขาน|ตอบ)|ไม่ตอบสนอง"
        r"|ไม่ขยับ|นอนนิ่ง|สลบ|หมดลมหายใจ|ไม่มีชีพจร|ตัวเย็น|ตัวเขียว|ปากเขียว|ปากซีด|หายใจ(?:ไม่|บ่)(?:ค่อย)?ออก|ไม่หายใจ"
        r"|หายใจ(?:หอบ|แผ่ว|ลำบาก|ติดขัด|รวยริน)|เลือด(?:ออก|ไหล|ท่วม|อาบ)|ตกเลือด|อาเจียนเป็นเลือด"
        r"|(?<!ชัก)ชัก(?!ชวน|จะ|นำ|ว่าว|ช้า|ใบ|ธง|เย่อ)|เจ็บหน้าอก|ล้มฟาด|หัวแตก|คอหัก|กระดูกหัก"
        r"|น้ำเดิน|(?:จะ|กำลัง)คลอด|คลอด(?:ลูก)?เอง|แท้ง|ไข้ขึ้นสูง|ไข้สูง|ช็อก|ชักเกร็ง|ตัวร้อนจัด"
        r"|กลิ่นเหม็น.{0,20}(?:ไม่ออก|ไม่ตอบ|ไม่ขาน|เรียก)|(?:ไม่|บ่)(?:ได้)?กิน(?:ข้าว|อะไร|น้ำ).{0,12}(?:สอง|สาม|สี่|ห้า|[2-9]|หลาย)\s*(?:วัน|มื้อ)"
        r"|(?<![a-z])(?:unconscious|not breathing|can'?t breathe|bleeding|seizure|collapsed"
        r"|overdose|passed out)"
    ),
    "left_alone": (
        r"(?:ทารก|เด็กเล็ก|เด็กอ่อน|ลูกอ่อน|ลูกเล็ก|เด็กอายุ.{0,8}(?:ขวบ|เดือน)|[0-9]+\s*(?:ขวบ|เดือน)"
        r"|ติดเตียง|อัมพาต|พิการ|ผู้สูงอายุ|ยาย|คุณตา|ตายาย|ลุง|คุณป้า)"
        + _W + r"(?:คนเดียว|ผู้เดียว|ทิ้งไว้|ถูกทิ้ง|ไม่มีผู้ใหญ่|ไม่มีใครดูแล|ล็อก|ขังไว้|ติดอยู่|ออกมาไม่ได้"
        r"|ลุกไม่ได้|ลุกบ่ได้|ล้ม|ไม่มีใครป้อน)"
        r"|(?:ทิ้ง|ถูกทิ้ง|วาง)(?:ไว้)?.{0,30}(?:ทารก|เด็กเล็ก|เด็กอ่อน|ลูกอ่อน)"
        r"|(?:ทารก|เด็ก).{0,20}(?:ถังขยะ|ข้างถนน|ในรถ|ระเบียง)"
        r"|(?<![a-z])(?:(?:baby|toddler|child|kid)s? (?:left )?alone|left (?:the |a |my )?(?:baby|child|kid))"
    ),
    "hazard": (
        r"ไฟไหม้|ไฟลุก|จมน้ำ|ตกน้ำ|ตึกถล่ม|ดินสไลด์|น้ำท่วม.{0,40}(?:ติด|ออกไม่ได้|ออกมาไม่ได้|ช่วย)"
        r"|ติดอยู่ใน(?:บ้าน|ห้อง|รถ|ตึก)|ในรถคนเดียว|ล็อกรถ"
        r"|(?<![a-z])(?:on fire|house fire|drowning|trapped)"
    ),
    "urgent_plea": (
        r"ช่วยด้วย(?:ค่ะ|ครับ|คะ)?\s*!|ช่วยด้วย.{0,10}ช่วยด้วย|ช่วยด่วน|ด่วนมาก|ด่วนที่สุด"
        r"|แจ้งเหตุด่วน|(?<![a-z])(?:sos|help me now|please help me now|call (?:the )?police)"
    ),
}

_COMPILED = tuple((name, re.compile(pattern)) for name, pattern in _RULES.items())


def imminent_danger(text: str, signals: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Names of the rules that fire on normalised text and its emoji/sticker signals."""
    fired = [name for name, pattern in _COMPILED if pattern.search(text)]
    sig = set(signals)
    if sig & {"weapon", "sos"}:
        fired.append("danger_signal")
    elif "poison" in sig and (sig & {"sad", "fear"} or "suicide" in fired):
        fired.append("danger_signal")
    elif "injury" in sig and sig & {"sad", "fear", "anger"}:
        fired.append("danger_signal")
    return fired


def rule_score(fired: list[str]) -> float:
    return RULE_SCORE if fired else 0.0


__all__ = ["DANGER_SIGNALS", "RULE_SCORE", "imminent_danger", "rule_score"]
