"""Messenger end to end through the Graph Send API fake, including Meta's 24-hour rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bots import messages
from bots.events import CaseCard, OutgoingMessage, QuickReply
from bots.outbox import enqueue
from tests.channels.conftest import FB_VERIFY, fb_body, fb_sign, fb_text, post_fb


def test_subscription_verification(messenger):
    ok = messenger.client.get("/webhooks/messenger", params={
        "hub.mode": "subscribe", "hub.verify_token": FB_VERIFY, "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.text == "1158201444"
    bad = messenger.client.get("/webhooks/messenger", params={
        "hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"})
    assert bad.status_code == 403


def test_signed_message_stored_once_and_answered_with_response(messenger, messenger_fake):
    body = fb_body(fb_text("โดนทำร้ายค่ะ", mid="m_abc"))
    assert post_fb(messenger, body).status_code == 200
    assert post_fb(messenger, body).status_code == 200  # Meta resends
    assert len(messenger.inbox()) == 1
    messenger.settle()
    [sent] = messenger_fake.delivered
    assert sent["messaging_type"] == "RESPONSE" and "tag" not in sent
    assert sent["recipient"] == {"id": "PSID-1001"}
    assert sent["message"]["text"] == messages.ACKNOWLEDGEMENT["th"]
    [call] = messenger_fake.calls_to("/me/messages")
    assert call.query["access_token"] == "page-token-test"


def test_bad_signatures_are_refused(messenger):
    body = fb_body(fb_text())
    assert post_fb(messenger, body, signature=None).status_code == 401
    assert post_fb(messenger, body, signature=fb_sign(body, "other")).status_code == 401
    # The legacy SHA-1 header alone is not accepted.
    resp = messenger.client.post("/webhooks/messenger", content=body,
                                 headers={"X-Hub-Signature": "sha1=0000", "Content-Type": "application/json"})
    assert resp.status_code == 401
    assert messenger.inbox() == []


def test_malformed_oversized_and_ignored(messenger):
    assert post_fb(messenger, b"{not json").status_code == 400
    assert post_fb(messenger, fb_body(fb_text("x" * 1_100_000))).status_code == 413
    echo = fb_text("จากเพจ", is_echo=True)
    read = {"sender": {"id": "PSID-1"}, "recipient": {"id": "PAGE1"}, "timestamp": 1, "read": {"watermark": 1}}
    assert post_fb(messenger, fb_body(echo, read)).status_code == 200
    assert post_fb(messenger, b'{"object":"instagram","entry":[]}').status_code == 200
    assert messenger.inbox() == []


def test_quick_reply_and_postback_become_postbacks(messenger):
    quick = fb_text("ยินยอม", quick_reply={"payload": "consent:yes"})
    postback = {"sender": {"id": "PSID-1001"}, "recipient": {"id": "PAGE1"}, "timestamp": 1732400000000,
                "postback": {"mid": "m_pb1", "title": "เริ่มต้น", "payload": "GET_STARTED"}}
    post_fb(messenger, fb_body(quick, postback))
    kinds = [(r.payload["kind"], r.payload["payload"]) for r in messenger.inbox()]
    assert kinds == [("postback", "consent:yes"), ("postback", "GET_STARTED")]


@pytest.mark.parametrize("text", ["", "🙏🙏", "ข" * 5000])
def test_odd_texts(messenger, messenger_fake, text):
    assert post_fb(messenger, fb_body(fb_text(text))).status_code == 200
    messenger.settle()
    assert messenger.inbox()[0].status == "done" and len(messenger_fake.delivered) == 1


def _enqueue(h, *, human: bool, text: str = "ข้อความ") -> None:
    with h.ctx.sessions() as s:
        enqueue(s, channel="messenger", recipient="PSID-1001", human_agent=human,
                message=OutgoingMessage(text=text, quick_replies=[QuickReply(label="ใช่", payload="yes")]))
        s.commit()


def test_24_hour_rule(messenger, messenger_fake):
    # The person wrote 30 hours ago.
    post_fb(messenger, fb_body(fb_text(age_seconds=30 * 3600)))
    messenger.ctx.services["set_inbound_handler"](lambda s, e, i: None)
    messenger.settle()
    _enqueue(messenger, human=False, text="บอท")
    _enqueue(messenger, human=True, text="เจ้าหน้าที่")
    messenger.settle()
    bot_row, human_row = messenger.outbox()
    assert bot_row.status == "dead" and "24-hour" in bot_row.last_error
    assert human_row.status == "sent"
    [sent] = messenger_fake.delivered
    assert sent["messaging_type"] == "MESSAGE_TAG" and sent["tag"] == "HUMAN_AGENT"
    assert sent["message"]["quick_replies"] == [{"content_type": "text", "title": "ใช่", "payload": "yes"}]


def test_human_agent_after_7_days_is_dead(messenger, messenger_fake):
    post_fb(messenger, fb_body(fb_text(age_seconds=8 * 86400)))
    messenger.ctx.services["set_inbound_handler"](lambda s, e, i: None)
    messenger.settle()
    _enqueue(messenger, human=True)
    messenger.settle()
    assert messenger.outbox()[0].status == "dead" and messenger_fake.delivered == []


def test_human_inside_24h_uses_response(messenger, messenger_fake):
    post_fb(messenger, fb_body(fb_text(age_seconds=3600)))
    messenger.ctx.services["set_inbound_handler"](lambda s, e, i: None)
    messenger.settle()
    _enqueue(messenger, human=True)
    messenger.settle()
    assert messenger_fake.delivered[0]["messaging_type"] == "RESPONSE"


def test_case_card_lines_travel_in_the_text(messenger, messenger_fake):
    """A generic template's subtitle holds 80 characters, so the card's lines (when help comes,
    the numbers to call) go in the text and the template keeps the number and the button."""
    post_fb(messenger, fb_body(fb_text(age_seconds=60)))
    messenger.ctx.services["set_inbound_handler"](lambda s, e, i: None)
    messenger.settle()
    lines = ["เจ้าหน้าที่จะติดต่อกลับภายในประมาณ 2 ชั่วโมง", "ถ้ามีเหตุด่วน โทร 191 หรือ 1669 ได้ทันที"]
    with messenger.ctx.sessions() as s:
        enqueue(s, channel="messenger", recipient="PSID-1001", message=OutgoingMessage(
            text="รับเรื่องของคุณแล้วค่ะ เลขที่ 1300-2569-000002",
            case_card=CaseCard(number="1300-2569-000002", title="เรื่องของคุณ", lines=lines,
                               button_label="ติดตามเรื่อง", button_payload="status:1300-2569-000002")))
        s.commit()
    messenger.settle()
    text, template = (d["message"] for d in messenger_fake.delivered)
    assert all(line in text["text"] for line in lines)
    element = template["attachment"]["payload"]["elements"][0]
    assert element["subtitle"] == "1300-2569-000002"
    assert element["buttons"][0]["payload"] == "status:1300-2569-000002"


@pytest.mark.parametrize("status,retry_after", [(500, None), (429, 30), (None, None)])
def test_transient_failures_are_retried_and_sent_once(messenger, messenger_fake, status, retry_after):
    if status is None:
        messenger_fake.inject(None, delay=2.0)  # past the 1 s client timeout, not accepted
    else:
        messenger_fake.inject(status, retry_after=retry_after)
    post_fb(messenger, fb_body(fb_text()))
    messenger.process()
    now = messenger.clock()
    messenger.send()
    row = messenger.outbox()[0]
    assert row.status == "pending" and row.attempts == 1
    if retry_after:
        assert row.next_attempt_at >= now + timedelta(seconds=retry_after - 1)
    messenger.settle(skip_backoff=True)
    assert messenger.outbox()[0].status == "sent" and len(messenger_fake.delivered) == 1


def test_permanent_graph_error_is_dead_at_once(messenger, messenger_fake):
    messenger_fake.inject(400)
    post_fb(messenger, fb_body(fb_text()))
    messenger.settle(skip_backoff=True)
    row = messenger.outbox()[0]
    assert row.status == "dead" and row.attempts == 1 and "code 100" in row.last_error


def test_last_inbound_time_comes_from_the_platform_timestamp(messenger):
    from bots.inbox import last_inbound_at

    post_fb(messenger, fb_body(fb_text(age_seconds=7200)))
    with messenger.ctx.sessions() as s:
        at = last_inbound_at(s, "messenger", "PSID-1001")
    assert at is not None and at.tzinfo is not None
    assert timedelta(hours=1.9) < datetime.now(UTC) - at < timedelta(hours=2.1)


def test_attachment_is_downloaded_and_kept(messenger, messenger_fake):
    from pathlib import Path

    seen = []
    messenger.ctx.services["set_inbound_handler"](lambda s, e, i: seen.append(e))
    messenger_fake.media["a1.jpg"] = (b"\x89PNG" + b"2" * 300, "image/png")
    msg = fb_text(attachments=[{"type": "image", "payload": {"url": messenger_fake.media_url("a1.jpg")}}])
    msg["message"].pop("text")
    post_fb(messenger, fb_body(msg))
    messenger.settle()
    [event] = seen
    assert event.kind == "image" and event.extra["media_type"] == "image/png"
    assert Path(event.extra["media_path"]).read_bytes().startswith(b"\x89PNG")


def _enqueue_fb(messenger, message: OutgoingMessage) -> None:
    post_fb(messenger, fb_body(fb_text(age_seconds=60)))  # inside the 24-hour window
    messenger.ctx.services["set_inbound_handler"](lambda s, e, i: None)
    messenger.settle()
    with messenger.ctx.sessions() as s:
        enqueue(s, channel="messenger", recipient="PSID-1001", message=message)
        s.commit()


def test_a_retry_sends_only_the_parts_not_yet_accepted(messenger, messenger_fake):
    # A case card is two Send API calls (text, then template); a long text is several.
    text = "ก" * 1990 + "PART1END" + "ข" * 1990 + "PART2END" + "ค" * 100
    _enqueue_fb(messenger, OutgoingMessage(text=text, case_card=CaseCard(
        number="1300-2569-000009", title="เรื่องของคุณ", lines=["โทรกลับภายใน 2 ชั่วโมง"])))
    messenger_fake.inject(500, body_contains="PART2END")
    messenger_fake.inject(500, body_contains='"template"')
    messenger.settle(skip_backoff=True)
    row = messenger.outbox()[0]
    assert row.status == "sent" and row.attempts == 3
    sent = [d["message"] for d in messenger_fake.delivered]
    # Each part reached the person once, in order, though the message was tried three times.
    assert [("text" in m, "attachment" in m) for m in sent] == [(True, False)] * 3 + [(False, True)]
    assert "".join(m["text"] for m in sent[:3]).startswith(text)


def test_a_dead_letter_retried_by_a_supervisor_resumes_where_it_stopped(messenger, messenger_fake):
    from bots.outbox import retry_dead_letter

    _enqueue_fb(messenger, OutgoingMessage(text="รับเรื่องแล้วค่ะ", case_card=CaseCard(
        number="1300-2569-000010", title="เรื่องของคุณ", lines=["โทรกลับภายใน 2 ชั่วโมง"])))
    messenger_fake.inject(400, body_contains='"template"')
    messenger.settle(skip_backoff=True)
    row = messenger.outbox()[0]
    assert row.status == "dead" and len(messenger_fake.delivered) == 1
    with messenger.ctx.sessions() as s:
        assert retry_dead_letter(s, row.id)
        s.commit()
    messenger.settle(skip_backoff=True)
    assert messenger.outbox()[0].status == "sent"
    assert ["attachment" in d["message"] for d in messenger_fake.delivered] == [False, True]
