"""Every reader's language: a post in a language without a catalogue builds, in its
own language and direction, its interface words fallen back and marked; each
language with posts has its own home, archive, tag, category and 404 pages, and
a Spanish reader's navigation never leads into English."""

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import CONTENT, POST_PATH, build, build_ok

SITEURL = "http://127.0.0.1:8000"
POST_AR = f"ar/{POST_PATH}"
POST_ES = f"es/{POST_PATH}"


def soup(path):
    return BeautifulSoup(Path(path).read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The project's own content, English, Spanish and Arabic, as published."""
    return build_ok(tmp_path_factory.mktemp("languages") / "output")


def test_the_arabic_post_reads_right_to_left_with_its_english_fallback_marked(site):
    page = soup(site / POST_AR)
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    assert page.select_one("h1.post-title").get_text() == "الدفاع عن حقوق المهاجرين"
    # No Arabic catalogue: the site's words are English, each marked as English.
    skip = page.select_one("a.skip-link span")
    assert (skip["lang"], skip["dir"], skip.get_text()) == ("en", "ltr", "Skip to the content")
    home = page.select_one("nav.site-nav a span[lang=en]")
    assert home.get_text() == "Home"
    # The banner says the deadline in English throughout, marked as a whole.
    banner = page.select_one("main aside.campaign-banner")
    assert (banner["lang"], banner["dir"]) == ("en", "ltr")
    assert banner.time.get_text().startswith("Tuesday, April 13, 2021")
    # A value filled into an English phrase is in the page's language, marked so.
    posted = page.select_one(".post-footer p span[lang=en]")
    assert posted.get_text().startswith("Posted on ")
    assert posted.select_one("span[lang=ar]")["dir"] == "rtl"
    # Nothing English is left unmarked outside the post's own words.
    for text in page.find_all(string=re.compile(r"\b(Home|Archive|Share this post)\b")):
        assert text.find_parent(attrs={"lang": "en"}) is not None, text
    # No attribute carries a language mark's markup.
    assert "&lt;span" not in (site / POST_AR).read_text("utf-8")
    assert page.title.get_text() == "الدفاع عن حقوق المهاجرين · Immigrants' Rights Campaign"


def test_the_arabic_post_is_linked_both_ways_and_listed_in_feed_and_sitemap(site):
    for own in (POST_PATH, POST_ES, POST_AR):
        page = soup(site / own)
        alternates = {
            link["hreflang"]: link["href"] for link in page.find_all("link", hreflang=True)
        }
        assert alternates == {
            "ar": f"{SITEURL}/{POST_AR}",
            "en": f"{SITEURL}/{POST_PATH}",
            "es": f"{SITEURL}/{POST_ES}",
            "x-default": f"{SITEURL}/{POST_PATH}",
        }
        names = {a["hreflang"]: a.get_text() for a in page.select("nav.language-switch a")}
        assert names.get("ar", "العربية") == "العربية"
        arabic = page.select_one("nav.language-switch a[hreflang=ar]")
        if arabic is not None:
            assert (arabic["lang"], arabic["dir"]) == ("ar", "rtl")
    feed = (site / "feeds/all-ar.atom.xml").read_text("utf-8")
    assert f"{SITEURL}/{POST_AR}" in feed and "<title>الدفاع عن حقوق المهاجرين</title>" in feed
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{SITEURL}/{POST_AR}</loc>" in sitemap
    assert f'hreflang="ar" href="{SITEURL}/{POST_AR}"' in sitemap
    for lists in ("ar/", "es/", "es/archives.html", "es/tag/immigration.html"):
        assert f"<loc>{SITEURL}/{lists}</loc>" in sitemap, lists
    # The language sites' 404 pages are never listed.
    assert "404.html" not in sitemap


def internal_links(page, siteurl=SITEURL):
    """The links of a page's navigation: header, footer, the post's footer and its
    newer/older links (not the language switch, the feed, or the share links)."""
    found = []
    for area in page.select("header.site-header, footer.site-footer, .post-footer, nav.post-nav"):
        for link in area.find_all("a", href=True):
            if link.find_parent(class_=["language-switch", "share"]):
                continue
            href = link["href"]
            if href.startswith(siteurl) and "/feeds/" not in href and not href.endswith(".ics"):
                found.append(href)
    return found


def test_every_navigation_link_on_a_spanish_page_stays_spanish(site):
    pages = sorted(path.relative_to(site).as_posix() for path in (site / "es").rglob("*.html"))
    assert {
        POST_ES,
        "es/index.html",
        "es/archives.html",
        "es/2021/index.html",
        "es/2021/04/index.html",
        "es/tag/immigration.html",
        "es/category/immigrants-rights.html",
        "es/tags.html",
        "es/categories.html",
        "es/404.html",
    } <= set(pages)
    for path in pages:
        page = soup(site / path)
        assert page.html["lang"] == "es", path
        links = internal_links(page)
        assert links, path
        english = [href for href in links if not urlsplit(href).path.startswith("/es/")]
        assert not english, (path, english)
        # And each leads to a page the build wrote.
        for href in links:
            target = urlsplit(href).path.lstrip("/")
            target = target + "index.html" if target.endswith("/") else target
            assert (site / target).is_file(), (path, href)


def test_each_language_has_its_own_404_page(site):
    spanish = soup(site / "es/404.html")
    assert spanish.html["lang"] == "es"
    assert spanish.select_one("h1").get_text() == "Página no encontrada"
    assert spanish.find("a", href=f"{SITEURL}/{POST_ES}")
    # No Arabic 404 page: the site's, in the Arabic frame, its words marked English.
    arabic = soup(site / "ar/404.html")
    assert (arabic.html["lang"], arabic.html["dir"]) == ("ar", "rtl")
    body = arabic.select_one("main article")
    assert (body["lang"], body["dir"]) == ("en", "ltr")
    assert "Page not found" in body.get_text()
    assert arabic.select_one("nav.site-nav a")["href"] == f"{SITEURL}/ar/"


ENGLISH_ONLY = """Title: Rally at City Hall
Date: 2021-05-01
Category: Immigrants' Rights
Tags: immigration

Come to the rally.
"""


def test_a_language_lists_its_own_posts_and_says_how_many_are_elsewhere(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "2021-05-01-rally.md").write_text(ENGLISH_ONLY, "utf-8")
    output = build_ok(tmp_path / "output", content=content)
    english = soup(output / "index.html")
    assert len(english.select("article.post-summary")) == 2
    spanish = soup(output / "es/index.html")
    titles = [a.get_text() for a in spanish.select("article.post-summary h3 a")]
    assert titles == ["Defender los derechos de los inmigrantes"]
    note = spanish.select_one("p.other-languages")
    assert " ".join(note.get_text().split()) == (
        "1 entrada más está solo en otros idiomas: consúltala en English."
    )
    link = note.a
    assert (link["href"], link["hreflang"], link["lang"]) == (f"{SITEURL}/", "en", "en")
    # Its tag and month lists hold only the Spanish post; May has no Spanish page.
    assert not (output / "es/2021/05/index.html").exists()
    assert (output / "2021/05/index.html").exists()
    tag = soup(output / "es/tag/immigration.html")
    assert [a.get_text() for a in tag.select("main .post-list a")] == [
        "Defender los derechos de los inmigrantes"
    ]
    # The Spanish post's newer and older links stay among Spanish posts.
    post = soup(output / POST_ES)
    assert post.select("nav.post-nav a.newer") == []
    # In Arabic, with no catalogue, the same note in English, marked.
    arabic = soup(output / "ar/index.html").select_one("p.other-languages")
    assert arabic.span["lang"] == "en" and "1 more post is only in other languages" in arabic.text


SAMPLE = {
    # The features of Pelican's own sample site (samples/content): reST and
    # Markdown, translations by the same slug and `lang`, a draft, a hidden page.
    "another_super_article.rst": (
        "Oh yeah !\n#########\n\n:tags: oh, bar, yeah\n:date: 2010-10-20 10:14\n"
        ":category: bar\n:lang: en\n:slug: oh-yeah\n\nWhy not ?\n=========\n\nAfter all.\n"
    ),
    "another_super_article-fr.rst": (
        "Trop bien !\n###########\n\n:date: 2010-10-20 10:14\n:lang: fr\n:slug: oh-yeah\n\n"
        "Et voila du contenu en français\n"
    ),
    "article2.rst": (
        "Second article\n##############\n\n:tags: foo, bar, baz\n:date: 2012-02-29\n"
        ":lang: en\n:slug: second-article\n\nThis is some article, in english\n"
    ),
    "article2-fr.rst": (
        "Deuxième article\n################\n\n:tags: foo, bar, baz\n:date: 2012-02-29\n"
        ":lang: fr\n:slug: second-article\n\nCeci est un article, en français.\n"
    ),
    "cat1/markdown-article.md": (
        "Title: A markdown powered article\nDate: 2011-04-20\n\nYou're mutually oblivious.\n\n"
        "[a root-relative link to the second article]({filename}/article2.rst)\n"
    ),
    "draft_article.rst": (
        "A draft article\n###############\n\n:date: 2011-05-08 15:58\n:status: draft\n\n"
        "This is a draft article.\n"
    ),
    "pages/test_page.rst": (
        "This is a test page\n###################\n\n:category: test\n\nJust a page.\n"
    ),
    "pages/test_page-fr.rst": (
        "Ceci est une page de test\n#########################\n\n:lang: fr\n"
        ":slug: this-is-a-test-page\n\n"
        "Juste une page.\n"
    ),
    "pages/hidden_page.rst": (
        "This is a test hidden page\n##########################\n\n:category: test\n"
        ":status: hidden\n\nNot linked to anywhere!\n"
    ),
}


def write_files(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return folder


def test_pelican_s_sample_site_builds_with_french_pages_linked_both_ways(tmp_path):
    content = write_files(tmp_path / "content", SAMPLE)
    # As a new user builds it: Pelican's defaults for where pages go, this theme and plugins.
    output = build_ok(
        tmp_path / "output",
        content=content,
        extra_settings={"PAGE_PATHS": '["pages"]', "ARTICLE_EXCLUDES": '["pages"]'},
    )
    for english, french in (
        ("2010/10/oh-yeah.html", "fr/2010/10/oh-yeah.html"),
        ("2012/02/second-article.html", "fr/2012/02/second-article.html"),
        ("pages/this-is-a-test-page.html", "fr/pages/this-is-a-test-page.html"),
    ):
        for own, other, lang in ((english, french, "en"), (french, english, "fr")):
            page = soup(output / own)
            assert page.html["lang"] == lang, own
            switch = page.select_one("nav.language-switch a")
            assert switch["href"] == f"{SITEURL}/{other}", own
    french_home = soup(output / "fr/index.html")
    assert french_home.html["lang"] == "fr"
    assert [a.get_text() for a in french_home.select("article.post-summary h3 a")] == [
        "Deuxième article",
        "Trop bien !",
    ]
    # A French post's own tags make French tag pages; the draft is nowhere.
    assert (output / "fr/tag/foo.html").is_file()
    assert not list(output.rglob("*draft*"))
    assert french_home.select_one("nav.language-switch a")["href"] == f"{SITEURL}/"


@pytest.mark.parametrize(
    ("code", "direction", "nearest"),
    [
        ("x-klingon", "ltr", "en"),  # private use: no CLDR data, the site's formats
        ("zh-Hant-TW", "ltr", "en"),  # script and region subtags
        ("iw", "rtl", "en"),  # Hebrew's old code, which CLDR still knows
        ("es-419", "ltr", "es"),  # Latin American Spanish: Spanish's catalogue
        ("fa", "rtl", "en"),
    ],
)
def test_a_post_in_any_language_builds_in_its_language_and_direction(
    tmp_path, code, direction, nearest
):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for folder in ("es", "ar", "pages/es"):
        shutil.rmtree(content / folder)
    post = (CONTENT / "ar/2021-04-08-defend-immigrants-rights.md").read_text("utf-8")
    (content / code).mkdir()
    (content / code / "post.md").write_text(post.replace("Lang: ar", f"Lang: {code}"), "utf-8")
    output = build_ok(tmp_path / "output", content=content)
    page = soup(output / code / POST_PATH)
    assert (page.html["lang"], page.html["dir"]) == (code, direction)
    skip = page.select_one("a.skip-link")
    if nearest == "es":
        # A regional variant takes its language's words: nothing to mark.
        assert skip.get_text() == "Saltar al contenido" and skip.span is None
    else:
        assert (skip.span["lang"], skip.span["dir"]) == (nearest, "ltr")
    assert (output / code / "index.html").is_file() and (output / code / "404.html").is_file()
    english = soup(output / POST_PATH).select_one(f"link[hreflang='{code}']")
    assert english["href"] == f"{SITEURL}/{code}/{POST_PATH}"


def test_a_title_with_emoji_in_a_right_to_left_language_gets_a_card_and_one_warning(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    arabic = content / "ar/2021-04-08-defend-immigrants-rights.md"
    text = arabic.read_text("utf-8").replace(
        "Title: الدفاع عن حقوق المهاجرين", "Title: الدفاع عن حقوق المهاجرين ✊🏽"
    )
    arabic.write_text(text, "utf-8")
    result = build(tmp_path / "output", content=content, fatal="", log_options=())
    said = " ".join(result.stdout.split())
    assert result.returncode == 0, result.stdout + result.stderr
    assert said.count("has no glyphs for") == 1, said
    assert "has no glyphs for ✊ 🏽 in its text" in said
    assert "Traceback" not in result.stdout + result.stderr
    assert (tmp_path / "output" / POST_AR.replace(".html", ".png")).is_file()


def test_an_empty_lang_is_one_line_naming_the_file(tmp_path):
    content = write_files(
        tmp_path / "content", {"post.md": "Title: A post\nDate: 2021-03-01\nLang:\n\nText.\n"}
    )
    result = build(tmp_path / "output", content=content)
    said = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert f"{content / 'post.md'}:3: lang is empty; expected a language code such as es" in said


def test_a_language_s_home_page_has_later_pages_of_its_own(tmp_path):
    posts = {}
    for number in range(1, 13):
        posts[f"post-{number}.md"] = (
            f"Title: Post {number}\nDate: 2020-01-{number:02d}\nCategory: News\n\nText.\n"
        )
        posts[f"es/post-{number}.md"] = (
            f"Title: Entrada {number}\nDate: 2020-01-{number:02d}\nLang: es\n"
            f"Translation_of: post-{number}\n\nTexto.\n"
        )
    content = write_files(tmp_path / "content", posts)
    output = build_ok(tmp_path / "output", content=content)
    first, second = soup(output / "es/index.html"), soup(output / "es/page/2/index.html")
    assert len(first.select("article.post-summary")) == 10
    assert [a.get_text() for a in second.select("article.post-summary h3 a")] == [
        "Entrada 2",
        "Entrada 1",
    ]
    assert first.select_one("a.older")["href"] == f"{SITEURL}/es/page/2/"
    assert second.select_one("a.newer")["href"] == f"{SITEURL}/es/"
    assert second.html["lang"] == "es"
    # Page 2 of the Spanish list has its English counterpart.
    switch = second.select_one("nav.language-switch a")
    assert switch["href"] == f"{SITEURL}/page/2/"
