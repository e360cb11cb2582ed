"""The files the outreach plugin writes beside a campaign post, on real builds: the
social card and the calendar file, and the cache that keeps them."""

import datetime as dt
import io
import json
import shutil
import time
from pathlib import Path

import icalendar
import pytest
from conftest import CONTENT, POST_PATH, build, build_ok
from outreach_helpers import (
    CALENDAR_PATH,
    CAMPAIGN,
    CARD_BUDGET,
    CARD_PATH,
    FLYER_PATH,
    FORM,
    serve_tricky_site,
    soup,
    write_post,
)
from PIL import Image, PngImagePlugin

from editorial.check import check_content


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    yield from serve_tricky_site(tmp_path_factory)


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


def test_a_title_the_card_font_cannot_draw_is_a_warning_make_check_says_too(tmp_path, monkeypatch):
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
    said = "the social card's font (Noto Sans) has no glyphs for 保 利 护 权 民 移 in its text"
    assert f"cjk.md:1: warning: {said}" in line
    assert "OUTREACH_CARD_FONT" in line
    # `make check` says the same, as a warning, on the title's line.
    found = [str(f) for f in check_content(content=content) if f.check == "card font"]
    assert len(found) == 1 and found[0].startswith(f"{content / 'cjk.md'}:1: warning: {said}, ")
    assert found[0].split("warning: ", 1)[1] in line


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
    drawn = (first / CARD_PATH).read_bytes()
    # The English post's card (the Spanish version has one of its own).
    [cached] = [f for f in (cache / "outreach" / "cards").iterdir() if f.read_bytes() == drawn]
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
    # Turned off, the plugin keeps no cache (Pelican's content cache is its own).
    off = {"CACHE_PATH": json.dumps(str(tmp_path / "no-cache")), "OUTREACH_CACHE": "false"}
    fourth = build_ok(tmp_path / "fourth", settings="pelicanconf.py", extra_settings=off)
    assert (fourth / CARD_PATH).read_bytes() == drawn
    assert not (tmp_path / "no-cache" / "outreach").exists()


def test_calendar_files_and_qr_codes_come_from_the_cache_until_their_post_changes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    settings = {"CACHE_PATH": json.dumps(str(tmp_path / "cache"))}
    first = build_ok(
        tmp_path / "first", settings="pelicanconf.py", content=content, extra_settings=settings
    )
    # The English post's files (the Spanish version has its own, in its words).
    calendars = list((tmp_path / "cache" / "outreach" / "calendars").iterdir())
    made = (first / CALENDAR_PATH).read_bytes()
    [calendar] = [f for f in calendars if f.read_bytes() == made]
    flyer = (first / FLYER_PATH).read_text(encoding="utf-8")
    qrs = (tmp_path / "cache" / "outreach" / "qr").iterdir()
    [qr] = [f for f in qrs if f.read_text(encoding="utf-8") in flyer]
    # Stand-ins in the cache end up in a build into a new folder: it made neither.
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nX-STAND-IN:1\r\nEND:VCALENDAR\r\n")
    qr.write_text('<svg role="img" class="flyer-qr"><title>Stand-in</title></svg>')
    second = build_ok(
        tmp_path / "second", settings="pelicanconf.py", content=content, extra_settings=settings
    )
    assert b"X-STAND-IN" in (second / CALENDAR_PATH).read_bytes()
    assert "<title>Stand-in</title>" in (second / FLYER_PATH).read_text(encoding="utf-8")
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
    now_cached = list((tmp_path / "cache" / "outreach" / "calendars").iterdir())
    assert len(now_cached) == len(calendars) + 1


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


def test_a_build_after_the_deadline_writes_no_calendar_file_and_links_none(served_site):
    # A reminder of a past deadline helps nobody.
    server = served_site("closed")
    assert not (server.root / CALENDAR_PATH).exists()
    assert (server.root / CARD_PATH).is_file()
    assert soup(server.root / POST_PATH).find(class_="calendar-link") is None
    name = CALENDAR_PATH.rsplit("/", 1)[1]
    assert [p for p in server.root.rglob("*.html") if name in p.read_text(encoding="utf-8")] == []
