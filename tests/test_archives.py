"""The archive of an old blog: archives.html lists the years, each year's page its
months and their posts, and every page's archive navigation holds the years and
the newest year's months only, so that no page outgrows the page budget and the
navigation does not grow with the blog's age. Built with Pelican's own generators
and the publish settings, as `make publish` builds."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from conftest import POST_PATH, build_ok
from pelican.plugins.content_rules.archive import Period, archive_nav

import sitecheck

SITEURL = "http://127.0.0.1:8000"
TITLE_WORDS = (
    "tenants union rent strike housing justice workers wages picket school board transit "
    "fares clinic nurses teachers climate jobs council budget hearing refugees sanctuary "
    "defense fund march rally vigil solidarity committee report victory petition neighbors"
)
WORDS = TITLE_WORDS.split()
# An old blog: 25 years, two posts a month (600 posts), and a young one of 20 posts
# over 2 years. Both end with a year that has posts in every month.
OLD_YEARS = range(1998, 2023)
YOUNG = {2021: range(1, 9), 2022: range(1, 13)}  # year: its months with one post each


def write_post(folder, date, number):
    words = [WORDS[(number * 7 + i * 5) % len(WORDS)] for i in range(3 + number % 5)]
    slug = f"post-{date:%Y-%m-%d}"
    (folder / f"{slug}.md").write_text(
        f"Title: {' '.join(words).capitalize()} {number}\nDate: {date:%Y-%m-%d} 10:00\n"
        f"Slug: {slug}\nCategory: Notes\nTags: {words[0]}\n\n"
        f"Members met about the {' '.join(words)} and made a plan.\n",
        encoding="utf-8",
    )
    return f"{date:%Y/%m}/{slug}.html"


def write_blog(folder, dates):
    """Posts on ``dates``; returns each post's address by year."""
    folder.mkdir()
    posts = {}
    for number, date in enumerate(dates):
        posts.setdefault(date.year, []).append(write_post(folder, date, number))
    return posts


def old_blog_dates():
    return [dt.date(y, m, d) for y in OLD_YEARS for m in range(1, 13) for d in (3, 17)]


def young_blog_dates():
    return [dt.date(y, m, 10) for y, months in YOUNG.items() for m in months]


class Site:
    def __init__(self, root, posts):
        self.root, self.posts = root, posts

    def soup(self, path):
        return BeautifulSoup((self.root / path).read_text(encoding="utf-8"), "html.parser")

    def local(self, href):
        """The file an address of this site names."""
        assert href.startswith(SITEURL + "/"), href
        path = href.removeprefix(SITEURL + "/")
        return path + "index.html" if path.endswith("/") or not path else path


@pytest.fixture(scope="module")
def old_blog(tmp_path_factory):
    content = tmp_path_factory.mktemp("old-blog") / "content"
    posts = write_blog(content, old_blog_dates())
    root = build_ok(tmp_path_factory.mktemp("old-blog-site"), content=content, siteurl=SITEURL)
    return Site(root, posts)


@pytest.fixture(scope="module")
def young_blog(tmp_path_factory):
    content = tmp_path_factory.mktemp("young-blog") / "content"
    posts = write_blog(content, young_blog_dates())
    root = build_ok(tmp_path_factory.mktemp("young-blog-site"), content=content, siteurl=SITEURL)
    return Site(root, posts)


def nav_items(page):
    nav = page.find("nav", class_="blog-archive")
    assert nav is not None and nav["aria-label"], "no labelled archive navigation"
    return nav.find_all("li")


def test_every_page_of_an_old_blog_fits_the_page_budget(old_blog):
    assert sum(map(len, old_blog.posts.values())) == 600
    pages = sitecheck.html_pages(old_blog.root)
    assert len(pages) > 900  # the posts, their years and months, tags, lists
    problems = [p for page in pages for p in sitecheck.check_budget(old_blog.root, page, SITEURL)]
    assert problems == []


def test_archive_navigation_does_not_grow_with_the_blogs_age(old_blog, young_blog):
    old_post, young_post = old_blog.posts[1998][0], young_blog.posts[2022][-1]
    old_items, young_items = (
        nav_items(old_blog.soup(old_post)),
        nav_items(young_blog.soup(young_post)),
    )
    # Every year with its count, and the newest year's months: 25 + 12 items, not 25 * 12.
    assert len(old_items) == len(OLD_YEARS) + 12
    assert len(young_items) == len(YOUNG) + 12
    assert len(old_items) - len(young_items) == len(OLD_YEARS) - len(YOUNG)
    nav = old_blog.soup(old_post).find("nav", class_="blog-archive")
    years = [a.get_text() for a in nav.select(":scope > ul > li > a")]
    assert years == [str(year) for year in reversed(OLD_YEARS)]
    assert nav.select_one(":scope > ul > li").get_text(" ", strip=True).startswith("2022 (24)")
    months = [a.get_text() for a in nav.select(":scope > ul > li > ul > li > a")]
    assert months == [f"{dt.date(2022, m, 1):%B} 2022" for m in range(12, 0, -1)]
    # The same navigation on every kind of page.
    for page in ("index.html", "archives.html", "1998/index.html", "1998/01/index.html"):
        assert len(nav_items(old_blog.soup(page))) == len(old_items), page


def test_the_navigation_marks_the_year_or_month_page_it_is_on(old_blog):
    current = old_blog.soup("2005/index.html").select("nav.blog-archive [aria-current=page]")
    assert [a.get_text() for a in current] == ["2005"]
    current = old_blog.soup("2022/03/index.html").select("nav.blog-archive [aria-current=page]")
    assert [a.get_text() for a in current] == ["March 2022"]
    assert old_blog.soup(old_blog.posts[2005][0]).select("nav.blog-archive [aria-current]") == []
    # A month the navigation does not list marks nothing, and takes the navigation
    # every post page in a folder of that depth has (rendered once for them all).
    month = old_blog.soup("2005/03/index.html").find("nav", class_="blog-archive")
    assert month.select("[aria-current]") == []
    post = old_blog.soup(old_blog.posts[2005][0]).find("nav", class_="blog-archive")
    assert str(month) == str(post)
    # Each year and listed month its own mark, whichever page was written before.
    for year in (1998, 2013, 2022):
        current = old_blog.soup(f"{year}/index.html").select("nav.blog-archive [aria-current]")
        assert [a.get_text() for a in current] == [str(year)]
    current = old_blog.soup("2022/12/index.html").select("nav.blog-archive [aria-current]")
    assert [a.get_text() for a in current] == ["December 2022"]


def test_the_navigation_knows_which_periods_it_links():
    nav = archive_nav([Post(2020, 5, 1), Post(2021, 2, 3)], {})
    assert nav.linked((2021,)) == (2021,)
    assert nav.linked([2020]) == (2020,)
    assert nav.linked((2021, 2)) == (2021, 2)
    # Months of older years are not in the navigation: their pages share it.
    assert nav.linked((2020, 5)) is None
    assert nav.linked((2019,)) is None
    assert nav.linked(None) is None


def test_archives_links_every_year_page_with_its_count(old_blog):
    page = old_blog.soup("archives.html")
    years = page.select("main ul.archive-years > li")
    assert [li.a.get_text() for li in years] == [str(year) for year in reversed(OLD_YEARS)]
    for li in years:
        assert li.get_text(" ", strip=True) == f"{li.a.get_text()} (24 posts)"
        assert old_blog.local(li.a["href"]) == f"{li.a.get_text()}/index.html"
        assert (old_blog.root / old_blog.local(li.a["href"])).is_file()
    # Only the newest year's posts are listed on it; the rest are a click away.
    listed = {old_blog.local(a["href"]) for a in page.select("main .post-list a")}
    assert listed == set(old_blog.posts[2022])


def test_every_post_is_reachable_from_its_year_page_under_its_month(old_blog):
    for year, posts in old_blog.posts.items():
        page = old_blog.soup(f"{year}/index.html")
        assert page.h1.get_text() == f"Posts from {year}"
        sections = page.select("main section")
        assert len(sections) == 12, year
        found = []
        for number, section in zip(range(12, 0, -1), sections, strict=True):
            heading = section.find("h2")
            assert heading.get_text() == f"{dt.date(year, number, 1):%B}"
            month = old_blog.local(heading.a["href"])
            assert month == f"{year}/{number:02d}/index.html"
            titles = [old_blog.local(a["href"]) for a in section.select(".post-list a")]
            assert titles and all(t.startswith(f"{year}/{number:02d}/") for t in titles)
            # The month's own page lists the same posts.
            month_page = old_blog.soup(month).select("main .post-list a")
            assert [old_blog.local(a["href"]) for a in month_page] == titles
            assert all(li.time["datetime"] for li in section.select(".post-list li"))
            found += titles
        assert sorted(found) == sorted(posts), year


class Post:
    def __init__(self, *date):
        self.date = dt.datetime(*date, 10)


def test_archive_navigation_in_one_place():
    posts = [Post(2020, 5, 1), Post(2021, 1, 2), Post(2021, 3, 4), Post(2021, 3, 9)]
    urls = {"year": [{"period_num": (2021,), "url": "2021/"}], "month": []}
    nav = archive_nav(posts, urls)
    assert nav.years == (Period((2021,), "2021", "2021/", 3), Period((2020,), "2020", None, 1))
    assert [(m.label, m.count) for m in nav.months] == [("March 2021", 2), ("January 2021", 1)]
    assert archive_nav([], urls).years == ()


def test_the_real_sites_post_links_its_year(tmp_path):
    root = build_ok(tmp_path / "site", siteurl=SITEURL)
    nav = BeautifulSoup((root / POST_PATH).read_text(encoding="utf-8"), "html.parser").find(
        "nav", class_="blog-archive"
    )
    assert nav["aria-label"] == "Archive by year"
    assert nav.find("a", href=f"{SITEURL}/2021/", string="2021")
    assert nav.find("a", href=f"{SITEURL}/2021/04/", string="April 2021")
    year = BeautifulSoup((root / "2021/index.html").read_text(encoding="utf-8"), "html.parser")
    assert year.select_one("main").find("a", href=f"{SITEURL}/{POST_PATH}")
    assert sitecheck.check_budget(root, "archives.html", SITEURL) == []
