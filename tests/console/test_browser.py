"""The console in headless Chromium against a real server (uvicorn subprocess)."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import pytest

from tests.console.conftest import PASSWORD
from tests.console.live_server import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from tests.console.scenes import png, seed

pytestmark = pytest.mark.browser
# `make screenshots` refreshes the committed ones in docs/screenshots; an ordinary test run writes
# beside its other temporary files so it leaves the work tree as it found it.
SHOTS = Path(os.environ.get("SAIDUAN_SCREENSHOT_DIR") or Path(tempfile.gettempdir()) / "saiduan-screenshots")
LAPTOP = {"width": 1366, "height": 768}
TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/console/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/console")


def test_pages_render_on_laptop_and_tablet(browser, sessions, world, db_url, tmp_path):
    if not db_url.startswith("sqlite"):
        pytest.skip("screenshots are taken once, on SQLite")
    media = tmp_path / "media"
    with sessions() as s:
        ids = seed(s, world, media)
    with serve(db_url, media_dir=media, log_path=tmp_path / "server.log") as base:
        ctx = browser.new_context(viewport=LAPTOP, locale="th-TH", timezone_id="Asia/Bangkok")
        page = ctx.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        sign_in(page, base, "s_bkk")
        page.wait_for_selector("body[data-live=on]")
        rows = page.locator("#queue-rows tr")
        assert rows.count() == 5
        assert "emergency" in (rows.nth(0).get_attribute("class") or "")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "queue.png"), full_page=True)
        page.goto(f"{base}/console/cases/{ids['main']}")
        page.wait_for_selector("body[data-live=on]")
        img = page.locator(".thread img")
        assert img.count() == 1
        assert page.evaluate("(el) => el.naturalWidth", img.element_handle()) == 160
        assert "openstreetmap.org" in page.inner_text("#thread")
        page.screenshot(path=str(SHOTS / "case.png"), full_page=False)
        tablet = ctx.browser.new_context(viewport=TABLET, locale="th-TH", timezone_id="Asia/Bangkok")
        tpage = tablet.new_page()
        sign_in(tpage, base, "w_bkk")
        tpage.goto(f"{base}/console/cases/{ids['main']}")
        tpage.wait_for_selector("body[data-live=on]")
        # Nothing wider than the screen: no sideways scrolling on a tablet.
        assert tpage.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        tpage.screenshot(path=str(SHOTS / "case-tablet.png"), full_page=False)
        tpage.goto(base + "/console")
        assert tpage.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        tpage.screenshot(path=str(SHOTS / "queue-tablet.png"), full_page=False)
        tablet.close()
        ctx.close()
        assert not [e for e in errors if "Content Security Policy" in e], errors


def test_line_case_arrives_live_then_takeover_chat_refer_close(browser, sessions, world, db_url, tmp_path):
    if not db_url.startswith("sqlite"):
        pytest.skip("the browser journey runs once, on SQLite; tests/console/test_two_instances.py covers PostgreSQL")
    from sqlmodel import select

    from intake.models import Case
    from tests.console.line_citizen import LineCitizen
    from tests.fakes.line import FakeLine

    fake = FakeLine().start()
    try:
        with serve(db_url, line_api=fake.base_url, media_dir=tmp_path / "media",
                   log_path=tmp_path / "server.log") as base:
            ctx = browser.new_context(viewport=LAPTOP, locale="th-TH", timezone_id="Asia/Bangkok")
            page = ctx.new_page()
            sign_in(page, base, "w_bkk")
            page.wait_for_selector("body[data-live=on]")
            assert page.locator("#queue-rows tr[data-case]").count() == 0

            # The citizen talks to the bot on LINE until a case opens (answers follow its questions).
            citizen = LineCitizen(base, fake)
            citizen.say("สวัสดีค่ะ")
            story = "สามีตีหนูทุกคืนเวลาเมา หนูกลัวมาก ตอนนี้เขาออกไปทำงานแล้ว"
            for _ in range(12):
                offered = citizen.choices(citizen.wait_new())
                with sessions() as s:
                    opened = s.exec(select(Case)).first() is not None
                known = {"consent:yes", "safe:yes", "cat:confirm", "skip:place", "skip:phone", "who:self"}
                if opened and not known & set(offered):
                    break
                if "consent:yes" in offered:
                    citizen.tap("consent:yes")
                elif "safe:yes" in offered:
                    citizen.tap("safe:yes")
                elif "cat:confirm" in offered:
                    citizen.tap("cat:confirm")
                elif "skip:place" in offered:
                    citizen.say("อยู่แขวงบางยี่ขัน เขตบางพลัด กรุงเทพมหานคร ค่ะ")
                elif "skip:phone" in offered:
                    citizen.say("เบอร์ 0812345678 ค่ะ")
                elif "who:self" in offered:
                    citizen.tap("who:self")
                else:
                    citizen.say(story)
            with sessions() as s:
                case = s.exec(select(Case)).one()
            assert case.centre_id == world.centres["PV10"].id

            # It appears in the open queue without a reload.
            page.wait_for_selector(f"#queue-rows tr[data-case='{case.id}']", timeout=10_000)
            assert page.evaluate("document.body.getAttribute('data-queue-refreshed')") is not None

            page.click(f"#queue-rows tr[data-case='{case.id}'] a")
            page.wait_for_selector("body[data-live=on]")
            assert story in page.inner_text("#thread")
            page.click("#takeover")
            page.wait_for_selector("#reply-text")
            before = len(fake.calls_to("/v2/bot/message/push"))
            reply = "สวัสดีค่ะ เจ้าหน้าที่ศูนย์ 1300 รับเรื่องแล้ว ตอนนี้คุณอยู่ในที่ปลอดภัยไหมคะ"
            page.fill("#reply-text", reply)
            page.click("#send")
            page.wait_for_selector(f"#thread .msg.worker:has-text('เจ้าหน้าที่ศูนย์ 1300')")
            delivered = citizen.wait_new()
            assert reply in citizen.texts(delivered)
            # Exactly one push left for it.
            pushes = [c for c in fake.calls_to("/v2/bot/message/push")[before:]
                      if reply in json.dumps(c.body, ensure_ascii=False)]
            assert len(pushes) == 1

            # The citizen answers; it appears live and the bot stays silent.
            citizen.say("ปลอดภัยค่ะ อยู่บ้านแม่แล้ว")
            page.wait_for_selector("#thread .msg.in:has-text('อยู่บ้านแม่แล้ว')", timeout=10_000)
            time.sleep(1.0)
            assert citizen.mine()[citizen.seen:] == []
            # A photo arrives live too, served through the authorised media route.
            citizen.image(png(120, 80))
            img = page.wait_for_selector("#thread .msg.in img", timeout=10_000)
            page.wait_for_function("(el) => el.complete && el.naturalWidth === 120", arg=img)
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(SHOTS / "case-takeover.png"))

            # Raising a case to emergency alerts a supervisor watching the queue, without a reload.
            sup = browser.new_context(viewport=LAPTOP, locale="th-TH", timezone_id="Asia/Bangkok")
            spage = sup.new_page()
            sign_in(spage, base, "s_bkk")
            spage.wait_for_selector("body[data-live=on]")
            spage.click("#sound-toggle")
            with sessions() as s:
                current = s.get(Case, case.id).priority
            for target in (["high", "emergency"] if current == "emergency" else ["emergency"]):
                page.select_option("#priority-to", target)
                page.fill("form[action$='/priority'] input[name=reason]", "ผู้ติดต่อบอกว่าเขาถืออาวุธ")
                page.click("form[action$='/priority'] button[type=submit]")
                page.wait_for_selector(".flash:has-text('บันทึกความเร่งด่วนแล้ว')")
            spage.wait_for_selector("#alert-banner.show:has-text('เหตุฉุกเฉิน')", timeout=10_000)
            spage.wait_for_selector(f"#queue-rows tr.emergency[data-case='{case.id}']")
            spage.screenshot(path=str(SHOTS / "queue-alert.png"))
            sup.close()

            # Refer to an agency, then close with a reason.
            page.select_option("#agency", index=1)
            page.fill("#referral-note", "ส่งข้อมูลผู้เสียหาย ที่อยู่ และเบอร์โทรให้ตำรวจดำเนินการ")
            page.click("#refer")
            page.wait_for_selector("#referrals strong")
            page.select_option("#status-to", "closed")
            page.fill("#status input[name=reason]", "ผู้เสียหายปลอดภัยและส่งต่อตำรวจแล้ว")
            page.click("#status-save")
            page.wait_for_selector(".case-head .badge:has-text('ปิดเคสแล้ว')")
            with sessions() as s:
                closed = s.get(Case, case.id)
                assert closed.status == "closed" and closed.first_response_at is not None
            ctx.close()
    finally:
        fake.stop()
