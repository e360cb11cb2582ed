"""The screenshots in EDITING.md: the campaign post, open and closed, as a reader sees it.

The test suite takes them into a temporary folder and checks them, and never writes the
guide's own copies; `invoke docs` runs this file to take those again:

    .venv/bin/python tests/guide_screenshots.py [folder]
"""

import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from conftest import AFTER_DEADLINE, BEFORE_DEADLINE, POST_PATH, ROOT, SiteServer, build_ok

FOLDER = ROOT / "docs" / "screenshots"
STATES = ("open", "closed")
# Three days before the deadline (April 13, 2021, 11:59 PM in New York).
READER_CLOCK = dt.datetime(2021, 4, 10, 16, 0, tzinfo=dt.UTC)
VIEWPORT = {"width": 900, "height": 800}


def screenshot_name(state):
    return f"post-{state}.png"


def screenshot_post(browser, site_url, state, path):
    """Screenshot the campaign post of the site at ``site_url`` into ``path``, with the
    reader's clock before the deadline ("open") or after it ("closed"). Returns why the
    page did not show that state: nothing when it did."""
    context = browser.new_context(
        viewport=VIEWPORT, timezone_id="America/New_York", device_scale_factor=1
    )
    problems = []
    try:
        page = context.new_page()
        page.clock.install(time=READER_CLOCK if state == "open" else READER_CLOCK.replace(day=20))
        page.goto(f"{site_url}/{POST_PATH}")
        banner = page.locator("main aside.campaign-banner")
        banner.wait_for()
        shown = banner.get_attribute("data-campaign-state")
        if shown != state:
            problems.append(f"the banner is {shown}, not {state}")
        if state == "open":
            page.locator(".campaign-countdown").filter(has_text=re.compile(r"\w")).wait_for()
            if page.locator("main a.campaign-sign").count() < 1:
                problems.append("the open banner has no link to sign")
        elif "Signing closed on" not in banner.inner_text():
            problems.append("the closed banner does not say when signing closed")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), animations="disabled")
    finally:
        context.close()
    return problems


def chromium():
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    found = found or shutil.which("chromium-browser")
    if not found:
        raise SystemExit(
            "Taking the screenshots needs Chromium: `sh scripts/provision.sh chromium` "
            "installs it, or set CHROMIUM to a Chromium binary."
        )
    return found


def take_screenshots(folder=FOLDER, report=print):
    """Build the publish site open and closed, serve each on loopback, and screenshot
    its campaign post into ``folder``; returns the files written."""
    from playwright.sync_api import sync_playwright

    written = []
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for state in STATES:
                root = Path(scratch) / state
                server = SiteServer(root)
                now = BEFORE_DEADLINE if state == "open" else AFTER_DEADLINE
                build_ok(root, now=now, siteurl=server.url)
                server.start()
                taken = Path(scratch) / screenshot_name(state)
                try:
                    problems = screenshot_post(browser, server.url, state, taken)
                finally:
                    server.stop()
                if problems:
                    raise SystemExit(f"{POST_PATH} {state}: " + "; ".join(problems))
                # Only a screenshot of the right state replaces the guide's copy.
                path = Path(folder) / screenshot_name(state)
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(taken, path)
                report(f"Wrote {path}")
                written.append(path)
        finally:
            browser.close()
    return written


if __name__ == "__main__":
    take_screenshots(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER)
