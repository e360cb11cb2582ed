"""A catalogue is a translator's text: escaped like any text on every page, and
checked when it is read, so a mistake in it stops the build (and `make check`)
with one line naming the .po file, its line and the message."""

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import POST_PATH, ROOT, build, build_ok
from editorial_helpers import copy_project, invoke
from language_helpers import SPANISH_POST, spanish_content

PO_ES = "theme/translations/es/LC_MESSAGES/messages.po"
PAYLOAD = '<img src=x onerror=alert(1)>" onmouseover="alert(3)" '


class Attributes(HTMLParser):
    """Every element and attribute name the page really has."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [name for name, _value in attrs]))


def hostile_catalogues(folder):
    """The catalogues, every msgstr starting with HTML and a quote."""
    source = ROOT / "theme" / "translations"
    for lang in ("en", "es"):
        path = folder / lang / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True)
        with open(source / lang / "LC_MESSAGES" / "messages.po", "rb") as file:
            catalog = read_po(file, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                strings = message.string or message.id
                message.string = tuple(f"{PAYLOAD}{s or message.id[-1]}" for s in strings)
            else:
                message.string = f"{PAYLOAD}{message.string or message.id}"
        with open(path, "wb") as file:
            write_po(file, catalog)
    return folder


def test_a_translation_is_text_on_every_page_and_in_the_countdown_words(tmp_path):
    content = spanish_content(tmp_path)
    catalogues = hostile_catalogues(tmp_path / "translations")
    extra = {"LANGUAGE_CATALOGUES": json.dumps(str(catalogues))}
    # fatal errors only: the card's font says it has no glyph for some of these.
    output = build_ok(tmp_path / "output", content=content, extra_settings=extra, fatal="errors")
    pages = sorted(output.rglob("*.html"))
    assert any("es" in page.parts for page in pages)
    shown = 0
    for page in pages:
        html = page.read_text("utf-8")
        assert "<img src=x" not in html, page
        parser = Attributes()
        parser.feed(html)
        for tag, names in parser.found:
            assert not {"onerror", "onmouseover"} & set(names), (page, tag, names)
        shown += html.count("&lt;img src=x onerror=alert(1)&gt;")
        for words in re.findall(r'id="campaign-words">(.*?)</script>', html, re.S):
            assert "<" not in words, page  # the script reads it as text
            assert json.loads(words)["status"].startswith(PAYLOAD), page
    assert shown  # the words are there, as text


def spanish_line(msgid):
    lines = (ROOT / PO_ES).read_text("utf-8").splitlines()
    return lines.index(f"msgid {json.dumps(msgid, ensure_ascii=False)}") + 1


MISTAKES = [
    (
        'msgstr "Firma a más tardar el %(time)s."',
        'msgstr "Firma a más tardar el %(tiempo)s."',
        "Sign by %(time)s.",
        "has msgstr 'Firma a más tardar el %(tiempo)s.' with %(tiempo)s, not in the msgid",
    ),
    (
        'msgstr "Firma a más tardar el %(time)s."',
        'msgstr "Firma a más tardar el %(time)d."',
        "Sign by %(time)s.",
        "with %(time)d for %(time)s",
    ),
    (
        'msgstr "Archivado en %(category)s."',
        'msgstr "Archivado 100% en %(category)s."',
        "Filed under %(category)s.",
        "with '% e', which is no placeholder",
    ),
    (
        'msgstr[0] "%(num)s día"',
        'msgstr[0] "día"',
        "%(num)s day",
        "has msgstr[0] 'día' without %(num)s",
    ),
]


@pytest.mark.parametrize("old,new,msgid,problem", MISTAKES)
def test_a_wrong_placeholder_stops_the_build_and_check_says_the_same(
    tmp_path, old, new, msgid, problem
):
    project = copy_project(tmp_path / "project")
    po = project / PO_ES
    po.write_text(po.read_text("utf-8").replace(old, new, 1), "utf-8")
    where = f"{PO_ES}:{spanish_line(msgid)}: "
    expected = f"{where}msgid {msgid!r} "
    built = invoke(project, "build")
    said = built.stdout + built.stderr
    assert built.returncode != 0
    assert "Traceback" not in said, said
    lines = [line for line in said.splitlines() if expected in line]
    assert len(lines) == 1 and problem in lines[0], said
    checked = invoke(project, "check")
    assert checked.returncode != 0
    reported = [line for line in checked.stdout.splitlines() if line.startswith(where)]
    # The same line, with check's "error:" before the message.
    assert reported == [lines[0][lines[0].index(PO_ES) :].replace(": msgid", ": error: msgid", 1)]


def test_a_broken_catalogue_stops_the_build_with_its_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    po = project / PO_ES
    lines = po.read_text("utf-8").splitlines(keepends=True)
    at = spanish_line("Printable flyer")
    lines.insert(at, "this is not a po line\n")
    po.write_text("".join(lines), "utf-8")
    built = invoke(project, "build")
    said = built.stdout + built.stderr
    assert built.returncode != 0 and "Traceback" not in said, said
    assert f"{PO_ES}:{at + 1}: " in said, said
    checked = invoke(project, "check")
    assert f"{PO_ES}:{at + 1}: error: " in checked.stdout, checked.stdout


def test_an_untranslated_catalogue_is_said_and_stops_a_publish(tmp_path, monkeypatch):
    from editorial.check import check_content

    project = copy_project(tmp_path / "project")
    po = project / PO_ES
    po.write_text("", "utf-8")  # empty: every message in English
    with open(ROOT / "theme" / "translations" / "messages.pot", "rb") as file:
        total = sum(1 for message in read_po(file) if message.id)  # every message the site says
    said = f"{PO_ES}: {total} of {total} messages untranslated: pages in es show them in English"
    built = invoke(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert said in built.stdout + built.stderr
    monkeypatch.chdir(project)
    settings = project / "pelicanconf.py"
    findings = [str(f) for f in check_content(settings, project / "content")]
    assert f"{PO_ES}:1: warning: {said.split(': ', 1)[1]}" in findings, findings
    published = [str(f) for f in check_content(settings, project / "content", publishing=True)]
    assert f"{PO_ES}:1: error: {said.split(': ', 1)[1]}" in published, published


@pytest.mark.parametrize(
    "lang,expected",
    [
        (
            "ES",
            "has no message catalogue; expected language codes written as their catalogue "
            "is named: es",
        ),
        (
            "e s",
            "is not a language code; expected a language code (BCP 47) such as es, pt-BR, "
            "zh-Hant or ar",
        ),
    ],
)
def test_check_says_what_the_build_says_of_a_lang_that_names_no_language(
    tmp_path, monkeypatch, lang, expected
):
    from editorial.check import check_content

    content = spanish_content(tmp_path, post=SPANISH_POST.replace("Lang: es", f"Lang: {lang}"))
    name = "content/es/2021-04-08-defend-immigrants-rights.md"
    line = f"{name}:4: lang {lang!r} {expected}"
    result = build(tmp_path / "output", content=content)
    said = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0 and line in said, said
    monkeypatch.chdir(tmp_path)
    errors = [str(f) for f in check_content(content=content) if f.severity == "error"]
    assert line.replace(": lang", ": error: lang", 1) in errors, errors


@pytest.mark.parametrize(("lang", "nearest"), [("pt", "en"), ("es-419", "es"), ("pt-BR", "en")])
def test_check_and_build_warn_once_of_a_lang_without_catalogue(
    tmp_path, monkeypatch, lang, nearest
):
    from editorial.check import check_content

    content = spanish_content(tmp_path, post=SPANISH_POST.replace("Lang: es", f"Lang: {lang}"))
    name = "content/es/2021-04-08-defend-immigrants-rights.md"
    said = (
        f"{name}:4: lang {lang!r} has no message catalogue: its pages show the site's own words "
        f"(menus, buttons, the banner) from the {nearest!r} catalogue, each marked as {nearest!r} "
        f"for screen readers; to translate them, run make messages ARGS='--lang {lang}'"
    )
    # The local build says it once; a production build, after make check, builds.
    result = build(tmp_path / "local", content=content, settings="pelicanconf.py", fatal="")
    text = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 0, text
    assert text.count(said) == 1, text
    built = build(tmp_path / "output", content=content)
    assert built.returncode == 0, built.stdout + built.stderr
    monkeypatch.chdir(tmp_path)
    found = [str(f) for f in check_content(content=content)]
    assert [f for f in found if "no message catalogue" in f] == [
        said.replace(": lang", ": warning: lang", 1)
        + f" and fill in theme/translations/{lang}/LC_MESSAGES/messages.po"
    ], found


@pytest.mark.parametrize(
    "lang,locales,expected",
    [
        ("fr", {}, "fr_FR"),
        ("es", {}, "es_US"),
        ("pt", {}, "pt_BR"),
        ("fr", {"fr": "fr_CA"}, "fr_CA"),
    ],
)
def test_og_locale_names_a_region(lang, locales, expected):
    from pelican.plugins.language.handlers import open_graph_locale

    assert open_graph_locale(lang, {"LANGUAGE_LOCALES": locales}) == expected


def test_the_shipped_catalogues_read_without_a_mistake():
    from pelican.plugins.language.catalogue import translations, untranslated

    settings = {"THEME": str(ROOT / "theme"), "DEFAULT_LANG": "en"}
    for lang in ("en", "es"):
        translations(settings, lang)
        assert untranslated(settings, lang)[0] == 0
    assert Path(ROOT / PO_ES).is_file()


def edit_spanish(project, *changes):
    po = project / PO_ES
    text = po.read_text("utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    po.write_text(text, "utf-8")


def test_a_percent_sign_reads_as_one_everywhere(tmp_path):
    """Plain messages take % as it is; messages with placeholders write %% (Python's
    and Jinja2's rule), and every path, templates and plugins, shows one %."""
    project = copy_project(tmp_path / "project")
    edit_spanish(
        project,
        ('msgstr "Volante para imprimir"', 'msgstr "Volante 100% para imprimir"'),
        ('msgstr "Firma ahora"', 'msgstr "Firma ahora al 100%"'),
        ('msgstr "Firma a más tardar el %(time)s."', 'msgstr "Firma al 100%% el %(time)s."'),
        ('msgstr "Tiempo restante: %(time)s."', 'msgstr "Tiempo restante (100%%): %(time)s."'),
    )
    env = dict(os.environ, CAMPAIGN_NOW="2021-04-09T03:59:59Z")
    built = invoke(project, "build", env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    post = (project / "output" / "es" / POST_PATH).read_text("utf-8")
    flyer = (project / "output" / "es" / POST_PATH.replace(".html", "-flyer.html")).read_text(
        "utf-8"
    )
    assert "%%" not in post + flyer
    assert "Volante 100% para imprimir" in post and "Volante 100% para imprimir" in flyer
    assert "Firma ahora al 100%" in post
    assert "Firma al 100% el " in post
    words = json.loads(re.search(r'id="campaign-words">(.*?)</script>', post, re.S)[1])
    assert words["left"] == "Tiempo restante (100%): {t}."


@pytest.mark.parametrize(
    "header,problem",
    [
        ("plural=(n !=;", "cannot be read"),
        ("plural=(n == 1);", "is not the plural rule of es"),
    ],
)
def test_a_wrong_plural_rule_stops_the_build_with_one_line(tmp_path, header, problem):
    project = copy_project(tmp_path / "project")
    edit_spanish(project, ("plural=(n != 1);", header))
    line = (project / PO_ES).read_text("utf-8").splitlines().index(
        f'"Plural-Forms: nplurals=2; {header}\\n"'
    ) + 1
    built = invoke(project, "build")
    said = built.stdout + built.stderr
    assert built.returncode != 0 and "Traceback" not in said, said
    assert f"{PO_ES}:{line}: Plural-Forms " in said and problem in said, said
    assert "expected 'nplurals=2; plural=(n != 1);'" in said, said
    checked = invoke(project, "check")
    assert f"{PO_ES}:{line}: error: Plural-Forms " in checked.stdout, checked.stdout
