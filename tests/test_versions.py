"""original_version: the fingerprint a translation's Original_version holds."""

import re

from conftest import CONTENT
from pelican.plugins.content_rules.versions import file_version, original_version


def test_it_is_the_start_of_sha256():
    # FIPS 180-2's test vector: SHA-256("abc") = ba7816bf8f01cfea...
    assert original_version("abc") == "ba7816bf8f01"


def test_twelve_lowercase_hex_digits_for_any_text():
    for text in ("", "Title: Defender los derechos\n\n¿Cómo puedes ayudar?\n", "\u00a0" * 1000):
        assert re.fullmatch(r"[0-9a-f]{12}", original_version(text))


def test_any_change_changes_it_but_windows_line_ends_do_not():
    text = "Title: Defend Immigrants Rights\nDate: 2021-04-08\n\nWe need 100 signatures.\n"
    assert original_version(text.replace("\n", "\r\n")) == original_version(text)
    assert original_version(text.replace("100", "101")) != original_version(text)
    assert original_version(text + "\n") != original_version(text)
    # A lone carriage return is a change, not a line end to fold.
    assert original_version(text.replace("\n", "\r")) != original_version(text)


def test_a_file_is_read_as_written(tmp_path):
    """file_version sees "\\r\\n" (no newline translation) and folds it like the text."""
    source = (CONTENT / "2021-04-08-defend-immigrants-rights.md").read_text(encoding="utf-8")
    unix, windows = tmp_path / "unix.md", tmp_path / "windows.md"
    unix.write_bytes(source.encode("utf-8"))
    windows.write_bytes(source.replace("\n", "\r\n").encode("utf-8"))
    assert file_version(unix) == file_version(windows) == original_version(source)


def test_a_count_updated_by_hand_leaves_the_translations_current():
    text = (
        "Title: Defend Immigrants Rights\nSignature_goal: 100\n"
        "Signature_count: 57\nSignature_count_date: 2021-04-10\n\nWe need 100 signatures.\n"
    )
    without = "Title: Defend Immigrants Rights\nSignature_goal: 100\n\nWe need 100 signatures.\n"
    assert original_version(text) == original_version(without)
    assert original_version(text.replace(": 57", ": 63")) == original_version(text)
    moved = text.replace("Signature_count: 57", "signature_count_from: https://example.org/c.csv")
    assert original_version(moved) == original_version(text)
    # Every other field, and the same words in the text, still count.
    assert original_version(text.replace(": 100", ": 150")) != original_version(text)
    assert original_version(text + "Signature_count: 5\n") != original_version(text)
