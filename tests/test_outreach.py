"""Sharing and outreach on real Pelican builds: share links, link previews and
structured data, and settings the plugin refuses."""

import datetime as dt
import json
import re

import pytest
from conftest import POST_PATH, build
from outreach_helpers import (
    CARD_PATH,
    DEADLINE_TEXT,
    SHARE_SERVICES,
    TRICKY_TITLE,
    meta,
    query_fields,
    serve_tricky_site,
    soup,
)


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    yield from serve_tricky_site(tmp_path_factory)


def test_share_links_carry_the_exact_title_and_absolute_address(tricky_site):
    url = f"{tricky_site.url}/2021/04/tricky.html"
    footer = soup(tricky_site.root / "2021/04/tricky.html").find("footer", class_="post-footer")
    links = footer.select(".share-links a")
    assert [a.get_text() for a in links] == SHARE_SERVICES
    hrefs = {a.get_text(): a["href"] for a in links}
    for href in hrefs.values():
        # Everything outside the unreserved set is percent-encoded: no raw spaces,
        # quotes, ampersands inside values, or non-ASCII letters.
        assert re.fullmatch(r"[A-Za-z0-9%._~:/?&=-]+", href), href
        assert "utm_" not in href and "ref=" not in href
    assert hrefs["Email"].startswith("mailto:?")
    assert query_fields(hrefs["Email"]) == {
        "subject": TRICKY_TITLE,
        "body": f"{TRICKY_TITLE}\r\n\r\n{url}",
    }
    assert hrefs["Bluesky"].startswith("https://bsky.app/intent/compose?")
    assert query_fields(hrefs["Bluesky"]) == {"text": f"{TRICKY_TITLE} {url}"}
    assert hrefs["Mastodon"].startswith("https://")
    assert query_fields(hrefs["Mastodon"]) == {"text": f"{TRICKY_TITLE} {url}"}
    assert hrefs["Facebook"].startswith("https://www.facebook.com/sharer/sharer.php?")
    assert query_fields(hrefs["Facebook"]) == {"u": url}
    assert hrefs["X"].startswith("https://x.com/intent/post?")
    assert query_fields(hrefs["X"]) == {"text": TRICKY_TITLE, "url": url}
    assert hrefs["WhatsApp"].startswith("https://wa.me/?")
    assert query_fields(hrefs["WhatsApp"]) == {"text": f"{TRICKY_TITLE} {url}"}


def test_share_links_have_accessible_names_and_no_scripts(tricky_site):
    page = soup(tricky_site.root / "2021/04/tricky.html")
    for link in page.select(".share-links a"):
        label = link["aria-label"]
        # The accessible name contains the visible text (WCAG 2.5.3, label in name).
        assert link.get_text().lower() in label.lower() and label.startswith("Share ")
        assert not [name for name in link.attrs if name.startswith("on")]
    assert page.find(id="share-label").get_text() == "Share this post:"
    assert page.select_one(".share-links")["aria-labelledby"] == "share-label"


# Link previews


def test_every_page_has_a_canonical_address_description_and_preview_tags(served_site):
    server = served_site("open")
    pages = sorted(server.root.rglob("*.html"))
    assert len(pages) > 8
    for path in pages:
        relative = path.relative_to(server.root).as_posix()
        page = soup(path)
        own = f"{server.url}/{relative.removesuffix('index.html')}"
        canonical = page.find("link", rel="canonical")["href"]
        assert canonical == own, relative
        assert meta(page, "og:url") == own, relative
        assert meta(page, "description"), relative
        assert meta(page, "og:description") == meta(page, "description"), relative
        assert meta(page, "og:title") and meta(page, "og:site_name"), relative
        assert meta(page, "og:type") in ("article", "website"), relative
        assert meta(page, "twitter:card") in ("summary", "summary_large_image"), relative


@pytest.mark.parametrize("state,words", [("open", "Sign by"), ("closed", "Signing closed on")])
def test_the_campaign_posts_preview_says_the_deadline_and_shows_the_card(served_site, state, words):
    server = served_site(state)
    page = soup(server.root / POST_PATH)
    for key in ("description", "og:description"):
        assert meta(page, key).startswith(f"{words} {DEADLINE_TEXT}."), key
    assert meta(page, "og:title") == "Defend Immigrants Rights"
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:image") == f"{server.url}/{CARD_PATH}"
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
    assert DEADLINE_TEXT in meta(page, "og:image:alt")
    assert meta(page, "twitter:card") == "summary_large_image"
    assert (server.root / CARD_PATH).is_file()


def test_json_ld_describes_the_post_with_absolute_addresses(served_site):
    server = served_site("open")
    page = soup(server.root / POST_PATH)
    blocks = page.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    data = json.loads(blocks[0].string)
    url = f"{server.url}/{POST_PATH}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Defend Immigrants Rights"
    assert data["url"] == data["mainEntityOfPage"] == url
    assert data["image"]["url"] == f"{server.url}/{CARD_PATH}"
    assert data["publisher"]["url"] == f"{server.url}/"
    assert DEADLINE_TEXT in data["description"]
    assert dt.datetime.fromisoformat(data["datePublished"]).date() == dt.date(2021, 4, 8)


def test_json_ld_is_escaped_for_the_page(tricky_site):
    page = soup(tricky_site.root / "2021/04/tricky.html")
    raw = page.find("script", type="application/ld+json").string
    assert "<" not in raw and "&" not in raw
    assert json.loads(raw)["headline"] == TRICKY_TITLE


def test_a_post_without_a_campaign_gets_previews_but_no_card(tricky_site):
    page = soup(tricky_site.root / "2021/04/plain.html")
    assert meta(page, "og:image") is None
    assert meta(page, "twitter:card") == "summary"
    assert meta(page, "description").startswith("Members met on Tuesday")
    assert not (tricky_site.root / "2021/04/plain.png").exists()
    assert not (tricky_site.root / "2021/04/plain.ics").exists()
    assert page.find(class_="flyer") is None and page.find(class_="calendar-link") is None
    assert len(page.select(".share-links a")) == len(SHARE_SERVICES)


@pytest.mark.parametrize(
    "setting,value,message",
    [
        (
            "OUTREACH_CARD_FONT",
            '"No Such Sans"',
            "settings: OUTREACH_CARD_FONT 'No Such Sans' is not a font file or an installed "
            "font family; expected a family such as 'Noto Sans'",
        ),
        (
            "OUTREACH_SHARE_SERVICES",
            '["email", "myspace"]',
            "settings: OUTREACH_SHARE_SERVICES 'myspace' is not a share service; "
            "expected some of: email, bluesky, mastodon, facebook, x, whatsapp",
        ),
    ],
)
def test_a_bad_setting_stops_the_build_with_one_line(tmp_path, setting, value, message):
    result = build(tmp_path / "out", extra_settings={setting: value})
    assert result.returncode != 0
    [line] = [line for line in result.stderr.splitlines() if setting in line]
    assert line.startswith(message)
    assert "Traceback" not in result.stdout + result.stderr
