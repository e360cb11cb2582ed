"""sitemap.xml with every language version of a page, robots.txt naming it, and a
feed per language: in the production build, accepted by the site's own checks."""

import shutil
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from conftest import CONTENT, POST_PATH, ROOT, build, build_ok
from language_helpers import FLYER_ES
from pelican.plugins.search_engines.sitemap import Entry, sitemap_xml

import sitecheck
from publishing.gate import allowed_hosts

# With a path: the sitemap and robots.txt must name full addresses under it.
SITEURL = "https://campaign.example.org/site"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
DRAFT = """\
Title: A campaign still being written
Date: 2021-04-09
Slug: later-campaign
Category: Immigrants' Rights
Status: draft

Not yet.
"""


@pytest.fixture(scope="module")
def translated_content(tmp_path_factory):
    """The real content (the English post and page, their Spanish translations) and a
    draft."""
    content = tmp_path_factory.mktemp("search") / "content"
    shutil.copytree(CONTENT, content)
    (content / "draft.md").write_text(DRAFT, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def translated_site(translated_content):
    """That content, built for production."""
    site = translated_content.parent / "site"
    return build_ok(site, content=translated_content, siteurl=SITEURL), translated_content


def sitemap(site):
    """{loc: (lastmod or None, {hreflang: href})}, each loc once."""
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{{{NS['s']}}}urlset"
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc not in entries, f"{loc} twice"
        links = url.findall("x:link", NS)
        assert all(link.get("rel") == "alternate" for link in links)
        alternates = {link.get("hreflang"): link.get("href") for link in links}
        assert len(alternates) == len(links), f"{loc}: a language twice"
        entries[loc] = (url.findtext("s:lastmod", namespaces=NS), alternates)
    return entries


def file_of(site, url):
    assert url.startswith(SITEURL + "/"), url
    relative = url[len(SITEURL) + 1 :]
    return site / (
        relative + "index.html" if relative == "" or relative.endswith("/") else relative
    )


def test_every_published_page_once_and_nothing_else(translated_site):
    site, _ = translated_site
    entries = sitemap(site)
    for loc in entries:
        assert file_of(site, loc).is_file(), loc
    listed = {file_of(site, loc).relative_to(site).as_posix() for loc in entries}
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    # Every page a search engine should show: not the 404 page (a hidden page),
    # nor a post's printable flyer (a print copy of the post, marked noindex).
    flyers = {page for page in pages if page.endswith("-flyer.html")}
    flyer = POST_PATH.replace(".html", "-flyer.html")
    assert flyers == {flyer, FLYER_ES, f"ar/{flyer}"}
    for flyer in flyers:
        assert '<meta name="robots" content="noindex">' in (site / flyer).read_text("utf-8")
    # Nor any language's 404 page (es/404.html), served at missing addresses.
    assert listed == pages - {"404.html", "es/404.html", "ar/404.html"} - flyers
    assert f"{SITEURL}/" in entries and f"{SITEURL}/index.html" not in entries
    assert not any("later-campaign" in loc for loc in entries), "a draft"


def test_each_language_version_names_all_of_them(translated_site):
    site, _ = translated_site
    entries = sitemap(site)
    post = f"{SITEURL}/{POST_PATH}"
    lastmod, alternates = entries[post]
    assert lastmod == "2021-04-08T00:00:00-04:00"
    assert set(alternates) == {"ar", "en", "es", "x-default"}
    assert alternates["en"] == alternates["x-default"] == post
    spanish = alternates["es"]
    assert spanish != post and file_of(site, spanish).is_file()
    assert "Defender los derechos" in file_of(site, spanish).read_text(encoding="utf-8")
    # The Spanish version lists the same versions, itself included.
    assert entries[spanish][1] == alternates
    page = f"{SITEURL}/pages/resolution.html"
    lastmod, alternates = entries[page]
    assert lastmod is None, "a page without a date says nothing it does not know"
    assert alternates["en"] == page and entries[alternates["es"]][1] == alternates
    # Pages with no translation, and lists, carry no alternates and no date.
    assert entries[f"{SITEURL}/archives.html"] == (None, {})


def assert_linked_both_ways(site, english_path, spanish_title):
    """The English page and its Spanish translation each list both (and x-default)."""
    entries = sitemap(site)
    english = f"{SITEURL}/{english_path}"
    alternates = entries[english][1]
    assert {"en", "es", "x-default"} <= set(alternates)
    assert alternates["en"] == alternates["x-default"] == english
    assert entries[alternates["es"]][1] == alternates
    spanish = file_of(site, alternates["es"]).read_text(encoding="utf-8")
    assert spanish_title in spanish


def test_the_real_translations(tmp_path):
    """The site's own Spanish post and resolution page, as content/es and
    content/pages/es write them (Translation_of:)."""
    site = build_ok(tmp_path / "site", siteurl=SITEURL)
    assert_linked_both_ways(site, POST_PATH, "Defender los derechos de los inmigrantes")
    assert_linked_both_ways(
        site, "pages/resolution.html", "Resolución sobre la Defensa de los Inmigrantes"
    )


def test_robots_txt_names_the_sitemap_by_its_full_address(translated_site):
    site, _ = translated_site
    assert (site / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nAllow: /\n\nSitemap: {SITEURL}/sitemap.xml\n"
    )


def test_a_feed_per_language(translated_site):
    """Pelican's: all-en and all-es hold one language each, all.atom.xml (the address
    the site had before it had translations) every language."""
    site, _ = translated_site
    atom = "{http://www.w3.org/2005/Atom}"

    def titles(name):
        root = ET.parse(site / "feeds" / name).getroot()
        return sorted(entry.findtext(f"{atom}title") for entry in root.iter(f"{atom}entry"))

    english, spanish = "Defend Immigrants Rights", "Defender los derechos de los inmigrantes"
    arabic = "الدفاع عن حقوق المهاجرين"
    assert titles("all-en.atom.xml") == [english]
    assert titles("all-es.atom.xml") == [spanish]
    assert titles("all-ar.atom.xml") == [arabic]
    assert titles("all.atom.xml") == [english, spanish, arabic]
    # Each language's feed says the site's name in it, and names its language.
    for name, lang, sitename in (
        ("all-es.atom.xml", "es", "Campaña por los Derechos de los Inmigrantes"),
        ("all-en.atom.xml", "en", "Immigrants' Rights Campaign"),
    ):
        root = ET.parse(site / "feeds" / name).getroot()
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang, name
        assert root.findtext(f"{atom}title") == sitename, name
    assert "A campaign still being written" not in (site / "feeds/all.atom.xml").read_text("utf-8")


def test_the_site_checks_accept_them(translated_site):
    """Links, security policy and page budget, as the publish gate runs them."""
    site, content = translated_site
    allowed = allowed_hosts(ROOT / "publishconf.py", content)
    assert sitecheck.check_links(site, SITEURL, allowed) == []
    assert sitecheck.check_security_policy(site) == []
    for page in sitecheck.html_pages(site):
        assert sitecheck.check_budget(site, page, SITEURL) == [], page
    # Gzip copies beside them, like every text file of the published site.
    assert (site / "sitemap.xml.gz").is_file()


def test_the_local_build_has_none(translated_content, tmp_path):
    site = build_ok(tmp_path / "site", settings="pelicanconf.py", content=translated_content)
    assert (site / POST_PATH).is_file()
    assert not (site / "sitemap.xml").exists()
    assert not (site / "robots.txt").exists()


def test_without_an_absolute_address_it_says_so(translated_content, tmp_path):
    result = build(tmp_path / "site", content=translated_content, extra_settings={"SITEURL": '""'})
    assert result.returncode != 0
    assert (
        "sitemap.xml and robots.txt not written: they need the site's absolute address; "
        "expected SITEURL like https://campaign.example.org"
    ) in " ".join((result.stdout + result.stderr).split())


def test_addresses_are_escaped():
    url = "https://campaign.example.org/a&b<c>.html"
    entry = Entry(url, None, (("en", url), ("es", url + "?x='1'&y=\"2\"")))
    root = ET.fromstring(sitemap_xml([entry]))
    assert root.findtext("s:url/s:loc", namespaces=NS) == url
    hrefs = [link.get("href") for link in root.iterfind("s:url/x:link", NS)]
    assert hrefs == [url, url + "?x='1'&y=\"2\""]
    assert urlsplit(hrefs[1]).query == "x='1'&y=\"2\""
