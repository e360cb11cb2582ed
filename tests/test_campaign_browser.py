"""The countdown in real Chromium, with a controlled clock, in several time zones."""

import datetime as dt
import re

import pytest
from conftest import POST_PATH, SiteServer, build_ok

DEADLINE = dt.datetime(2021, 4, 14, 3, 59, 59, tzinfo=dt.UTC)
FORM = "https://example.org/sign/resolution-on-defense-of-immigrants-and-refugees"


def open_post(browser, served_site, at, state="open", **context_options):
    """The campaign post as a reader sees it, with the reader's clock stopped at ``at``
    (the countdown never shows more time than is left, so even the milliseconds a
    page takes to load would show: the clock moves only when a test moves it)."""
    context_options.setdefault("timezone_id", "America/New_York")
    context = browser.new_context(**context_options)
    page = context.new_page()
    if context_options.get("java_script_enabled", True):
        # A second early: the installed clock runs, and pause_at only moves forward.
        page.clock.install(time=at - dt.timedelta(seconds=1))
        page.clock.pause_at(at)
    page.goto(f"{served_site(state).url}/{POST_PATH}")
    return page


def banner(page):
    return page.locator("main aside.campaign-banner")


def countdown_text(page):
    locator = banner(page).locator(".campaign-countdown")
    locator.wait_for()
    page.wait_for_function(
        "document.querySelector('main .campaign-countdown').textContent.length > 0"
    )
    return locator.text_content()


@pytest.mark.parametrize(
    "before,expected",
    [
        (dt.timedelta(days=5), "5 days left."),
        (dt.timedelta(days=2, hours=3, minutes=30), "2 days, 3 hours left."),
        (dt.timedelta(hours=1), "1 hour left."),
        (dt.timedelta(minutes=42, seconds=10), "42 minutes left."),
    ],
)
def test_countdown_shows_the_time_left(browser, served_site, before, expected):
    page = open_post(browser, served_site, DEADLINE - before, timezone_id="America/New_York")
    assert countdown_text(page) == expected
    assert banner(page).get_attribute("data-campaign-state") == "open"
    assert banner(page).locator("a.campaign-sign").get_attribute("href") == FORM
    page.context.close()


def test_crossing_the_deadline_closes_the_open_page_without_reload(browser, served_site):
    page = open_post(browser, served_site, DEADLINE - dt.timedelta(seconds=3))
    assert countdown_text(page) == "3 seconds left."
    page.evaluate("window.__sameDocument = true")
    page.clock.run_for(5000)
    assert banner(page).get_attribute("data-campaign-state") == "closed"
    assert page.evaluate("window.__sameDocument") is True
    assert page.locator("a.campaign-sign").count() == 0
    assert page.locator("main .campaign-sign-closed").count() == 2
    assert banner(page).locator(".campaign-when").text_content().startswith("Signing closed on")
    assert banner(page).locator("[role=status]").text_content() == "Signing has closed."
    # Announced once: later ticks leave the status alone.
    page.evaluate(
        "window.__changes = 0; new MutationObserver(() => window.__changes++)"
        ".observe(document.querySelector('main [role=status]'),"
        " {childList: true, characterData: true, subtree: true})"
    )
    page.clock.run_for(120_000)
    assert page.evaluate("window.__changes") == 0
    page.context.close()


def test_after_the_deadline_an_open_build_closes_on_load(browser, served_site):
    page = open_post(browser, served_site, DEADLINE + dt.timedelta(days=2))
    page.wait_for_selector("main aside.campaign-banner[data-campaign-state=closed]")
    assert page.locator("a.campaign-sign").count() == 0
    page.context.close()


def test_closed_build_stays_closed(browser, served_site):
    page = open_post(browser, served_site, DEADLINE + dt.timedelta(days=2), state="closed")
    assert banner(page).get_attribute("data-campaign-state") == "closed"
    assert page.locator("a.campaign-sign").count() == 0
    assert page.locator(".campaign-countdown").count() == 0
    page.context.close()


def test_tokyo_and_los_angeles_see_the_same_time_left(browser, served_site):
    at = DEADLINE - dt.timedelta(days=1, hours=6, minutes=15)
    left = {}
    for zone in ("Asia/Tokyo", "America/Los_Angeles", "America/New_York"):
        page = open_post(browser, served_site, at, timezone_id=zone, locale="en-US")
        text = countdown_text(page)
        left[zone] = text.split(" left.")[0]
        if zone == "America/New_York":
            assert "where you are" not in text
        else:
            # The reader's own wall-clock time for the deadline, in their zone.
            assert "where you are" in text
            local = {"Asia/Tokyo": "Wednesday, April 14", "America/Los_Angeles": "8:59 PM"}
            assert local[zone] in text
        page.context.close()
    assert set(left.values()) == {"1 day, 6 hours"}


def test_without_javascript_the_banner_is_complete(browser, served_site):
    page = open_post(
        browser, served_site, DEADLINE - dt.timedelta(days=5), java_script_enabled=False
    )
    assert banner(page).get_attribute("data-campaign-state") == "open"
    assert "Sign by Tuesday, April 13, 2021, 11:59 PM EDT." in banner(page).text_content()
    assert "Goal: 100 signatures." in banner(page).text_content()
    assert banner(page).locator("a.campaign-sign").get_attribute("href") == FORM
    assert banner(page).locator(".campaign-countdown").text_content() == ""
    page.context.close()


def test_countdown_is_not_a_live_region(browser, served_site):
    page = open_post(browser, served_site, DEADLINE - dt.timedelta(days=5))
    countdown_text(page)
    live = page.evaluate(
        "el => !!el.closest('[aria-live],[role=status],[role=alert],[role=timer]')",
        page.locator("main .campaign-countdown").element_handle(),
    )
    assert live is False
    page.context.close()


HOSTILE_TITLE = "<script>window.__pwned = 'title'</script> \"Quotes\" & 'apostrophes'"
HOSTILE_FORM = "https://example.org/sign?next=\"><script>window.__pwned='form'</script>&x='y'"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    content.mkdir()
    (content / "post.md").write_text(
        f"Title: {HOSTILE_TITLE}\nDate: 2021-04-08\nSlug: hostile\n"
        f"Signature_form: {HOSTILE_FORM}\nDeadline: 2021-04-13\n\n"
        "Please sign [the form]({signature_form}).\n",
        encoding="utf-8",
    )
    server = SiteServer(root / "output")
    build_ok(root / "output", content=content, siteurl=server.url)
    yield server.start()
    server.stop()


@pytest.mark.parametrize("path", ["2021/04/hostile.html", "index.html"])
def test_hostile_title_and_form_query_render_escaped(browser, hostile_site, path):
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time=DEADLINE - dt.timedelta(days=1))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    query = "?q=%3Cscript%3Ewindow.__pwned%3D'query'%3C/script%3E&t=%22%3E%3Cimg%3E"
    page.goto(f"{hostile_site.url}/{path}{query}")
    countdown_text(page)
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.locator("main script").count() == 0
    sign = page.locator("main aside a.campaign-sign")
    assert sign.get_attribute("href") == HOSTILE_FORM
    heading = page.locator("main .post-title").first.text_content()
    assert "<script>" in heading and '"Quotes"' in heading
    assert re.search(r"&lt;script&gt;", page.content())
    context.close()
