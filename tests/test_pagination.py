"""Paginated lists (home page, tags, categories): each page lists its own posts and
links to the newer and older pages, and no page is written over another's, on a
publish build with more posts than a page holds, checked by the same gates as the
real site."""

import json
import re

import pytest
from browser_gates import Watch, inspect_page
from bs4 import BeautifulSoup
from conftest import SiteServer, build, build_ok

import sitecheck

PER_PAGE = 2
# Page 5 of tag "x 1" under Pelican's default page names is tag/x-15.html, the
# first page of tag "x 15".
CLASHING_TAGS = ("x 1", "x 15")
POSTS = 11  # six pages of tag "x 1"
SETTINGS = {"DEFAULT_PAGINATION": PER_PAGE}


def write_posts(folder):
    folder.mkdir()
    for number in range(1, POSTS + 1):
        tags = "x 1, x 15" if number == POSTS else "x 1"
        (folder / f"post-{number:02d}.md").write_text(
            f"Title: Meeting notes {number}\nDate: 2021-03-{number:02d} 10:00\n"
            f"Category: Notes\nTags: {tags}\nSlug: post-{number:02d}\n\n"
            f"Members met for the {number}th time and talked about the convention.\n",
            encoding="utf-8",
        )
    return folder


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def listed(page):
    return [a.get_text() for a in page.select("main .post-list a")]


@pytest.fixture(scope="module")
def paginated_site(tmp_path_factory):
    content = write_posts(tmp_path_factory.mktemp("paginated") / "content")
    root = tmp_path_factory.mktemp("paginated-site")
    server = SiteServer(root)
    build_ok(root, content=content, siteurl=server.url, extra_settings=SETTINGS)
    yield server.start()
    server.stop()


def walk(server, first, direction):
    """The pages met following ``direction`` ("older" or "newer") links from ``first``."""
    pages, path = [], first
    while path is not None:
        assert path not in pages, f"{path} links back to itself"
        pages.append(path)
        link = soup(server.root / path).select_one(f"main nav.post-nav a.{direction}")
        path = None
        if link:
            address = link["href"].removeprefix(server.url + "/")
            path = address + "index.html" if address.endswith("/") or not address else address
    return pages


def test_tag_pages_list_their_own_posts_and_link_through_all_of_them(paginated_site):
    pages = walk(paginated_site, "tag/x-1.html", "older")
    assert pages == ["tag/x-1.html"] + [f"tag/x-1/page/{n}/index.html" for n in range(2, 7)]
    seen = []
    for number, path in enumerate(pages, start=1):
        page = soup(paginated_site.root / path)
        titles = listed(page)
        assert 1 <= len(titles) <= PER_PAGE, path
        seen += titles
        assert page.title.get_text().startswith(f"Tagged x 1 (page {number} of 6) · "), path
        assert page.h1.get_text() == f"Posts tagged x 1 (page {number} of 6)"
    # Every post once, newest first: no page repeats the whole list.
    assert seen == [f"Meeting notes {n}" for n in range(POSTS, 0, -1)]
    assert walk(paginated_site, pages[-1], "newer") == pages[::-1]


def test_page_five_of_one_tag_is_not_the_first_page_of_another(paginated_site):
    other = soup(paginated_site.root / "tag/x-15.html")
    assert other.h1.get_text() == "Posts tagged x 15"
    assert listed(other) == [f"Meeting notes {POSTS}"]
    assert other.select("main nav.post-nav") == []
    fifth = soup(paginated_site.root / "tag/x-1/page/5/index.html")
    assert listed(fifth) == ["Meeting notes 3", "Meeting notes 2"]


def test_pelicans_default_page_names_would_overwrite_a_page(tmp_path):
    content = write_posts(tmp_path / "content")
    default = [
        [1, "{name}{extension}", "{name}{extension}"],
        [2, "{name}{number}{extension}", "{name}{number}{extension}"],
    ]
    result = build(
        tmp_path / "out",
        content=content,
        extra_settings={**SETTINGS, "PAGINATION_PATTERNS": json.dumps(default)},
    )
    assert result.returncode != 0
    assert re.search(r"x-15\.html", result.stdout + result.stderr)


def test_home_and_category_pages_link_through_every_post(paginated_site):
    home = walk(paginated_site, "index.html", "older")
    assert home == ["index.html"] + [f"page/{n}/index.html" for n in range(2, 7)]
    category = walk(paginated_site, "category/notes.html", "older")
    assert category == ["category/notes.html"] + [
        f"category/notes/page/{n}/index.html" for n in range(2, 7)
    ]
    titles = [title for path in category for title in listed(soup(paginated_site.root / path))]
    assert titles == [f"Meeting notes {n}" for n in range(POSTS, 0, -1)]


def test_links_resolve_and_the_html_is_valid_on_every_page(paginated_site):
    root = paginated_site.root
    assert len(sitecheck.html_pages(root)) > 30
    from pelican.plugins.outreach.share import share_hosts

    allowed = set(sitecheck.DEFAULT_ALLOWED_HOSTS) | share_hosts()
    assert sitecheck.check_links(root, paginated_site.url, allowed) == []
    assert sitecheck.check_html(root) == []


def test_later_pages_pass_the_browser_gates(paginated_site, browser):
    context = browser.new_context()
    watch = Watch(context, paginated_site.url)
    try:
        page = context.new_page()
        for path in ("tag/x-1/page/3/", "category/notes/page/6/", "page/2/"):
            report = inspect_page(page, watch, f"{paginated_site.url}/{path}")
            assert report.axe == [], path
            assert report.console_errors == [] and report.csp_violations == [], path
            assert report.foreign_requests == [], path
            assert all(overflow <= 0 for overflow in report.overflow.values()), path
    finally:
        context.close()
