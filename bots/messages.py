"""Texts the channels layer itself sends. The dialogue's own texts live in intake/messages.py."""

from __future__ import annotations

ACKNOWLEDGEMENT = {
    "th": (
        "ได้รับข้อความของคุณแล้วนะคะ ขอบคุณที่ติดต่อมา เจ้าหน้าที่ศูนย์ช่วยเหลือสังคม 1300 "
        "จะอ่านและตอบกลับโดยเร็วที่สุดค่ะ\n"
        "หากมีอันตรายเร่งด่วน โทร 191 (ตำรวจ) หรือ 1669 (เจ็บป่วยฉุกเฉิน) ได้ทันทีค่ะ"
    ),
    "en": (
        "We have received your message, thank you for reaching out. A 1300 social assistance "
        "officer will read it and reply as soon as possible.\n"
        "If you are in immediate danger, call 191 (police) or 1669 (medical emergency) now."
    ),
}

WELCOME = {
    "th": (
        "สวัสดีค่ะ ที่นี่ศูนย์ช่วยเหลือสังคม สายด่วน 1300 พิมพ์เล่าเรื่องที่อยากให้ช่วยได้เลยนะคะ "
        "เราพร้อมรับฟังตลอด 24 ชั่วโมงค่ะ"
    ),
    "en": (
        "Hello, this is the 1300 social assistance centre. Tell us what you need help with; "
        "we are here 24 hours a day."
    ),
}

# Shown on channels that cannot attach a "share location" button (Messenger).
SHARE_LOCATION_HINT = {
    "th": "พิมพ์ชื่อตำบล อำเภอ จังหวัด หรือจุดสังเกตใกล้ ๆ ได้เลยค่ะ",
    "en": "Please type your sub-district, district and province, or a nearby landmark.",
}

SHARE_LOCATION_LABEL = {"th": "ส่งตำแหน่งที่อยู่", "en": "Share location"}
WEB_CHAT_TITLE = "แชตกับศูนย์ช่วยเหลือสังคม 1300"


def pick(texts: dict[str, str], language: str | None) -> str:
    return texts.get(language or "th") or texts["th"]
