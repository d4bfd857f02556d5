"""Telegram end to end through python-telegram-bot 22 against the fake Bot API."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bots import messages
from bots.events import CaseCard, OutgoingMessage, QuickReply
from bots.outbox import enqueue
from bots.quickreplies import payload_digest
from tests.channels.conftest import TG_SECRET, post_tg, tg_update


def test_application_initialised_against_the_fake(telegram, telegram_fake):
    assert telegram_fake.calls_to("/getMe")


def test_secret_token_required(telegram):
    assert post_tg(telegram, tg_update(1), secret=None).status_code == 403
    assert post_tg(telegram, tg_update(1), secret=TG_SECRET + "x").status_code == 403
    assert telegram.inbox() == []


def test_message_stored_once_and_acknowledged(telegram, telegram_fake):
    update = tg_update(5001, "ช่วยด้วยค่ะ")
    assert post_tg(telegram, update).status_code == 200
    assert post_tg(telegram, update).status_code == 200  # Telegram retries: one row
    [row] = telegram.inbox()
    assert row.event_id == "5001" and row.user_id == "700100"
    telegram.settle()
    [sent] = telegram_fake.delivered
    assert int(sent["chat_id"]) == 700100 and sent["text"] == messages.ACKNOWLEDGEMENT["th"]
    assert telegram_fake.calls_to("/sendChatAction")


def test_start_is_a_follow_and_gets_the_welcome(telegram, telegram_fake):
    post_tg(telegram, tg_update(5002, "/start"))
    telegram.settle()
    assert telegram.inbox()[0].payload["kind"] == "follow"
    assert telegram_fake.delivered[0]["text"] == messages.WELCOME["th"]


def test_bad_input(telegram):
    assert post_tg(telegram, b"{oops").status_code == 400
    assert post_tg(telegram, b'{"no_update_id": 1}').status_code == 400
    assert post_tg(telegram, json.dumps(tg_update(1, "ก" * 400_000)).encode()).status_code == 413
    edited = {"update_id": 7, "edited_message": tg_update(7)["message"]}
    group = tg_update(8)
    group["message"]["chat"] = {"id": -100200, "type": "group", "title": "กลุ่ม"}
    assert post_tg(telegram, edited).status_code == 200
    assert post_tg(telegram, group).status_code == 200
    assert telegram.inbox() == []


@pytest.mark.parametrize("text", ["", "😭", "ค" * 5000])
def test_odd_texts(telegram, telegram_fake, text):
    update = tg_update(6000, text if text else None)
    if not text:
        update["message"]["text"] = ""
    assert post_tg(telegram, update).status_code == 200
    telegram.settle()
    assert telegram.inbox()[0].status == "done" and len(telegram_fake.delivered) == 1


def test_quick_replies_as_inline_keyboard_and_long_payload_round_trip(telegram, telegram_fake):
    long_payload = "category:domestic_violence:" + "x" * 60
    seen = []
    telegram.ctx.services["set_inbound_handler"](lambda s, e, i: seen.append(e))
    with telegram.ctx.sessions() as s:
        enqueue(s, channel="telegram", recipient="700100", message=OutgoingMessage(
            text="เลือกเรื่องค่ะ", quick_replies=[QuickReply(label="สั้น", payload="short"),
                                                 QuickReply(label="ยาว", payload=long_payload)]))
        s.commit()
    telegram.send()
    markup = telegram_fake.delivered[0]["reply_markup"]
    datas = [row[0]["callback_data"] for row in markup["inline_keyboard"]]
    assert datas == ["short", payload_digest(long_payload)]
    callback = {"update_id": 9001, "callback_query": {
        "id": "cbq1", "chat_instance": "ci", "data": datas[1],
        "from": {"id": 700100, "is_bot": False, "first_name": "ทดสอบ"},
        "message": {"message_id": 1, "date": 1732400000, "chat": {"id": 700100, "type": "private"}, "text": "x"}}}
    assert post_tg(telegram, callback).status_code == 200
    telegram.settle()
    assert seen[0].kind == "postback" and seen[0].payload == long_payload
    assert telegram_fake.calls_to("/answerCallbackQuery")


def test_location_request_uses_reply_keyboard_and_labels_map_back(telegram, telegram_fake):
    seen = []
    telegram.ctx.services["set_inbound_handler"](lambda s, e, i: seen.append(e))
    with telegram.ctx.sessions() as s:
        enqueue(s, channel="telegram", recipient="700100", message=OutgoingMessage(
            text="อยู่ที่ไหนคะ", ask_location=True, quick_replies=[QuickReply(label="ไม่สะดวกบอก", payload="loc:skip")]))
        s.commit()
    telegram.send()
    keyboard = telegram_fake.delivered[0]["reply_markup"]["keyboard"]
    assert keyboard[0][0]["request_location"] is True and keyboard[1][0]["text"] == "ไม่สะดวกบอก"
    post_tg(telegram, tg_update(9100, "ไม่สะดวกบอก"))
    post_tg(telegram, tg_update(9101, None, location={"latitude": 13.75, "longitude": 100.5}))
    telegram.settle()
    assert (seen[0].kind, seen[0].payload) == ("postback", "loc:skip")
    assert seen[1].kind == "location" and seen[1].location.latitude == 13.75


def test_case_card_text_and_button(telegram, telegram_fake):
    with telegram.ctx.sessions() as s:
        enqueue(s, channel="telegram", recipient="700100", message=OutgoingMessage(case_card=CaseCard(
            number="1300-2569-000002", title="รับเรื่องแล้ว", lines=["ศูนย์ฯ จะโทรกลับ"],
            button_label="ดูสถานะ", button_payload="case:status")))
        s.commit()
    telegram.send()
    sent = telegram_fake.delivered[0]
    assert "1300-2569-000002" in sent["text"]
    assert sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "case:status"


@pytest.mark.parametrize("kind", ["500", "429", "timeout"])
def test_failures_are_retried_and_sent_once(telegram, telegram_fake, kind):
    if kind == "500":
        telegram_fake.inject(500, path_contains="/sendMessage")
    elif kind == "429":
        telegram_fake.inject(429, path_contains="/sendMessage", retry_after=40)
    else:
        telegram_fake.inject(None, path_contains="/sendMessage", delay=2.0)
    post_tg(telegram, tg_update(7001))
    telegram.process()
    now = telegram.clock()
    telegram.send()
    row = telegram.outbox()[0]
    assert row.status == "pending" and row.attempts == 1
    if kind == "429":
        assert row.next_attempt_at >= now + timedelta(seconds=39)
    telegram.settle(skip_backoff=True)
    assert telegram.outbox()[0].status == "sent" and len(telegram_fake.delivered) == 1


def test_blocked_bot_is_dead_at_once(telegram, telegram_fake):
    telegram_fake.inject(403, path_contains="/sendMessage",
                         body={"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})
    post_tg(telegram, tg_update(7002))
    telegram.settle(skip_backoff=True)
    row = telegram.outbox()[0]
    assert row.status == "dead" and row.attempts == 1 and "Forbidden" in row.last_error


def test_photo_is_fetched_with_getfile_and_kept(telegram, telegram_fake):
    from pathlib import Path

    seen = []
    telegram.ctx.services["set_inbound_handler"](lambda s, e, i: seen.append(e))
    telegram_fake.files["PHOTO1"] = (b"\xff\xd8\xff" + b"1" * 999, "photos/file_1.jpg")
    photo = tg_update(8001, None, photo=[
        {"file_id": "PHOTO0", "file_unique_id": "a", "width": 90, "height": 90, "file_size": 10},
        {"file_id": "PHOTO1", "file_unique_id": "b", "width": 800, "height": 800, "file_size": 1002}],
        caption="รูปบาดแผลค่ะ")
    post_tg(telegram, photo)
    telegram.settle()
    [event] = seen
    assert event.kind == "image" and event.text == "รูปบาดแผลค่ะ" and event.media_ref == "PHOTO1"
    assert Path(event.extra["media_path"]).read_bytes().startswith(b"\xff\xd8\xff")
    assert event.extra["media_size"] == 1002


def test_a_retry_sends_only_the_chunks_not_yet_accepted(telegram, telegram_fake):
    telegram.ctx.services["set_inbound_handler"](lambda s, e, i: None)
    text = "ก" * 4090 + "CHUNK1" + "ข" * 4090 + "CHUNK2" + "ค" * 50
    with telegram.ctx.sessions() as s:
        enqueue(s, channel="telegram", recipient="700100", message=OutgoingMessage(text=text))
        s.commit()
    telegram_fake.inject(500, path_contains="/sendMessage", body_contains="CHUNK2")
    telegram_fake.inject(None, path_contains="/sendMessage", body_contains="%E0%B8%84", delay=2.0)
    telegram.settle(skip_backoff=True)
    row = telegram.outbox()[0]
    assert row.status == "sent" and row.attempts == 3
    # Each chunk reached the person once, in order, though the message was tried three times.
    assert "".join(d["text"] for d in telegram_fake.delivered) == text
