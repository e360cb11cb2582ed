"""The site's translations keep their originals' facts: every number, both dates
(the April 15 / April 13 discrepancy included), every link, every section; and
they carry the fields of a translation and none of a campaign."""

import re
from pathlib import Path

import pytest
from conftest import CONTENT
from pelican.plugins.campaign.rules import CAMPAIGN_FIELDS

from editorial.site import load_settings, read_site

# Each translation, and what the original's dates are in its language.
TRANSLATIONS = {
    "es/2021-04-08-defend-immigrants-rights.md": {
        "before April 15": "antes del 15 de abril",
        "before April 13, 2021": "antes del 13 de abril de 2021",
    },
    "pages/es/resolution.md": {},
}
LINK_RE = re.compile(r"\]\(([^)]+)\)")
NUMBER_RE = re.compile(r"\d+")


@pytest.fixture(scope="module")
def items():
    """Every post and page as Pelican reads them, by file (relative to content/)."""
    site = read_site(load_settings(content=CONTENT))
    return {
        Path(s.path).resolve().relative_to(CONTENT.resolve()).as_posix(): s
        for s in site.sources
        if s.content is not None
    }


def body(source):
    text = "\n".join(source.lines)
    text = text.split("\n\n", 1)[1]
    # Notes for editors are not the text.
    return "\n".join(line for line in text.splitlines() if not line.startswith("[//]: #"))


def original_of(translation, items):
    slug = translation.content.metadata["translation_of"]
    found = [s for s in items.values() if s.content.slug == slug and s is not translation]
    found = [s for s in found if "translation_of" not in s.content.metadata]
    assert len(found) == 1, f"{translation.name}: translation_of {slug!r}"
    return found[0]


@pytest.mark.parametrize("name", sorted(TRANSLATIONS))
def test_fields_of_a_translation_and_none_of_a_campaign(items, name):
    translation = items[name]
    original = original_of(translation, items)
    assert Path(original.path).name == Path(name).name, "the original's file name"
    metadata = translation.content.metadata
    assert metadata["lang"] == "es"
    assert metadata["translator"].strip()
    assert re.fullmatch(r"[0-9a-f]{12}", metadata["original_version"])
    # Written by the editor, that is: Pelican adds some of these on its own.
    for field in (*CAMPAIGN_FIELDS, "campaign", "category", "tags", "slug"):
        assert translation.line_of_field(field) is None, field
    if "date" in original.content.metadata:
        assert metadata["date"] == original.content.metadata["date"]


@pytest.mark.parametrize("name", sorted(TRANSLATIONS))
def test_the_facts_of_the_original(items, name):
    translation = items[name]
    original = original_of(translation, items)
    english, spanish = body(original), body(translation)
    assert sorted(NUMBER_RE.findall(spanish)) == sorted(NUMBER_RE.findall(english))
    for words, translated in TRANSLATIONS[name].items():
        assert words in english and translated in spanish
    assert spanish.count("\n## ") == english.count("\n## ")
    # The same links, each {filename} to the translated file where there is one.
    expected = []
    for link in LINK_RE.findall(english):
        if link.startswith("{filename}/"):
            target = link.removeprefix("{filename}/")
            folder, _, file = target.rpartition("/")
            translated = f"{folder}/es/{file}" if folder else f"es/{file}"
            link = "{filename}/" + (translated if translated in items else target)
        expected.append(link)
    assert LINK_RE.findall(spanish) == expected
