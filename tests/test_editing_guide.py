"""EDITING.md: it covers every campaign field and check, and its screenshots are current."""

import datetime as dt
import re
import struct

import pytest
from conftest import POST_PATH, ROOT
from pelican.plugins.campaign.rules import CAMPAIGN_FIELDS
from pelican.plugins.content_rules.findings import CHECKS

GUIDE = ROOT / "EDITING.md"
SCREENSHOTS = ROOT / "docs" / "screenshots"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Three days before the deadline (April 13, 2021, 11:59 PM in New York).
READER_CLOCK = dt.datetime(2021, 4, 10, 16, 0, tzinfo=dt.UTC)
VIEWPORT = {"width": 900, "height": 800}


def guide():
    return GUIDE.read_text(encoding="utf-8")


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("state", ["open", "closed"])
def test_screenshots_of_the_post_open_and_closed(browser, served_site, state):
    """Taken afresh on every run, so the guide shows what the site looks like now."""
    context = browser.new_context(
        viewport=VIEWPORT, timezone_id="America/New_York", device_scale_factor=1
    )
    try:
        page = context.new_page()
        page.clock.install(time=READER_CLOCK if state == "open" else READER_CLOCK.replace(day=20))
        page.goto(f"{served_site(state).url}/{POST_PATH}")
        banner = page.locator("main aside.campaign-banner")
        banner.wait_for()
        assert banner.get_attribute("data-campaign-state") == state
        if state == "open":
            page.locator(".campaign-countdown").filter(has_text=re.compile(r"\w")).wait_for()
            assert page.locator("main a.campaign-sign").count() >= 1
        else:
            assert "Signing closed on" in banner.inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"post-{state}.png"
        page.screenshot(path=str(path), animations="disabled")
    finally:
        context.close()
    assert png_size(path) == (VIEWPORT["width"], VIEWPORT["height"])
    assert 20_000 < path.stat().st_size < 2_000_000, path.stat().st_size
    assert f"docs/screenshots/post-{state}.png" in guide()


def test_the_guide_explains_every_campaign_field():
    text = guide()
    for field in CAMPAIGN_FIELDS:
        label = field.capitalize()
        assert f"`{label}:" in text, field
    assert "{signature_form}" in text
    assert "`Campaign:`" in text, "pages that reuse a post's campaign"


def test_the_guide_lists_every_check():
    text = guide()
    section = text[text.index("## What `make check` looks for") :]
    for name, severity, _what in CHECKS:
        assert re.search(rf"\*\*{re.escape(name)}\*\* \({severity}\)", section), name


def test_the_guide_names_only_commands_that_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.MULTILINE))
    used = set(re.findall(r"(?:^|`)make ([a-z-]+)", guide(), re.MULTILINE))
    assert used and used <= targets, used - targets
