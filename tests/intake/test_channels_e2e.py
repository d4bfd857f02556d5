"""Intake dialogues end to end: the web chat over HTTP, and LINE through its signed webhook and
line-bot-sdk v3 against the fake LINE server. The real app, the real inbox processor and outbox
sender (driven with run_once), intake's real handler as the wiring installs it.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

import nlp
from intake.centres import load_centres
from intake.models import Case, Centre, Contact, Conversation, Priority
from saiduan.app import create_app
from tests.channels.conftest import (
    LINE_SECRET, LINE_TOKEN, Clock, Harness, channel_settings, line_body, line_event, post_line,
)
from tests.fakes.line import FakeLine

STORY = "สามีชอบตีหนูเวลาเมา"
URGENT = "ตอนนี้สามีถือมีดไล่แทงหนูอยู่ ช่วยด้วย"


@pytest.fixture
def make_app(db_url, tmp_path):
    clients: list[TestClient] = []

    def build(**overrides: Any) -> Harness:
        app = create_app(channel_settings(db_url, tmp_path, **overrides))
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        clock = Clock()
        ctx = app.state.ctx
        ctx.services["outbox_sender"].clock = clock
        ctx.services["inbox_processor"].clock = clock
        with ctx.sessions() as s:
            load_centres(s)
            s.commit()
        return Harness(client, app, clock)

    yield build
    for client in clients:
        client.__exit__(None, None, None)


class WebChat:
    """A person in the browser chat: posts what they type or tap, reads what the bot sent."""

    def __init__(self, h: Harness) -> None:
        self.h = h
        assert h.client.get("/chat").status_code == 200  # the signed session cookie
        self.after = 0
        self.last: list[dict[str, Any]] = []

    def _post(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        r = self.h.client.post("/chat/api/messages", json={"id": uuid.uuid4().hex, **body})
        assert r.status_code == 202, r.text
        self.h.settle()
        data = self.h.client.get("/chat/api/messages", params={"after": self.after}).json()
        self.after = data["last_id"]
        self.last = [row["message"] for row in data["messages"]]
        return self.last

    def say(self, text: str) -> list[dict[str, Any]]:
        return self._post({"text": text})

    def tap(self, payload: str, label: str = "ok") -> list[dict[str, Any]]:
        assert payload in self.payloads(), f"{payload} was not offered: {self.payloads()}"
        return self._post({"kind": "postback", "payload": payload, "label": label})

    def text(self) -> str:
        return "\n".join(m["text"] for m in self.last)

    def payloads(self) -> list[str]:
        return [q["payload"] for m in self.last for q in m.get("quick_replies", [])]


def test_web_chat_newcomer_gets_a_routed_timed_case_number_in_under_a_minute(make_app):
    assert not nlp.classify(STORY).emergency
    h = make_app()
    started = time.monotonic()
    web = WebChat(h)
    web.say("สวัสดีค่ะ")
    assert "สายด่วน 1300" in web.text() and web.payloads() == ["consent:yes", "consent:no"]
    web.tap("consent:yes", "ยินยอม")
    web.tap("safe:yes", "ปลอดภัย คุยได้")
    web.say(STORY)
    web.tap("cat:confirm", "ใช่")
    web.say("อยู่ อ.เมือง จ.ขอนแก่น")
    web.tap("skip:phone", "ไม่ต้องโทร")
    card = web.last[-1]["case_card"]
    elapsed = time.monotonic() - started
    assert elapsed < 60
    with h.ctx.sessions() as s:
        case = s.exec(select(Case).where(Case.number == card["number"])).one()
        centre = s.get(Centre, case.centre_id)
        contact = s.get(Contact, case.contact_id)
    assert case.channel == "web" and contact.channel == "web"
    assert centre.code == "PV40" and case.priority == Priority.high and case.sla_due_at is not None
    assert card["button_payload"] == f"status:{case.number}"
    # Following the case with its button, from the same browser.
    web._post({"kind": "postback", "payload": card["button_payload"], "label": "ติดตามเรื่อง"})
    assert case.number in web.text() and "รอเจ้าหน้าที่รับเรื่อง" in web.text()
    # Another browser cannot see it.
    h.client.cookies.clear()
    stranger = WebChat(h)
    stranger.say(f"ติดตามเรื่อง {case.number}")
    assert case.number not in stranger.text() and "เฉพาะเรื่องที่แจ้งจากบัญชีนี้" in stranger.text()


def test_web_chat_english_speaker(make_app):
    h = make_app()
    web = WebChat(h)
    web.say("Hi, can I ask something")
    assert "Do you agree?" in web.text()
    web.tap("consent:yes", "I agree")
    assert "safe for you to talk" in web.text()


@pytest.fixture
def line_app(make_app):
    with FakeLine() as fake:
        h = make_app(line_channel_secret=LINE_SECRET, line_channel_access_token=LINE_TOKEN,
                     line_api_base_url=fake.base_url)
        yield h, fake


class LineChat:
    def __init__(self, h: Harness, fake: FakeLine, user: str) -> None:
        self.h, self.fake, self.user = h, fake, user
        self.seen = len(fake.delivered)
        self.last: list[dict[str, Any]] = []

    def _post(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        assert post_line(self.h, line_body(event)).status_code == 200
        self.h.settle()
        new = self.fake.delivered[self.seen:]
        self.seen = len(self.fake.delivered)
        self.last = new
        return new

    def say(self, text: str) -> list[dict[str, Any]]:
        return self._post(line_event(text=text, user=self.user))

    def tap(self, data: str) -> list[dict[str, Any]]:
        return self._post(line_event(kind="postback", user=self.user, postback={"data": data}))

    def share(self, lat: float, lng: float, address: str) -> list[dict[str, Any]]:
        return self._post(line_event(kind="message", user=self.user, message={
            "type": "location", "id": str(uuid.uuid4().int)[:18], "latitude": lat, "longitude": lng,
            "address": address, "title": "ตำแหน่ง"}))

    def texts(self) -> str:
        return "\n".join(m.get("text") or m.get("altText", "") for d in self.last for m in d["messages"])

    def quick(self) -> list[str]:
        out = []
        for d in self.last:
            for m in d["messages"]:
                for item in (m.get("quickReply") or {}).get("items", []):
                    out.append(item["action"].get("data") or item["action"]["type"])
        return out


def test_line_violence_report_with_quiet_messages_and_an_emergency(line_app):
    h, fake = line_app
    p = LineChat(h, fake, "U" + "a1" * 16)
    p.say("สวัสดีค่ะ")
    assert p.last[0]["via"] == "reply"
    assert "consent:yes" in p.quick()
    p.tap("consent:yes")
    p.tap("safe:no")
    # From now on nothing she receives makes a sound.
    assert all(d["notificationDisabled"] for d in p.last)
    p.say(STORY)
    assert "cat:confirm" in p.quick() and all(d["notificationDisabled"] for d in p.last)
    p.say(URGENT)
    first = p.last[0]["messages"][0]["text"]
    assert "191" in first and first.splitlines()[0] == "เราอยู่ตรงนี้ค่ะ และกำลังแจ้งเจ้าหน้าที่ให้ดูเรื่องของคุณทันที"
    assert "location" in p.quick()  # the urgent "where are you?" offers LINE's location button
    p.share(16.43, 102.83, "ต.ศิลา อ.เมือง จ.ขอนแก่น 40000")
    p.tap("skip:phone")
    flex = [m for d in p.last for m in d["messages"] if m["type"] == "flex"]
    assert flex and flex[0]["altText"].startswith("เรื่องของคุณ 1300-")
    with h.ctx.sessions() as s:
        contact = s.exec(select(Contact).where(Contact.channel_user_id == p.user)).one()
        case = s.exec(select(Case).where(Case.contact_id == contact.id)).one()
        conv = s.exec(select(Conversation).where(Conversation.contact_id == contact.id)).one()
    assert contact.display_name == "ผู้ใช้ทดสอบ" and contact.safe_to_contact is False
    assert case.priority == Priority.emergency and case.subdistrict_code == 400114
    assert (case.latitude, case.longitude) == (16.43, 102.83)
    assert conv.state == "waiting_human"


def test_line_refusal_and_someone_elses_case(line_app):
    h, fake = line_app
    owner = LineChat(h, fake, "U" + "b2" * 16)
    owner.say("สวัสดีค่ะ")
    owner.tap("consent:yes")
    owner.tap("safe:yes")
    owner.say("ไม่มีเงินจ่ายค่าเช่าบ้าน")
    owner.tap("cat:confirm")
    owner.tap("skip:place")
    owner.tap("skip:phone")
    owner.tap("who:self")
    with h.ctx.sessions() as s:
        number = s.exec(select(Case)).one().number

    other = LineChat(h, fake, "U" + "c3" * 16)
    other.say(f"ติดตามเรื่อง {number}")
    assert number not in other.texts() and "เฉพาะเรื่องที่แจ้งจากบัญชีนี้" in other.texts()
    other.say("สวัสดีค่ะ")
    other.tap("consent:no")
    assert "1300" in other.texts() and "191" in other.texts()
    with h.ctx.sessions() as s:
        contact = s.exec(select(Contact).where(Contact.channel_user_id == other.user)).one()
        assert contact.consent == "refused"
        from intake.models import Message

        conv_ids = s.exec(select(Conversation.id).where(Conversation.contact_id == contact.id)).all()
        inbound = s.exec(select(Message).where(Message.conversation_id.in_(conv_ids),
                                               Message.direction == "in")).all()
        assert inbound and all(m.text is None for m in inbound)


def test_web_chat_ambiguous_district_then_skipped_phone(make_app):
    h = make_app()
    web = WebChat(h)
    web.say("สวัสดีค่ะ")
    web.tap("consent:yes", "ยินยอม")
    web.tap("safe:yes")
    web.say("ไม่มีเงินจ่ายค่าเช่าบ้าน")
    web.tap("cat:confirm")
    web.say("อำเภอเฉลิมพระเกียรติ")
    assert [p for p in web.payloads() if p.startswith("place:")] == [
        "place:D1913", "place:D3032", "place:D3123", "place:D5515", "place:D8023"]
    web.tap("place:D5515", "4. อ.เฉลิมพระเกียรติ น่าน")
    web.tap("skip:phone")
    web.tap("skip:who")
    number = web.last[-1]["case_card"]["number"]
    with h.ctx.sessions() as s:
        case = s.exec(select(Case).where(Case.number == number)).one()
        assert (case.province_code, case.district_code) == (55, 5515)
        assert s.get(Centre, case.centre_id).code == "PV55"


def test_line_english_and_burmese_speakers(line_app):
    h, fake = line_app
    en = LineChat(h, fake, "U" + "d4" * 16)
    en.say("Hi, can I ask something")
    assert "Do you agree?" in en.texts()
    en.tap("consent:yes")
    en.tap("safe:yes")
    en.say("my husband hits me when he drinks")
    assert 'is this about "Violence and abuse"' in en.texts()
    en.tap("cat:confirm")
    en.tap("skip:place")
    en.tap("skip:phone")
    flex = [m for d in en.last for m in d["messages"] if m["type"] == "flex"]
    assert flex and flex[0]["altText"].startswith("Your case 1300-")

    my = LineChat(h, fake, "U" + "e5" * 16)
    my.say("ကျွန်မကို အလုပ်ရှင်က ရိုက်တယ်")
    assert "1300" in my.texts() and "ရဲ 191" in my.texts()
    with h.ctx.sessions() as s:
        contact = s.exec(select(Contact).where(Contact.channel_user_id == my.user)).one()
        case = s.exec(select(Case).where(Case.contact_id == contact.id)).one()
    assert case.needs_interpreter and case.language == "my"
