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
