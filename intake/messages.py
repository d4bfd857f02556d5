"""Every sentence the intake bot can say, in one reviewed place.

The bot never composes advice: it picks one of these texts and fills in numbers, names and
dates. Thai first, English for people who write in English, and one fixed text each in Burmese,
Khmer and Lao (the case is then tagged for an interpreter; a person takes over from there).

Discretion: a person reporting violence may have the phone checked, and a lock-screen
notification shows the first line of a message. So every first line here is neutral (no word
from ALARMING_WORDS; tests check it), and the subject matter only appears further down.

Numbers: 1300 (social assistance hotline, free, 24 hours), 191 (police), 1669 (emergency
medical), 1323 (mental health hotline). HOTLINE_INTERNATIONAL is None on purpose: nobody on the
project could confirm the hotline's number for callers outside Thailand, and a wrong number in
a crisis is worse than none. Set it only from the ministry's own published figure.
"""

from __future__ import annotations

from collections.abc import Iterable

from bots.events import CaseCard, OutgoingMessage, QuickReply

HOTLINE = "1300"
POLICE = "191"
MEDICAL = "1669"
MENTAL_HEALTH = "1323"
# Unconfirmed: see the module docstring. When set (e.g. "+66 2 xxx xxxx"), the Burmese, Khmer
# and Lao texts mention it.
HOTLINE_INTERNATIONAL: str | None = None
# How long a case's messages are kept after it closes. Must match the ministry's retention
# policy (the data protection officer confirms it); shown to every person asked for consent.
RETENTION_YEARS = 5

# Words that must not appear in the first line of any message (lock-screen previews).
ALARMING_WORDS = (
    "ความรุนแรง", "ทำร้าย", "ทุบตี", "ข่มขืน", "ล่วงละเมิด", "ฆ่า", "ฆ่าตัวตาย", "ค้ามนุษย์",
    "ตำรวจ", "ฉุกเฉิน", "อันตราย", "แจ้งความ", "ทารุณ", "ยาเสพติด",
    "violence", "violent", "abuse", "rape", "assault", "suicide", "kill", "police", "emergency",
    "danger", "trafficking",
)

LANGS = ("th", "en")
INTERPRETER_LANGS = ("my", "km", "lo")


def _pick(lang: str, th: str, en: str) -> str:
    return en if lang == "en" else th


def qr(label: str, payload: str) -> QuickReply:
    return QuickReply(label=label[:20], payload=payload)


# -- short labels -------------------------------------------------------------------------

CATEGORY_SHORT = {
    # Quick-reply buttons hold 20 characters; the full names are longer.
    "violence": ("ความรุนแรง", "Violence/abuse"),
    "trafficking": ("ค้ามนุษย์/ถูกบังคับ", "Trafficking"),
    "child_labor": ("แรงงานเด็ก", "Child labour"),
    "pregnancy": ("ตั้งครรภ์ไม่พร้อม", "Pregnancy"),
    "poverty": ("ยากจน/ไม่มีรายได้", "Money/hardship"),
    "homeless": ("ไร้ที่พึ่ง/ไร้บ้าน", "Homelessness"),
    "neglect": ("ถูกทอดทิ้ง", "Neglect"),
    "benefits": ("สิทธิ/สวัสดิการ", "Benefits"),
    "mental_health": ("สุขภาพจิต", "Mental health"),
    "other": ("เรื่องอื่น ๆ", "Something else"),
}

CASE_STATUS_CITIZEN = {
    "new": ("รอเจ้าหน้าที่รับเรื่อง", "waiting for a social worker"),
    "assigned": ("มีเจ้าหน้าที่รับเรื่องแล้ว", "a social worker has your case"),
    "in_progress": ("เจ้าหน้าที่กำลังช่วยเหลือ", "a social worker is working on it"),
    "referred": ("ส่งต่อหน่วยงานที่ดูแลโดยตรงแล้ว", "passed to the agency that can help directly"),
    "follow_up": ("อยู่ระหว่างติดตามผล", "being followed up"),
    "closed": ("ปิดเรื่องแล้ว", "closed"),
}

WHO_CHOICES = (
    # payload value, Thai, English
    ("self", "ตัวฉันเอง", "Me"),
    ("child", "เด็ก", "A child"),
    ("elderly", "ผู้สูงอายุ", "An older person"),
    ("disabled", "คนพิการ", "A disabled person"),
    ("other", "คนอื่น", "Someone else"),
)


def category_label(key: str, lang: str, fallback: str | None = None) -> str:
    short = CATEGORY_SHORT.get(key)
    if short:
        return short[1] if lang == "en" else short[0]
    return (fallback or key)[:20]


def who_label(value: str, lang: str) -> str:
    for key, th, en in WHO_CHOICES:
        if key == value:
            return _pick(lang, th, en)
    return value


def _skip(lang: str, payload: str) -> QuickReply:
    return qr(_pick(lang, "ข้าม", "Skip"), payload)


def _leave(lang: str) -> QuickReply:
    return qr(_pick(lang, "ออก", "Leave"), "leave")


# -- first contact and consent ------------------------------------------------------------

def greeting(lang: str) -> OutgoingMessage:
    return OutgoingMessage(text=_pick(
        lang,
        "สวัสดีค่ะ ที่นี่ศูนย์ช่วยเหลือสังคม สายด่วน 1300\n"
        "ตอนนี้ระบบตอบอัตโนมัติช่วยรับเรื่องก่อน แล้วนักสังคมสงเคราะห์จะมาคุยต่อในแชทนี้ค่ะ",
        "Hello, this is the 1300 Social Assistance Center.\n"
        "An automatic assistant takes your details first; then a social worker continues in this chat.",
    ))


def consent_request(lang: str) -> OutgoingMessage:
    return OutgoingMessage(
        text=_pick(
            lang,
            "ก่อนเล่าเรื่อง ขออนุญาตเก็บข้อมูลนะคะ\n"
            "• เก็บอะไร: ข้อความ รูป ตำแหน่ง และเบอร์โทรที่คุณส่งมาในแชทนี้\n"
            "• เพื่ออะไร: ให้เจ้าหน้าที่ช่วยเหลือและติดตามเรื่องของคุณเท่านั้น\n"
            f"• นานเท่าไร: ตลอดที่ดูแลเรื่อง และอีกไม่เกิน {RETENTION_YEARS} ปีหลังปิดเรื่อง แล้วลบทิ้ง\n"
            "คุณขอดู ขอแก้ หรือขอลบข้อมูลได้ทุกเมื่อ\n"
            "ยินยอมให้เก็บข้อมูลไหมคะ",
            "Before you tell us more, may we keep your information?\n"
            "• What: the messages, photos, location and phone number you send in this chat\n"
            "• Why: only so our staff can help you and follow your case\n"
            f"• How long: while we handle your case and up to {RETENTION_YEARS} years after it closes, "
            "then deleted\n"
            "You can ask to see, correct or delete it at any time.\n"
            "Do you agree?",
        ),
        quick_replies=[qr(_pick(lang, "ยินยอม", "I agree"), "consent:yes"),
                       qr(_pick(lang, "ไม่ยินยอม", "I don't agree"), "consent:no")],
    )


def consent_reminder(lang: str) -> OutgoingMessage:
    return OutgoingMessage(
        text=_pick(
            lang,
            "ได้รับข้อความแล้วค่ะ\n"
            "ขอคำตอบเรื่องการเก็บข้อมูลก่อนนะคะ ข้อความที่พิมพ์มาจะยังไม่ถูกบันทึกจนกว่าคุณจะตอบ",
            "Got your message.\n"
            "Please answer the question about keeping your information first; "
            "nothing you wrote is saved until you do.",
        ),
        quick_replies=[qr(_pick(lang, "ยินยอม", "I agree"), "consent:yes"),
                       qr(_pick(lang, "ไม่ยินยอม", "I don't agree"), "consent:no")],
    )


def consent_refused(lang: str) -> OutgoingMessage:
    # What we keep after a refusal: the chat account id and the answer "refused", nothing the
    # person wrote; so the next visit asks again instead of silently storing.
    return OutgoingMessage(text=_pick(
        lang,
        "เข้าใจค่ะ เราจะไม่เก็บข้อความของคุณ\n"
        "ถ้าต้องการความช่วยเหลือ โทรสายด่วน 1300 ได้ฟรี ตลอด 24 ชั่วโมง\n"
        "ถ้ามีเหตุด่วน: ตำรวจ 191 • เจ็บป่วยฉุกเฉิน 1669 • สุขภาพจิต 1323\n"
        "เราเก็บไว้เพียงรหัสบัญชีแชทนี้กับคำตอบว่าไม่ยินยอม ถ้าเปลี่ยนใจ พิมพ์มาใหม่ได้ทุกเมื่อค่ะ",
        "Understood. We will not keep your messages.\n"
        "For help, call the 1300 hotline, free, 24 hours a day.\n"
        "Urgent: police 191 • medical emergency 1669 • mental health 1323\n"
        "We keep only this chat account's id and your answer. If you change your mind, just write again.",
    ))


def ask_safe(lang: str) -> OutgoingMessage:
    return OutgoingMessage(
        text=_pick(
            lang,
            "ขอบคุณค่ะ\n"
            "ก่อนอื่น ตอนนี้คุณคุยตรงนี้ได้สะดวกและปลอดภัยไหมคะ\n"
            "ถ้ามีคนอื่นเห็นหน้าจอ หรือต้องหยุดกะทันหัน พิมพ์ \"ออก\" ได้ทุกเมื่อ "
            "ระบบจะเงียบจนกว่าคุณจะพิมพ์มาอีกครั้ง",
            "Thank you.\n"
            "First: is it safe for you to talk here right now?\n"
            "If someone may see your screen or you need to stop suddenly, type \"leave\" at any time; "
            "we will stay silent until you write again.",
        ),
        quick_replies=[qr(_pick(lang, "ปลอดภัย คุยได้", "Yes, it's safe"), "safe:yes"),
                       qr(_pick(lang, "ไม่ค่อยปลอดภัย", "Not really"), "safe:no"),
                       _leave(lang)],
    )


def safe_no(lang: str) -> OutgoingMessage:
    return OutgoingMessage(text=_pick(
        lang,
        "เข้าใจค่ะ\n"
        "เราจะไม่ทักไปหาคุณก่อน จะตอบเฉพาะตอนที่คุณพิมพ์มา และส่งแบบไม่มีเสียงแจ้งเตือนเท่าที่ทำได้\n"
        "ถ้ามีเหตุด่วน โทร 191 ได้ทันที",
        "Understood.\n"
        "We will not message you first; we only answer when you write, without notification sounds "
        "where possible.\n"
        "If it is urgent, call 191 right away.",
    ))


def welcome_back(lang: str) -> OutgoingMessage:
    return OutgoingMessage(text=_pick(
        lang,
        "สวัสดีค่ะ ที่นี่ศูนย์ช่วยเหลือสังคม สายด่วน 1300 ยินดีที่คุณทักมาอีกครั้งค่ะ",
        "Hello again, this is the 1300 Social Assistance Center.",
    ))


# -- describing the problem ---------------------------------------------------------------

def ask_describe(lang: str) -> OutgoingMessage:
    return OutgoingMessage(
        text=_pick(
            lang,
            "เล่าให้ฟังได้เลยค่ะ ว่าเกิดอะไรขึ้น กับใคร\nพิมพ์สั้น ๆ หลายข้อความก็ได้",
            "Please tell us what happened and who it happened to.\nSeveral short messages are fine.",
        ),
        quick_replies=[qr(_pick(lang, "เลือกหัวข้อแทน", "Pick a topic instead"), "skip:describe"), _leave(lang)],
    )


def media_received(lang: str) -> OutgoingMessage:
    return OutgoingMessage(text=_pick(
        lang,
        "ได้รับไฟล์แล้วค่ะ\nช่วยเล่าเป็นข้อความสั้น ๆ ด้วยได้ไหมคะ ว่าเกิดอะไรขึ้น",
        "Got your file.\nCould you also tell us in a few words what happened?",
    ))


def ask_category(lang: str, suggested: str, suggested_name: str, alternatives: Iterable[tuple[str, str]]) -> OutgoingMessage:
    replies = [qr(_pick(lang, "ใช่", "Yes"), "cat:confirm")]
    for key, name in alternatives:
        replies.append(qr(category_label(key, lang, name), f"cat:{key}"))
    replies.append(qr(_pick(lang, "ไม่ใช่ เรื่องอื่น", "No, something else"), "cat:list"))
    return OutgoingMessage(
        text=_pick(
            lang,
            f"ขอบคุณที่เล่าให้ฟังค่ะ\nขอทวนนะคะ เรื่องนี้เกี่ยวกับ \"{suggested_name}\" ใช่ไหมคะ",
            f"Thank you for telling us.\nTo check: is this about \"{suggested_name}\"?",
        ),
        quick_replies=replies,
    )


def ask_category_list(lang: str, categories: Iterable[tuple[str, str]]) -> OutgoingMessage:
    replies = [qr(category_label(key, lang, name), f"cat:{key}") for key, name in categories][:12]
    replies.append(_skip(lang, "skip:cat"))
    return OutgoingMessage(
        text=_pick(lang, "ได้ค่ะ\nเลือกเรื่องที่ใกล้เคียงที่สุดได้เลยค่ะ",
                   "All right.\nPlease choose the closest topic."),
        quick_replies=replies,
    )


# -- where, phone, who --------------------------------------------------------------------

def ask_place(lang: str, *, urgent: bool = False) -> OutgoingMessage:
    if urgent:
        text = _pick(
            lang,
            "เราแจ้งเจ้าหน้าที่ให้รีบดูเรื่องของคุณแล้วค่ะ\n"
            "ถ้าบอกได้ ตอนนี้อยู่ที่ไหนคะ พิมพ์ตำบล อำเภอ จังหวัด หรือกดส่งตำแหน่ง",
            "We have asked our staff to look at this right away.\n"
            "If you can, tell us where you are now: sub-district, district, province, or share your location.",
        )
    else:
        text = _pick(
            lang,
            "อยู่ที่ไหนคะ\nพิมพ์ชื่อตำบล อำเภอ หรือจังหวัด หรือกดส่งตำแหน่ง "
            "เพื่อส่งเรื่องถึงศูนย์ที่ใกล้ที่สุด (ไม่บอกก็ได้ค่ะ)",
            "Where is this?\nType the sub-district, district or province, or share your location, "
            "so the nearest centre gets your case (you may skip this).",
        )
    return OutgoingMessage(text=text, ask_location=True, quick_replies=[_skip(lang, "skip:place")])


def place_not_found(lang: str) -> OutgoingMessage:
    return OutgoingMessage(
        text=_pick(
            lang,
            "ขอบคุณค่ะ\nยังหาไม่เจอว่าอยู่ตำบลหรืออำเภอไหน ลองพิมพ์ชื่ออำเภอหรือจังหวัดอีกครั้งได้ไหมคะ "
            "หรือกดข้ามก็ได้",
            "Thank you.\nWe could not tell which district that is. Could you type the district or "
            "province again? You may also skip.",
        ),
        ask_location=True,
        quick_replies=[_skip(lang, "skip:place")],
    )


def ask_place_choice(lang: str, candidates: list[tuple[str, str, str]]) -> OutgoingMessage:
    """`candidates`: (payload, full label, short label) triples, at most five."""
    lines = [f"{i}. {label}" for i, (_, label, _) in enumerate(candidates, 1)]
    replies = [qr(f"{i}. {short}", payload) for i, (payload, _, short) in enumerate(candidates, 1)]
    replies.append(_skip(lang, "skip:place"))
    return OutgoingMessage(
        text=_pick(lang, "ชื่อนี้มีหลายที่ค่ะ หมายถึงที่ไหนคะ\n", "That name fits several places. Which one?\n")
        + "\n".join(lines),
        quick_replies=replies,
    )


def ask_phone(lang: str, offered: list[str]) -> OutgoingMessage:
    replies = [qr(_pick(lang, f"โทร {p}", f"Call {p}"), f"phone:{p}") for p in offered[:2]]
    replies.append(qr(_pick(lang, "ไม่ต้องโทร", "Don't call"), "skip:phone"))
    return OutgoingMessage(
        text=_pick(
            lang,
            "ถ้าสะดวกให้เจ้าหน้าที่โทรกลับ ฝากเบอร์โทรไว้ได้ค่ะ (ไม่บังคับ)\n"
            "ถ้าโทรไปแล้วอาจไม่ปลอดภัย กด \"ไม่ต้องโทร\" ได้เลย เจ้าหน้าที่จะตอบในแชทนี้แทน",
            "If you would like a call back, leave a phone number (optional).\n"
            "If a call might not be safe, tap \"Don't call\"; we will answer in this chat instead.",
        ),
        quick_replies=replies,
    )


def phone_invalid(lang: str) -> OutgoingMessage:
    return OutgoingMessage(
        text=_pick(
            lang,
            "ขอบคุณค่ะ\nเบอร์นี้ดูไม่ครบ ขอเบอร์ 9-10 หลัก เช่น 08x xxx xxxx หรือกด \"ไม่ต้องโทร\"",
            "Thank you.\nThat number looks incomplete: 9 or 10 digits, like 08x xxx xxxx, or tap \"Don't call\".",
        ),
        quick_replies=[qr(_pick(lang, "ไม่ต้องโทร", "Don't call"), "skip:phone")],
    )


def ask_who(lang: str) -> OutgoingMessage:
    replies = [qr(_pick(lang, th, en), f"who:{key}") for key, th, en in WHO_CHOICES]
    replies.append(_skip(lang, "skip:who"))
    return OutgoingMessage(
        text=_pick(lang, "อีกข้อเดียวค่ะ\nเรื่องนี้เกิดกับใครคะ", "One last question.\nWho is this about?"),
        quick_replies=replies,
    )


# -- the case ------------------------------------------------------------------------------

def duration_text(minutes: int, lang: str) -> str:
    if minutes < 60:
        return _pick(lang, f"{minutes} นาที", f"{minutes} minutes")
    if minutes < 24 * 60:
        hours = round(minutes / 60)
        return _pick(lang, f"{hours} ชั่วโมง", f"{hours} hour{'s' if hours != 1 else ''}")
    days = round(minutes / (24 * 60))
    return _pick(lang, f"{days} วัน", f"{days} day{'s' if days != 1 else ''}")


def status_command(number: str, lang: str) -> str:
    return _pick(lang, f"ติดตามเรื่อง {number}", f"status {number}")


def case_opened(lang: str, *, number: str, centre_name: str | None, minutes: int,
                callback: bool) -> OutgoingMessage:
    eta = duration_text(minutes, lang)
    lines = [
        _pick(lang, f"เจ้าหน้าที่จะติดต่อกลับภายในประมาณ {eta}", f"A social worker will reply within about {eta}."),
        _pick(lang, "นักสังคมสงเคราะห์จะตอบในแชทนี้ ไม่ต้องเล่าใหม่",
              "They will answer in this same chat; no need to repeat your story."),
    ]
    if centre_name:
        lines.insert(0, _pick(lang, f"ส่งเรื่องถึง: {centre_name}", f"Sent to: {centre_name}"))
    if callback:
        lines.append(_pick(lang, "เจ้าหน้าที่อาจโทรกลับที่เบอร์ที่ให้ไว้", "They may call the number you gave."))
    follow = _pick(lang, f"ติดตามเรื่องได้โดยพิมพ์ \"{status_command(number, 'th')}\" หรือกดปุ่มด้านล่าง",
                   f"To follow it, type \"{status_command(number, 'en')}\" or tap the button below.")
    urgent = _pick(lang, "ถ้ามีเหตุด่วน โทร 191 หรือ 1669 ได้ทันที", "If it becomes urgent, call 191 or 1669 at once.")
    first = _pick(lang, f"รับเรื่องของคุณแล้วค่ะ เลขที่ {number}", f"Your case is open: number {number}")
    # The text says what the person must keep (number, how to follow); the card says the rest.
    # Channels show both (LINE and the web chat as a text plus a card; Telegram and Messenger
    # add the card's lines to the text), so nothing is said twice.
    return OutgoingMessage(
        text="\n".join([first, follow]),
        case_card=CaseCard(
            number=number, title=_pick(lang, "เรื่องของคุณ", "Your case"), lines=[*lines, urgent],
            button_label=_pick(lang, "ติดตามเรื่อง", "Check status"), button_payload=f"status:{number}",
        ),
    )


def waiting_ack(lang: str, number: str | None) -> OutgoingMessage:
    ref = _pick(lang, f" (เรื่องเลขที่ {number})", f" (case {number})") if number else ""
    return OutgoingMessage(text=_pick(
        lang,
        f"ได้รับข้อความแล้วค่ะ{ref}\nนักสังคมสงเคราะห์จะตอบในแชทนี้ ถ้ามีเหตุด่วน โทร 191 หรือ 1669 ได้ทันที",
        f"Got your message{ref}.\nA social worker will answer in this chat. If it is urgent, call 191 or 1669.",
    ))


def case_status(lang: str, *, number: str, status: str, updated: str) -> OutgoingMessage:
    th, en = CASE_STATUS_CITIZEN.get(status, (status, status))
    return OutgoingMessage(
        text=_pick(
            lang,
            f"เรื่องเลขที่ {number}\nสถานะ: {th}\nอัปเดตล่าสุด: {updated}\n"
            "ถ้ามีอะไรเพิ่มเติม พิมพ์มาในแชทนี้ได้เลยค่ะ",
            f"Case {number}\nStatus: {en}\nLast update: {updated}\nYou can add anything in this chat.",
        ),
    )


def status_refused(lang: str) -> OutgoingMessage:
    # The same words whether the number exists or not: the reply must not confirm that
    # somebody else's case exists.
    return OutgoingMessage(text=_pick(
        lang,
        "ขอโทษค่ะ\nในแชทนี้ดูได้เฉพาะเรื่องที่แจ้งจากบัญชีนี้เท่านั้น\n"
        "ถ้าต้องการสอบถามเรื่องอื่น โทรสายด่วน 1300 ได้ตลอด 24 ชั่วโมง",
        "Sorry.\nThis chat can only show cases reported from this account.\n"
        "For anything else, call the 1300 hotline, 24 hours a day.",
    ))


def status_list(lang: str, numbers: list[str]) -> OutgoingMessage:
    if not numbers:
        return OutgoingMessage(text=_pick(
            lang, "ยังไม่มีเรื่องที่แจ้งจากบัญชีนี้ค่ะ\nถ้าต้องการแจ้งเรื่อง เล่าให้ฟังได้เลย",
            "There are no cases from this account yet.\nTo report something, just tell us.",
        ))
    return OutgoingMessage(
        text=_pick(lang, "เรื่องที่แจ้งจากบัญชีนี้ค่ะ\nเลือกเรื่องที่ต้องการดูได้เลย",
                   "Cases from this account.\nChoose one to see its status."),
        quick_replies=[qr(n, f"status:{n}") for n in numbers[:12]],
    )


# -- emergencies ---------------------------------------------------------------------------

def emergency_numbers(labels: Iterable[str]) -> list[str]:
    """The numbers that fit what the classifier saw, most relevant first."""
    labels = set(labels)
    numbers: list[str] = []
    if labels & {"violence", "trafficking", "child_labor"}:
        numbers += [POLICE, HOTLINE]
    if labels & {"neglect", "pregnancy"}:
        numbers += [MEDICAL]
    if "mental_health" in labels:
        numbers += [MENTAL_HEALTH, MEDICAL]
    if not numbers:
        numbers = [POLICE, MEDICAL, HOTLINE]
    seen: list[str] = []
    for n in numbers:
        if n not in seen:
            seen.append(n)
    return seen


_NUMBER_NAMES = {
    POLICE: ("ตำรวจ", "police"),
    MEDICAL: ("เจ็บป่วยฉุกเฉิน / รถพยาบาล", "medical emergency / ambulance"),
    MENTAL_HEALTH: ("สายด่วนสุขภาพจิต", "mental health hotline"),
    HOTLINE: ("ศูนย์ช่วยเหลือสังคม", "social assistance hotline"),
}


def emergency_safety(lang: str, labels: Iterable[str]) -> OutgoingMessage:
    numbers = emergency_numbers(labels)
    lines = [f"• {n} {_pick(lang, *_NUMBER_NAMES[n])}" for n in numbers]
    return OutgoingMessage(text=_pick(
        lang,
        "เราอยู่ตรงนี้ค่ะ และกำลังแจ้งเจ้าหน้าที่ให้ดูเรื่องของคุณทันที\n"
        "ถ้าตอนนี้มีอันตราย โทรได้เลย ฟรี 24 ชั่วโมง:\n" + "\n".join(lines) + "\n"
        "ถ้าเป็นไปได้ ไปอยู่ในที่ที่มีคนอื่นอยู่ด้วย หรือล็อกประตูไว้",
        "We are here, and we are alerting our staff right now.\n"
        "If you are in danger, call now, free, 24 hours:\n" + "\n".join(lines) + "\n"
        "If you can, go where other people are, or lock the door.",
    ))


def emergency_no_consent_note(lang: str) -> OutgoingMessage:
    # Safety first: PDPA s.24(2) and s.26(1)(a) allow keeping personal and sensitive data
    # without consent to prevent danger to someone's life, body or health. We keep the urgent
    # message and open the case on that basis, say so, and still ask for consent afterwards.
    return OutgoingMessage(text=_pick(
        lang,
        "เพื่อช่วยคุณได้ทันที เราส่งข้อความนี้ให้เจ้าหน้าที่แล้ว\n"
        "กฎหมายคุ้มครองข้อมูลส่วนบุคคลอนุญาตให้ทำได้เมื่อมีอันตรายต่อชีวิตหรือร่างกาย",
        "To help you at once, we passed this message to our staff.\n"
        "Thai data-protection law allows this when someone's life or safety is at risk.",
    ))


# -- other languages -----------------------------------------------------------------------

# Short fixed texts: message received, an interpreter will help in this chat, we keep messages
# only to help, call 1300 (free, 24 h, inside Thailand), emergencies 191 / 1669. Written for
# this project; a native speaker at the centre must review them before production use.
_FIXED = {
    "my": (
        "သင့်စာကို ရရှိပါပြီ။ စကားပြန်နှင့်အတူ ဝန်ထမ်းတစ်ဦးက ဤ chat တွင် ပြန်ဖြေပါမည်။\n"
        "သင့်ကို ကူညီရန်အတွက်သာ သင့်စာများကို သိမ်းဆည်းထားပါသည်။\n"
        "ထိုင်းနိုင်ငံအတွင်း 1300 ကို အခမဲ့ ၂၄ နာရီ ခေါ်ဆိုနိုင်ပါသည်။\n"
        "အရေးပေါ်: ရဲ 191 • လူနာတင်ယာဉ် 1669"
    ),
    "km": (
        "យើងបានទទួលសាររបស់អ្នកហើយ។ បុគ្គលិកម្នាក់ជាមួយអ្នកបកប្រែនឹងឆ្លើយតបនៅក្នុង chat នេះ។\n"
        "យើងរក្សាទុកសាររបស់អ្នក ដើម្បីជួយអ្នកតែប៉ុណ្ណោះ។\n"
        "នៅប្រទេសថៃ ហៅលេខ 1300 ដោយឥតគិតថ្លៃ ២៤ ម៉ោង។\n"
        "បន្ទាន់៖ ប៉ូលីស 191 • រថយន្តសង្គ្រោះ 1669"
    ),
    "lo": (
        "ພວກເຮົາໄດ້ຮັບຂໍ້ຄວາມຂອງທ່ານແລ້ວ. ພະນັກງານພ້ອມນາຍແປພາສາຈະຕອບຢູ່ໃນ chat ນີ້.\n"
        "ພວກເຮົາເກັບຂໍ້ຄວາມຂອງທ່ານໄວ້ເພື່ອຊ່ວຍເຫຼືອທ່ານເທົ່ານັ້ນ.\n"
        "ຢູ່ປະເທດໄທ ໂທ 1300 ຟຣີ 24 ຊົ່ວໂມງ.\n"
        "ສຸກເສີນ: ຕຳຫຼວດ 191 • ລົດໂຮງໝໍ 1669"
    ),
}


def interpreter_notice(lang: str) -> OutgoingMessage:
    text = _FIXED[lang]
    if HOTLINE_INTERNATIONAL:
        text += f"\n+ {HOTLINE_INTERNATIONAL}"
    return OutgoingMessage(text=text)


def all_messages() -> list[OutgoingMessage]:
    """Every message with sample values, for the discretion and length tests."""
    out: list[OutgoingMessage] = []
    for lang in LANGS:
        out += [
            greeting(lang), consent_request(lang), consent_reminder(lang), consent_refused(lang),
            ask_safe(lang), safe_no(lang), welcome_back(lang), ask_describe(lang), media_received(lang),
            ask_category(lang, "violence", "ความรุนแรง", [("poverty", "ยากจน")]),
            ask_category_list(lang, [(k, k) for k in CATEGORY_SHORT]),
            ask_place(lang), ask_place(lang, urgent=True), place_not_found(lang),
            ask_place_choice(lang, [("place:D1001", "เขตพระนคร กรุงเทพมหานคร", "เขตพระนคร กรุงเทพ")]),
            ask_phone(lang, ["0812345678"]), phone_invalid(lang), ask_who(lang),
            case_opened(lang, number="1300-2569-000001", centre_name="ศูนย์", minutes=120, callback=True),
            waiting_ack(lang, "1300-2569-000001"),
            case_status(lang, number="1300-2569-000001", status="new", updated="24/11/2569 10:00"),
            status_refused(lang), status_list(lang, []), status_list(lang, ["1300-2569-000001"]),
            emergency_safety(lang, ["violence"]), emergency_safety(lang, ["mental_health"]),
            emergency_no_consent_note(lang),
        ]
    out += [interpreter_notice(lang) for lang in INTERPRETER_LANGS]
    return out
