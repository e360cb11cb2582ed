"""The countdown closing campaigns live, in real Chromium with a stopped clock: only the
campaign whose deadline passed changes, the time left is never overstated, and the
reader's own time is written in the page's language."""

import datetime as dt
import re

import pytest
from conftest import SiteServer, build_ok
from test_campaign_browser import DEADLINE, banner, countdown_text, open_post

SHARED_FORM = "https://example.org/sign/shared-petition"
# The first post's deadline, 2021-04-13 in New York, is the real post's DEADLINE;
# the second post extends signing, with the same form, to a week later.
FIRST, EXTENDED = "First call to sign", "Deadline extended"


@pytest.fixture(scope="module")
def shared_form_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("shared-form")
    content = root / "content"
    content.mkdir()
    posts = [
        ("first", FIRST, "2021-04-01", "2021-04-13"),
        ("extended", EXTENDED, "2021-04-05", "2021-04-20"),
    ]
    for slug, title, date, deadline in posts:
        (content / f"{slug}.md").write_text(
            f"Title: {title}\nDate: {date}\nSlug: {slug}\n"
            f"Signature_form: {SHARED_FORM}\nDeadline: {deadline}\n\n"
            "Please [sign the petition]({signature_form}) before the deadline.\n",
            encoding="utf-8",
        )
    server = SiteServer(root / "output")
    build_ok(root / "output", content=content, siteurl=server.url)
    yield server.start()
    server.stop()


def open_at(browser, server, path, at, **context_options):
    context = browser.new_context(timezone_id="America/New_York", **context_options)
    page = context.new_page()
    # A second early: the installed clock runs, and pause_at only moves forward.
    page.clock.install(time=at - dt.timedelta(seconds=1))
    page.clock.pause_at(at)
    page.goto(f"{server.url}/{path}")
    page.wait_for_function(
        "[...document.querySelectorAll('main .campaign-countdown')]"
        ".every(countdown => countdown.textContent.length > 0)"
    )
    return page


def post_summary(page, title):
    return page.locator("main article.post-summary", has_text=title)


def test_closing_one_campaign_leaves_another_with_the_same_form_open(browser, shared_form_site):
    page = open_at(browser, shared_form_site, "index.html", DEADLINE - dt.timedelta(seconds=2))
    first, extended = post_summary(page, FIRST), post_summary(page, EXTENDED)
    assert first.locator("a.campaign-sign").get_attribute("href") == SHARED_FORM
    assert extended.locator("a.campaign-sign").get_attribute("href") == SHARED_FORM
    page.clock.run_for(3000)
    assert first.locator("aside").get_attribute("data-campaign-state") == "closed"
    assert first.locator("a.campaign-sign").count() == 0
    assert first.locator("[role=status]").text_content() == "Signing has closed."
    # The other campaign, though it collects on the same form, is untouched.
    assert extended.locator("aside").get_attribute("data-campaign-state") == "open"
    assert extended.locator("a.campaign-sign").count() == 1
    assert extended.locator("a.campaign-sign").get_attribute("href") == SHARED_FORM
    assert extended.locator(".campaign-when").text_content().startswith("Sign by ")
    assert extended.locator(".campaign-countdown").text_content() == "6 days, 23 hours left."
    assert extended.locator("[role=status]").text_content() == ""
    assert page.locator("main a.campaign-sign").count() == 1
    page.context.close()


def test_a_live_close_removes_the_calendar_link(browser, served_site):
    page = open_post(browser, served_site, DEADLINE - dt.timedelta(seconds=3))
    calendar = page.get_by_role("link", name="Add the deadline to your calendar")
    assert calendar.is_visible()
    page.clock.run_for(5000)
    assert banner(page).get_attribute("data-campaign-state") == "closed"
    assert calendar.count() == 0
    assert page.locator("main .calendar-link").count() == 0
    page.context.close()


@pytest.mark.parametrize(
    "before,expected",
    [
        (dt.timedelta(seconds=59.999), "59 seconds left."),
        (dt.timedelta(seconds=60), "1 minute left."),
        (dt.timedelta(seconds=89), "1 minute left."),
        (dt.timedelta(seconds=90), "1 minute left."),
        (dt.timedelta(seconds=119.999), "1 minute left."),
        (dt.timedelta(hours=2) - dt.timedelta(milliseconds=1), "1 hour, 59 minutes left."),
        (dt.timedelta(days=5) - dt.timedelta(milliseconds=1), "4 days, 23 hours left."),
    ],
)
def test_the_time_left_is_rounded_down(browser, served_site, before, expected):
    page = open_post(browser, served_site, DEADLINE - before)
    assert countdown_text(page) == expected
    page.context.close()


def test_the_seconds_count_down_to_the_close(browser, served_site):
    # Each second goes the moment it has passed, not at the next tick of the wall clock.
    page = open_post(browser, served_site, DEADLINE - dt.timedelta(seconds=2.5))
    assert countdown_text(page) == "2 seconds left."
    page.clock.run_for(500)
    assert countdown_text(page) == "2 seconds left."
    page.clock.run_for(1)
    assert countdown_text(page) == "1 second left."
    page.clock.run_for(999)
    assert countdown_text(page) == "1 second left."
    page.clock.run_for(1)
    assert countdown_text(page) == "0 seconds left."
    assert banner(page).get_attribute("data-campaign-state") == "open"
    page.clock.run_for(1000)
    assert banner(page).get_attribute("data-campaign-state") == "closed"
    page.context.close()


def test_the_readers_time_is_in_the_pages_language(browser, served_site):
    # A German browser in Tokyo reading the English page.
    at = DEADLINE - dt.timedelta(days=1, hours=6, minutes=15)
    page = open_post(browser, served_site, at, timezone_id="Asia/Tokyo", locale="de-DE")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("navigator.language") == "de-DE"
    text = countdown_text(page)
    # Intl's English, "Wednesday, April 14 at 12:59 PM GMT+9" (older ICU: a comma).
    assert re.fullmatch(
        r"1 day, 6 hours left\. That is Wednesday, April 14(,| at) 12:59\sPM GMT\+9"
        r" where you are\.",
        text,
    ), text
    whole = " ".join(banner(page).text_content().split())
    assert whole.startswith("Sign by Tuesday, April 13, 2021, 11:59 PM EDT. 1 day, 6 hours left.")
    for german in ("Mittwoch", "14. April", " um ", "Uhr", "Tag", "Stunden"):
        assert german not in whole, whole
    page.context.close()
