"""Sharing and outreach: share links, link previews, the social card, the calendar
file and the printable flyer, on real Pelican builds and in real Chromium."""

import datetime as dt
import io
import json
import re
import shutil
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import icalendar
import pytest
import zxingcpp
from bs4 import BeautifulSoup
from conftest import CONTENT, POST_PATH, SiteServer, build, build_ok
from PIL import Image, PngImagePlugin
from pypdf import PdfReader

FORM = "https://example.org/sign/resolution-on-defense-of-immigrants-and-refugees"
DEADLINE_TEXT = "Tuesday, April 13, 2021, 11:59 PM EDT"
CARD_PATH = "2021/04/defend-immigrants-rights.png"
CALENDAR_PATH = "2021/04/defend-immigrants-rights.ics"
CARD_BUDGET = 100_000
# Spaces, &, +, both quotes, =, #, % and non-ASCII letters in three scripts.
TRICKY_TITLE = "Rights & \"Dignity\" + 'Respect' = 100% #ICE — ¡Sí, se puede! Защитим Ελευθερία"
LONG_TITLE = (
    "Stand with our neighbors: a resolution on the defense of immigrants and refugees, "
    "an end to detention and deportation, and a path to citizenship for every worker "
    "in the United States, whatever their papers say"
)
FLYER_TEXT = "Members decide: sign by April 13 & bring a friend <b>to the meeting</b>."
SHARE_SERVICES = ["Email", "Bluesky", "Mastodon", "Facebook", "X", "WhatsApp"]


def soup(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def meta(page, key):
    found = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return found["content"] if found else None


def query_fields(href):
    """A share link's query as {name: value}, decoded as RFC 3986 says (a "+" is a
    plus, not a space); fails on a repeated name."""
    fields = {}
    for pair in urlsplit(href).query.split("&"):
        name, _, value = pair.partition("=")
        assert name not in fields, f"{name} twice in {href}"
        fields[unquote(name)] = unquote(value)
    return fields


def write_post(folder, name, title, extra="", body=None):
    body = body or (
        "Members decide together. We need 100 signatures before the deadline.\n\n"
        "[Sign the resolution]({signature_form})\n"
    )
    (folder / name).write_text(
        f"Title: {title}\nDate: 2021-04-08\nCategory: Tests\n{extra}\n{body}", encoding="utf-8"
    )


CAMPAIGN = "Signature_form: https://example.org/sign?list=a&x=1\nDeadline: 2021-04-13\n"


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    """A publish build of posts with hard titles, served on loopback."""
    content = tmp_path_factory.mktemp("tricky-content")
    write_post(content, "tricky.md", TRICKY_TITLE, CAMPAIGN + "Slug: tricky\n")
    write_post(content, "long.md", LONG_TITLE, CAMPAIGN + f"Slug: long\nFlyer_text: {FLYER_TEXT}\n")
    write_post(
        content,
        "plain.md",
        "A post without a campaign",
        "Slug: plain\n",
        body="Members met on Tuesday and talked about the convention.\n",
    )
    root = tmp_path_factory.mktemp("tricky-site")
    server = SiteServer(root)
    build_ok(root, content=content, siteurl=server.url)
    yield server.start()
    server.stop()


# Share links


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


# The social card


def background_only(image, box):
    """True when every pixel in ``box`` is the card's background colour."""
    region = image.convert("RGB").crop(box)
    return region.getcolors(maxcolors=4) == [(region.width * region.height, (246, 241, 233))]


@pytest.mark.parametrize(
    "site,path",
    [
        ("open", CARD_PATH),
        ("closed", CARD_PATH),
        ("tricky", "2021/04/tricky.png"),
        ("tricky", "2021/04/long.png"),
    ],
)
def test_the_card_is_1200_by_630_within_budget_and_nothing_overflows(
    served_site, tricky_site, artifacts, site, path
):
    root = tricky_site.root if site == "tricky" else served_site(site).root
    data = (root / path).read_bytes()
    print(f"{path} ({site}): {len(data)} bytes")
    (artifacts / Path(path).name).write_bytes(data)
    assert len(data) < CARD_BUDGET
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (1200, 630)
    # The right margin stays empty: long titles wrap (or end in "…") before it.
    assert background_only(image, (1200 - 72, 0, 1200, 630))
    # Something is drawn where the title goes.
    assert not background_only(image, (96, 150, 1100, 300))


def test_long_titles_are_cut_short_with_an_ellipsis_not_cut_off(tricky_site):
    long_card = Image.open(tricky_site.root / "2021/04/long.png").convert("RGB")
    tricky_card = Image.open(tricky_site.root / "2021/04/tricky.png").convert("RGB")
    # Different titles draw differently, and both stay above the deadline block.
    assert long_card.tobytes() != tricky_card.tobytes()
    assert background_only(long_card, (1200 - 72, 0, 1200, 630))


def test_a_title_the_card_font_cannot_draw_is_a_warning_that_fails_publishing(
    tmp_path, monkeypatch
):
    # Pelican's rich log handler, which names the level; wide enough that it
    # keeps the warning on one line.
    monkeypatch.setenv("COLUMNS", "400")
    content = tmp_path / "content"
    content.mkdir()
    write_post(content, "cjk.md", "保护移民权利", CAMPAIGN)
    result = build(tmp_path / "out", content=content, log_options=())
    assert result.returncode != 0
    [line] = [line for line in result.stdout.splitlines() if "has no glyphs" in line]
    assert "WARNING" in line
    assert "cjk.md: the social card's font (Noto Sans) has no glyphs for 保 利 护 权 民 移" in line
    assert "OUTREACH_CARD_FONT" in line


def test_the_build_leaves_an_unchanged_card_and_calendar_alone(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    output = tmp_path / "out"
    build_ok(output, settings="pelicanconf.py", content=content)
    card, calendar = output / CARD_PATH, output / CALENDAR_PATH
    before = {path: path.stat() for path in (card, calendar)}
    time.sleep(0.05)
    build_ok(output, settings="pelicanconf.py", content=content)
    for path, stat in before.items():
        assert path.stat().st_mtime_ns == stat.st_mtime_ns, path.name
        assert path.stat().st_ino == stat.st_ino, path.name
    # A new title draws a new card and writes a new calendar file.
    post = content / "2021-04-08-defend-immigrants-rights.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace(
            "Title: Defend Immigrants Rights", "Title: Defend Immigrants' Rights Now"
        ),
        encoding="utf-8",
    )
    build_ok(output, settings="pelicanconf.py", content=content)
    assert card.stat().st_mtime_ns != before[card].st_mtime_ns
    assert "Defend Immigrants' Rights Now" in calendar.read_text(encoding="utf-8")


def png_recording(digest, colour):
    """A plain PNG that claims to be the card drawn from ``digest``."""
    info = PngImagePlugin.PngInfo()
    info.add_text("outreach-card-inputs", digest)
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), colour).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def test_a_build_into_a_new_folder_copies_the_cached_card_instead_of_drawing_it(tmp_path):
    cache = tmp_path / "cache"
    settings = {"CACHE_PATH": json.dumps(str(cache))}
    first = build_ok(tmp_path / "first", settings="pelicanconf.py", extra_settings=settings)
    [cached] = (cache / "outreach" / "cards").iterdir()
    drawn = (first / CARD_PATH).read_bytes()
    assert cached.read_bytes() == drawn
    digest = Image.open(cached).info["outreach-card-inputs"]
    assert cached.name == f"{digest}.png"
    # A card no drawing makes, filed under the same inputs: a build into a new
    # output folder that shows it has copied it, not drawn.
    stand_in = png_recording(digest, "green")
    cached.write_bytes(stand_in)
    second = build_ok(tmp_path / "second", settings="pelicanconf.py", extra_settings=settings)
    assert (second / CARD_PATH).read_bytes() == stand_in
    # A cached file that was not drawn from these inputs is not used: the card is
    # drawn again, the same bytes as the first time, and the cache mended.
    cached.write_bytes(png_recording("0" * 64, "green"))
    third = build_ok(tmp_path / "third", settings="pelicanconf.py", extra_settings=settings)
    assert (third / CARD_PATH).read_bytes() == drawn
    assert cached.read_bytes() == drawn
    # Turned off, the plugin keeps no cache.
    off = {"CACHE_PATH": json.dumps(str(tmp_path / "no-cache")), "OUTREACH_CACHE": "false"}
    fourth = build_ok(tmp_path / "fourth", settings="pelicanconf.py", extra_settings=off)
    assert (fourth / CARD_PATH).read_bytes() == drawn
    assert not (tmp_path / "no-cache").exists()


def test_calendar_files_and_qr_codes_come_from_the_cache_until_their_post_changes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    settings = {"CACHE_PATH": json.dumps(str(tmp_path / "cache"))}
    first = build_ok(
        tmp_path / "first", settings="pelicanconf.py", content=content, extra_settings=settings
    )
    [calendar] = (tmp_path / "cache" / "outreach" / "calendars").iterdir()
    [qr] = (tmp_path / "cache" / "outreach" / "qr").iterdir()
    assert calendar.read_bytes() == (first / CALENDAR_PATH).read_bytes()
    assert qr.read_text(encoding="utf-8") in (first / POST_PATH).read_text(encoding="utf-8")
    # Stand-ins in the cache end up in a build into a new folder: it made neither.
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nX-STAND-IN:1\r\nEND:VCALENDAR\r\n")
    qr.write_text('<svg role="img" class="flyer-qr"><title>Stand-in</title></svg>')
    second = build_ok(
        tmp_path / "second", settings="pelicanconf.py", content=content, extra_settings=settings
    )
    assert b"X-STAND-IN" in (second / CALENDAR_PATH).read_bytes()
    assert "<title>Stand-in</title>" in (second / POST_PATH).read_text(encoding="utf-8")
    # A changed title is a new calendar file, made afresh.
    post = content / "2021-04-08-defend-immigrants-rights.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace(
            "Title: Defend Immigrants Rights", "Title: Defend Immigrants' Rights Now"
        ),
        encoding="utf-8",
    )
    third = build_ok(
        tmp_path / "third", settings="pelicanconf.py", content=content, extra_settings=settings
    )
    made = (third / CALENDAR_PATH).read_bytes()
    assert b"X-STAND-IN" not in made and b"Defend Immigrants' Rights Now" in made
    assert len(list((tmp_path / "cache" / "outreach" / "calendars").iterdir())) == 2


# The calendar file


def banner_deadline(root):
    banner = soup(root / POST_PATH).find("aside", class_="campaign-banner")
    return dt.datetime.fromisoformat(banner["data-campaign-deadline"])


def check_rfc5545_lines(data):
    """Content lines end in CRLF and are folded at 75 octets (RFC 5545, 3.1)."""
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"


def test_the_calendar_file_is_valid_and_its_instant_is_the_banners(served_site):
    server = served_site("open")
    page = soup(server.root / POST_PATH)
    link = page.select_one(".calendar-link a")
    assert link.get_text() == "Add the deadline to your calendar"
    assert link["href"] == f"{server.url}/{CALENDAR_PATH}"
    data = (server.root / CALENDAR_PATH).read_bytes()
    check_rfc5545_lines(data)
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [event] = calendar.walk("VEVENT")
    for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
        assert required in event, required
    start = event.decoded("DTSTART")
    assert start == banner_deadline(server.root)
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert str(start.tzinfo) == "America/New_York"
    zones = [zone["TZID"] for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["America/New_York"]
    assert str(event["URL"]) == f"{server.url}/{POST_PATH}"
    assert "Defend Immigrants Rights" in str(event["SUMMARY"])
    assert FORM in str(event["DESCRIPTION"])
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(days=1)


def test_after_the_deadline_the_calendar_file_gives_no_form(served_site):
    server = served_site("closed")
    data = (server.root / CALENDAR_PATH).read_bytes()
    check_rfc5545_lines(data)
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("DTSTART") == banner_deadline(server.root)
    assert FORM not in data.decode("utf-8")
    assert str(event["SUMMARY"]).startswith("Signing closed")
    assert soup(server.root / POST_PATH).find(class_="calendar-link") is None


# The printable flyer, in Chromium


def open_post(browser, server, path=POST_PATH, now=dt.datetime(2021, 4, 10, tzinfo=dt.UTC)):
    context = browser.new_context(timezone_id="America/New_York")
    context.clock.install(time=now)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server.url}/{path}")
    page.wait_for_load_state("networkidle")
    return page, requests


def pages_printed(page, paper):
    return len(PdfReader(io.BytesIO(page.pdf(format=paper))).pages)


def test_on_screen_the_flyer_is_hidden_and_no_card_or_qr_is_loaded(browser, served_site):
    server = served_site("open")
    page, requests = open_post(browser, server)
    assert page.locator(".flyer").count() == 1
    assert not page.locator(".flyer").is_visible()
    assert not page.locator(".flyer-qr").is_visible()
    assert page.locator(".share-links a").count() == len(SHARE_SERVICES)
    assert page.get_by_role("link", name="Share on Bluesky").is_visible()
    assert page.get_by_role("link", name="Add the deadline to your calendar").is_visible()
    assert all(url.startswith(server.url) for url in requests), requests
    assert not [url for url in requests if url.endswith((".png", ".ics", ".svg.gz"))]
    assert len(requests) <= 4, requests
    page.context.close()


def test_printed_the_post_is_a_one_page_flyer_with_a_qr_code(browser, served_site, artifacts):
    server = served_site("open")
    page, _ = open_post(browser, server)
    page.emulate_media(media="print")
    flyer = page.locator(".flyer")
    assert flyer.is_visible()
    assert flyer.locator(".flyer-title").text_content() == "Defend Immigrants Rights"
    assert flyer.locator(".flyer-text").text_content().startswith("As you may know")
    assert DEADLINE_TEXT in flyer.locator(".flyer-deadline").text_content()
    assert flyer.locator(".flyer-url").text_content() == FORM
    assert flyer.locator(".flyer-url").is_visible()
    qr = flyer.locator("svg.flyer-qr")
    assert qr.is_visible() and qr.locator("path").count() == 1
    assert qr.bounding_box()["width"] > 200
    assert not flyer.locator(".flyer-closed").is_visible()
    for hidden in (".site-header", ".site-footer", ".post-nav", ".share", ".post", ".skip-link"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for paper in ("A4", "Letter"):
        assert pages_printed(page, paper) == 1, paper
    (artifacts / "flyer-a4.pdf").write_bytes(page.pdf(format="A4"))
    page.context.close()


def test_the_printed_qr_code_reads_back_as_the_form_address(browser, served_site, artifacts):
    server = served_site("open")
    page, _ = open_post(browser, server)
    page.emulate_media(media="print")
    png = page.locator(".flyer-qr").screenshot()
    (artifacts / "flyer-qr.png").write_bytes(png)
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [(code.format, code.text) for code in found] == [(zxingcpp.BarcodeFormat.QRCode, FORM)]
    page.context.close()


def test_a_long_title_still_prints_on_one_page_with_the_chosen_paragraph(browser, tricky_site):
    page, _ = open_post(browser, tricky_site, "2021/04/long.html")
    page.emulate_media(media="print")
    assert page.locator(".flyer-qr").is_visible()
    assert page.locator(".flyer-title").text_content() == LONG_TITLE
    # Flyer_text is printed as the editor wrote it: words, not markup.
    assert page.locator(".flyer-text").text_content() == FLYER_TEXT
    for paper in ("A4", "Letter"):
        assert pages_printed(page, paper) == 1, paper
    page.context.close()


def test_after_the_deadline_the_flyer_says_closed_and_has_no_qr(browser, served_site):
    server = served_site("closed")
    page, _ = open_post(browser, server, now=dt.datetime(2021, 4, 20, tzinfo=dt.UTC))
    page.emulate_media(media="print")
    assert page.locator(".flyer-closed").is_visible()
    assert page.locator(".flyer-closed").text_content() == f"Signing closed on {DEADLINE_TEXT}."
    assert page.locator(".flyer svg").count() == 0
    assert page.locator(".flyer-url").count() == 0
    assert pages_printed(page, "A4") == 1
    page.context.close()


def test_a_flyer_printed_after_the_countdown_closed_the_page_has_no_qr(browser, served_site):
    """An open build, read after the deadline: the script closes the banner, and
    the flyer follows it."""
    server = served_site("open")
    page, _ = open_post(browser, server, now=dt.datetime(2021, 4, 20, tzinfo=dt.UTC))
    page.wait_for_selector("main aside.campaign-banner[data-campaign-state=closed]")
    page.emulate_media(media="print")
    assert not page.locator(".flyer-qr").is_visible()
    assert not page.locator(".flyer-url").is_visible()
    assert page.locator(".flyer-closed").is_visible()
    page.context.close()


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
