"""Case numbers, routing fallbacks, SLA, the messaging rule, reading answers, message texts."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from intake import answers, messages, routing, service, sla
from intake.models import CaseCounter, Centre, CentreArea, Contact, Conversation, Priority, ProblemCategory

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


# -- case numbers ---------------------------------------------------------------------------

def test_case_number_uses_the_buddhist_era_year_in_bangkok(session):
    assert service.next_case_number(session, now=NOW) == "1300-2569-000001"
    assert service.next_case_number(session, now=NOW) == "1300-2569-000002"
    # 31 Dec 2026 17:30 UTC is already 1 Jan 2027 in Bangkok: a new year, a new sequence.
    new_year = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    assert service.next_case_number(session, now=new_year) == "1300-2570-000001"
    session.commit()
    assert {c.year_be: c.last_seq for c in session.exec(select(CaseCounter))} == {2569: 2, 2570: 1}


def test_a_rolled_back_number_is_given_again(sessions):
    with sessions() as s:
        assert service.next_case_number(s, now=NOW) == "1300-2569-000001"
        s.rollback()
    with sessions() as s:
        assert service.next_case_number(s, now=NOW) == "1300-2569-000001"


def test_case_numbers_stay_unique_under_concurrent_sessions(sessions):
    """Several instances (threads with their own sessions and connections) allocate at once."""
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(10):
                with sessions() as s:
                    number = service.next_case_number(s, now=NOW)
                    s.commit()
                with lock:
                    results.append(number)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert len(results) == 60 and len(set(results)) == 60
    assert sorted(results) == [f"1300-2569-{n:06d}" for n in range(1, 61)]


# -- routing --------------------------------------------------------------------------------

def _centre(session, code: str, kind: str, areas: list[tuple[int, int | None, int | None]]) -> Centre:
    centre = Centre(code=code, name_th=code, kind=kind)
    session.add(centre)
    session.flush()
    for p, d, s in areas:
        session.add(CentreArea(centre_id=centre.id, province_code=p, district_code=d, subdistrict_code=s))
    session.flush()
    return centre


def test_routing_prefers_subdistrict_then_district_then_province_then_national(session):
    national = _centre(session, "NATIONAL", "national", [])
    province = _centre(session, "PV40", "provincial", [(40, None, None)])
    district = _centre(session, "D4001", "subdistrict", [(40, 4001, None)])
    sub = _centre(session, "S400114", "subdistrict", [(40, 4001, 400114)])
    assert routing.route(session, province_code=40, district_code=4001, subdistrict_code=400114).centre.id == sub.id
    r = routing.route(session, province_code=40, district_code=4001, subdistrict_code=400101)
    assert (r.centre.id, r.level) == (district.id, "district")
    r = routing.route(session, province_code=40, district_code=4002)
    assert (r.centre.id, r.level) == (province.id, "province")
    # Codes alone imply their parents.
    assert routing.route(session, subdistrict_code=400205).centre.id == province.id
    r = routing.route(session, province_code=50)
    assert (r.centre.id, r.level) == (national.id, "national")
    assert routing.route(session).centre.id == national.id
    # An inactive centre is skipped.
    sub.active = False
    session.add(sub)
    session.flush()
    assert routing.route(session, subdistrict_code=400114).centre.id == district.id


def test_routing_without_any_centre_raises_a_clear_error(session):
    with pytest.raises(routing.RoutingError, match="centres.csv"):
        routing.route(session, province_code=10)


def test_shipped_centres_cover_all_77_provinces(session, centres):
    provinces = set(session.exec(select(CentreArea.province_code).where(CentreArea.district_code.is_(None))).all())
    assert len(provinces) == 77
    assert session.exec(select(Centre).where(Centre.kind == "national")).first() is not None


# -- SLA ------------------------------------------------------------------------------------

def _cats(session, *keys: str) -> list[ProblemCategory]:
    return [session.get(ProblemCategory, k) for k in keys]


def test_sla_from_priority_and_category(session):
    violence, poverty, benefits = _cats(session, "violence", "poverty", "benefits")
    assert sla.priority_for([poverty, violence], emergency=False) == Priority.high
    assert sla.priority_for([benefits], emergency=False) == Priority.low
    assert sla.priority_for([benefits], emergency=True) == Priority.emergency
    assert sla.priority_for([], emergency=False) == Priority.normal
    assert sla.sla_minutes([violence], Priority.high) == 120
    assert sla.sla_minutes([poverty, violence], Priority.high) == 120  # the strictest category
    assert sla.sla_minutes([benefits], Priority.emergency) == 15
    assert sla.sla_minutes([benefits], Priority.low) == 2880
    # A slow category raised to high priority still gets the high ceiling.
    assert sla.sla_minutes([benefits], Priority.high) == 240
    assert sla.due_at(NOW, 15) == NOW + timedelta(minutes=15)
    with pytest.raises(ValueError):
        sla.due_at(datetime(2026, 1, 1), 15)


# -- who may be messaged first ---------------------------------------------------------------

def test_may_message_first():
    ok = Contact(channel="line", channel_user_id="U1", consent="given", safe_to_contact=True)
    assert service.may_message_first(ok)
    assert service.may_message_first(Contact(channel="line", channel_user_id="U2", consent="given"))
    assert not service.may_message_first(Contact(channel="line", channel_user_id="U3", safe_to_contact=False))
    assert not service.may_message_first(Contact(channel="line", channel_user_id="U4", blocked=True))
    assert not service.may_message_first(Contact(channel="line", channel_user_id="U5", consent="refused"))
    assert not service.may_message_first(ok, Conversation(contact_id=1, paused=True))
    assert service.may_message_first(ok, Conversation(contact_id=1, paused=False))


# -- reading answers ------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["ใช่", "ใช่ค่ะ", "ใช่ครับ!", "ยินยอม", "ตกลงค่ะ", "OK", "yes", "Yes."])
def test_yes(text):
    assert answers.is_yes(text) and not answers.is_no(text)


@pytest.mark.parametrize("text", ["ไม่", "ไม่ค่ะ", "ไม่ใช่", "ไม่ยินยอม", "no", "No!"])
def test_no(text):
    assert answers.is_no(text) and not answers.is_yes(text)


def test_skip_leave_greeting_and_choices():
    assert answers.is_skip("ข้ามเลยค่ะ") and answers.is_skip("skip")
    assert answers.is_leave("ออก") and answers.is_leave(" Leave ") and not answers.is_leave("ออกจากบ้านแล้ว")
    assert answers.is_greeting_only("สวัสดีค่ะ 🙏") and not answers.is_greeting_only("สวัสดีค่ะ สามีตีหนู")
    assert answers.choice_number("๒", 5) == 2 and answers.choice_number("ข้อ 3", 5) == 3
    assert answers.choice_number("9", 5) is None and answers.choice_number("สอง", 5) is None


@pytest.mark.parametrize("text", ["2", "๐๘๑-๒๓๔-๕๖๗๘", "ไม่ต้องโทร", "ไม่ต้องโทรค่ะ", "ใช่ค่ะ", "No!", "ข้าม",
                                  "ปลอดภัย คุยได้", "🙏", ""])
def test_bare_answers_carry_no_story(text):
    assert not answers.carries_story(text)


@pytest.mark.parametrize("text", ["ไม่ต้องโทรกลับ เขาจะได้ยิน", "ไม่ปลอดภัย", "ช่วยด้วย", "ไม่ใช่ เขาถือมีดอยู่",
                                  "ข้าม แต่ตอนนี้เขาตีหนูอยู่"])
def test_anything_more_than_an_answer_is_story(text):
    assert answers.carries_story(text)


def test_phone_numbers():
    assert answers.phone("๐๘๑-๒๓๔-๕๖๗๘") == "0812345678"
    assert answers.phone("+66 81 234 5678") == "0812345678"
    assert answers.phone("โทร 02 123 4567 ค่ะ") == "021234567"
    assert answers.phone("1234") is None and answers.phone("ไม่มีเบอร์") is None


def test_status_requests():
    assert answers.status_request("ติดตามเรื่อง 1300-2569-000123") == (True, "1300-2569-000123")
    assert answers.status_request("ติดตามเรื่อง ๑๓๐๐-๒๕๖๙-๐๐๐๑๒๓") == (True, "1300-2569-000123")
    assert answers.status_request("status 1300-2569-000123") == (True, "1300-2569-000123")
    assert answers.status_request("1300-2569-000123") == (True, "1300-2569-000123")
    assert answers.status_request("ติดตามเรื่อง") == (True, None)
    assert answers.status_request("สามีติดตามหนูไปทุกที่") == (False, None)


# -- the texts themselves -------------------------------------------------------------------

def test_no_message_opens_with_an_alarming_word():
    """Lock-screen previews show the first line: it must not reveal what the chat is about."""
    for message in messages.all_messages():
        first = message.text.splitlines()[0].lower()
        for word in messages.ALARMING_WORDS:
            assert word not in first, (word, first)


def test_quick_replies_fit_every_platform():
    for message in messages.all_messages():
        assert len(message.quick_replies) <= 13
        for q in message.quick_replies:
            assert len(q.label) <= 20
            # Telegram's callback_data holds 64 bytes; LINE postback data 300 characters.
            assert len(q.payload.encode()) <= 64
        assert len(message.text) < 2000  # Messenger's limit


def test_consent_says_what_why_and_how_long_in_both_languages():
    th = messages.consent_request("th").text
    en = messages.consent_request("en").text
    assert "เก็บอะไร" in th and "เพื่ออะไร" in th and "นานเท่าไร" in th
    assert "What" in en and "Why" in en and "How long" in en
    assert str(messages.RETENTION_YEARS) in th and str(messages.RETENTION_YEARS) in en


def test_emergency_numbers_fit_the_labels():
    assert messages.emergency_numbers(["violence"]) == ["191", "1300"]
    assert messages.emergency_numbers(["trafficking"]) == ["191", "1300"]
    assert messages.emergency_numbers(["neglect"]) == ["1669"]
    assert messages.emergency_numbers(["mental_health"]) == ["1323", "1669"]
    assert messages.emergency_numbers(["other"]) == ["191", "1669", "1300"]
    assert "1323" in messages.emergency_safety("th", ["mental_health"]).text


@pytest.mark.parametrize("lang,script", [("my", "[\u1000-\u109f]"), ("km", "[\u1780-\u17ff]"),
                                         ("lo", "[\u0e80-\u0eff]")])
def test_fixed_texts_are_in_their_language_with_the_numbers(lang, script):
    text = messages.interpreter_notice(lang).text
    assert re.search(script, text) and not re.search("[\u0e01-\u0e4e]", text)
    for number in ("1300", "191", "1669"):
        assert number in text
