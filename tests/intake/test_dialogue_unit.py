"""The pure state machine (intake.dialogue.decide): no database, explicit time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import nlp
from intake.dialogue import CASE_CARD, WAITING_ACK, CategoryInfo, Inbound, Turn, decide

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
CATS = [CategoryInfo("violence", "ความรุนแรง", "Violence and abuse"),
        CategoryInfo("poverty", "ความยากจน / ไม่มีรายได้", "Poverty and hardship"),
        CategoryInfo("other", "เรื่องอื่น ๆ", "Other")]


def step(state, ctx, inbound, *, at=0, consent="given", has_case=False, emergency=False, lang="th"):
    text = inbound.text if inbound.kind == "text" else None
    triage = nlp.classify(text) if text else None
    turn = Turn(state=state, context=ctx, consent=consent, language=lang, now=T0 + timedelta(seconds=at),
                categories=CATS, has_case=has_case, case_emergency=emergency)
    return decide(turn, inbound, triage, describe=nlp.classify, find_places=nlp.find_places)


def text(t: str) -> Inbound:
    return Inbound(kind="text", text=t)


def tap(p: str) -> Inbound:
    return Inbound(kind="postback", payload=p)


def test_first_contact_holds_the_message_until_consent():
    out = step("first_contact", {}, text("สามีชอบตีหนูเวลาเมา"), consent="unknown")
    assert out.state == "consent" and out.hold
    assert out.context["held"] == [{"t": "สามีชอบตีหนูเวลาเมา"}]
    assert [q.payload for q in out.replies[-1].quick_replies] == ["consent:yes", "consent:no"]
    # Consent: the held story is read, and the next question is safety, then the category.
    out = step("consent", out.context, tap("consent:yes"), at=10, consent="unknown")
    assert out.consent == "given" and out.release_held and out.state == "describe"
    assert out.context["desc"] == ["สามีชอบตีหนูเวลาเมา"] and out.context["suggested"] == "violence"
    out = step(out.state, out.context, tap("safe:yes"), at=20)
    assert out.safe_to_contact is True and out.state == "clarify" and out.context["await"] == "category"


def test_greetings_are_not_part_of_the_story():
    out = step("describe", {"await": "describe"}, text("สวัสดีค่ะ 🙏"))
    assert "desc" not in out.context or out.context["desc"] == []
    assert out.context["await"] == "describe"


def test_a_question_is_not_repeated_within_a_burst_but_is_after_a_pause():
    ctx = {"await": "describe"}
    out = step("describe", ctx, text("ไม่มีเงินจ่ายค่าเช่าบ้าน"))
    assert out.context["await"] == "category" and len(out.replies) == 1
    out = step("clarify", out.context, text("ลูกก็ป่วยด้วย"), at=20)
    assert out.replies == [] and len(out.context["desc"]) == 2
    out = step("clarify", out.context, text("ไม่รู้จะทำยังไงดี"), at=200)
    assert len(out.replies) == 1 and out.context["asks"]["category"] == 2


def test_unanswered_place_is_skipped_after_two_asks():
    ctx = {"desc": ["ไม่มีเงินจ่ายค่าเช่าบ้าน"], "category": "poverty", "await": None}
    out = step("clarify", ctx, text("ขอบคุณค่ะ"))
    assert out.context["await"] == "place"
    out = step("clarify", out.context, text("แถวบ้านป้าแดง"), at=100)
    assert out.context["await"] == "place" and out.context["place_text"] == "แถวบ้านป้าแดง"
    out = step("clarify", out.context, text("ใกล้วัดนะ"), at=200)
    assert out.context["place"]["source"] == "skipped" and out.context["await"] == "phone"


def test_an_urgent_message_is_never_read_as_an_answer():
    ctx = {"desc": ["สามีชอบตีหนูเวลาเมา"], "await": "place", "asks": {"place": 1},
           "asked_sig": "place:", "asked_at": T0.isoformat()}
    urgent = "ตอนนี้สามีถือมีดไล่แทงหนูอยู่ ช่วยด้วย"
    out = step("case_opened", ctx, text(urgent), at=5, has_case=True, emergency=True)
    assert urgent in out.context["desc"] and "place" not in out.context


def test_a_typed_answer_is_an_answer_even_if_the_classifier_flags_it():
    # "ไม่ต้องโทร" alone is over the emergency threshold (it resembles the covert
    # "ไม่ต้องโทรกลับ เขาจะได้ยิน"); typed in reply to "which phone?" it means skip.
    ctx = {"desc": ["ไม่มีเงินจ่ายค่าเช่าบ้าน"], "category": "poverty", "place": {"source": "skipped"},
           "await": "phone", "asks": {"phone": 1}}
    out = step("clarify", ctx, text("ไม่ต้องโทร"))
    assert out.context["phone"] == "skipped" and out.context["desc"] == ["ไม่มีเงินจ่ายค่าเช่าบ้าน"]


def test_finishing_asks_flows_for_the_case_card():
    ctx = {"desc": ["x"], "category": "poverty", "place": {"source": "skipped"}, "phone": "skipped",
           "await": "who"}
    out = step("clarify", ctx, tap("who:self"))
    assert out.finish and out.replies == [CASE_CARD] and out.state == "waiting_human"


def test_waiting_acknowledges_at_most_every_ten_minutes():
    out = step("waiting_human", {}, text("ยังรออยู่นะคะ"), has_case=True)
    assert out.replies == [WAITING_ACK]
    again = step("waiting_human", out.context, text("ขอบคุณค่ะ"), at=60, has_case=True)
    assert again.replies == []
    later = step("waiting_human", again.context, text("ยังรออยู่"), at=700, has_case=True)
    assert later.replies == [WAITING_ACK]


def test_english_replies_when_the_language_is_english():
    out = step("describe", {"await": "describe"}, text("my husband hits me when he drinks"), lang="en")
    assert out.replies[0].text.startswith("Thank you for telling us.")
    assert [q.label for q in out.replies[0].quick_replies][0] == "Yes"
