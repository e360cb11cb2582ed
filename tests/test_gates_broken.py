"""Each quality gate, shown to fail on a page broken on purpose, through the same code
that checks the real site (tests/test_gates.py)."""

import os
import shutil

import pytest
from browser_gates import (
    LAYOUT_WIDTHS,
    MAX_LINE_CHARS,
    banner_problems,
    inspect_page,
    instant,
    line_length_problem,
    reader_context,
)
from conftest import (
    BEFORE_DEADLINE,
    ROOT,
    SiteServer,
)
from pelican.plugins.outreach.share import share_hosts

import sitecheck
from publishing.gate import allowed_hosts

STRICT_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"


# Each gate, failing on a page broken on purpose.


def page_html(body, head="", title="Broken on purpose"):
    """A small valid page under a strict policy, styled like the site."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{STRICT_POLICY}">\n'
        f"<title>{title}</title>\n"
        '<link rel="stylesheet" href="style.css">\n'
        '<link rel="icon" href="icon.svg" type="image/svg+xml">\n'
        f"{head}</head>\n<body>\n<main>\n<h1>{title}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )


CLEAN_BODY = (
    "<p>Sign the resolution before the deadline. "
    '<a href="index.html#main-text">Read it again</a>.</p>\n'
    '<p id="main-text">Members decide together.</p>'
)
HEADERS = (
    "/*\n"
    f"  Content-Security-Policy: {STRICT_POLICY}; frame-ancestors 'none'\n"
    "  X-Content-Type-Options: nosniff\n"
    "  Referrer-Policy: no-referrer\n"
    "  Permissions-Policy: camera=()\n"
)


@pytest.fixture
def broken_site(tmp_path):
    """A tiny site in a temporary folder: a clean index.html, the theme's style and
    icon, strict headers; tests add their broken page. Served on loopback."""
    for name in ("style.css", "icon.svg"):
        shutil.copy(ROOT / "theme" / "static" / name, tmp_path / name)
    (tmp_path / "index.html").write_text(page_html(CLEAN_BODY, title="Clean"), encoding="utf-8")
    (tmp_path / "_headers").write_text(HEADERS, encoding="utf-8")
    server = SiteServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def visit(browser, broken_site):
    """Open a page of the broken site in a fresh reader's browser; returns its report."""
    contexts = []

    def visit(name):
        context, watch = reader_context(browser, broken_site.url, instant(BEFORE_DEADLINE))
        contexts.append(context)
        return inspect_page(context.new_page(), watch, f"{broken_site.url}/{name}")

    yield visit
    for context in contexts:
        context.close()


def test_the_clean_page_passes_every_gate(broken_site, visit):
    root, url = broken_site.root, broken_site.url
    report = visit("index.html")
    assert report.axe == [] and "color-contrast" in report.axe_passed
    assert report.console_errors == report.csp_violations == report.foreign_requests == []
    assert report.small_text == []
    assert 0 < report.line_chars <= MAX_LINE_CHARS, line_length_problem("index.html", report)
    assert all(report.overflow[width] == 0 for width in LAYOUT_WIDTHS)
    assert sitecheck.check_links(root, url) == []
    assert sitecheck.check_security_policy(root) == []
    assert sitecheck.check_html(root) == []
    assert sitecheck.check_budget(root, "index.html", url) == []


def test_axe_fails_on_an_image_without_alt_text(broken_site, visit):
    (broken_site.root / "no-alt.html").write_text(
        page_html(f'<p><img src="icon.svg" width="32" height="32"></p>{CLEAN_BODY}')
    )
    report = visit("no-alt.html")
    assert any(line.startswith("image-alt ") for line in report.axe), report.axe


def test_csp_gates_fail_on_an_inline_script(broken_site, visit):
    (broken_site.root / "inline.html").write_text(
        page_html(f"<script>document.title = 'ran';</script>{CLEAN_BODY}")
    )
    report = visit("inline.html")
    assert any("script-src" in text for text in report.csp_violations), report.csp_violations
    assert any("Content Security Policy" in text for text in report.console_errors)
    problems = sitecheck.check_security_policy(broken_site.root)
    assert any(p.startswith("inline.html:") and "inline <script>" in p for p in problems)


def test_chromium_gate_fails_on_a_request_to_another_origin(broken_site, visit):
    (broken_site.root / "tracker.html").write_text(
        page_html(f'<p><img src="https://cdn.example.net/pixel.png" alt="">{CLEAN_BODY}</p>')
    )
    report = visit("tracker.html")
    assert report.foreign_requests == ["https://cdn.example.net/pixel.png"]


def test_security_headers_gate_fails_on_weak_headers(broken_site):
    (broken_site.root / "_headers").write_text(
        "/*\n  Content-Security-Policy: default-src 'self' 'unsafe-inline' https:\n"
    )
    problems = sitecheck.check_security_policy(broken_site.root)
    assert any("default-src allows 'unsafe-inline' https:" in p for p in problems), problems
    assert any("x-content-type-options" in p for p in problems)
    assert any("frame" in p for p in problems)
    (broken_site.root / "_headers").unlink()
    assert sitecheck.check_security_policy(broken_site.root) == [
        "_headers: missing; hosts that read it would send no security headers"
    ]


def test_link_gate_fails_on_dead_and_disallowed_links(broken_site):
    (broken_site.root / "links.html").write_text(
        page_html(
            '<p><a href="missing.html">dead</a>, <a href="index.html#nowhere">no such id</a>, '
            '<a href="http://dsausa.org/join">plain http</a>, '
            '<a href="https://tracker.example/x">unknown host</a>, '
            '<a href="javascript:void(0)">script</a>, '
            '<a href="https://dsausa.org/join">allowed</a>, '
            '<a href="mailto:?subject=Sign">by email</a>.</p>'
        )
    )
    (broken_site.root / "extra.css").write_text("main { background: url(paper.png); }\n")
    problems = sitecheck.check_links(broken_site.root, broken_site.url, ["dsausa.org"])
    assert len(problems) == 6, problems
    assert "extra.css: paper.png is a dead link (no paper.png)" in problems
    problems.remove("extra.css: paper.png is a dead link (no paper.png)")
    assert all(p.startswith("links.html:") for p in problems)
    assert any(p.endswith("missing.html is a dead link (no missing.html)") for p in problems)
    assert any("#nowhere" in p for p in problems)
    assert any("uses http;" in p for p in problems)
    assert any("tracker.example, which is not one of dsausa.org" in p for p in problems)
    assert any("uses javascript;" in p for p in problems)


def test_allowed_hosts_come_from_the_campaigns_signature_forms(tmp_path):
    (tmp_path / "post.md").write_text(
        "Title: A campaign\nDate: 2031-01-01\n"
        "Signature_form: https://Forms.Example.net/sign\nDeadline: 2031-02-01\n\nText.\n"
    )
    (tmp_path / "plain.md").write_text("Title: No campaign\nDate: 2031-01-02\n\nText.\n")
    found = allowed_hosts(ROOT / "pelicanconf.py", content=tmp_path)
    assert found == {"forms.example.net", "dsausa.org"} | share_hosts()
    assert sitecheck.allowed_hosts(["https://Forms.Example.net/sign"], extra=["Share.example"]) == {
        "forms.example.net",
        "dsausa.org",
        "share.example",
    }


def test_budget_gate_fails_on_an_oversized_page(broken_site):
    root = broken_site.root
    (root / "photo.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'>" + os.urandom(9000))
    (root / "fonts.css").write_text("@font-face { font-family: Big; src: url(big.woff2); }\n")
    (root / "big.woff2").write_bytes(os.urandom(6000))
    for n in range(3):
        (root / f"part{n}.js").write_text(f"var part{n} = {n};\n")
    scripts = "".join(f'<script defer src="part{n}.js"></script>\n' for n in range(3))
    (root / "heavy.html").write_text(
        page_html(
            f'<p><img src="photo.svg" alt="A photo"></p>{CLEAN_BODY}',
            head=f'<link rel="stylesheet" href="fonts.css">\n{scripts}',
        )
    )
    weight = sitecheck.page_weight(root, "heavy.html", broken_site.url)
    print(weight)
    assert weight.requests == 9
    assert weight.gzip_bytes > sitecheck.BUDGET_GZIP_BYTES
    problems = sitecheck.check_budget(root, "heavy.html", broken_site.url)
    assert any("bytes gzipped; budget 14336" in p for p in problems), problems
    assert any("makes 9 requests; budget 4" in p for p in problems)
    assert any("web font" in p for p in problems)


def test_nu_html_checker_fails_on_invalid_html(broken_site):
    (broken_site.root / "invalid.html").write_text(
        page_html('<ul><p id="twice">not a list item</p></ul><p id="twice">again</p>')
    )
    problems = sitecheck.check_html(broken_site.root)
    assert problems and all(p.startswith("invalid.html:") for p in problems), problems
    assert any("Duplicate ID" in p for p in problems)


def test_layout_gate_fails_on_a_page_wider_than_a_phone(broken_site, visit):
    (broken_site.root / "wide.css").write_text(".wide { width: 600px; }\n")
    (broken_site.root / "wide.html").write_text(
        page_html(
            f'<p class="wide">A fixed-width box.</p>{CLEAN_BODY}',
            head='<link rel="stylesheet" href="wide.css">\n',
        )
    )
    report = visit("wide.html")
    assert report.overflow[320] > 0 and report.overflow[1280] == 0


def test_banner_gate_fails_when_the_call_to_sign_is_below_the_first_screen(broken_site, visit):
    paragraphs = "".join(f"<p>Paragraph {n} before the banner.</p>" for n in range(12))
    (broken_site.root / "low-banner.html").write_text(
        page_html(
            f'{paragraphs}<aside class="campaign-banner" data-campaign-state="open">'
            '<p><a class="campaign-sign" href="https://example.org/sign">Sign now</a></p></aside>'
        )
    )
    problems = banner_problems(visit("low-banner.html"))
    assert len(problems) == 2, problems
    assert "the call to sign spans" in problems[1]


def test_readability_gates_fail_on_small_faint_text_in_long_lines(broken_site, visit):
    (broken_site.root / "small.css").write_text(
        "main { max-width: none; } .small { font-size: 12px; color: #aaa; }\n"
    )
    words = " ".join(["members decide together"] * 40)
    (broken_site.root / "small.html").write_text(
        page_html(
            f'<p class="small">Fine print.</p><p>{words}</p>',
            head='<link rel="stylesheet" href="small.css">\n',
        )
    )
    report = visit("small.html")
    assert any(text.startswith("12px: p") for text in report.small_text), report.small_text
    assert report.line_chars > MAX_LINE_CHARS
    assert any(line.startswith("color-contrast ") for line in report.axe), report.axe
