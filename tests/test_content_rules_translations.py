"""A translation is published only with its original, once per language, and a
broken Lang: or Translation_of: line is reported as the cause, in the build and
in `make check` alike."""

import pytest
from conftest import ROOT, build

from editorial.check import check_content

ORIGINAL = "Title: Stand with our neighbors\nDate: {date}\nCategory: News\n{extra}\nText.\n"
TRANSLATION = (
    "Title: Con nuestros vecinos\nDate: {date}\nLang: es\nTranslation_of: stand-with-our-neighbors"
    "\n{extra}\nTexto.\n"
)


def write(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def site(folder, original_extra="", translation_extra="", date="2021-04-08", es_date=None):
    return write(
        folder,
        {
            "stand.md": ORIGINAL.format(date=date, extra=original_extra),
            "es/stand.md": TRANSLATION.format(date=es_date or date, extra=translation_extra),
        },
    )


def said(result):
    """The build's lines that name a content file."""
    return [line for line in result.stderr.splitlines() if ".md:" in line]


def errors(content, settings="pelicanconf.py"):
    found = check_content(ROOT / settings, content=content)
    return [f for f in found if f.severity == "error"]


def test_the_translation_of_a_draft_is_an_error_until_it_is_a_draft_too(tmp_path):
    content = site(tmp_path / "content", original_extra="Status: draft")
    expected = (
        "translation of a draft: "
        f"{content / 'stand.md'} is a draft; expected 'Status: draft' here too until the "
        "original is published"
    )
    result = build(tmp_path / "output", content=content, fatal="")
    assert result.returncode == 1, result.stderr
    assert said(result) == [f"{content / 'es/stand.md'}:4: {expected}"], result.stderr
    assert not list((tmp_path / "output").rglob("*stand*"))
    found = errors(content)
    assert [(f.file, f.line, f.message) for f in found] == [
        (str(content / "es/stand.md"), 4, expected)
    ]
    # Drafted too, it builds, and nothing of either is published.
    site(content, original_extra="Status: draft", translation_extra="Status: draft")
    result = build(tmp_path / "output2", content=content)
    assert result.returncode == 0, result.stderr
    assert errors(content) == []
    published = [p for p in (tmp_path / "output2").rglob("*") if "drafts" not in p.parts]
    assert not [p for p in published if p.is_file() and b"stand-with" in p.read_bytes()]


def test_the_translation_of_a_future_post_waits_for_it_in_the_published_site(tmp_path):
    """publishconf.py leaves future posts out: the translation follows its
    original even when dated earlier, and nothing stops the publish."""
    content = site(tmp_path / "content", date="2999-01-01", es_date="2021-04-08")
    output = tmp_path / "output"
    result = build(output, content=content, settings="publishconf.py")
    assert result.returncode == 0, result.stderr
    assert not (output / "es/2021/04/stand-with-our-neighbors.html").exists()
    mentions = [p for p in output.rglob("*") if p.is_file() and b"stand-with" in p.read_bytes()]
    assert not mentions
    assert errors(content, "publishconf.py") == []
    # The local preview shows future posts: the translation with them.
    preview = tmp_path / "preview"
    result = build(preview, content=content, settings="pelicanconf.py")
    assert result.returncode == 0, result.stderr
    assert (preview / "es/2021/04/stand-with-our-neighbors.html").is_file()


def test_the_translation_of_a_hidden_page_must_be_hidden_too(tmp_path):
    content = write(
        tmp_path / "content",
        {
            "pages/404.md": "Title: Not found\nSlug: 404\nStatus: hidden\n\nGone.\n",
            "pages/es/404.md": "Title: No encontrada\nLang: es\nTranslation_of: 404\n\nNo.\n",
        },
    )
    result = build(tmp_path / "output", content=content, fatal="")
    assert result.returncode == 1, result.stderr
    lines = said(result)
    assert len(lines) == 1 and lines[0].startswith(f"{content / 'pages/es/404.md'}:3: "), lines
    assert "translation of a hidden page" in lines[0]
    assert "expected 'Status: hidden' here too" in lines[0]
    assert not (tmp_path / "output/es/pages/404.html").exists()
    found = errors(content)
    assert [(f.file, f.line) for f in found] == [(str(content / "pages/es/404.md"), 3)]


@pytest.mark.parametrize("lang", ["es", "es "])
def test_two_translations_into_one_language_are_said_once(tmp_path, lang):
    content = site(tmp_path / "content")
    (content / "es/c1.md").write_text(
        TRANSLATION.format(date="2021-04-08", extra="").replace("Lang: es", f"Lang: {lang}"),
        encoding="utf-8",
    )
    expected = (
        f"two es translations of stand-with-our-neighbors: {content / 'es/c1.md'} and "
        f"{content / 'es/stand.md'}; expected one (delete or merge the other)"
    )
    result = build(tmp_path / "output", content=content, fatal="")
    assert result.returncode == 1, result.stderr
    # One line, Pelican's own ("There are 2 items ...", with paths) left out.
    assert result.stderr.strip().splitlines() == [f"{content / 'es/stand.md'}:4: {expected}"]
    found = errors(content)
    assert [(f.file, f.line, f.message) for f in found] == [
        (str(content / "es/stand.md"), 4, expected)
    ]


@pytest.mark.parametrize(
    "old,new,line,message",
    [
        ("Lang: es", "Lang:", 3, "lang is empty; expected a language code such as es"),
        (
            "Translation_of: stand-with-our-neighbors",
            "Translation_of:",
            4,
            "translation_of is empty; expected the slug of the original",
        ),
        (
            "Lang: es\n",
            "",
            3,
            "a translation (Translation_of) needs a Lang: line; expected Lang: the language "
            "it is written in, such as es",
        ),
    ],
    ids=["empty lang", "empty translation_of", "no lang"],
)
def test_a_broken_translation_line_is_the_one_cause_said(tmp_path, old, new, line, message):
    content = site(tmp_path / "content")
    path = content / "es/stand.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = build(tmp_path / "output", content=content, fatal="")
    assert result.returncode == 1, result.stderr
    assert said(result) == [f"{path}:{line}: {message}"], result.stderr
    found = errors(content)
    assert [(f.file, f.line, f.message) for f in found] == [(str(path), line, message)]
