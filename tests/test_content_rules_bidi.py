"""Bidirectional controls (U+202A-U+202E, U+2066-U+2069): refused in a title, slug,
tag, category, summary or campaign field with one line naming the file, line,
field and code point, by the build and by `make check` alike; a warning in the text."""

import pytest
from conftest import build
from outreach_helpers import CAMPAIGN, write_post

from editorial.check import check_content

OVERRIDE = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Stand With Us" shows as "sU htiW dnatS"


def findings(content, severity=None):
    return [str(f) for f in check_content(content=content) if severity in (None, f.severity)]


@pytest.mark.parametrize(
    ("line", "field", "control", "name"),
    [
        ("Title: Stand {c}With Us", "title", "\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("Slug: stand-{c}with-us", "slug", "\u202d", "LEFT-TO-RIGHT OVERRIDE"),
        ("Tags: housing, rent{c}s", "tags", "\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("Category: Labor{c}", "category", "\u2067", "RIGHT-TO-LEFT ISOLATE"),
        ("Summary: Sign {c}today", "summary", "\u202a", "LEFT-TO-RIGHT EMBEDDING"),
        ("Signature_goal: 1{c}00", "signature_goal", "\u202b", "RIGHT-TO-LEFT EMBEDDING"),
        ("Deadline_timezone: UTC{c}", "deadline_timezone", "\u2069", "POP DIRECTIONAL ISOLATE"),
        ("Campaign_status: archived{c}", "campaign_status", "\u2068", "FIRST STRONG ISOLATE"),
    ],
)  # fmt: skip
def test_a_field_with_a_direction_control_is_one_error_line(tmp_path, line, field, control, name):
    content = tmp_path / "content"
    content.mkdir()
    field_line = line.format(c=control)
    write_post(content, "post.md", "Stand With Us", CAMPAIGN)
    lines = (content / "post.md").read_text(encoding="utf-8").split("\n")
    key = field_line.split(":")[0] + ":"
    if any(text.startswith(key) for text in lines):  # Title:, Category: are written
        lines = [field_line if text.startswith(key) else text for text in lines]
    else:
        lines.insert(1, field_line)
    (content / "post.md").write_text("\n".join(lines), encoding="utf-8")
    written = (content / "post.md").read_text(encoding="utf-8").split("\n")
    number = next(n for n, text in enumerate(written, 1) if control in text)
    errors = findings(content, "error")
    code = f"U+{ord(control):04X} ({name})"
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{content / 'post.md'}:{number}: error: {field} ")
    assert f"holds the bidirectional control {code}" in errors[0]
    # The value is shown escaped: the line itself cannot display reversed.
    assert control not in errors[0]
    result = build(tmp_path / "out", content=content, settings="pelicanconf.py")
    assert result.returncode != 0
    said = [text for text in (result.stdout + result.stderr).splitlines() if code in text]
    assert len(said) == 1 and f"post.md:{number}: {field} " in said[0], result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_the_campaign_fields_own_rules_do_not_say_it_twice(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    campaign = (
        f"Signature_form: https://forms.real.org/{OVERRIDE}sign\nDeadline: 2021-04-13{OVERRIDE}\n"
    )
    write_post(content, "post.md", "Stand With Us", campaign)
    errors = findings(content, "error")
    assert len(errors) == 2, errors
    assert all("U+202E (RIGHT-TO-LEFT OVERRIDE)" in error for error in errors)


def test_a_direction_control_in_the_text_is_a_warning_naming_its_line(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    body = "First paragraph.\n\nHebrew quote: \u2067שלום\u2069 and more.\n"
    write_post(content, "post.md", "Stand With Us", body=body)
    found = findings(content)
    line = next(
        n for n, text in enumerate((content / "post.md").read_text().split("\n"), 1)
        if "\u2067" in text
    )  # fmt: skip
    assert found == [
        f"{content / 'post.md'}:{line}: warning: the text holds the bidirectional control "
        "U+2067 (RIGHT-TO-LEFT ISOLATE), which may show the words around it reversed or out "
        "of order; delete it unless right-to-left text needs it (retype the line to be sure)"
    ]
    # The build says it too, as a warning, and goes on.
    result = build(tmp_path / "out", content=content, settings="pelicanconf.py", fatal="errors")
    assert result.returncode == 0, result.stderr
    assert f"post.md:{line}: warning: the text holds the bidirectional control U+2067" in (
        result.stdout + result.stderr
    )


def test_right_to_left_words_without_controls_are_fine(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    write_post(content, "post.md", "الدفاع عن حقوق المهاجرين", "Slug: defend\nTags: حقوق\n")
    assert [f for f in findings(content) if "bidirectional" in f] == []


def test_the_control_character_search_finds_every_kind_and_removes_them():
    from pelican.plugins.content_rules.rules import NOT_IN_XML_RE

    for text in ("a\x01b", "x\ufffe", "é\U0001fffe", "\U0010ffff", "\ud800"):
        assert NOT_IN_XML_RE.search(text) is not None, repr(text)
        assert NOT_IN_XML_RE.search(NOT_IN_XML_RE.sub("", text)) is None, repr(text)
    for text in ("", "plain", "emoji 📢✊🏽", "עברית", "\U0001fffd"):
        assert NOT_IN_XML_RE.search(text) is None, repr(text)
        assert NOT_IN_XML_RE.sub("", text) == text
