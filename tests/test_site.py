"""The site itself: it builds cleanly, keeps the original post word for word, and links up."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import POST_PATH, RESOLUTION_PATH, build, build_ok

ORIGINAL = Path(__file__).with_name("original-post.txt")


def soup(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def normalize(text):
    # Non-breaking and repeated spaces are layout, not words; so is the space
    # the original puts after an opening parenthesis, "( for members".
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    return text.replace("( ", "(").strip()


def original_sentences():
    lines = [line.strip() for line in ORIGINAL.read_text(encoding="utf-8").splitlines()]
    # Blogger's comment footer is not content; the body repeats the title,
    # which the page shows once, as its heading.
    lines = [line for line in lines if line and line != "No comments:"]
    lines = [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]
    sentences = []
    for line in lines:
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", normalize(line)) if s]
    return sentences


@pytest.fixture(scope="module")
def publish_site(tmp_path_factory):
    return build_ok(tmp_path_factory.mktemp("publish"))


def test_local_and_publish_builds_have_no_warnings(local_site, publish_site):
    for site in (local_site, publish_site):
        assert (site / POST_PATH).is_file()
        assert (site / RESOLUTION_PATH).is_file()
        assert (site / "404.html").is_file()
        assert (site / "archives.html").is_file()
    assert (publish_site / "feeds" / "all.atom.xml").is_file()


def test_a_warning_fails_the_build(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "post.md").write_text(
        "Title: Broken link\nDate: 2021-04-01\n\nSee [this]({filename}/missing.md).\n"
    )
    result = build(tmp_path / "out", content=content)
    assert result.returncode != 0
    assert "missing.md" in result.stdout + result.stderr


def test_every_sentence_of_the_original_appears_in_order(local_site):
    page = soup(local_site / POST_PATH)
    text = normalize(page.find("article").get_text())
    sentences = original_sentences()
    assert len(sentences) > 25
    position = 0
    for sentence in sentences:
        found = text.find(sentence, position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found + len(sentence)


def test_typos_and_non_breaking_spaces_are_kept(local_site):
    html = (local_site / POST_PATH).read_text(encoding="utf-8")
    assert "ast least 22 %" in html
    assert "pushed millions to migrant in search" in html
    assert "\u00a0" in html


def test_date_header_title_and_subtitle(local_site):
    article = soup(local_site / POST_PATH).find("article")
    header = article.find(class_="date-header")
    assert header.get_text(strip=True) == "Thursday, April 08, 2021"
    assert header.time["datetime"].startswith("2021-04-08")
    # The date header comes before the title, as on Blogger.
    assert article.find_all(["p", "h1"])[0] is header
    assert article.h1.get_text(strip=True) == "Defend Immigrants Rights"
    subtitle = article.find(class_="post-subtitle")
    assert subtitle.get_text(strip=True) == "(for members of Democratic Socialists of America)"
    assert len(soup(local_site / POST_PATH).find_all("h1")) == 1


def test_post_keeps_its_original_address(local_site):
    assert (local_site / "2021" / "04" / "defend-immigrants-rights.html").is_file()
    index = soup(local_site / "index.html")
    assert index.find("a", href="./" + POST_PATH)


def test_post_and_resolution_link_each_other(local_site):
    post = soup(local_site / POST_PATH)
    resolution = soup(local_site / RESOLUTION_PATH)
    to_resolution = post.find("article").find("a", href="../../" + RESOLUTION_PATH)
    assert to_resolution is not None
    assert "Resolution" in to_resolution.get_text()
    assert resolution.find("article").find("a", href="../" + POST_PATH)
    # The resolution is in the site navigation on every page.
    assert post.find("nav", class_="site-nav").find("a", href="../../" + RESOLUTION_PATH)


def test_join_link_ends_the_join_sentence(local_site):
    paragraph = next(
        p
        for p in soup(local_site / POST_PATH).find_all("p")
        if p.get_text().startswith("If you are not a DSA member")
    )
    links = paragraph.find_all("a")
    assert [a["href"] for a in links] == ["https://dsausa.org/join"]
    assert paragraph.get_text().rstrip().endswith(links[-1].get_text())


def test_sign_line_and_here_link_to_the_form(local_site):
    article = soup(local_site / POST_PATH).find("article")
    sign = article.find(
        "a", string="Sign to support the Resolution On Defense of Immigrants and Refugees"
    )
    here = article.find("a", string="here")
    assert sign is not None and here is not None
    assert sign["href"] == here["href"]
    assert sign["href"].startswith("https://")


def test_nothing_about_comments_anywhere(local_site, publish_site):
    for site in (local_site, publish_site):
        for page in site.rglob("*"):
            if page.suffix in {".html", ".xml"}:
                text = page.read_text(encoding="utf-8").lower()
                assert "comment" not in text, page
                assert "disqus" not in text, page


def test_archive_lists_posts_by_year_and_month(local_site):
    archive = soup(local_site / "archives.html")
    assert archive.find("h2", string="2021")
    assert archive.find("h3", string="April")
    assert archive.find("a", href="./" + POST_PATH)
    month = soup(local_site / "2021" / "04" / "index.html")
    assert month.find("a", href="../../" + POST_PATH)


def test_atom_feed_is_linked_in_the_publish_build(publish_site):
    head = soup(publish_site / POST_PATH).head
    feed = head.find("link", type="application/atom+xml")
    assert feed["href"].endswith("/feeds/all-en.atom.xml")
    spanish = soup(publish_site / "es" / POST_PATH).head.find("link", type="application/atom+xml")
    assert spanish["href"].endswith("/feeds/all-es.atom.xml")


def test_pages_are_semantic(local_site):
    for page in local_site.rglob("*.html"):
        document = soup(page)
        # Translations and each language's lists live under its folder (es/…, ar/…),
        # the rest is English.
        folder = page.relative_to(local_site).parts[0]
        language = folder if folder in ("es", "ar") else "en"
        assert document.html["lang"] == language, page
        assert document.find("main", id="main"), page
        assert document.find("a", class_="skip-link", href="#main"), page
        assert len(document.find_all("h1")) == 1, page
        assert not document.find("script", src=lambda s: s and "//" in s), page


def internal_targets(site):
    """Every href/src in every page that points inside the site, with its page."""
    for page in sorted(site.rglob("*.html")):
        for tag in soup(page).find_all(href=True) + soup(page).find_all(src=True):
            url = tag.get("href") or tag.get("src")
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "#")):
                continue
            yield page, url, parts


def test_every_internal_link_resolves(local_site):
    checked = 0
    for page, url, parts in internal_targets(local_site):
        target = (page.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        assert target.is_file(), f"{page.relative_to(local_site)} links to missing {url}"
        assert target.is_relative_to(local_site.resolve()), url
        checked += 1
    assert checked > 50
