"""The message catalogue: complete in every language, up to date with the sources,
and the only source of the words the site writes on its own (a build with a
catalogue that marks every message shows no unmarked text outside the content)."""

import json
import re
import shutil

import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup
from conftest import ROOT, build_ok
from language_helpers import editor_strings, spanish_content
from pelican.plugins.language.messages import extract, update

FOLDER = ROOT / "theme" / "translations"
# Every language with a catalogue: a third one is checked as soon as it is started.
LANGUAGES = sorted(path.parent.parent.name for path in FOLDER.glob("*/LC_MESSAGES/messages.po"))
PLACEHOLDER_RE = re.compile(r"%\((\w+)\)s")
OPEN, CLOSE = "⟦", "⟧"


def read(path, lang=None):
    with open(path, "rb") as file:
        return read_po(file, locale=lang)


def ids(catalog):
    return {message.id for message in catalog if message.id}


def test_the_template_is_up_to_date_with_the_sources():
    # `invoke messages` rewrites it; a message added to a template or plugin and
    # not extracted fails here.
    assert ids(extract(ROOT)) == ids(read(FOLDER / "messages.pot"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang):
    template = ids(read(FOLDER / "messages.pot"))
    catalog = read(FOLDER / lang / "LC_MESSAGES" / "messages.po", lang)
    assert ids(catalog) == template
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.id, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"{lang}: {message.id!r} is not translated"
        # The same placeholders, or the build fails (or says less) in that language.
        wanted = set(PLACEHOLDER_RE.findall(str(message.id)))
        for string in strings:
            assert set(PLACEHOLDER_RE.findall(string)) == wanted, (lang, message.id, string)


def test_english_and_spanish_ship():
    assert {"en", "es"} <= set(LANGUAGES)


def test_invoke_messages_starts_a_new_language(tmp_path):
    # A copy of what babel.cfg reads: the theme, the plugins and the settings.
    for name in ("theme", "plugins"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", tmp_path)
    missing = update(tmp_path, "fr")
    template = ids(read(FOLDER / "messages.pot"))
    french = read(tmp_path / "theme/translations/fr/LC_MESSAGES/messages.po", "fr")
    assert ids(french) == template
    assert missing == {"fr": len(template)}
    # Run again, nothing changes; the shipped catalogues stay complete.
    before = (tmp_path / "theme/translations/fr/LC_MESSAGES/messages.po").read_bytes()
    assert update(tmp_path, "fr") == {"fr": len(template)}
    assert (tmp_path / "theme/translations/fr/LC_MESSAGES/messages.po").read_bytes() == before


@pytest.mark.parametrize("code", ["xx-nowhere", "english", "../fr"])
def test_invoke_messages_refuses_an_unknown_language(tmp_path, code):
    for name in ("theme", "plugins"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", tmp_path)
    with pytest.raises(ValueError, match="not a language CLDR knows"):
        update(tmp_path, code)
    assert sorted(p.name for p in (tmp_path / "theme/translations").iterdir() if p.is_dir()) == [
        "en",
        "es",
    ]


def test_the_catalogue_has_the_messages_the_site_says():
    found = ids(read(FOLDER / "messages.pot"))
    assert len(found) > 50
    for message in ("Sign by %(time)s.", "Signing closed on %(time)s.", "Sign now", "Home"):
        assert message in found
    assert ("%(num)s day", "%(num)s days") in found


def marked_catalogues(folder):
    """Copies of the catalogues with every translation wrapped in ⟦…⟧."""
    shutil.copytree(FOLDER, folder)
    for lang in LANGUAGES:
        path = folder / lang / "LC_MESSAGES" / "messages.po"
        catalog = read(path, lang)
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                message.string = tuple(f"{OPEN}{s}{CLOSE}" for s in message.string)
            else:
                message.string = f"{OPEN}{message.string}{CLOSE}"
        with open(path, "wb") as file:
            write_po(file, catalog)
    return folder


@pytest.fixture(scope="module", params=["open", "closed"])
def marked_site(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"marked-{request.param}")
    content = spanish_content(root)
    catalogues = marked_catalogues(root / "translations")
    now = "2021-04-09T03:59:59Z" if request.param == "open" else "2021-04-20T12:00:00Z"
    extra = {"LANGUAGE_CATALOGUES": json.dumps(str(catalogues))}
    # fatal errors only: the card's font has no ⟦ and ⟧, and says so.
    output = build_ok(
        root / "output", content=content, now=now, extra_settings=extra, fatal="errors"
    )
    return output, editor_strings(content)


# What is not the site's own words: the editor's text and the data it shows.
NOT_CHROME = (
    "script",
    "style",
    "time",  # dates and periods: CLDR's words (Babel), in the page's language
    "svg",
    ".post-title",
    ".post-subtitle",
    ".campaign-visually-hidden",  # the post's title, for screen readers
    ".flyer-title",
    ".flyer-subtitle",
    ".flyer-text",
    ".flyer-url",
    ".share-links a",  # service names; their accessible names are checked below
    "[lang]",  # the language switch: each language named in itself
)


def unmarked(text, editors):
    for said in editors:
        text = text.replace(said, " ")
    while True:
        shorter = re.sub(rf"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
        if shorter == text:
            break
        text = shorter
    return " ".join(text.split()) if re.search(r"[^\W\d_]", text) else ""


def test_no_unmarked_words_outside_the_content(marked_site):
    output, editors = marked_site
    pages = sorted(output.rglob("*.html"))
    assert any("/es/" in str(page) for page in pages)
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        name = page.relative_to(output)
        for body in soup.select(".post-body"):
            for child in list(body.children):
                if getattr(child, "name", None) != "aside":
                    child.extract()  # the editor's text; the campaign banner stays
        title = soup.title.get_text()
        for selector in NOT_CHROME:
            for element in soup.select(selector):
                if element.name != "html":
                    element.extract()
        assert unmarked(soup.body.get_text(" "), editors) == "", name
        assert unmarked(title, editors) == "", name
        for element in soup.select("[aria-label]"):
            assert unmarked(element["aria-label"], editors) == "", (name, element["aria-label"])


def test_the_countdown_words_come_from_the_catalogue(marked_site):
    output, _editors = marked_site
    soup = BeautifulSoup(
        (output / "es/2021/04/defend-immigrants-rights.html").read_text(), "html.parser"
    )
    words = soup.find("script", id="campaign-words")
    if words is None:
        return  # a closed campaign runs no countdown
    values = json.loads(words.string)
    values.pop("locale")
    flat = [
        v
        for value in values.values()
        for v in (value.values() if isinstance(value, dict) else [value])
    ]
    assert flat and all(v.startswith(OPEN) and v.endswith(CLOSE) for v in flat), flat
