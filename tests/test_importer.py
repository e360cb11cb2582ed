"""`make import`: a small Blogger blog, in both export schemas, becomes Markdown
posts at their old addresses that build into valid pages with local images and
links that resolve; a second import changes nothing."""

import base64
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from blogger_exports import BLOG, PictureServer, classic_feed, small_blog, takeout_feed
from bs4 import BeautifulSoup
from conftest import CONTENT, ROOT, build_ok
from pelican.plugins.content_rules.findings import ERROR

import sitecheck
from editorial.check import check_content
from importer.body import convert
from publishing.gate import allowed_hosts

SETTINGS = ROOT / "pelicanconf.py"
CAMPAIGN_POST = "2021-04-08-defend-immigrants-rights.md"
# Where each imported post and page must be, and sentences of its text, in order.
ADDRESSES = {
    "2021/03/march-for-immigrant-justice.html": [
        "We marched from the park to city hall on Saturday.",
        "More than three hundred neighbors came.",
        "Some came from two towns away.",
        "The city council heard us.",
        "The banner we painted together.",
        "Read Know your rights before the next one",
        "A picture that is gone:",
    ],
    "2021/05/know-your-rights.html": [
        "At the door",
        "You do not have to open the door.",
        "Ask to see a warrant signed by a judge.",
        "Stay calm.",
        "Do not sign anything.",
        "Everyone in the country has rights.",
        "Back to the march and about us.",
    ],
    "2021/02/blog-post.html": [
        "We met at the library on Saturday and planned the spring.",
        "Twenty people came, and six of them were new.",
    ],
    "p/about-us.html": ["We are the Immigrants' Rights Working Group."],
}
FEEDS = {"takeout": ("feed.atom", takeout_feed), "classic": ("blog.xml", classic_feed)}


def run_import(export, content, *options):
    command = [sys.executable, "-m", "importer", str(export), "--content", str(content)]
    return subprocess.run(
        [*command, *options], cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def snapshot(folder):
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def pictures():
    server = PictureServer()
    yield server
    server.stop()


@pytest.fixture(scope="module", params=sorted(FEEDS))
def imported(request, pictures, tmp_path_factory):
    """The project's content with the small blog imported, and the import's output."""
    folder = tmp_path_factory.mktemp(f"import-{request.param}")
    name, write = FEEDS[request.param]
    export = folder / name
    export.write_text(write(small_blog(pictures.url)), encoding="utf-8")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    result = run_import(export, content)
    assert result.returncode == 0, result.stdout + result.stderr
    return request.param, export, content, result.stdout


@pytest.fixture(scope="module")
def built(imported, tmp_path_factory):
    schema, _, content, _ = imported
    output = tmp_path_factory.mktemp(f"site-{schema}")
    return build_ok(output, settings="publishconf.py", content=content)


def text_of(page):
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return " ".join(soup.find("main").get_text(" ").split())


def test_every_post_and_page_is_at_its_old_address_with_its_text_in_order(built):
    for address, sentences in ADDRESSES.items():
        page = built / address
        assert page.is_file(), address
        text = text_of(page).replace(" ,", ",").replace(" .", ".")
        positions = [text.find(sentence) for sentence in sentences]
        assert -1 not in positions, (address, sentences, text)
        assert positions == sorted(positions), address


def test_the_post_dated_across_a_month_boundary_keeps_its_month_and_its_instant(imported, built):
    _, _, content, _ = imported
    written = (content / "2021-04-30-know-your-rights.md").read_text(encoding="utf-8")
    # 02:30 UTC on May 1 is 10:30 PM on April 30 in New York.
    assert "\nDate: 2021-04-30 22:30\n" in written
    assert "\nSave_as: 2021/05/know-your-rights.html\n" in written
    assert not (built / "2021/04/know-your-rights.html").exists()
    page = (built / "2021/05/know-your-rights.html").read_text(encoding="utf-8")
    assert 'datetime="2021-04-30T22:30:00-04:00"' in page


def test_titles_tags_drafts_and_comments(imported, built):
    _, _, content, _ = imported
    march = (content / "2021-03-14-march-for-immigrant-justice.md").read_text(encoding="utf-8")
    assert march.startswith("Title: March for Immigrant Justice\nDate: 2021-03-14 15:30\n")
    assert "\nTags: Immigration, Marches\n" in march
    untitled = (content / "2021-02-20-blog-post.md").read_text(encoding="utf-8")
    assert untitled.startswith("Title: We met at the library on Saturday and…\n")
    draft = (content / "2021-06-01-ideas-for-the-newsletter.md").read_text(encoding="utf-8")
    assert "\nStatus: draft\n" in draft and "Save_as" not in draft
    assert not list(built.rglob("*ideas-for-the-newsletter*"))  # a draft is not published
    assert (built / "tag/marches.html").is_file()
    everything = " ".join(p.read_text(encoding="utf-8") for p in content.rglob("*.md"))
    for comment in ("Great march!", "See you next time.", "Thank you."):
        assert comment not in everything
    assert "b:skin" not in everything and "Our blog" not in everything  # settings, template


def test_the_campaign_post_already_here_is_left_alone_and_named(imported):
    _, _, content, output = imported
    assert (content / CAMPAIGN_POST).read_bytes() == (CONTENT / CAMPAIGN_POST).read_bytes()
    assert not list(content.glob("*defend-immigrants-rights-*.md"))
    assert (
        f"Left alone: /2021/04/defend-immigrants-rights.html is already {content / CAMPAIGN_POST} "
        "on this site." in output.splitlines()
    )


def test_the_summary_counts_and_every_warning_names_its_file_and_line(imported):
    schema, export, content, output = imported
    lines = output.splitlines()
    assert lines[0] == (
        f"Imported from {export} ({schema} export): 3 post(s), 1 page(s), 1 draft(s); "
        "3 comment(s) left out (this site has no comments); 3 image(s) downloaded."
    )
    warnings = [line for line in lines if ": warning: " in line]
    assert len(warnings) == 7, output
    for warning in warnings:
        name, number = re.match(r"(.+?):(\d+): warning: ", warning).groups()
        line = Path(name).read_text(encoding="utf-8").split("\n")[int(number) - 1]
        assert line, warning
    march = content / "2021-03-14-march-for-immigrant-justice.md"
    said = "\n".join(warnings)
    assert f"{march}:17: warning: image {{static}}/images/march-for-immigrant-justice/" in said
    assert "missing.png could not be fetched (HTTP 404)" in said
    assert "a script (inline code) was dropped" in said
    assert "1 link(s) use http://, which publishing refuses (first: http://127.0.0.1:" in said
    assert "became a link to https://www.youtube.com/watch?v=dQw4w9WgXcQ" in said
    assert f"{content / '2021-02-20-blog-post.md'}:1: warning: the post had no title" in said


def test_images_are_local_and_the_thumbnail_is_its_full_size(imported, built, pictures):
    _, _, content, _ = imported
    assert "/s1600/march-crowd.png" in pictures.asked
    assert "/s320/march-crowd.png" not in pictures.asked
    march = built / "2021/03/march-for-immigrant-justice.html"
    soup = BeautifulSoup(march.read_text(encoding="utf-8"), "html.parser")
    sources = [img["src"] for img in soup.select("main img")]
    assert len(sources) == 2, sources
    for src in sources:
        # On the site itself (built for http://127.0.0.1:8000), not the old server.
        assert src.startswith("http://127.0.0.1:8000/images/march-for-immigrant-justice/")
        assert (built / src.removeprefix("http://127.0.0.1:8000/")).is_file(), src
    assert soup.select_one("main img")["alt"] == "Picture: march crowd"
    saved = content / "images/march-for-immigrant-justice/march-crowd.png"
    assert saved.read_bytes() == pictures.handler.pictures["/s1600/march-crowd.png"]


def test_links_resolve_and_old_blog_links_lead_here(imported, built):
    _, _, content, _ = imported
    rights = (content / "2021-04-30-know-your-rights.md").read_text(encoding="utf-8")
    assert "({filename}/2021-03-14-march-for-immigrant-justice.md)" in rights
    assert "({filename}/pages/about-us.md)" in rights
    march = (content / "2021-03-14-march-for-immigrant-justice.md").read_text(encoding="utf-8")
    assert f"({{filename}}/{CAMPAIGN_POST})" in march and "({tag}immigration)" in march
    assert BLOG not in rights + march
    problems = sitecheck.check_links(built, "http://127.0.0.1:8000")
    internal = [
        p for p in problems if "dead link" in p or "outside the site" in p or " names #" in p
    ]
    assert not internal, "\n".join(internal)
    label = built / "search/label/Know your rights.html"
    assert 'url=http://127.0.0.1:8000/tag/know-your-rights.html"' in label.read_text()
    assert (built / "tag/know-your-rights.html").is_file()
    assert "search/label" not in (built / "sitemap.xml").read_text()


def test_publishing_accepts_the_sites_the_posts_link_to(imported):
    _, _, content, _ = imported
    assert "www.youtube.com" in allowed_hosts(ROOT / "publishconf.py", content)


def test_the_imported_pages_are_valid_html(built):
    pages = [built / address for address in ADDRESSES]
    pages.append(built / "search/label/Know your rights.html")
    assert sitecheck.check_html(built, pages) == []


def test_make_check_finds_no_error(imported):
    _, _, content, _ = imported
    findings = check_content(SETTINGS, content)
    errors = [str(f) for f in findings if f.severity == ERROR]
    assert not errors, "\n".join(errors)


def test_a_second_import_changes_nothing(imported):
    _, export, content, _ = imported
    before = snapshot(content)
    result = run_import(export, content)
    assert result.returncode == 0, result.stderr
    assert snapshot(content) == before
    assert " 0 post(s), 0 page(s), 0 draft(s);" in result.stdout
    assert "Already imported (a file has its Blogger_id), left as they are: 5." in result.stdout


def test_a_custom_domain_given_with_domain_is_the_old_blog(tmp_path, pictures):
    entries = small_blog(pictures.url)
    for entry in entries:
        entry.html = entry.html.replace(BLOG, "https://blog.example.org")
    export = tmp_path / "feed.atom"
    export.write_text(takeout_feed(entries), encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    result = run_import(export, content, "--domain", "blog.example.org")
    assert result.returncode == 0, result.stderr
    rights = (content / "2021-04-30-know-your-rights.md").read_text(encoding="utf-8")
    assert "({filename}/pages/about-us.md)" in rights and "example.org" not in rights


def test_html_becomes_clean_markdown():
    html = (
        '<div style="color:red" class="x">One &lt;b&gt; &amp; * [not a link](x)<br />'
        "two</div><div><br /></div><div>1. not a list</div>"
        '<p align="center"><font face="Arial">Three <span style="font-style: italic;">four'
        "</span></font></p><object data='https://vimeo.com/1'></object>"
    )
    body = convert(html, lambda url: (None, "none"), lambda url: None)
    assert body.markdown == (
        "One &lt;b> &amp; \\* \\[not a link\\](x)  \ntwo\n\n1\\. not a list\n\n"
        "Three *four*\n\n[Watch the video on vimeo.com](https://vimeo.com/1)\n"
    )


def test_pictures_only_from_http_and_only_pictures(tmp_path, pictures):
    from importer.images import Pictures

    fetch = Pictures(tmp_path)
    assert fetch("file:///etc/passwd", "post") == (None, "not an http or https address")
    assert fetch(f"{pictures.url}/not-a-picture.png", "post") == (None, "not a picture")
    assert fetch("data:text/html;base64,PGI+", "post") == (
        None,
        "a data: address that is not a base64 picture",
    )
    assert not list(tmp_path.rglob("*"))
    # A picture pasted into the post (a data: address) is saved like a fetched one.
    pasted = pictures.handler.pictures["/banner.png"]
    link, problem = fetch(f"data:image/png;base64,{base64.b64encode(pasted).decode()}", "post")
    assert problem is None and link.startswith("{static}/images/post/picture-")
    assert (tmp_path / link.removeprefix("{static}/")).read_bytes() == pasted
