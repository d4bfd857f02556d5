"""LINE end to end through line-bot-sdk v3 against the fake LINE API."""

from __future__ import annotations

import pytest

from bots import messages
from tests.channels.conftest import line_body, line_event, post_line


def test_signed_text_is_stored_once_processed_and_acknowledged_by_reply(line, line_fake):
    event = line_event(text="ช่วยด้วยค่ะ", reply_token="rt-fresh-1")
    body = line_body(event)
    assert post_line(line, body).status_code == 200
    assert post_line(line, body).status_code == 200  # LINE redelivers: still one row
    rows = line.inbox()
    assert len(rows) == 1 and rows[0].status == "pending" and rows[0].user_id == event["source"]["userId"]
    line.settle()
    assert line.inbox()[0].status == "done"
    assert len(line_fake.delivered) == 1
    sent = line_fake.delivered[0]
    assert sent["via"] == "reply" and sent["to"] == "rt-fresh-1"
    assert sent["messages"][0]["text"] == messages.ACKNOWLEDGEMENT["th"]
    assert line.outbox()[0].status == "sent"
    # The processor showed the loading animation and fetched the display name first.
    assert line_fake.calls_to("/v2/bot/chat/loading/start")
    assert line_fake.calls_to("/v2/bot/profile/")


def test_forged_or_missing_signature_is_refused_and_nothing_stored(line):
    body = line_body(line_event())
    assert post_line(line, body, signature=None).status_code == 401
    assert post_line(line, body, signature="AAAA" + "x" * 40).status_code == 401
    from tests.channels.conftest import line_sign

    assert post_line(line, body, signature=line_sign(body, "another-secret")).status_code == 401
    assert line.inbox() == []


def test_malformed_json_is_400_and_oversized_body_413(line):
    bad = b'{"destination": "x", "events": [ {'
    assert post_line(line, bad).status_code == 400
    big = line_body(line_event(text="ก" * 400_000))  # ~1.2 MB of UTF-8
    assert post_line(line, big).status_code == 413
    # A lying Content-Length does not get past the streaming limit either.
    resp = line.client.post("/webhooks/line", content=big,
                            headers={"x-line-signature": "x", "Content-Length": str(len(big))})
    assert resp.status_code == 413
    assert line.inbox() == []


def test_console_verify_and_unknown_event_types_are_200_and_ignored(line):
    assert post_line(line, line_body()).status_code == 200
    odd = line_event(kind="beacon", beacon={"hwid": "d41d8cd98f", "type": "enter"})
    joined = line_event(kind="join")
    joined["source"] = {"type": "group", "groupId": "Cgroup", "userId": "Uabc"}
    assert post_line(line, line_body(odd, joined)).status_code == 200
    assert line.inbox() == []


@pytest.mark.parametrize("text", ["", "😀😢🙏", "ก" * 5000, "\u200b\u0e33\u0e4d\ufeff \U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1",
                                  "ผัวตีค่ะ ช่วยด้วย 0812345678"])
def test_odd_texts_are_stored_and_handled(line, line_fake, text):
    assert post_line(line, line_body(line_event(text=text))).status_code == 200
    line.settle()
    [row] = line.inbox()
    assert row.status == "done" and row.payload["text"] == text
    assert len(line_fake.delivered) == 1


def test_follow_gets_welcome_and_unfollow_gets_nothing(line, line_fake):
    follow = line_event(kind="follow", follow={"isUnblocked": False})
    unfollow = line_event(kind="unfollow", reply_token=None)
    assert post_line(line, line_body(follow)).status_code == 200
    line.settle()
    assert post_line(line, line_body(unfollow)).status_code == 200
    line.settle()
    assert [r.payload["kind"] for r in line.inbox()] == ["follow", "unfollow"]
    assert [d["messages"][0]["text"] for d in line_fake.delivered] == [messages.WELCOME["th"]]


def test_expired_reply_token_falls_back_to_push_with_retry_key(line, line_fake):
    event = line_event(age_seconds=120)
    post_line(line, line_body(event))
    line.settle()
    [sent] = line_fake.delivered
    assert sent["via"] == "push" and sent["to"] == event["source"]["userId"]
    [push] = line_fake.calls_to("/message/push")
    assert push.headers["X-Line-Retry-Key"] == line.outbox()[0].idempotency_key
    assert not line_fake.calls_to("/message/reply")


def test_reply_token_refused_by_line_is_spent_and_push_delivers(line, line_fake):
    post_line(line, line_body(line_event(reply_token="expired-by-line")))
    line.settle()
    assert [d["via"] for d in line_fake.delivered] == ["push"]
    assert line.outbox()[0].reply_token is None


def test_500_then_success_is_retried_and_sent_once(line, line_fake):
    line_fake.inject(500, path_contains="/message/reply")
    post_line(line, line_body(line_event()))
    line.process()
    line.send()
    row = line.outbox()[0]
    assert row.status == "pending" and row.attempts == 1 and "500" in row.last_error
    line.settle(skip_backoff=True)
    assert len(line_fake.delivered) == 1 and line.outbox()[0].status == "sent"


def test_lost_push_answer_retried_with_same_key_never_doubles(line, line_fake):
    # LINE accepted the push but the answer never came back (timeout): the retry gets 409.
    line_fake.inject(None, path_contains="/message/push", delay=2.0, accept=True)
    post_line(line, line_body(line_event(reply_token=None)))
    line.process()
    line.send()
    assert line.outbox()[0].status == "pending"  # timed out after 1 s
    line.settle(skip_backoff=True)
    pushes = line_fake.calls_to("/message/push")
    assert len(pushes) == 2
    assert pushes[0].headers["X-Line-Retry-Key"] == pushes[1].headers["X-Line-Retry-Key"]
    assert len(line_fake.delivered) == 1
    assert line.outbox()[0].status == "sent"


def test_429_with_retry_after_waits_at_least_that_long(line, line_fake):
    from datetime import timedelta

    line_fake.inject(429, path_contains="/message/push", retry_after=120)
    post_line(line, line_body(line_event(reply_token=None)))
    line.process()
    before = line.clock()
    line.send()
    row = line.outbox()[0]
    assert row.status == "pending" and row.next_attempt_at >= before + timedelta(seconds=119)
    assert line.send() == 0  # not due yet
    line.clock.advance(121)
    line.send()
    assert line.outbox()[0].status == "sent" and len(line_fake.delivered) == 1


def test_dead_letter_after_max_attempts_is_visible(line, line_fake):
    from bots.outbox import dead_letters

    line_fake.inject(500, path_contains="/message/push", times=10)
    post_line(line, line_body(line_event(reply_token=None)))
    line.settle(skip_backoff=True)
    [row] = line.outbox()
    assert row.status == "dead" and row.attempts == 4 and "500" in row.last_error
    with line.ctx.sessions() as s:
        assert [d.id for d in dead_letters(s)] == [row.id]
    assert line_fake.delivered == []


def test_400_push_is_dead_at_once(line, line_fake):
    line_fake.inject(400, path_contains="/message/push")
    post_line(line, line_body(line_event(reply_token=None)))
    line.settle(skip_backoff=True)
    [row] = line.outbox()
    assert row.status == "dead" and row.attempts == 1


def test_per_person_order_holds_while_an_earlier_message_waits(line, line_fake):
    from bots.events import OutgoingMessage
    from bots.outbox import enqueue

    user = "U1111111111111111111111111111test"
    with line.ctx.sessions() as s:
        for i in range(3):
            enqueue(s, channel="line", recipient=user, message=OutgoingMessage(text=f"ข้อความที่ {i}"))
        enqueue(s, channel="line", recipient="U2222222222222222222222222222test",
                message=OutgoingMessage(text="คนอื่น"))
        s.commit()
    line_fake.inject(500, path_contains="/message/push", body_contains=user)  # their first push fails
    line.send()
    texts = [d["messages"][0]["text"] for d in line_fake.delivered]
    assert texts == ["คนอื่น"]  # the failed first row holds back the same person's later rows
    line.settle(skip_backoff=True)
    texts = [d["messages"][0]["text"] for d in line_fake.delivered if d["to"] == user]
    assert texts == ["ข้อความที่ 0", "ข้อความที่ 1", "ข้อความที่ 2"]


def test_image_is_downloaded_with_limit_and_kept_with_the_event(line, line_fake, tmp_path):
    from pathlib import Path

    seen = {}

    def handler(session, event, inbox_id):
        seen["event"] = event

    line.ctx.services["set_inbound_handler"](handler)
    line_fake.contents["900001"] = (b"\xff\xd8\xff" + b"0" * 2048, "image/jpeg")
    image = line_event(kind="message", message={"type": "image", "id": "900001", "quoteToken": "q",
                                                 "contentProvider": {"type": "line"}})
    post_line(line, line_body(image))
    line.settle()
    event = seen["event"]
    assert event.kind == "image" and event.display_name == "ผู้ใช้ทดสอบ"
    path = Path(event.extra["media_path"])
    assert path.is_file() and path.stat().st_size == 2051 and event.extra["media_type"] == "image/jpeg"
    assert str(path).startswith(str(tmp_path))


def test_oversized_media_is_not_kept(make_harness, line_fake):
    from tests.channels.conftest import LINE_SECRET, LINE_TOKEN

    h = make_harness(line_channel_secret=LINE_SECRET, line_channel_access_token=LINE_TOKEN,
                     line_api_base_url=line_fake.base_url, media_max_bytes=1000)
    seen = {}
    h.ctx.services["set_inbound_handler"](lambda s, e, i: seen.setdefault("e", e))
    line_fake.contents["900002"] = (b"0" * 5000, "audio/m4a")
    audio = line_event(kind="message", message={"type": "audio", "id": "900002", "duration": 3000,
                                                 "contentProvider": {"type": "line"}})
    post_line(h, line_body(audio))
    h.settle()
    assert seen["e"].extra["media_error"] == "too_large" and "media_path" not in seen["e"].extra


def test_handler_failure_retries_then_marks_failed(line):
    from bots.inbox import failed_events

    calls = []

    def broken(session, event, inbox_id):
        calls.append(inbox_id)
        raise RuntimeError("boom")

    line.ctx.services["set_inbound_handler"](broken)
    post_line(line, line_body(line_event()))
    line.process()
    assert line.inbox()[0].status == "pending" and line.inbox()[0].attempts == 1
    for _ in range(5):
        line.clock.advance(3600)
        line.process()
    [row] = line.inbox()
    assert row.status == "failed" and row.error == "RuntimeError" and len(calls) == 4
    with line.ctx.sessions() as s:
        assert [r.id for r in failed_events(s)] == [row.id]
    assert line.outbox() == []  # the rolled-back attempts left no reply behind


def test_events_of_one_person_are_handled_in_order(line):
    order = []
    line.ctx.services["set_inbound_handler"](lambda s, e, i: order.append(e.text))
    user = "U3333333333333333333333333333test"
    post_line(line, line_body(*[line_event(user=user, text=f"{i}") for i in range(5)]))
    line.settle()
    assert order == ["0", "1", "2", "3", "4"]


def test_quick_replies_location_and_case_card_render_for_line(line, line_fake):
    from bots.events import CaseCard, OutgoingMessage, QuickReply
    from bots.outbox import enqueue

    with line.ctx.sessions() as s:
        enqueue(s, channel="line", recipient="U4444444444444444444444444444test", quiet=True, message=OutgoingMessage(
            text="เลือกได้เลยค่ะ", quick_replies=[QuickReply(label="ยินยอม", payload="consent:yes")],
            ask_location=True, case_card=CaseCard(number="1300-2569-000001", title="เรื่องของคุณ",
                                                   lines=["สถานะ: รับเรื่องแล้ว"], button_label="ดูสถานะ",
                                                   button_payload="case:status")))
        s.commit()
    line.send()
    [sent] = line_fake.delivered
    text, flex = sent["messages"]
    assert sent["notificationDisabled"] is True
    assert text["type"] == "text" and flex["type"] == "flex" and flex["contents"]["type"] == "bubble"
    items = flex["quickReply"]["items"]
    assert items[0]["action"] == {"type": "postback", "label": "ยินยอม", "data": "consent:yes", "displayText": "ยินยอม"}
    assert items[1]["action"]["type"] == "location"


def test_database_failure_answers_503_so_line_redelivers(line):
    writer = line.ctx.services["inbox_writer"]

    def down(events):  # noqa: ANN001, ANN202
        raise ConnectionError("database unreachable")

    writer._insert = down
    assert post_line(line, line_body(line_event())).status_code == 503
    del writer._insert
    assert post_line(line, line_body(line_event())).status_code == 200


def test_standby_mode_and_group_messages_are_ignored(line):
    standby = line_event(mode="standby")
    group = line_event()
    group["source"] = {"type": "group", "groupId": "Cgroup", "userId": "Uabc"}
    assert post_line(line, line_body(standby, group)).status_code == 200
    assert line.inbox() == []


@pytest.mark.parametrize("text,stored", [("ก\x00ข", "กข"), ("\ud83d", "\ufffd"), ("a\udfffb", "a\ufffdb")])
def test_nul_and_lone_surrogates_are_cleaned_at_the_inbox(line, text, stored):
    import json

    seen = []
    line.ctx.services["set_inbound_handler"](lambda s, e, i: seen.append(e.text))
    body = json.dumps({"destination": "x", "events": [line_event(text=text)]}).encode()  # \\u escapes
    assert post_line(line, body).status_code == 200
    line.settle()
    assert line.inbox()[0].payload["text"] == stored and seen == [stored]


async def test_one_bad_request_does_not_fail_the_others_in_its_batch(sessions):
    import asyncio
    from datetime import UTC, datetime

    from bots.events import EventKind, InboundEvent
    from bots.inbox import InboxWriter

    writer = InboxWriter(sessions)
    real = writer._insert

    def picky(events):  # noqa: ANN001, ANN202
        if any(e.event_id == "poison" for e in events):
            raise ValueError("refused")
        return real(events)

    writer._insert = picky

    def ev(i: str) -> InboundEvent:
        return InboundEvent(channel="line", event_id=i, user_id="U1", kind=EventKind.text, text="x",
                            timestamp=datetime.now(UTC))

    results = await asyncio.gather(writer.store([ev("ok-1")]), writer.store([ev("poison")]),
                                   writer.store([ev("ok-2")]), return_exceptions=True)
    await writer.close()
    assert [type(r).__name__ for r in results] == ["StoreResult", "ValueError", "StoreResult"]
    assert results[0].stored == 1 and results[2].stored == 1


def test_a_message_the_sdk_cannot_validate_is_still_kept(line, line_fake):
    """LINE's schema drifts (an image without quoteToken, a text without id): the SDK turns such
    events into UnknownEvent; the person's message must still reach the handler."""
    seen = []
    line.ctx.services["set_inbound_handler"](lambda s, e, i: seen.append(e))
    line_fake.contents["900009"] = (b"\xff\xd8\xff" + b"1" * 64, "image/jpeg")
    image = line_event(kind="message", message={"type": "image", "id": "900009",
                                                 "contentProvider": {"type": "line"}})
    text = line_event(kind="message", message={"type": "text", "text": "ช่วยด้วยค่ะ"})
    assert post_line(line, line_body(image, text)).status_code == 200
    line.settle()
    assert [e.kind for e in seen] == ["image", "text"]
    assert seen[0].extra["media_type"] == "image/jpeg" and seen[1].text == "ช่วยด้วยค่ะ"
    assert all(e.extra.get("parsed_from_raw") for e in seen)
