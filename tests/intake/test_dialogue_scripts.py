"""Whole intake dialogues as scripts: messages in, replies and database state out.

Real classifier, real outbox, real database (SQLite, and PostgreSQL when configured). Each
script first checks that the classifier reads its key sentences as the script assumes, so a
retrained model that changes them fails with a clear message instead of a confusing one.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

import nlp
from bots.models import OutboxMessage
from intake.models import (
    Case, CaseEvent, Centre, ConsentStatus, Contact, Conversation, ConversationEvent, Message, Priority,
    TrainingExample,
)
from intake import service

NUMBER = re.compile(r"^1300-(\d{4})-(\d{6})$")
VIOLENCE = "สามีชอบตีหนูเวลาเมา"
MORE_VIOLENCE = "ตีทุกคืนเลย"
POVERTY = "ไม่มีเงินจ่ายค่าเช่าบ้าน"
URGENT = "ตอนนี้สามีถือมีดไล่แทงหนูอยู่ ช่วยด้วย"


def assume(text: str, *, label: str | None = None, emergency: bool | None = None) -> None:
    t = nlp.classify(text)
    if label is not None:
        assert label in t.labels, f"classifier no longer reads {text!r} as {label}: {t.labels}"
    if emergency is not None:
        assert t.emergency is emergency, f"classifier emergency={t.emergency} for {text!r}"


def events(sessions, conv_id: int) -> list[ConversationEvent]:
    with sessions() as s:
        return list(s.exec(select(ConversationEvent).where(ConversationEvent.conversation_id == conv_id)
                           .order_by(ConversationEvent.id)))


def case_events(sessions, case_id: int) -> list[str]:
    with sessions() as s:
        return [e.kind for e in s.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))]


def centre_code(sessions, centre_id: int) -> str:
    with sessions() as s:
        return s.get(Centre, centre_id).code


def consent_and_safe(c) -> None:
    c.say("สวัสดีค่ะ")
    assert c.payloads() == ["consent:yes", "consent:no"]
    c.tap("consent:yes", "ยินยอม")
    assert "safe:yes" in c.payloads() and "leave" in c.payloads()
    c.tap("safe:yes", "ปลอดภัย คุยได้")
    assert "เล่าให้ฟังได้เลย" in c.text()


def test_violence_report_from_greeting_to_routed_timed_case(chat, sessions):
    assume(VIOLENCE, label="violence", emergency=False)
    assume(MORE_VIOLENCE, emergency=False)
    c = chat()
    replies = c.say("สวัสดีค่ะ")
    assert "ศูนย์ช่วยเหลือสังคม สายด่วน 1300" in replies[0].text  # who answers
    assert "ยินยอมให้เก็บข้อมูลไหมคะ" in replies[1].text and "ปี" in replies[1].text  # what, why, how long
    assert c.conversation().state == "consent"

    c.tap("consent:yes", "ยินยอม")
    assert c.contact().consent == ConsentStatus.given
    assert "ปลอดภัยไหม" in c.text() and "ออก" in c.text()
    c.tap("safe:yes")
    assert c.contact().safe_to_contact is True

    c.say(VIOLENCE)
    assert c.conversation().state == "clarify"
    assert "ความรุนแรง" in c.text() and "cat:confirm" in c.payloads()
    # A second message in the same burst is read together with the first, and the question
    # already on screen is not asked again.
    assert c.say(MORE_VIOLENCE, after=4) == []
    assert c.conversation().context["desc"] == [VIOLENCE, MORE_VIOLENCE]

    c.tap("cat:confirm", "ใช่")
    assert c.last[0].ask_location and "skip:place" in c.payloads()
    c.say("อยู่ อ.เมือง จ.ขอนแก่น")
    assert "skip:phone" in c.payloads()
    c.say("เบอร์ ๐๘๑-๒๓๔-๕๖๗๘ ค่ะ")
    # The story said who is affected (the writer herself), so that question is not asked.
    card = c.last[-1]
    assert card.case_card is not None
    case = c.case()
    assert NUMBER.match(case.number) and case.number.split("-")[1] == "2569"
    assert card.case_card.number == case.number and card.case_card.button_payload == f"status:{case.number}"
    shown = card.text + "\n" + "\n".join(card.case_card.lines)  # what every channel shows
    assert f"ติดตามเรื่อง {case.number}" in card.text and "ในแชทนี้" in shown
    assert "2 ชั่วโมง" in shown  # roughly when: violence is due in 120 minutes
    assert not set(card.text.splitlines()) & set(card.case_card.lines)  # nothing said twice

    assert case.categories[0] == "violence"
    assert case.priority == Priority.high and case.priority_rank == Priority.high.rank
    assert case.sla_due_at == c.now + timedelta(minutes=120)
    assert (case.province_code, case.district_code) == (40, 4001)
    assert centre_code(sessions, case.centre_id) == "PV40"
    assert case.callback_phone == "0812345678" and case.callback_wanted
    assert case.summary == f"{VIOLENCE} {MORE_VIOLENCE}"
    assert case.facts["lawful_basis"] == "consent" and "self" in case.facts["affected"]
    assert case_events(sessions, case.id) == ["opened", "routed"]

    conv = c.conversation()
    assert conv.state == "waiting_human" and conv.case_id == case.id
    states = [(e.from_state, e.to_state) for e in events(sessions, conv.id) if e.kind == "state"]
    assert states == [("first_contact", "consent"), ("consent", "describe"), ("describe", "clarify"),
                      ("clarify", "case_opened"), ("case_opened", "waiting_human")]
    kinds = [e.kind for e in events(sessions, conv.id)]
    assert {"started", "consent", "safety", "category", "place"} <= set(kinds)
    # Everything said is stored, in order, both ways; the outbox row is linked.
    stored = c.messages()
    assert [m.text for m in stored if m.direction == "in" and m.kind == "text"][:2] == ["สวัสดีค่ะ", VIOLENCE]
    assert all(m.outbox_id for m in stored if m.direction == "out")
    assert {"case_id": case.id, "centre_id": case.centre_id, "province_code": 40, "kind": "opened"} in \
        c.notify.topics("case")
    assert not c.notify.topics("alert")


def test_emergency_mid_dialogue_comes_first_and_alerts(chat, sessions):
    assume(POVERTY, label="poverty", emergency=False)
    assume(URGENT, emergency=True)
    c = chat()
    consent_and_safe(c)
    c.say(POVERTY)
    assert "cat:confirm" in c.payloads()

    replies = c.say(URGENT)
    first = replies[0].text
    assert "191" in first and "1300" in first  # violence: police and the hotline
    assert first.index("191") < first.index("1300")
    case = c.case()
    assert case.priority == Priority.emergency and case.emergency and case.priority_rank == 0
    assert case.sla_due_at == c.now + timedelta(minutes=15)
    assert c.notify.topics("alert") == [{"case_id": case.id, "centre_id": case.centre_id,
                                         "province_code": None, "kind": "emergency"}]
    # The bot then asks where the person is, urgently, and no longer about the category.
    assert c.conversation().state == "case_opened"
    assert replies[-1].ask_location and "รีบ" in replies[-1].text
    c.tap("skip:place")
    assert "skip:phone" in c.payloads()
    c.say("0891112222")
    assert c.last[-1].case_card is not None and any("15 นาที" in line for line in c.last[-1].case_card.lines)
    case = c.case()
    assert case.callback_phone == "0891112222"
    assert case.summary == f"{POVERTY} {URGENT}"
    assert case_events(sessions, case.id) == ["opened", "routed", "details_added"]
    assert c.conversation().state == "waiting_human"

    # Another urgent message moments later: no second case, no repeated safety text.
    again = c.say("เขากำลังจะฆ่าหนู", after=20)
    with sessions() as s:
        assert len(s.exec(select(Case)).all()) == 1
    assert all("191" not in m.text for m in again)


def test_emergency_before_consent_is_helped_and_kept_on_vital_interest(chat, sessions):
    assume(URGENT, emergency=True)
    c = chat()
    replies = c.say(URGENT)
    assert "191" in replies[0].text  # safety before the greeting
    assert "กฎหมาย" in replies[1].text  # says why the message was kept without consent
    assert any("ยินยอมให้เก็บข้อมูล" in m.text for m in replies)
    case = c.case()
    assert case.emergency and case.facts["lawful_basis"] == "vital_interest"
    assert case.summary == URGENT
    c.tap("consent:no")
    assert c.conversation().state == "closed"
    # The urgent message stays with its case; the refusal itself is not stored as text.
    texts = [m.text for m in c.messages() if m.direction == "in"]
    assert texts == [URGENT, None]


def test_refusal_of_consent_gives_numbers_and_keeps_no_text(chat, sessions):
    assume(POVERTY, emergency=False)
    c = chat()
    c.say("สวัสดีค่ะ")
    # A story written before answering is held, not stored. Typing cleared the buttons, so a
    # short reminder brings them back once; the rest of the burst gets no more reminders.
    reminder = c.say(POVERTY, after=3)
    assert len(reminder) == 1 and "ยังไม่ถูกบันทึก" in reminder[0].text
    assert c.payloads() == ["consent:yes", "consent:no"]
    assert c.say("ตกงานมาสามเดือนแล้ว", after=5) == []
    with sessions() as s:
        held = s.exec(select(Message).where(Message.direction == "in")).all()
        assert [m.text for m in held] == [None, None, None]
    replies = c.tap("consent:no", "ไม่ยินยอม")
    text = replies[0].text
    for number in ("1300", "191", "1669", "1323"):
        assert number in text
    assert "ไม่เก็บข้อความ" in text
    contact = c.contact()
    assert contact.consent == ConsentStatus.refused
    assert c.conversation().state == "closed" and c.conversation().context == {}
    assert all(m.text is None and m.media_path is None for m in c.messages() if m.direction == "in")
    assert c.case() is None
    # Writing again starts over and asks again (they may have changed their mind).
    c.say("สวัสดีค่ะ", after=3600)
    assert c.payloads() == ["consent:yes", "consent:no"]


def test_skipped_location_routes_to_the_national_centre(chat, sessions):
    c = chat()
    consent_and_safe(c)
    c.say(POVERTY)
    c.tap("cat:confirm")
    c.tap("skip:place", "ข้าม")
    c.tap("skip:phone")
    assert "who:self" in c.payloads()
    c.tap("who:child", "เด็ก")
    case = c.case()
    assert case is not None and case.province_code is None
    assert centre_code(sessions, case.centre_id) == "NATIONAL"
    assert case.facts["who"] == "child" and case.callback_phone is None and not case.callback_wanted
    assert case.priority == Priority.normal and case.sla_due_at == c.now + timedelta(minutes=1440)


def test_typed_skip_words_and_a_shared_location(chat, sessions):
    c = chat(channel="line")
    consent_and_safe(c)
    c.say(VIOLENCE)
    c.say("ใช่ค่ะ")
    c.share_location(16.43, 102.83, "ต.ศิลา อ.เมือง จ.ขอนแก่น 40000")
    c.say("ไม่ต้องโทร")
    case = c.case()
    assert case.callback_phone is None and not case.callback_wanted
    assert case.summary == VIOLENCE  # the answer is not part of the story
    assert (case.province_code, case.district_code, case.subdistrict_code) == (40, 4001, 400114)
    # Typed answers are answers, whatever the classifier's high-recall threshold makes of them
    # ("ไม่ต้องโทร" alone looks like the covert "ไม่ต้องโทรกลับ เขาจะได้ยิน" it learned from).
    assert not case.emergency and case.priority == Priority.high
    assert not c.notify.topics("alert")
    assert (case.latitude, case.longitude) == (16.43, 102.83)
    assert centre_code(sessions, case.centre_id) == "PV40"


def test_ambiguous_district_is_confirmed_with_quick_replies(chat, sessions):
    c = chat()
    consent_and_safe(c)
    c.say(VIOLENCE)
    c.tap("cat:confirm")
    c.say("อำเภอเฉลิมพระเกียรติ")
    places = [p for p in c.payloads() if p.startswith("place:")]
    assert len(places) == 5 and "place:D3032" in places
    assert "นครราชสีมา" in c.text() and "น่าน" in c.text()
    assert all(len(q.label) <= 20 for q in c.last[0].quick_replies)
    c.tap("place:D3032")
    assert "skip:phone" in c.payloads()
    c.tap("skip:phone")
    case = c.case()
    assert (case.province_code, case.district_code, case.subdistrict_code) == (30, 3032, None)
    assert centre_code(sessions, case.centre_id) == "PV30"


def test_a_typed_address_answers_where_and_raises_no_alarm(chat, sessions):
    # Emergency messages often carry a house number for the rescuers ("ห้อง ๒๐๗ ..."); an
    # address alone, typed in answer to "where?", must not read as one.
    assume("บ้านเลขที่ 12 หมู่ 3 ต.ศิลา อ.เมือง จ.ขอนแก่น", emergency=False)
    c = chat()
    consent_and_safe(c)
    c.say(POVERTY)
    c.tap("cat:confirm")
    c.say("บ้านเลขที่ 12 หมู่ 3 ต.ศิลา อ.เมือง จ.ขอนแก่น")
    c.tap("skip:phone")
    c.tap("who:self")
    case = c.case()
    assert (case.province_code, case.district_code, case.subdistrict_code) == (40, 4001, 400114)
    assert not case.emergency and case.priority == Priority.normal
    assert not c.notify.topics("alert")


def test_ambiguous_place_chosen_by_typing_its_number(chat, sessions):
    c = chat()
    consent_and_safe(c)
    c.say(VIOLENCE)
    c.tap("cat:confirm")
    c.say("เฉลิมพระเกียรติ")
    assert len([p for p in c.payloads() if p.startswith("place:")]) == 5
    c.say("๔")  # Thai digit four: Nan
    c.tap("skip:phone")
    assert c.case().province_code == 55


def test_english_speaker_is_answered_in_english(chat, sessions):
    assume("my husband hits me when he drinks", label="violence", emergency=False)
    c = chat()
    assume("Hi, can I ask something", emergency=False)
    c.say("Hi, can I ask something")
    assert c.text().startswith("Hello, this is the 1300 Social Assistance Center")
    assert "Do you agree?" in c.text()
    c.say("I agree")
    assert "is it safe for you to talk here" in c.text()
    c.say("yes")
    c.say("my husband hits me when he drinks")
    assert 'is this about "Violence and abuse"' in c.text()
    c.say("yes")
    assert "Where is this?" in c.text()
    c.say("Khon Kaen")
    c.say("skip")
    card = c.last[-1]
    assert card.case_card is not None and card.text.startswith("Your case is open: number 1300-")
    assert c.case().language == "en" and c.case().province_code == 40
    assert c.contact().language == "en"


def test_status_check_of_someone_elses_case_is_refused(chat, sessions):
    owner = chat()
    consent_and_safe(owner)
    owner.say(POVERTY)
    owner.tap("cat:confirm")
    owner.tap("skip:place")
    owner.tap("skip:phone")
    owner.tap("who:self")
    number = owner.case().number

    owner.say(f"ติดตามเรื่อง {number}", after=30)
    assert "รอเจ้าหน้าที่รับเรื่อง" in owner.text() and number in owner.text()
    owner.tap(f"status:{number}", "ติดตามเรื่อง")
    assert number in owner.text()

    other = chat()
    consent_and_safe(other)
    refused = other.say(f"ติดตามเรื่อง {number}")
    unknown = other.say("ติดตามเรื่อง 1300-2569-999999")
    assert refused[0].text == unknown[0].text  # never says whether the case exists
    assert number not in refused[0].text and "เฉพาะเรื่องที่แจ้งจากบัญชีนี้" in refused[0].text
    other.tap(f"status:{number}")
    assert number not in other.text()
    # A status request does not move the dialogue.
    assert other.conversation().state == "describe"


def test_burmese_gets_the_fixed_message_and_an_interpreter(chat, sessions):
    text = "ကျွန်မကို အလုပ်ရှင်က ရိုက်တယ်"
    assert nlp.classify(text).language == "my"
    c = chat()
    replies = c.say(text)
    assert len(replies) == 1 and "1300" in replies[0].text and "191" in replies[0].text
    assert re.search("[\u1000-\u109f]", replies[0].text.splitlines()[0])
    case = c.case()
    assert case.needs_interpreter and case.language == "my" and case.summary == text
    assert c.conversation().state == "waiting_human"
    # More Burmese soon after: stored; whatever the bot says is in Burmese (never Thai), and at
    # most the same notice again if the classifier thinks it urgent.
    more = c.say("ကူညီပါ", after=30)
    assert all(m.text == replies[0].text for m in more)
    assert [m.text for m in c.messages() if m.direction == "in"] == [text, "ကူညီပါ"]


def test_leave_word_silences_the_bot_until_the_person_writes_again(chat, sessions):
    c = chat()
    consent_and_safe(c)
    c.say(VIOLENCE)
    with sessions() as s:  # the reply to VIOLENCE is still queued: the sender has not run
        queued = s.exec(select(OutboxMessage).where(OutboxMessage.recipient == c.user)).all()
    assert queued and all(row.status == "pending" for row in queued)
    assert c.say("ออก") == []
    conv = c.conversation()
    assert conv.paused and not service.may_message_first(c.contact(), conv)
    with sessions() as s:  # ...and leaving withdraws it, so nothing reaches the phone
        statuses = {row.status for row in s.exec(select(OutboxMessage).where(OutboxMessage.recipient == c.user))}
    assert statuses == {"cancelled"}
    assert c.tap("leave") == []
    # Writing again resumes where it stopped.
    replies = c.say("ใช่", after=600)
    assert not c.conversation().paused
    assert replies and replies[0].ask_location


def test_category_correction_is_saved_as_a_training_example(chat, sessions):
    c = chat()
    consent_and_safe(c)
    c.say(POVERTY)
    c.tap("cat:list", "ไม่ใช่ เรื่องอื่น")
    assert "cat:homeless" in c.payloads() and "skip:cat" in c.payloads()
    c.tap("cat:homeless")
    c.tap("skip:place")
    c.tap("skip:phone")
    c.tap("skip:who")
    case = c.case()
    assert case.categories[0] == "homeless" and "poverty" not in case.categories
    with sessions() as s:
        examples = s.exec(select(TrainingExample)).all()
    assert [(e.text, e.labels, e.source, e.case_id) for e in examples] == [(POVERTY, ["homeless"], "correction", case.id)]


def test_unsafe_contact_gets_quiet_replies_and_is_never_messaged_first(chat, sessions):
    c = chat()
    c.say("สวัสดีค่ะ")
    c.tap("consent:yes")
    replies = c.tap("safe:no", "ไม่ค่อยปลอดภัย")
    assert "จะไม่ทักไปหาคุณก่อน" in replies[0].text
    contact = c.contact()
    assert contact.safe_to_contact is False and contact.quiet_notifications
    assert not service.may_message_first(contact)
    c.say(VIOLENCE)
    assert all(row.quiet for row in c.rows)


def test_bot_stays_silent_while_a_worker_holds_the_conversation(chat, sessions):
    c = chat()
    consent_and_safe(c)
    c.say(POVERTY)
    c.tap("cat:confirm")
    c.tap("skip:place")
    c.tap("skip:phone")
    c.tap("who:self")
    with sessions() as s:
        conv = s.get(Conversation, c.conversation().id)
        service.set_state(s, conversation=conv, state="with_human")
        s.commit()
    c.notify.events.clear()
    assert c.say("ขอบคุณค่ะ รอได้ค่ะ") == []
    assert c.messages()[-1].text == "ขอบคุณค่ะ รอได้ค่ะ"
    assert [d["direction"] for d in c.notify.topics("message")] == ["in"]
    # Safety still comes first while a worker holds the conversation.
    replies = c.say(URGENT)
    assert len(replies) == 1 and "191" in replies[0].text
    assert c.case().priority == Priority.emergency
    assert c.notify.topics("alert")[0]["kind"] == "emergency"
    assert c.conversation().state == "with_human"


def test_returning_person_is_not_asked_consent_again(chat, sessions):
    c = chat()
    consent_and_safe(c)
    c.say(POVERTY)
    c.tap("cat:confirm")
    c.tap("skip:place")
    c.tap("skip:phone")
    c.tap("who:self")
    with sessions() as s:
        conv = s.get(Conversation, c.conversation().id)
        service.set_state(s, conversation=conv, state="closed")
        s.commit()
    replies = c.say("สวัสดีค่ะ มีเรื่องอีกแล้ว", after=86400)
    assert "ยินดีที่คุณทักมาอีกครั้ง" in replies[0].text
    assert "consent:yes" not in c.payloads() and "safe:yes" in c.payloads()
    with sessions() as s:
        assert len(s.exec(select(Conversation).where(Conversation.contact_id == c.contact().id)).all()) == 2


def test_every_question_can_be_skipped(chat, sessions):
    c = chat()
    c.say("สวัสดีค่ะ")
    c.tap("consent:yes")
    c.say("ข้าม")  # the safety question
    assert "skip:describe" in c.payloads()
    c.tap("skip:describe", "เลือกหัวข้อแทน")  # would rather not tell the story here
    assert "cat:benefits" in c.payloads()
    c.tap("cat:benefits")
    c.say("ข้าม")
    c.say("ข้าม")
    c.say("ข้าม")
    case = c.case()
    assert case is not None and case.categories == ["benefits"] and case.summary is None
    assert c.contact().safe_to_contact is None
    assert c.conversation().state == "waiting_human"


def test_media_before_consent_is_deleted_on_refusal_and_kept_after_consent(chat, sessions, tmp_path):
    from bots.events import EventKind

    refuser = chat()
    photo = tmp_path / "photo-1.jpg"
    photo.write_bytes(b"\xff\xd8 invented test bytes")
    refuser.send_event(refuser._event(EventKind.image, media_ref="m1", extra={
        "media_path": str(photo), "media_type": "image/jpeg", "media_size": 20}))
    assert photo.exists() and refuser.conversation().state == "consent"
    assert all(m.media_path is None for m in refuser.messages() if m.direction == "in")
    refuser.tap("consent:no")
    assert not photo.exists()

    keeper = chat()
    photo2 = tmp_path / "photo-2.jpg"
    photo2.write_bytes(b"\xff\xd8 invented test bytes")
    keeper.send_event(keeper._event(EventKind.image, media_ref="m2", extra={
        "media_path": str(photo2), "media_type": "image/jpeg", "media_size": 20}))
    keeper.tap("consent:yes")
    stored = [m for m in keeper.messages() if m.direction == "in" and m.kind == "image"]
    assert stored[0].media_path == str(photo2) and stored[0].media_type == "image/jpeg" and photo2.exists()
    keeper.tap("safe:yes")
    assert "เล่าเป็นข้อความ" in keeper.text() or "เล่าให้ฟังได้เลย" in keeper.text()


def test_follow_greets_and_unfollow_blocks(chat, sessions):
    from bots.events import EventKind

    c = chat(channel="line")
    replies = c.send_event(c._event(EventKind.follow))
    assert "สายด่วน 1300" in replies[0].text and c.payloads() == ["consent:yes", "consent:no"]
    assert c.send_event(c._event(EventKind.unfollow)) == []
    assert c.contact().blocked and not service.may_message_first(c.contact())
    c.say("สวัสดีค่ะ", after=60)
    assert not c.contact().blocked


def test_held_messages_expire_when_consent_is_never_answered(chat, sessions):
    from intake.flows import HELD_TTL, expire_held_messages

    c = chat()
    c.say("สวัสดีค่ะ")
    c.say(POVERTY, after=3)
    assert [h["t"] for h in c.conversation().context["held"]] == ["สวัสดีค่ะ", POVERTY]
    with sessions() as s:
        assert expire_held_messages(s, now=c.now + HELD_TTL / 2) == 0
        assert expire_held_messages(s, now=c.now + HELD_TTL + timedelta(minutes=1)) == 1
        s.commit()
    assert "held" not in c.conversation().context
    # Consent given later starts from an empty story.
    c.tap("consent:yes", after=HELD_TTL.total_seconds() + 120)
    assert "desc" not in c.conversation().context or not c.conversation().context["desc"]


def test_status_without_a_number_lists_own_cases_and_linked_contacts_share_them(chat, sessions):
    from intake.models import Person

    line_side = chat(channel="line")
    consent_and_safe(line_side)
    line_side.say(POVERTY)
    line_side.tap("cat:confirm")
    line_side.tap("skip:place")
    line_side.tap("skip:phone")
    line_side.tap("who:self")
    number = line_side.case().number
    line_side.say("ติดตามเรื่อง", after=30)
    assert f"status:{number}" in line_side.payloads()

    web_side = chat(channel="web")
    web_side.say(f"ติดตามเรื่อง {number}")
    assert number not in web_side.text()
    # A supervisor links both accounts to one person: now either may follow the case.
    with sessions() as s:
        person = Person()
        s.add(person)
        s.flush()
        for c in (line_side.contact(), web_side.contact()):
            row = s.get(Contact, c.id)
            row.person_id = person.id
            s.add(row)
        s.commit()
    web_side.say(f"ติดตามเรื่อง {number}", after=30)
    assert number in web_side.text() and "สถานะ" in web_side.text()
