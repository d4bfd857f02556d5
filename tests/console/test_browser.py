"""The console in headless Chromium against a real server (uvicorn subprocess)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.console.conftest import PASSWORD
from tests.console.live_server import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from tests.console.scenes import seed

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
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
