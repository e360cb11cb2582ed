"""Cases found by trying the site's languages as an editor and as an attacker would:
a language left with pages and no posts, a campaign title with characters the
social card's fonts have not, a translation in the site's own language."""

import re
import shutil

import pytest
from conftest import CONTENT, build, build_ok
from editorial_helpers import copy_project, invoke
from language_helpers import spanish_content

ARABIC = CONTENT / "ar/2021-04-08-defend-immigrants-rights.md"
# A raised fist: in no font of the card, so left out of it (the page shows it).
FIST_TITLE = "دفاع از حقوق مهاجران 2021 ✊ DSA"


def feed_links(output):
    """{(page, feed path)} of every feed a page of ``output`` links to."""
    found = set()
    for page in output.rglob("*.html"):
        for feed in re.findall(r'href="[^"]*?/(feeds/[^"]+)"', page.read_text("utf-8")):
            found.add((str(page.relative_to(output)), feed))
    return found


def test_a_language_with_pages_but_no_posts_links_no_missing_feed(tmp_path):
    # The only Spanish post deleted: its pages linked feeds/all-es.atom.xml, which
    # Pelican writes only for a language with posts, and the publish gate refused
    # every Spanish page for a dead link.
    content = spanish_content(tmp_path, post=None)
    not_found = content / "pages/es/404.md"
    not_found.write_text(
        not_found.read_text("utf-8").replace("{filename}/es/", "{filename}/"), "utf-8"
    )
    output = build_ok(tmp_path / "output", content=content)
    assert (output / "es/index.html").is_file()
    links = feed_links(output)
    assert ("index.html", "feeds/all-en.atom.xml") in links
    missing = {(page, feed) for page, feed in links if not (output / feed).is_file()}
    assert missing == set()
    assert not any(page.startswith("es/") for page, _ in links)


def fist_translation(content):
    text = ARABIC.read_text("utf-8")
    text = re.sub(r"(?m)^Title: .*$", f"Title: {FIST_TITLE}", text)
    text = re.sub(r"(?m)^Lang: ar$", "Lang: fa", text)
    (content / "fa").mkdir()
    (content / "fa" / ARABIC.name).write_text(text, "utf-8")


def test_a_title_the_card_cannot_draw_whole_is_said_and_publishes(tmp_path):
    # It used to stop make publish (every warning was fatal there) with a traceback,
    # while make check had said nothing. A publish's build goes on past the warnings
    # make check gives (tests/test_publish.py follows a whole publish).
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    fist_translation(content)
    result = build(tmp_path / "output", content=content, fatal=None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert " ".join(result.stderr.split()).count("has no glyphs for ✊") == 1
    assert (tmp_path / "output/fa/2021/04/defend-immigrants-rights.png").is_file()
    page = (tmp_path / "output/fa/2021/04/defend-immigrants-rights.html").read_text("utf-8")
    assert FIST_TITLE in page, "the page keeps every character"
    # A preview build (warnings not fatal) still warns.
    preview = build(tmp_path / "preview", content=content, settings="pelicanconf.py", fatal=None)
    assert preview.returncode == 0, preview.stderr
    assert "has no glyphs for ✊" in " ".join(preview.stderr.split())


def test_make_check_says_what_the_card_leaves_out_before_publishing(tmp_path):
    project = copy_project(tmp_path / "project")
    fist_translation(project / "content")
    check = invoke(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert (
        "content/fa/2021-04-08-defend-immigrants-rights.md:1: warning: the social card's "
        "font (Noto Sans) has no glyphs for ✊ in its text, nor has its fallback (Noto Sans "
        "Arabic): left out of the card"
    ) in check.stdout
    assert check.stdout.count("has no glyphs") == 1


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "the site's own language"),
        ("EN", "the site's own language"),
        ("en-US", "a variant of the site's own language (en)"),
    ],
)
def test_a_translation_in_the_site_s_own_language_is_blamed_alone(tmp_path, lang, said):
    # Lang: en on a translation used to blame the English original first, for its
    # slug being taken, before the line at fault; en-US was published as a
    # language of its own, a second English site.
    project = copy_project(tmp_path / "project")
    text = ARABIC.read_text("utf-8").replace("\nLang: ar\n", f"\nLang: {lang}\n")
    (project / "content/ar" / ARABIC.name).write_text(text, "utf-8")
    check = invoke(project, "check")
    assert check.returncode == 1
    errors = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert errors == [
        f"content/ar/{ARABIC.name}:4: error: lang '{lang}' is {said}, but "
        "translation_of makes this a translation; expected Lang: the language the "
        "translation is written in, like es"
    ]
