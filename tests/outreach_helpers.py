"""Shared by the outreach tests: posts with hard titles, and reading pages back."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from conftest import SiteServer, build_ok

FORM = "https://example.org/sign/resolution-on-defense-of-immigrants-and-refugees"
DEADLINE_TEXT = "Tuesday, April 13, 2021, 11:59 PM EDT"
CARD_PATH = "2021/04/defend-immigrants-rights.png"
CALENDAR_PATH = "2021/04/defend-immigrants-rights.ics"
# The printable flyer: a page of its own beside the post (OUTREACH_FLYER_SAVE_AS).
FLYER_PATH = "2021/04/defend-immigrants-rights-flyer.html"
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


def serve_tricky_site(tmp_path_factory):
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
