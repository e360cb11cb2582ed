"""What publishing refuses in a post's HTML, said by `make check` and the build on
the content file's own line, with what to write instead: scripts, frames, inline
styles and files from other sites (the security policy), and addresses that start
at the root of the host (they break under a GitHub Pages project address)."""

import pytest
from conftest import build
from outreach_helpers import CAMPAIGN, write_post
from pelican.plugins.content_rules.markup import refused_markup

from editorial.check import check_content

BODY = """Watch the march:

<iframe src="https://www.youtube.com/embed/abc123" width="560"></iframe>

<script>alert(1)</script>

<p style="color:red">Red words.</p>

<style>p { color: red }</style>

<img src="https://cdn.example.com/x.png" alt="A march">

![Marchers](/images/x.png)

[The first post](/2021/04/defend-immigrants-rights.html)

<a href="#" onclick="steal()">Click</a>

<object data="https://example.com/flash.swf"></object>
"""


def errors_by_line(content):
    found = [f for f in check_content(content=content) if f.severity == "error"]
    return {f.line: f.message for f in found}


def test_each_refused_piece_is_an_error_on_its_own_line(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    write_post(content, "post.md", "Raw HTML", body=BODY)
    lines = (content / "post.md").read_text(encoding="utf-8").split("\n")

    def line_of(words):
        return next(n for n, text in enumerate(lines, 1) if words in text)

    found = errors_by_line(content)
    assert found[line_of("<iframe")] == (
        "an <iframe> element showing 'https://www.youtube.com/embed/abc123': the site's "
        "security policy blocks it, and publishing refuses it; link to it instead, like "
        "[Watch the video](https://www.youtube.com/watch?v=abc123)"
    )
    assert found[line_of("<script")].startswith("a <script> element: the site's security")
    assert found[line_of("style=")].startswith("a style= attribute on <p>: ")
    assert found[line_of("<style")].startswith("a <style> element: ")
    assert found[line_of("cdn.example.com")] == (
        "the image 'https://cdn.example.com/x.png' is loaded from another site: the site's "
        "security policy blocks it, and publishing refuses it; put the file in the content "
        "folder (content/images/) and write {static}/images/ and its name, or link to it instead"
    )
    assert found[line_of("](/images")] == (
        "the image '/images/x.png' starts at the root of the host, which breaks when the site "
        "is served under a path (a GitHub Pages project address); write {static}/images/x.png "
        "for a file in the content folder"
    )
    assert "{filename}/2021-04-08-defend-immigrants-rights.md" in found[line_of("](/2021")]
    assert found[line_of("onclick")].startswith("an onclick= attribute on <a>: ")
    assert found[line_of("<object")].startswith("an <object> element showing ")
    assert len(found) == 9


def test_the_build_stops_on_the_first_with_its_line_and_no_script_runs(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    write_post(content, "post.md", "Raw HTML", body="Hello.\n\n<script>alert(1)</script>\n")
    result = build(tmp_path / "out", content=content, settings="pelicanconf.py")
    assert result.returncode != 0
    assert "post.md:7: a <script> element: the site's security policy blocks it" in (
        result.stdout + result.stderr
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out" / "2021").exists()


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://dsausa.org/join">Join</a>',  # a link is not loaded
        '<img src="{static}/images/x.png" alt="x">',
        '<a href="{filename}/other.md">Other</a>',
        '<a href="#how">How</a> <img src="images/x.png" alt="relative">',
        "<p>Plain <em>words</em>, &lt;script&gt; as text.</p>",
        "<pre><code>&lt;iframe src=x&gt;</code></pre>",
        '<meta itemprop="startDate" content="2021-04-08">',  # microdata, valid in a body
        "<p>Meta and base are words; a <b>body</b> of work.</p>",
    ],
)
def test_what_the_policy_allows_is_not_said(html):
    assert refused_markup(html) == []


@pytest.mark.parametrize(
    ("html", "start"),
    [
        ('<IMG SRC="HTTPS://cdn.example.com/a.png">', "the image 'HTTPS://cdn"),
        ('<img src="//cdn.example.com/a.png">', "the image '//cdn.example.com/a.png' is loaded"),
        ('<img srcset="a.png 1x, https://cdn.example.com/b.png 2x">', "the image 'https://cdn"),
        ('<video poster="https://cdn.example.com/p.png"></video>', "<video> poster "),
        ('<embed src="https://example.com/x">', "an <embed> element showing"),
        ('<frameset><frame src="a.html"></frameset>', "an <frameset> element"),
        ('<link rel="stylesheet" href="https://cdn.example.com/x.css">', "a <link> to "),
        ('<svg onload="x()"></svg>', "an onload= attribute on <svg>"),
        ('<form action="/subscribe"></form>', "the link '/subscribe' starts at the root"),
        ('<base href="https://example.com/">', "a <base> element: it sends every link"),
        ('<META HTTP-EQUIV="Refresh" CONTENT="0; url=https://x.org">', "a <meta http-equiv="),
        ('<meta name="description" content="x">', "a <meta> element: it belongs to the page"),
        ("<title>Another title</title>", "a <title> element: it belongs to the page"),
        ("<body>words</body>", "a <body> element: it belongs to the page"),
    ],
)
def test_hostile_spellings_are_said(html, start):
    found = refused_markup(html)
    assert found and found[0].message.startswith(start), found


def test_links_to_other_sites_publishing_refuses_are_errors_on_their_lines(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    body = (
        "See [the news](https://www.nytimes.com/x.html).\n\n"
        "[Old](http://dsausa.org/join) and [run](javascript:alert(1)).\n\n"
        "[Join](https://dsausa.org/join), [mail](mailto:a@b.org), [form]({signature_form}).\n"
    )
    write_post(content, "post.md", "Links", CAMPAIGN, body=body)
    found = [f for f in check_content(content=content) if f.check == "link to another site"]
    # An https link to any site is the editor's to make (the gate allows its host).
    assert sorted((f.line, f.message.split(" ", 3)[2]) for f in found) == [
        (9, "'http://dsausa.org/join'"),
        (9, "'javascript:alert(1)'"),
    ]
    by_address = {f.message.split(" ", 3)[2]: f.message for f in found}
    assert "uses http:, and publishing refuses" in by_address["'http://dsausa.org/join'"]
    assert "runs code" in by_address["'javascript:alert(1)'"]
    assert all(f.severity == "error" for f in found)


def test_an_svg_title_is_not_the_pages_title():
    svg = (
        '<svg role="img" width="10" height="10"><title>Signatures so far</title>'
        '<rect width="10" height="10"/></svg>'
    )
    assert refused_markup(svg) == []


def test_the_pages_title_is_still_refused():
    assert [r.text for r in refused_markup("<p>x</p><title>x</title>")] == ["<title"]
