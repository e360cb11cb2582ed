"""EDITING.md: it covers every campaign field and check, and its screenshots show the post."""

import re
import struct

import pytest
from conftest import ROOT
from guide_screenshots import FOLDER, VIEWPORT, screenshot_name, screenshot_post
from pelican.plugins.campaign.rules import CAMPAIGN_FIELDS
from pelican.plugins.content_rules.findings import CHECKS

GUIDE = ROOT / "EDITING.md"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def guide():
    return GUIDE.read_text(encoding="utf-8")


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("state", ["open", "closed"])
def test_screenshots_of_the_post_open_and_closed(browser, served_site, tmp_path, state):
    """Taken afresh on every run, into a temporary folder: the guide's own copies in
    docs/screenshots are taken again only by `invoke docs`, never by the tests."""
    path = tmp_path / screenshot_name(state)
    assert screenshot_post(browser, served_site(state).url, state, path) == []
    assert png_size(path) == (VIEWPORT["width"], VIEWPORT["height"])
    assert 20_000 < path.stat().st_size < 2_000_000, path.stat().st_size
    assert f"docs/screenshots/post-{state}.png" in guide()
    # The copy the guide shows is there, taken the same way.
    assert png_size(FOLDER / screenshot_name(state)) == (VIEWPORT["width"], VIEWPORT["height"])


def test_the_guide_explains_every_campaign_field():
    text = guide()
    for field in CAMPAIGN_FIELDS:
        label = field.capitalize()
        assert f"`{label}:" in text, field
    assert "{signature_form}" in text
    assert "`Campaign:`" in text, "pages that reuse a post's campaign"


def test_the_guide_lists_every_check():
    text = guide()
    section = text[text.index("## What `make check` looks for") :]
    for name, severity, _what in CHECKS:
        assert re.search(rf"\*\*{re.escape(name)}\*\* \({severity}\)", section), name


def test_the_guide_names_only_commands_that_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.MULTILINE))
    used = set(re.findall(r"(?:^|`)make ([a-z-]+)", guide(), re.MULTILINE))
    assert used and used <= targets, used - targets
