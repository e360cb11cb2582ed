"""The inline assets plugin: the publish build carries the stylesheet and the
countdown script inside the pages, and the policy allows exactly their bytes."""

import base64
import hashlib
import re

import pytest
from conftest import POST_PATH, RESOLUTION_PATH, ROOT, build, build_ok
from outreach_helpers import FLYER_PATH
from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.inline_assets.assets import add_source, inline_text

import sitecheck

STYLE_RE = re.compile(r"<style>(.*?)</style>", re.S)
SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.S)


def sha256_source(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_ok(tmp_path_factory.mktemp("inline"))


def policy_of(html):
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    return sitecheck.parse_policy(found[1].replace("&#39;", "'"))


def test_the_campaign_page_carries_its_style_and_script_under_their_hashes(site):
    html = (site / POST_PATH).read_text(encoding="utf-8")
    [style] = STYLE_RE.findall(html)
    [script] = SCRIPT_RE.findall(html)
    policy = policy_of(html)
    # The flyer page's stylesheet is allowed too (one policy for the site), but
    # not carried by the post.
    flyer_style = STYLE_RE.findall((site / FLYER_PATH).read_text(encoding="utf-8"))[1]
    assert policy["style-src"] == ["'self'", sha256_source(style), sha256_source(flyer_style)]
    assert policy["script-src"] == ["'self'", sha256_source(script)]
    # No request before the first paint, none for the countdown.
    assert 'rel="stylesheet"' not in html
    assert "campaign.js" not in html
    # Minified, not emptied: the rules and the countdown are all there.
    source = (ROOT / "theme" / "static" / "style.css").read_text(encoding="utf-8")
    assert "/*" in source and "/*" not in style and len(style) < len(source)
    assert ".campaign-banner{" in style and "@media print{" in style
    assert ".flyer{" not in style and "flyer-qr" not in style
    assert "function tick()" in script
    # The script comes after the banners it looks for.
    assert html.index("campaign-banner") < html.index("<script>")


def test_the_flyer_page_carries_the_site_style_and_its_own_under_their_hashes(site):
    html = (site / FLYER_PATH).read_text(encoding="utf-8")
    style, flyer_style = STYLE_RE.findall(html)
    policy = policy_of(html)
    assert policy == policy_of((site / POST_PATH).read_text(encoding="utf-8"))
    assert sha256_source(style) in policy["style-src"]
    assert sha256_source(flyer_style) in policy["style-src"]
    assert 'rel="stylesheet"' not in html and not SCRIPT_RE.search(html)
    assert ".flyer-qr{" in flyer_style and "@media print{" in flyer_style


def test_pages_without_an_open_campaign_carry_no_script(site):
    for page in ("archives.html", "404.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert STYLE_RE.search(html), page
        assert not SCRIPT_RE.search(html), page
    assert SCRIPT_RE.search((site / RESOLUTION_PATH).read_text(encoding="utf-8"))


def test_the_headers_files_send_the_pages_policy(site):
    page_policy = policy_of((site / POST_PATH).read_text(encoding="utf-8"))
    headers = sitecheck.read_headers_file(site / "_headers")["/*"]
    header_policy = sitecheck.parse_policy(headers["content-security-policy"])
    assert header_policy.pop("frame-ancestors") == ["'none'"]
    assert header_policy == page_policy
    nginx = (site / "_headers.nginx").read_text(encoding="utf-8")
    for name, value in headers.items():
        line = f'add_header {name} "{value}" always;'
        assert line.lower() in nginx.lower(), name
    assert sitecheck.check_security_policy(site) == []


def test_a_changed_stylesheet_is_blocked_by_the_old_hash(site, tmp_path):
    page = tmp_path / "page.html"
    html = (site / POST_PATH).read_text(encoding="utf-8")
    page.write_text(html.replace(".campaign-banner{", ".campaign-banner{color:red;", 1))
    (tmp_path / "_headers").write_bytes((site / "_headers").read_bytes())
    line = html[: html.index("<style>")].count("\n") + 1
    assert sitecheck.check_security_policy(tmp_path) == [
        f"page.html:{line}: <style> element, which the policy blocks"
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [("p{color:red}</STYLE><p>", "'</STYLE'"), ("/* <!-- */a{}<!--", "'<!--'")],
)
def test_text_that_would_end_the_element_is_refused(tmp_path, text, found):
    path = tmp_path / "style.css"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        inline_text(path, "INLINE_STYLESHEET")
    assert str(error.value) == (
        f"INLINE_STYLESHEET: file {str(path)!r} contains {found}, which would end the inline "
        "element; expected no '</style', '</script' or '<!--' in the file"
    )


def test_a_missing_stylesheet_stops_the_build_with_one_line(tmp_path):
    result = build(
        tmp_path / "out", extra_settings={"INLINE_STYLESHEET": '"no-such.css"'}, fatal=None
    )
    assert result.returncode != 0
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "no-such" in line]
    assert len(lines) == 1, result.stdout + result.stderr
    assert "INLINE_STYLESHEET: file" in lines[0]
    assert "No such file or directory; expected a readable UTF-8 file" in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_a_policy_without_the_directive_is_refused():
    assert add_source("style-src 'self'", "style-src", "'sha256-A='") == (
        "style-src 'self' 'sha256-A='"
    )
    assert add_source("style-src 'self' 'sha256-A='", "style-src", "'sha256-A='") == (
        "style-src 'self' 'sha256-A='"
    )
    with pytest.raises(ContentError) as error:
        add_source("default-src 'self'", "script-src", "'sha256-A='")
    assert str(error.value).startswith("CONTENT_SECURITY_POLICY: directive 'script-src' is missing")
