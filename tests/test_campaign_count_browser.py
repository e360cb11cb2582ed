"""The campaign page with a count, in English and Spanish, below the goal, at it,
and closed: every gate (axe, Nu checker, security policy, links, page budget,
banner on the first phone screen), and the countdown turning the count to the
past tense when the deadline passes."""

import datetime as dt
import shutil

import pytest
from browser_gates import banner_problems, inspect_page, instant, reader_context
from conftest import AFTER_DEADLINE, CONTENT, POST_PATH, ROOT, SiteServer, build_ok
from test_campaign_browser import DEADLINE

import sitecheck
from publishing.gate import allowed_hosts, site_problems

# state: (the count, when the build runs)
STATES = {
    "below": ("57", "2021-04-10T22:30:00Z"),
    "reached": ("120", "2021-04-10T22:30:00Z"),
    "closed": ("57", AFTER_DEADLINE),
}
PAGES = {"en": POST_PATH, "es": f"es/{POST_PATH}"}
SAID = {
    ("en", "below"): "57 of 100 signatures",
    ("en", "reached"): "Goal reached: 120 signatures of 100",
    ("en", "closed"): "57 people signed; the goal was 100.",
    ("es", "below"): "57 de 100 firmas",
    ("es", "reached"): "Meta alcanzada: 120 firmas de 100",
    ("es", "closed"): "Firmaron 57 personas; la meta era 100.",
}


def content_with_count(folder, count):
    shutil.copytree(CONTENT, folder)
    post = folder / "2021-04-08-defend-immigrants-rights.md"
    text = post.read_text(encoding="utf-8")
    fields = "Signature_goal: 100\nSignature_count: {}\nSignature_count_date: 2021-04-10 18:00\n"
    fields = fields.format(count)
    post.write_text(text.replace("Signature_goal: 100\n", fields, 1), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    servers = {}
    for state, (count, now) in STATES.items():
        root = tmp_path_factory.mktemp(f"count-{state}")
        server = SiteServer(root / "output")
        build_ok(server.root, content=content_with_count(root / "content", count), now=now,
                 siteurl=server.url)  # fmt: skip
        server.content = root / "content"
        servers[state] = server.start()
    yield servers
    for server in servers.values():
        server.stop()


@pytest.mark.parametrize("state", list(STATES))
def test_every_gate_without_a_browser_holds(sites, state):
    server = sites[state]
    allowed = allowed_hosts(ROOT / "publishconf.py", server.content)
    # The publish gate's own checks: links, security policy, page budget, valid HTML.
    problems = site_problems(server.root, server.url, allowed)
    assert problems == []
    weight = sitecheck.page_weight(server.root, POST_PATH, server.url)
    print(f"{state}: {weight}")


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("lang", list(PAGES))
def test_the_count_page_passes_the_browser_gates(sites, browser, artifacts, state, lang):
    server = sites[state]
    now = STATES[state][1]
    context, watch = reader_context(browser, server.url, instant(now.replace("Z", "+00:00")))
    try:
        page = context.new_page()
        report = inspect_page(
            page, watch, f"{server.url}/{PAGES[lang]}", countdown=state != "closed",
            screenshots=True,
        )  # fmt: skip
        count = page.locator(".campaign-count")
        assert count.locator("span").first.text_content() == SAID[lang, state]
        assert (
            count.locator("time")
            .text_content()
            .replace("\u202f", " ")
            .startswith({"en": "April 10, 6:00 PM", "es": "10 de abril, 6:00 p.m."}[lang])
        )
        # The bar is named by its text for screen readers; a reached goal is said in words.
        bar = page.get_by_role("progressbar")
        if state == "reached":
            assert bar.count() == 0
        else:
            assert bar.get_attribute("value") == "57" and bar.get_attribute("max") == "100"
            assert bar.evaluate("b => b.labels[0].textContent") == SAID[lang, state]
            # Seen too, on a phone and on a desktop: a bar of some length beside its words.
            for width in (360, 1280):
                page.set_viewport_size({"width": width, "height": 800})
                assert bar.bounding_box()["width"] >= 60, width
    finally:
        context.close()
    (artifacts / f"count-{lang}-{state}.png").write_bytes(report.screenshots["360x640"])
    (artifacts / f"count-{lang}-{state}-full.png").write_bytes(report.screenshots["768px-full"])
    assert report.axe == []
    assert report.csp_violations == [] and report.console_errors == []
    assert report.foreign_requests == [] and report.small_text == []
    assert all(width == 0 for width in report.overflow.values())
    assert banner_problems(report) == []


@pytest.mark.parametrize("lang", list(PAGES))
def test_the_countdown_closing_the_page_puts_the_count_in_the_past_tense(sites, browser, lang):
    server = sites["below"]
    context = browser.new_context(timezone_id="America/New_York")
    try:
        page = context.new_page()
        page.clock.install(time=DEADLINE - dt.timedelta(seconds=3))
        page.clock.pause_at(DEADLINE - dt.timedelta(seconds=2))
        page.goto(f"{server.url}/{PAGES[lang]}")
        count = page.locator(".campaign-count span").first
        assert count.text_content() == SAID[lang, "below"]
        page.clock.run_for(3000)
        page.wait_for_function(
            "document.querySelector('.campaign-banner').dataset.campaignState === 'closed'"
        )
        assert count.text_content() == SAID[lang, "closed"]
        assert page.get_by_role("progressbar").get_attribute("value") == "57"
    finally:
        context.close()
