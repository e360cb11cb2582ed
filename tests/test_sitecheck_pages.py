"""sitecheck.pages: the one-pass page parser, the list of pages, stylesheet
addresses and the mapping of addresses to files, on tiny sites written here."""

import sitecheck
from sitecheck.pages import Reference, _Site, _stylesheet_urls


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


PAGE = """<!doctype html>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<link rel="Stylesheet Preload" href=" site.css ">
<a href="about.html#team" id="top">About</a><a name="old-anchor"></a><p id="">x</p>
<img src="a.png" srcset="a.png 1x, b.png 2x," alt="">
<video src="v.mp4" poster="p.png"></video><form action="/sign"></form>
<picture><source srcset="c.webp"></picture><object data="d.svg"></object>
<audio><source src="e.ogg"></audio>
"""


def test_parse_page_collects_every_address_with_its_line(tmp_path):
    write(tmp_path, {"index.html": PAGE})
    page = sitecheck.parse_page(tmp_path / "index.html")
    assert page.references == [
        Reference("link", "href", "site.css", 3, frozenset({"stylesheet", "preload"})),
        Reference("a", "href", "about.html#team", 4),
        Reference("img", "src", "a.png", 5),
        Reference("img", "srcset", "a.png", 5),
        Reference("img", "srcset", "b.png", 5),
        Reference("video", "src", "v.mp4", 6),
        Reference("video", "poster", "p.png", 6),
        Reference("form", "action", "/sign", 6),
        Reference("source", "srcset", "c.webp", 7),
        Reference("object", "data", "d.svg", 7),
        Reference("source", "src", "e.ogg", 8),
    ]


def test_parse_page_collects_ids_anchor_names_and_policies(tmp_path):
    write(tmp_path, {"index.html": PAGE})
    page = sitecheck.parse_page(tmp_path / "index.html")
    assert page.ids == {"top", "old-anchor"}
    assert page.policies == ["default-src 'self'"]
    assert page.inline_code == []


def test_parse_page_flags_inline_code_but_not_data_blocks(tmp_path):
    write(
        tmp_path,
        {
            "index.html": "\n".join(
                [
                    '<p onclick="go()">event handler</p>',
                    '<p style="color: red">style attribute</p>',
                    "<style>p { color: red; }</style>",
                    "<script>alert(1)</script>",
                    '<script type="application/ld+json">{"@type": "Article"}</script>',
                    '<script src="app.js"></script>',
                    "<script>  </script>",
                    '<script type="module">import "./a.js";</script>',
                    '<script type="text/plain">notes</script>',
                    '<script type="text/javascript; charset=utf-8">go()</script>',
                ]
            )
        },
    )
    page = sitecheck.parse_page(tmp_path / "index.html")
    assert page.inline_code == [
        (1, "event handler attribute onclick"),
        (2, "style attribute"),
        (3, "<style> element"),
        (4, "inline <script>"),
        (8, "inline <script>"),
        (10, "inline <script>"),
    ]


def test_html_pages_lists_html_files_relative_and_sorted(tmp_path):
    write(
        tmp_path,
        {
            "posts/b.html": "",
            "index.html": "",
            "posts/a.html": "",
            "style.css": "",
            "notes.htm": "",
        },
    )
    assert sitecheck.html_pages(tmp_path) == ["index.html", "posts/a.html", "posts/b.html"]
    assert sitecheck.html_pages(str(tmp_path)) == ["index.html", "posts/a.html", "posts/b.html"]


def test_stylesheet_urls_finds_url_and_import_in_order(tmp_path):
    write(
        tmp_path,
        {
            "site.css": (
                '@import "i.css";\n'
                'a { background: url( "x.png" ); }\n'
                "b { background: url('y.png'); }\n"
                "c { background: URL(z.png); }\n"
                "@import url(j.css);\n"
            )
        },
    )
    assert _stylesheet_urls(tmp_path / "site.css") == ["i.css", "x.png", "y.png", "z.png", "j.css"]


def test_site_maps_addresses_under_the_site_url_to_files(tmp_path):
    write(tmp_path, {"index.html": "", "posts/index.html": "", "my page.html": ""})
    site = _Site(tmp_path, "https://example.org/blog/")
    assert site.base == "https://example.org/blog/"
    assert site.page_url("posts/a.html") == "https://example.org/blog/posts/a.html"
    assert site.is_internal("https://EXAMPLE.org/x")
    assert not site.is_internal("http://example.org/x")
    assert not site.is_internal("https://other.example/blog/")
    assert site.file_for("https://example.org/blog/") == tmp_path / "index.html"
    assert site.file_for("https://example.org/blog/posts") == tmp_path / "posts/index.html"
    assert site.file_for("https://example.org/blog/posts/") == tmp_path / "posts/index.html"
    assert site.file_for("https://example.org/blog/my%20page.html") == tmp_path / "my page.html"
    assert site.file_for("https://example.org/blog/gone.html") == tmp_path / "gone.html"
    assert site.file_for("https://example.org/other/") is None


def test_site_built_with_relative_urls_uses_a_stand_in_base(tmp_path):
    write(tmp_path, {"index.html": '<p id="here">x</p>'})
    site = _Site(tmp_path)
    assert site.base == sitecheck.RELATIVE_BASE + "/"
    assert site.page_url("a/b.html") == "http://site.invalid/a/b.html"
    assert site.file_for("http://site.invalid/index.html") == tmp_path / "index.html"
    assert site.parsed("index.html").ids == {"here"}
    assert site.parsed("index.html") is site.parsed("index.html")
