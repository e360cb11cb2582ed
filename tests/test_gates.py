"""Quality gates over every page of the publish build, open and closed: accessibility,
valid HTML, a strict CSP, links, the page budget, layout and readable text.

Each gate is also shown to fail on a page broken on purpose: tests/test_gates_broken.py.
"""

import datetime as dt

import pytest
from browser_gates import (
    LAYOUT_WIDTHS,
    MAX_LINE_CHARS,
    MIN_FONT_PX,
    PageReport,
    banner_problems,
    inspect_page,
    instant,
    line_length,
    line_length_problem,
    reader_context,
)
from conftest import (
    AFTER_DEADLINE,
    BEFORE_DEADLINE,
    DEADLINE_UTC,
    POST_PATH,
    RESOLUTION_PATH,
    ROOT,
)
from outreach_helpers import FLYER_PATH

import sitecheck
from publishing.gate import allowed_hosts

STATES = ("open", "closed")
# Pages whose screenshots are kept for a person to look at.
SCREENSHOT_PAGES = (POST_PATH, RESOLUTION_PATH, "index.html")
STRICT_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"


@pytest.fixture(scope="module")
def reports(served_site, browser):
    """Every HTML page of both builds, visited once each in one browser, measured
    by every browser gate. Open pages are judged with the countdown running."""
    found = {}
    for state in STATES:
        server = served_site(state)
        context, watch = reader_context(
            browser, server.url, instant(BEFORE_DEADLINE if state == "open" else AFTER_DEADLINE)
        )
        try:
            page = context.new_page()
            for path in sitecheck.html_pages(server.root):
                found[state, path] = inspect_page(
                    page,
                    watch,
                    f"{server.url}/{path}",
                    countdown=state == "open",
                    screenshots=path in SCREENSHOT_PAGES,
                )
        finally:
            context.close()
    return found


def of_state(reports, state):
    return {path: report for (s, path), report in reports.items() if s == state}


def test_every_page_of_both_builds_is_checked(reports):
    for state in STATES:
        pages = of_state(reports, state)
        # A closed campaign has no flyer page (nor calendar file): nothing links one.
        flyers = {FLYER_PATH, f"es/{FLYER_PATH}", f"ar/{FLYER_PATH}"}
        assert flyers <= set(pages) if state == "open" else not flyers & set(pages)
        assert {POST_PATH, RESOLUTION_PATH, "index.html", "404.html"} <= set(pages)
        # The Spanish versions too: every gate below runs over them.
        spanish = {f"es/{POST_PATH}", f"es/{RESOLUTION_PATH}"}
        assert spanish <= set(pages), sorted(pages)
        # Each language's own lists and 404 page, and the Arabic post, right to left.
        for lang in ("es", "ar"):
            own = {"index.html", "archives.html", "404.html", "2021/index.html", "tags.html"}
            assert {f"{lang}/{path}" for path in own} <= set(pages), sorted(pages)
        assert f"ar/{POST_PATH}" in pages
        assert "archives.html" in pages
        print(f"{state}: {len(pages)} pages")


@pytest.mark.parametrize("state", STATES)
def test_axe_finds_no_violations(reports, state):
    problems = [
        f"{path}: {line}"
        for path, report in of_state(reports, state).items()
        for line in report.axe
    ]
    assert problems == []
    # Open pages were judged with the countdown started, not closed by the script.
    post = reports[state, POST_PATH]
    assert post.banner["state"] == state


def test_axe_finds_no_violations_once_the_page_closes_the_banner(served_site, browser):
    server = served_site("open")
    deadline = instant(DEADLINE_UTC)
    context, watch = reader_context(browser, server.url, deadline - dt.timedelta(seconds=2))
    page = context.new_page()
    page.goto(f"{server.url}/{POST_PATH}")
    page.clock.run_for(4000)
    page.locator(".campaign-status", has_text="Signing has closed.").wait_for()
    report = inspect_page(page, watch, page.url, load=False)
    context.close()
    assert report.banner["state"] == "closed"
    assert report.axe == []
    assert report.console_errors == []


@pytest.mark.parametrize("state", STATES)
def test_chromium_sees_no_console_errors_csp_violations_or_other_origins(reports, state):
    problems = []
    for path, report in of_state(reports, state).items():
        problems += [f"{path}: console error: {text}" for text in report.console_errors]
        problems += [f"{path}: CSP violation: {text}" for text in report.csp_violations]
        problems += [f"{path}: request to {url}" for url in report.foreign_requests]
        problems += [f"{path}: {report.web_fonts} web fonts"] if report.web_fonts else []
        assert report.requests, f"{path}: no requests recorded"
    assert problems == []


@pytest.mark.parametrize("state", STATES)
def test_publish_build_sets_a_strict_policy_and_security_headers(served_site, state):
    root = served_site(state).root
    assert sitecheck.check_security_policy(root) == []
    headers = sitecheck.read_headers_file(root / "_headers")["/*"]
    policy = sitecheck.parse_policy(headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in str(policy) and "'unsafe-eval'" not in str(policy)


def site_allowed_hosts():
    """The signature forms, the join page, and the share links the outreach plugin
    adds: the same list `invoke publish` checks against."""
    return allowed_hosts(ROOT / "publishconf.py")


@pytest.mark.parametrize("state", STATES)
def test_links_resolve_and_leave_only_for_allowed_https_hosts(served_site, state):
    server = served_site(state)
    allowed = site_allowed_hosts()
    assert {"example.org", "dsausa.org"} <= allowed
    assert sitecheck.check_links(server.root, server.url, allowed) == []


@pytest.mark.parametrize("state", STATES)
def test_nu_html_checker_finds_no_errors(served_site, state):
    assert sitecheck.check_html(served_site(state).root) == []


@pytest.mark.parametrize("state", STATES)
def test_campaign_post_fits_the_first_round_trip(served_site, reports, artifacts, state):
    server = served_site(state)
    weight = sitecheck.page_weight(server.root, POST_PATH, server.url)
    print(weight)
    (artifacts / "budget.txt").write_text(f"{weight}\n", encoding="utf-8")
    assert weight.gzip_bytes <= sitecheck.BUDGET_GZIP_BYTES
    assert weight.requests <= sitecheck.BUDGET_REQUESTS
    assert weight.fonts == [] and weight.foreign == []
    assert sitecheck.check_budget(server.root, POST_PATH, server.url) == []
    # What Chromium fetched is what the count above counted, nothing more.
    fetched = {url.removeprefix(server.url + "/") for url in reports[state, POST_PATH].requests}
    assert fetched <= {resource.url for resource in weight.resources}
    assert len(reports[state, POST_PATH].requests) <= sitecheck.BUDGET_REQUESTS
    # The flyer page it links (while signing is open) fits the same budget.
    if state == "open":
        assert sitecheck.check_budget(server.root, FLYER_PATH, server.url) == []


@pytest.mark.parametrize("state", STATES)
def test_no_horizontal_scroll_and_the_banner_is_on_the_first_phone_screen(
    reports, artifacts, state
):
    problems = []
    for path, report in of_state(reports, state).items():
        problems += [
            f"{path}: scrolls {report.overflow[width]}px sideways at {width}px wide"
            for width in LAYOUT_WIDTHS
            if report.overflow[width] > 0
        ]
        problems += banner_problems(report)
        for name, png in report.screenshots.items():
            (artifacts / f"{path.replace('/', '_')}-{name}.png").write_bytes(png)
    assert set(reports[state, POST_PATH].overflow) == set(LAYOUT_WIDTHS)
    assert reports[state, POST_PATH].banner is not None
    assert problems == []


@pytest.mark.parametrize("state", STATES)
def test_text_is_large_short_lined_and_contrasted(reports, state):
    problems = []
    for path, report in of_state(reports, state).items():
        problems += [f"{path}: text under {MIN_FONT_PX}px: {text}" for text in report.small_text]
        if not 0 < report.line_chars <= MAX_LINE_CHARS:
            problems.append(line_length_problem(path, report))
        if "color-contrast" not in report.axe_passed or "color-contrast" in report.axe_undecided:
            problems.append(f"{path}: axe did not pass color-contrast")
    longest = max(of_state(reports, state).values(), key=lambda report: report.line_chars)
    print(
        f"{state}: at most {longest.line_chars:.2f} characters a line ({longest.url}), "
        f"in {', '.join(longest.text_fonts) or 'an unknown font'}, "
        f"in a column {longest.column_ch:.2f}ch wide"
    )
    assert problems == []


# The font families a reader's browser may fall back on; what each stands for
# depends on the fonts installed (DejaVu Sans, or Noto Sans once installed, ...).
FONT_FAMILIES = ("system-ui", "sans-serif", "serif", "monospace")


def test_lines_stay_short_in_any_font_family(served_site, browser):
    """The column is counted in characters, so the gate above holds whichever font
    the reader's system picks, not only in the one the stylesheet gets here."""
    server = served_site("open")
    # The extra style is inline: this page alone may bypass the site's policy.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    problems, figures = [], []
    try:
        for family in FONT_FAMILIES:
            for path in (POST_PATH, RESOLUTION_PATH, "index.html", "404.html"):
                page.goto(f"{server.url}/{path}")
                page.add_style_tag(content=f"body {{ font-family: {family}; }}")
                report = PageReport(f"{server.url}/{path}")
                report.line_chars, report.column_ch, report.text_fonts = line_length(page)
                fonts = ", ".join(report.text_fonts)
                figures.append(f"{family} ({fonts}) {path}: {report.line_chars:.2f}")
                problems.append(line_length_problem(f"{family}: {path}", report))
    finally:
        context.close()
    print("\n".join(figures))
    assert [problem for problem in problems if problem] == []
