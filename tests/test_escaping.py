"""Every metadata value, in every template and both builds, is escaped.

Posts and pages whose every field an editor writes holds markup are built with
the local settings (pelicanconf.py: no Content-Security-Policy, so a script that
got through would run in the preview) and the publish settings (publishconf.py:
feeds and the calendar file too). Then every page, feed and text file is read
back for markup a field made: a script, an event handler, a javascript: link,
an element the site never writes, or a template that ran (49 for {{ 7*7 }}).

A summary is HTML by design (Pelican reads ``Summary:`` as Markdown): the
content rules plugin keeps its safe inline markup and writes out the rest as
text (plugins/content_rules/summary.py). Everything else is escaped by the theme.
"""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build, build_ok
from pelican.plugins.campaign.handlers import STATIC_SOURCE
from pelican.plugins.inline_assets.assets import inline_text
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify


def payload(field):
    """Markup for one field, each piece naming it (leak_<field>) so that a failure
    says which field reached which file: a script, an attribute break-out with an
    event handler, a <title> break-out, an SVG handler, a Markdown javascript:
    link and a Jinja expression. Short enough for a title (at most 200 characters)."""
    return (
        f"<script>leak_{field}()</script>"
        f'"><img src=x onerror=leak_{field}()>'
        f"</title><script>leak_{field}()</script>"
        f"'><svg onload=leak_{field}()>"
        f" [a](javascript:leak_{field}()) "
        f"leak_{field}{{{{ 7*7 }}}}"
    )


def shown(field):
    """The part of a field's payload every page must show as text."""
    return f"<script>leak_{field}()</script>"


# A valid form address (rules.check_signature_form: https, no spaces, no
# backslashes) with a double quote, a single quote, angle brackets and braces.
HOSTILE_FORM = (
    'https://forms.example.org/sign?a=%22x&b="><script>leak_signature_form()</script>'
    "&c='><img/src=x/onerror=leak_signature_form()>&d=leak_signature_form{{7*7}}"
)
POST_FIELDS = ("title", "subtitle", "summary", "description", "category", "author", "flyer_text")
PAGE_FIELDS = ("title", "menu_title", "summary", "description")
# Enough posts in the hostile category and tag for their lists to have a second
# page, with the category and tag in the page links' labels.
FILLERS = 10

# Fields some page or file must show (as text), so that the search for leaks is
# not passing because a field is shown nowhere. Not shown anywhere, by design:
# the flyer of a post without a campaign, the summary of a page with a description.
EXPECTED_SHOWN = (
    *(f"c_{name}" for name in POST_FIELDS),
    "c_tag1",
    "c_tag2",
    *(f"n_{name}" for name in POST_FIELDS if name != "flyer_text"),
    "n_tag",
    "p_title",
    "p_menu_title",
    "p_description",
    "q_title",
    "q_menu_title",
    "q_summary",  # through the page's description, for it has none of its own
)


def metadata(fields, prefix):
    return "".join(f"{name.capitalize()}: {payload(prefix + name)}\n" for name in fields)


def campaign_slug():
    """The slug Pelican makes of the campaign post's title: the post has no Slug line."""
    return slugify(payload("c_title"), regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def write_content(folder):
    pages = folder / "pages"
    pages.mkdir(parents=True)
    tags = ", ".join(payload(f"c_tag{n}") for n in (1, 2))
    (folder / "campaign.md").write_text(
        f"{metadata(POST_FIELDS, 'c_')}Tags: {tags}\nDate: 2021-04-01\n"
        f"Signature_form: {HOSTILE_FORM}\nDeadline: 2021-04-13\nSignature_goal: 100\n\n"
        "Members decide together.\n\n[Sign the resolution]({signature_form})\n",
        encoding="utf-8",
    )
    # Without a campaign, the summary reaches listings and feeds without a banner.
    (folder / "plain.md").write_text(
        f"{metadata(POST_FIELDS, 'n_')}Tags: {payload('n_tag')}\nDate: 2021-03-01\n\n"
        "Members met on Tuesday.\n",
        encoding="utf-8",
    )
    for number in range(FILLERS):
        (folder / f"filler-{number}.md").write_text(
            f"Title: Meeting notes {number}\nDate: 2021-02-{number + 1:02d}\n"
            f"Category: {payload('n_category')}\nTags: {payload('n_tag')}\n\nNotes.\n",
            encoding="utf-8",
        )
    # A page on the post's campaign, with every page field; one without a
    # description, whose summary makes it.
    (pages / "campaign-page.md").write_text(
        f"{metadata(PAGE_FIELDS, 'p_')}Campaign: {campaign_slug()}\n\n"
        "Read it, then [sign]({signature_form}).\n",
        encoding="utf-8",
    )
    (pages / "plain-page.md").write_text(
        f"{metadata(('title', 'menu_title', 'summary'), 'q_')}\nA page of its own.\n",
        encoding="utf-8",
    )
    return folder


# Reading the output back

TEXT_SUFFIXES = (".html", ".xml", ".ics", ".json", ".txt")
FIELD_RE = re.compile(r"leak_([a-z0-9_]+?)(?:\(|49|\{|\b)")
TEMPLATE_RAN_RE = re.compile(r"leak_[a-z0-9_]+?49")
# The site's own scripts: the countdown, linked by the theme.
OWN_SCRIPTS = ("/campaign/campaign.js",)
# What the inline assets plugin puts into pages (publishconf.py): the theme's
# stylesheets and the countdown, exactly as it minifies them; no field can make these.
OWN_INLINE = {
    ("style", str(inline_text(ROOT / "theme" / "static" / "style.css", "test"))),
    ("style", str(inline_text(ROOT / "theme" / "static" / "flyer.css", "test"))),
    ("script", str(inline_text(Path(STATIC_SOURCE, "campaign.js"), "test"))),
}
# Elements no template or plugin of the site writes.
FOREIGN_TAGS = {"img", "iframe", "object", "embed", "base", "form", "style", "frame", "link"}
OWN_LINK_RELS = {"stylesheet", "icon", "alternate", "canonical"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


def fields_in(text):
    return ", ".join(sorted(set(FIELD_RE.findall(text)))) or "no field named"


def template_leaks(text):
    return [f"a template ran: {match.group()}" for match in TEMPLATE_RAN_RE.finditer(text)]


def json_ld_leaks(raw):
    found = [f"JSON-LD holds a raw {c!r} ({fields_in(raw)})" for c in "<>&" if c in raw]
    try:
        json.loads(raw)
    except ValueError:
        found.append(f"JSON-LD is not JSON: {raw[:80]!r}")
    return found


def is_own_script(script):
    """The countdown, linked (pelicanconf.py) or inline (publishconf.py)."""
    if script.get("src", "").endswith(OWN_SCRIPTS):
        return not (script.string or "").strip()
    return not script.attrs and ("script", script.string) in OWN_INLINE


def html_leaks(text):
    """Markup in one HTML document that no template or plugin of the site writes."""
    found = []
    soup = BeautifulSoup(text, "html.parser")
    allowed = 0
    for script in soup.find_all("script"):
        # Data blocks: JSON-LD, and the countdown's words (campaign-words).
        if script.get("type") in ("application/ld+json", "application/json"):
            allowed += 1
            found += json_ld_leaks(script.string or "")
        elif is_own_script(script):
            allowed += 1
        else:
            found.append(f"{str(script)[:100]!r} ({fields_in(str(script))})")
    # Each "<script" in the source is one of those: none the parser read otherwise.
    written = len(re.findall(r"<script\b", text, re.IGNORECASE))
    if written != allowed:
        found.append(f"{written} '<script' in the source, {allowed} of them the site's own")
    for raw in re.findall(r"<script[^>]*json[^>]*>(.*?)</script", text, re.S | re.I):
        if re.search(r"</script|<!--", raw, re.IGNORECASE):
            found.append(f"JSON-LD could end its element: {raw[:80]!r}")
    for tag in soup.find_all(True):
        shown_tag = str(tag)[:100]
        own_link = tag.name == "link" and OWN_LINK_RELS.intersection(tag.get("rel", []))
        own_inline = not tag.attrs and (tag.name, tag.string) in OWN_INLINE
        if tag.name in FOREIGN_TAGS and not (own_link or own_inline):
            found.append(f"a <{tag.name}>: {shown_tag!r} ({fields_in(shown_tag)})")
        if tag.name == "meta" and tag.get("http-equiv", "").lower() not in (
            "",
            "content-security-policy",
        ):
            found.append(f"a <meta http-equiv>: {shown_tag!r}")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(
                    f"an event handler: <{tag.name} {name}={value!r}> ({fields_in(value)})"
                )
            elif name.lower() in URL_ATTRIBUTES and re.sub(
                r"[\x00-\x20]", "", value
            ).lower().startswith(DANGEROUS_SCHEMES):
                found.append(
                    f"a script address: <{tag.name} {name}={value!r}> ({fields_in(value)})"
                )
    return found + template_leaks(text)


def feed_leaks(text):
    """A feed is XML: a field's markup must be escaped XML, and the HTML a feed
    reader shows (Atom's type="html", RSS's description) must hold none either."""
    found = []
    if re.search(r"<(script|img|svg)\b", text, re.IGNORECASE):
        found.append(f"markup in the XML itself ({fields_in(text)})")
    for element in ET.fromstring(text).iter():
        name = element.tag.rsplit("}", 1)[-1]
        if element.get("type") in ("html", "xhtml") or name == "description":
            found += [f"<{name}>: {problem}" for problem in html_leaks(element.text or "")]
    return found + template_leaks(text)


def calendar_leaks(text):
    """iCalendar is plain text (RFC 5545 has no markup; nginx sends it as
    text/calendar with nosniff): a title's "<" is rightly written as it is, and
    escaping it would show "&lt;" in people's calendars. What must hold: the file
    parses, holds one event, and no field starts a property of its own."""
    found = []
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    if len(events) != 1:
        found.append(f"{len(events)} events, expected 1")
    for line in text.splitlines():
        if re.match(r"[<\"'{\[]|leak_", line):
            found.append(f"a line starts with a field's text: {line[:60]!r}")
    return found + template_leaks(text)


def text_leaks(text):
    found = []
    if re.search(r"<(script|img|svg)\b", text, re.IGNORECASE):
        found.append(f"markup ({fields_in(text)})")
    return found + template_leaks(text)


CHECKS = {
    ".html": html_leaks,
    ".xml": feed_leaks,
    ".ics": calendar_leaks,
    ".json": text_leaks,
    ".txt": text_leaks,
}


def output_files(site):
    return [path for path in sorted(site.rglob("*")) if path.suffix in TEXT_SUFFIXES]


def site_leaks(site):
    found = []
    for path in output_files(site):
        for problem in CHECKS[path.suffix](path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(site)}: {problem}")
    return found


def shown_text(site):
    """Everything a reader or a link preview sees: the text of every page, its
    attributes (addresses and meta tags) and the strings of its JSON-LD."""
    pieces = []
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script", type="application/ld+json"):
            pieces += strings_of(json.loads(script.string))
            script.extract()
        pieces.append(soup.get_text())
        for tag in soup.find_all(True):
            pieces += [v if isinstance(v, str) else " ".join(v) for v in tag.attrs.values()]
    return "\n".join(pieces)


def strings_of(data):
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings_of(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings_of(value)]
    return [data] if isinstance(data, str) else []


# The builds


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory):
    return write_content(tmp_path_factory.mktemp("hostile") / "content")


@pytest.fixture(scope="module", params=["pelicanconf.py", "publishconf.py"])
def hostile_site(request, hostile_content, tmp_path_factory):
    output = tmp_path_factory.mktemp(f"hostile-{Path(request.param).stem}")
    return request.param, build_ok(output, settings=request.param, content=hostile_content)


def test_no_field_comes_out_as_markup(hostile_site):
    settings, site = hostile_site
    suffixes = {path.suffix for path in output_files(site)}
    assert ".html" in suffixes
    if settings == "publishconf.py":
        assert {".xml", ".ics"} <= suffixes
    found = site_leaks(site)
    assert not found, f"{settings}: {len(found)} leaks:\n" + "\n".join(found)


def test_every_field_is_shown_as_text(hostile_site):
    settings, site = hostile_site
    text = shown_text(site)
    missing = [field for field in EXPECTED_SHOWN if shown(field) not in text]
    assert not missing, f"{settings}: not shown as text anywhere: {missing}"
    # Braces are text too: no template reads them.
    assert "leak_c_title{{ 7*7 }}" in text
    assert "leak_c_summary{{ 7*7 }}" in text
    # The form address, quotes and brackets and all, as the flyer prints it and
    # as the links go to it.
    assert HOSTILE_FORM in text


def test_paginated_lists_label_their_links_with_the_text(hostile_site):
    settings, site = hostile_site
    labels = []
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        labels += [nav["aria-label"] for nav in soup.select("nav.post-nav[aria-label]")]
    assert f"More posts filed under {payload('n_category')}" in labels, settings
    assert f"More posts tagged {payload('n_tag')}" in labels, settings


def test_summary_keeps_its_safe_markup_in_the_listing(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "post.md").write_text(
        "Title: Members meet\nDate: 2021-03-01\nCategory: News\n"
        "Summary: *Members* meet on **Tuesday**: see [the agenda](https://example.org/a?x=1&y=2)"
        " and [the notes](javascript:alert(1)), <u>underlined</u>.\n\nThe meeting.\n",
        encoding="utf-8",
    )
    site = build_ok(tmp_path / "out", settings="pelicanconf.py", content=content)
    body = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    summary = body.select_one(".post-summary .post-body")
    assert summary.find("em").get_text() == "Members"
    assert summary.find("strong").get_text() == "Tuesday"
    links = {a.get_text(): a.attrs for a in summary.find_all("a")}
    assert links == {"the agenda": {"href": "https://example.org/a?x=1&y=2"}, "the notes": {}}
    assert "<u>underlined</u>" in summary.get_text()


def test_a_campaign_reference_with_markup_stops_the_build(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "page.md").write_text(
        f"Title: A page\nCampaign: {payload('campaign')}\n\nText.\n", encoding="utf-8"
    )
    result = build(tmp_path / "out", settings="pelicanconf.py", content=content)
    assert result.returncode != 0
    assert "campaign" in result.stdout + result.stderr


# The checks above find what they look for


@pytest.mark.parametrize(
    "page, problem",
    [
        (f"<p>{payload('x')}</p>", "'<script"),
        ("<p><img src=x onerror=leak_x()></p>", "event handler"),
        ("<p><svg onload=leak_x()></svg></p>", "event handler"),
        ('<a href=" javascript:leak_x()">a</a>', "script address"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.test">', "http-equiv"),
        ("<style>body{}</style>", "a <style>"),
        ("<p>leak_x49</p>", "template ran"),
        ('<script type="application/ld+json">{"a": "</p>"}</script>', "raw '<'"),
        ('<script type="application/ld+json">{"a": "x&y"}</script>', "raw '&'"),
    ],
)
def test_the_page_check_finds_markup(page, problem):
    assert any(problem in found for found in html_leaks(page)), html_leaks(page)


def test_the_page_check_accepts_the_sites_own_scripts():
    page = (
        '<script defer src="../campaign/campaign.js"></script>'
        '<script type="application/ld+json">{"a": "\\u003cb\\u003e \\u0026"}</script>'
    )
    assert html_leaks(page) == []


def test_the_feed_check_reads_the_html_inside_the_xml():
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        '<summary type="html">&lt;img src=x onerror=leak_x()&gt;</summary></entry></feed>'
    )
    assert any("event handler" in found for found in feed_leaks(feed))
