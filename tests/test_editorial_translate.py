"""`invoke new --lang es --translation-of SLUG`: a translation started with its fields
and the original's text; `invoke check`: a translation whose original changed since."""

import os
import pty
import shutil
import subprocess
import sys

import pytest
from editorial_helpers import POST_SOURCE, copy_project, invoke
from pelican.plugins.content_rules.versions import file_version
from test_editorial_new import read_until

PAGE_SOURCE = "content/pages/resolution.md"
POST_ES = "content/es/2021-04-08-defend-immigrants-rights.md"
PAGE_ES = "content/pages/es/resolution.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The project with no translations yet."""
    project = copy_project(tmp_path_factory.mktemp("translate") / "project")
    shutil.rmtree(project / "content/es")
    shutil.rmtree(project / "content/pages/es")
    return project


def header_and_body(text):
    header, _, body = text.partition("\n\n")
    return header.splitlines(), body


def original_body(project, source):
    return header_and_body((project / source).read_text(encoding="utf-8"))[1]


def test_the_page_then_the_post(project):
    """The page first: the post's link to it then leads to its translation."""
    page = invoke(
        project,
        "new",
        "--lang",
        "es",
        "--translation-of",
        "resolution",
        "--title",
        "Resolución sobre la Defensa de los Inmigrantes y Refugiados",
        "--translator",
        "Grupo de Trabajo por los Derechos de los Inmigrantes",
    )
    assert page.returncode == 0, page.stdout + page.stderr
    assert f"Wrote {PAGE_ES}\n" in page.stdout
    header, body = header_and_body((project / PAGE_ES).read_text(encoding="utf-8"))
    assert header == [
        "Title: Resolución sobre la Defensa de los Inmigrantes y Refugiados",
        "Lang: es",
        "Translation_of: resolution",
        "Translator: Grupo de Trabajo por los Derechos de los Inmigrantes",
        f"Original_version: {file_version(project / PAGE_SOURCE)}",
        "Summary: A Priority Resolution for the 2021 DSA Convention. It needs 100 member "
        "signatures to reach the convention floor.",
        "Menu_title: The resolution",
    ]
    notes, _, text = body.partition("\n\n")
    assert notes.splitlines() == [
        '[//]: # "Summary and Menu_title: still the original\'s words, to translate"',
        '[//]: # "Translate the original\'s text below in place, then delete these notes."',
    ]
    # The post has no translation yet: the link keeps leading to the English post.
    assert text == original_body(project, PAGE_SOURCE)

    post = invoke(project, "new", "--lang", "es", "--translation-of", "defend-immigrants-rights")
    assert post.returncode == 0, post.stdout + post.stderr
    assert f"Wrote {POST_ES}\n" in post.stdout
    assert f"Next: translate the words of {POST_SOURCE} in it" in post.stdout
    header, body = header_and_body((project / POST_ES).read_text(encoding="utf-8"))
    assert header == [
        "Title:",
        "Date: 2021-04-08",
        "Lang: es",
        "Translation_of: defend-immigrants-rights",
        "Translator:",
        f"Original_version: {file_version(project / POST_SOURCE)}",
        "Subtitle: (for members of Democratic Socialists of America)",
    ]
    notes, _, text = body.partition("\n\n")
    assert notes.splitlines()[:2] == [
        '[//]: # "Title: write it in es; the original\'s is: Defend Immigrants Rights"',
        '[//]: # "Translator: who may revise this translation, a person or a working group"',
    ]
    english = original_body(project, POST_SOURCE)
    assert "({filename}/pages/resolution.md)" in english
    assert text == english.replace(
        "{filename}/pages/resolution.md", "{filename}/pages/es/resolution.md"
    )
    assert "({signature_form})" in text, "the campaign's links stay the original's"

    # Pelican reads it as a translation; the empty title is the first thing check asks for.
    check = invoke(project, "check")
    assert f"{POST_ES}:1: error: the title is empty" in check.stdout
    assert "Original_version" not in check.stdout, "just started: not stale"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--lang", "es", "--translation-of", "defend-immigrant-rights"),
            "--translation-of 'defend-immigrant-rights' names no post or page; "
            "did you mean 'defend-immigrants-rights'?",
        ),
        (
            ("--lang", "es", "--translation-of", "zzz"),
            "--translation-of 'zzz' names no post or page; expected the slug of a post or "
            "page: '404', 'defend-immigrants-rights', 'resolution'",
        ),
        (
            ("--lang", "en", "--translation-of", "resolution"),
            "--lang en is the site's own language (DEFAULT_LANG)",
        ),
        (
            ("--lang", "EN", "--translation-of", "resolution"),
            "--lang en is the site's own language (DEFAULT_LANG)",
        ),
        (
            ("--lang", "sp", "--translation-of", "resolution"),
            "--lang 'sp' is no language CLDR knows; expected a BCP 47 language code",
        ),
        (
            ("--lang", "es_MX", "--translation-of", "resolution"),
            "--lang 'es_MX' is not a language code; expected a BCP 47 language code that CLDR "
            "knows, like es, fr or pt-BR (written 'es-MX')",
        ),
        (("--lang", "español", "--translation-of", "resolution"), "is not a language code"),
        # CLDR reads "und" as English: it was refused as "the site's own language".
        (
            ("--lang", "und", "--translation-of", "resolution"),
            "--lang 'und' names no language (undetermined); expected a BCP 47 language code",
        ),
        (("--lang", "zxx", "--translation-of", "resolution"), "names no language"),
        (("--lang", "root", "--translation-of", "resolution"), "is not a language code"),
        (("--lang", "../es", "--translation-of", "resolution"), "is not a language code"),
        (("--lang", "x-klingon", "--translation-of", "resolution"), "is not a language code"),
        (
            ("--lang", "en-US", "--translation-of", "resolution"),
            "--lang en-US is a variant of the site's own language (en, DEFAULT_LANG)",
        ),
        # A pasted paragraph is named by its start, not repeated whole.
        (
            ("--lang", "a" * 300, "--translation-of", "resolution"),
            f"--lang '{'a' * 40}…' is not a language code",
        ),
        (("--translation-of", "resolution"), "--translation-of needs --lang"),
        (("--lang", "es"), "--lang starts a translation and needs --translation-of"),
        (
            ("--lang", "es", "--translation-of", "resolution", "--deadline", "2031-01-01"),
            "--deadline does not go with --translation-of: a translation shares its original's",
        ),
        (
            ("--lang", "es", "--translation-of", "resolution", "--slug", "resolucion"),
            "--slug does not go with --translation-of",
        ),
    ],
)
def test_mistakes_get_one_line_and_no_file(project, args, message):
    before = sorted((project / "content").rglob("*"))
    result = invoke(project, "new", *args)
    assert result.returncode == 1
    assert result.stderr.startswith("invoke new: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted((project / "content").rglob("*")) == before


def test_it_never_overwrites(tmp_path):
    project = copy_project(tmp_path / "project")
    # The Spanish page is there already: found as the translation, whatever its file's name.
    moved = project / "content/pages/es/resolucion.md"
    (project / PAGE_ES).rename(moved)
    again = invoke(project, "new", "--lang", "es", "--translation-of", "resolution")
    assert again.returncode == 1
    assert again.stderr.strip() == (
        "invoke new: content/pages/es/resolucion.md is already the es translation of "
        "'resolution'; edit it, or delete it to start again"
    )
    # A file of the editor's own where the translation would go is never replaced.
    mine = project / POST_ES
    mine.unlink()
    mine.write_text("Title: Mis notas\nLang: es\n\nMis propias palabras.\n", encoding="utf-8")
    result = invoke(project, "new", "--lang", "es", "--translation-of", "defend-immigrants-rights")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"invoke new: {POST_ES} already exists; edit it, or delete it to start again"
    )
    assert mine.read_text(encoding="utf-8").endswith("Mis propias palabras.\n")


def test_at_a_terminal_it_asks_for_the_title_and_the_translator(project):
    master, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "new", "--lang", "fr", "--translation-of", "404"],
        cwd=project,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    seen = [""]
    try:
        for prompt, answer in [
            ("Title in fr (the original's: Page not found; Enter to write it later): ", ""),
            ("(a person or a group; Enter to write it later): ", "Comité de traduction"),
        ]:
            read_until(master, prompt, seen)
            seen[0] = seen[0][seen[0].index(prompt) + len(prompt) :]
            os.write(master, answer.encode("utf-8") + b"\n")
        read_until(master, "Published address", seen)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    text = (project / "content/pages/fr/404.md").read_text(encoding="utf-8")
    assert text.startswith(
        "Title:\nLang: fr\nTranslation_of: 404\nTranslator: Comité de traduction\n"
    )
    # No fr catalogue in the theme: said, not refused.
    assert "warning: the site has no fr catalogue yet" in seen[0]


def stale_lines(result, source):
    return [line for line in result.stdout.splitlines() if line.startswith(f"{source}:")]


def test_check_says_when_the_original_changed_and_what_to_write(tmp_path):
    project = copy_project(tmp_path / "project")
    post, post_es = project / POST_SOURCE, project / POST_ES
    lines = post_es.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("Original_version:"))
    # Up to date with the English post as it is now: nothing said about versions.
    before = file_version(post)
    lines[line - 1] = f"Original_version: {before}\n"
    post_es.write_text("".join(lines), encoding="utf-8")
    fresh = invoke(project, "check")
    assert not [f for f in stale_lines(fresh, POST_ES) if "Original_version" in f], fresh.stdout

    # The same text saved with Windows line ends is the same version.
    post.write_bytes(post.read_bytes().replace(b"\n", b"\r\n"))
    assert "Original_version" not in invoke(project, "check").stdout

    # The English post changes: the translation may say something else now.
    post.write_text(
        post.read_text(encoding="utf-8").replace("100 signatures", "150 signatures"),
        encoding="utf-8",
    )
    after = file_version(post)
    assert after != before
    stale = invoke(project, "check")
    assert (
        f"{POST_ES}:{line}: warning: translation may be stale: {POST_SOURCE} changed since it "
        f"was translated (Original_version {before}, now {after}); when the translation is up "
        f"to date, set Original_version: {after}"
    ) in stale.stdout.splitlines()

    # Doing as it says makes the warning go.
    post_es.write_text(post_es.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
    assert not [f for f in stale_lines(invoke(project, "check"), POST_ES) if "may be stale" in f]

    # No Original_version at all: said where the translation names its original.
    page_es = project / PAGE_ES
    text = page_es.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines(keepends=True) if not line.startswith("Original_")]
    page_es.write_text("".join(kept), encoding="utf-8")
    named = next(n for n, t in enumerate(kept, 1) if t.startswith("Translation_of:"))
    missing = invoke(project, "check")
    assert (
        f"{PAGE_ES}:{named}: warning: no Original_version: nothing tells which version of "
        f"{PAGE_SOURCE} this translates, so a later change to it goes unnoticed; when the "
        f"translation is up to date, add the line 'Original_version: "
        f"{file_version(project / PAGE_SOURCE)}'"
    ) in missing.stdout.splitlines()


@pytest.mark.parametrize(
    ("given", "written", "nearest"),
    [("zh-hant-tw", "zh-Hant-TW", "en"), ("zh-TW", "zh-TW", "en"), ("iw", "he", "en")],
)
def test_a_translation_in_any_cldr_language_starts_and_builds(tmp_path, given, written, nearest):
    project = copy_project(tmp_path / "project")
    result = invoke(
        project, "new", "--lang", given, "--translation-of", "resolution", "--title", "Título"
    )
    assert result.returncode == 0, result.stderr
    path = project / "content/pages" / written / "resolution.md"
    text = path.read_text(encoding="utf-8")
    assert f"\nLang: {written}\n" in text
    said = " ".join((result.stdout + result.stderr).split())
    assert (
        f"the site has no {written} catalogue yet, so its own words around the text (banner, "
        f"buttons, menus) are the {nearest} catalogue's, marked as {nearest} for screen "
        f"readers; to translate them, run make messages ARGS='--lang {written}'"
    ) in said
    built = invoke(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    page = (project / "output" / written / "pages/resolution.html").read_text(encoding="utf-8")
    assert f'<html lang="{written}" dir="{"rtl" if written == "he" else "ltr"}">' in page
