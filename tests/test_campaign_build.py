"""The campaign plugin in real builds: banner states, links, errors, and both themes."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import (
    AFTER_DEADLINE,
    BEFORE_DEADLINE,
    DEADLINE_UTC,
    POST_PATH,
    RESOLUTION_PATH,
    build,
    build_ok,
)

FORM = "https://example.org/sign/resolution-on-defense-of-immigrants-and-refugees"
DEADLINE_ISO = "2021-04-13T23:59:59-04:00"
DEADLINE_TEXT = "Tuesday, April 13, 2021, 11:59 PM EDT"
STOCK_THEME = {
    "THEME": json.dumps("notmyidea"),
    "CAMPAIGN_ASSET_TAGS": "true",
    "JINJA_ENVIRONMENT": json.dumps({"trim_blocks": True, "lstrip_blocks": True}),
}


def soup(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def open_site(tmp_path_factory):
    return build_ok(tmp_path_factory.mktemp("open"), now=BEFORE_DEADLINE)


@pytest.fixture(scope="module")
def closed_site(tmp_path_factory):
    return build_ok(tmp_path_factory.mktemp("closed"), now=AFTER_DEADLINE)


def banner_of(site, path=POST_PATH):
    banners = soup(site / path).find_all("aside", class_="campaign-banner")
    assert len(banners) == 1
    return banners[0]


def test_open_banner_says_what_to_sign_and_by_when(open_site):
    banner = banner_of(open_site)
    assert banner["data-campaign-state"] == "open"
    assert banner["data-campaign-deadline"] == DEADLINE_ISO
    assert banner.time["datetime"] == DEADLINE_ISO
    assert banner.time.get_text() == DEADLINE_TEXT
    assert "Goal: 100 signatures." in banner.get_text()
    sign = banner.find("a", class_="campaign-sign")
    assert sign["href"] == FORM
    countdown = banner.find("span", class_="campaign-countdown")
    assert countdown is not None and countdown.get_text() == ""


def test_open_body_links_go_to_the_form(open_site):
    body = soup(open_site / POST_PATH).find(class_="post-body")
    links = body.find_all("a", class_="campaign-sign")
    texts = [a.get_text().split(":")[0] for a in links]
    assert "here" in texts
    assert "Sign to support the Resolution On Defense of Immigrants and Refugees" in texts
    assert {a["href"] for a in links} == {FORM}
    assert "{signature_form}" not in (open_site / POST_PATH).read_text()


def test_closed_banner_says_signing_closed_and_invites_nothing(closed_site):
    for path in (POST_PATH, RESOLUTION_PATH):
        banner = banner_of(closed_site, path)
        assert banner["data-campaign-state"] == "closed"
        assert "Signing closed on" in banner.get_text()
        assert banner.time.get_text() == DEADLINE_TEXT
        assert "The goal was 100 signatures." in banner.get_text()
    for page in closed_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert FORM not in html, page
        assert 'class="campaign-sign"' not in html, page
    body = soup(closed_site / POST_PATH).find(class_="post-body")
    closed = [span.get_text() for span in body.find_all("span", class_="campaign-sign-closed")]
    assert closed == [
        "here",
        "Sign to support the Resolution On Defense of Immigrants and Refugees",
    ]


def test_state_flips_exactly_at_the_deadline(tmp_path):
    one_second_before = "2021-04-14T03:59:58Z"
    assert banner_of(build_ok(tmp_path / "a", now=one_second_before))["data-campaign-state"] == (
        "open"
    )
    assert banner_of(build_ok(tmp_path / "b", now=DEADLINE_UTC))["data-campaign-state"] == "closed"


def test_without_campaign_now_the_real_clock_decides(tmp_path):
    # Today is years after the April 2021 deadline.
    assert banner_of(build_ok(tmp_path, now=None))["data-campaign-state"] == "closed"


def test_index_shows_a_compact_banner_and_the_teaser(open_site):
    index = soup(open_site / "index.html")
    compact = index.find("aside", class_="campaign-banner-compact")
    assert compact["data-campaign-deadline"] == DEADLINE_ISO
    assert compact.find("a", class_="campaign-sign")["href"] == FORM
    assert "As you may know" in index.find(class_="post-summary").get_text()
    # The countdown and its words: inline in the production build.
    assert index.find("script", id="campaign-words")
    countdown = [s for s in index.find_all("script") if "campaign-words" in (s.string or "")]
    assert countdown or index.find("script", src=re.compile(r"campaign/campaign\.js$"))


def test_resolution_page_reuses_the_posts_campaign(open_site):
    banner = banner_of(open_site, RESOLUTION_PATH)
    assert banner["data-campaign-deadline"] == DEADLINE_ISO
    assert banner.find("a", class_="campaign-sign")["href"] == FORM
    source = Path("content/pages/resolution.md").read_text(encoding="utf-8")
    assert "example.org" not in source


def test_form_address_is_written_once_in_the_sources():
    sources = [p.read_text(encoding="utf-8") for p in Path("content").rglob("*.md")]
    assert sum(text.count(FORM) for text in sources) == 1


def test_script_and_stylesheet_are_published(open_site):
    assert (open_site / "campaign" / "campaign.js").stat().st_size > 500
    assert (open_site / "campaign" / "campaign.css").is_file()


def write_post(folder, metadata, body="Sign [here]({signature_form}).\n"):
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["Title: A campaign", "Date: 2021-04-08"] + [f"{k}: {v}" for k, v in metadata.items()]
    (folder / "post.md").write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
    return folder


BAD_BUILDS = {
    "http form": ({"Signature_form": "http://example.org/s", "Deadline": "2021-04-13"}, "https"),
    "javascript form": (
        {"Signature_form": "javascript:alert(1)", "Deadline": "2021-04-13"},
        "https",
    ),
    "February 30": ({"Signature_form": FORM, "Deadline": "2021-02-30"}, "real calendar date"),
    "DST gap": ({"Signature_form": FORM, "Deadline": "2021-03-14 02:30"}, "does not exist"),
    "unknown zone": (
        {"Signature_form": FORM, "Deadline": "2021-04-13", "Deadline_timezone": "Nowhere/City"},
        "time zone",
    ),
    "before the post": ({"Signature_form": FORM, "Deadline": "2021-04-01"}, "before the post"),
    "deadline alone": ({"Deadline": "2021-04-13"}, "signature_form"),
    "form alone": ({"Signature_form": FORM}, "deadline"),
    "bad goal": ({"Signature_form": FORM, "Deadline": "2021-04-13", "Signature_goal": "0"}, "goal"),
    "marker without campaign": ({}, "{signature_form}"),
    "unknown campaign": ({"Campaign": "no-such-post"}, "names no post"),
}


@pytest.mark.parametrize("name", list(BAD_BUILDS))
def test_bad_metadata_stops_the_build_with_one_line(tmp_path, name):
    metadata, words = BAD_BUILDS[name]
    content = write_post(tmp_path / "content", metadata)
    output = tmp_path / "output"
    result = build(output, content=content)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if "post.md" in line]
    assert len(lines) == 1, result.stderr
    assert words in lines[0] and "expected" in lines[0]
    assert not (output / "2021").exists()


def test_bad_campaign_now_stops_the_build(tmp_path):
    result = build(tmp_path / "out", now="next tuesday")
    assert result.returncode == 1
    assert "CAMPAIGN_NOW 'next tuesday'" in result.stderr
    assert "Traceback" not in result.stderr


def test_ambiguous_deadline_is_logged(tmp_path):
    metadata = {"Signature_form": FORM, "Deadline": "2021-11-07 01:30"}
    result = build(tmp_path / "out", content=write_post(tmp_path / "c", metadata), fatal="")
    assert result.returncode == 0, result.stderr
    assert "happens twice" in result.stdout + result.stderr
    html = (tmp_path / "out" / "2021" / "04" / "a-campaign.html").read_text()
    assert 'data-campaign-deadline="2021-11-07T01:30:00-04:00"' in html


@pytest.mark.parametrize("state,now", [("open", BEFORE_DEADLINE), ("closed", AFTER_DEADLINE)])
def test_works_with_pelicans_stock_theme(tmp_path, state, now):
    site = build_ok(tmp_path, now=now, extra_settings=STOCK_THEME)
    page = soup(site / POST_PATH)
    banner = page.find("aside", class_="campaign-banner")
    assert banner["data-campaign-state"] == state
    assert banner.time.get_text() == DEADLINE_TEXT
    # The stock theme links neither file: the plugin's own tags do, once.
    scripts = page.find_all("script", src=re.compile(r"campaign/campaign\.js$"))
    styles = page.find_all("link", href=re.compile(r"campaign/campaign\.css$"))
    assert len(scripts) == 1 and len(styles) == 1
    assert scripts[0]["src"] == "http://127.0.0.1:8000/campaign/campaign.js"
    assert (site / "campaign" / "campaign.js").is_file()
    assert bool(page.find("a", class_="campaign-sign", href=FORM)) == (state == "open")


def test_stock_theme_relative_urls_point_at_the_script(tmp_path):
    site = build_ok(
        tmp_path, settings="pelicanconf.py", now=BEFORE_DEADLINE, extra_settings=STOCK_THEME
    )
    script = soup(site / POST_PATH).find("script", src=re.compile(r"campaign\.js$"))
    assert (site / "2021" / "04" / script["src"]).resolve() == (
        site / "campaign" / "campaign.js"
    ).resolve()
