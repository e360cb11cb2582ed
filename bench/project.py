"""The project under test: where its files are, and how its settings and posts read."""

from pathlib import Path

from pelican.settings import read_settings

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CONTENT = ROOT / "content"
ORIGINAL_POST = CONTENT / "2021-04-08-defend-immigrants-rights.md"
RESOLUTION_PAGE = CONTENT / "pages" / "resolution.md"
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
STOCK_SETTINGS = BENCH / "stockconf.py"
RESULTS = BENCH / "RESULTS.md"

FORM_MARKER = "{signature_form}"


def split_metadata(text):
    """Pelican's Markdown metadata lines, and the body after the first blank line."""
    header, _, body = text.partition("\n\n")
    metadata = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        metadata[key.strip().lower()] = value.strip()
    return metadata, body.strip() + "\n"


def plugin_names():
    """The plugins pelicanconf.py turns on, as Pelican reads the file."""
    return read_settings(str(SETTINGS)).get("PLUGINS") or []
