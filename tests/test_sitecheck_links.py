"""sitecheck.links: dead links, missing #fragments, and links to other sites, on
tiny sites written here; each test names the exact problems expected."""

import sitecheck


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_clean_site_has_no_problems(tmp_path):
    write(
        tmp_path,
        {
            "index.html": (
                '<a href="about.html">About</a>\n'
                '<a href="/posts/">Posts</a> <a href="posts">Posts again</a>\n'
                '<a href="my%20page.html#part">Spaces</a>\n'
                '<link rel="stylesheet" href="style/site.css">\n'
            ),
            "about.html": "<p>About</p>",
            "posts/index.html": '<a href="../index.html">Home</a>',
            "my page.html": '<h2 id="part">Part</h2>',
            "style/site.css": "body { background: url(paper.png); }\n",
            "style/paper.png": "png",
        },
    )
    assert sitecheck.check_links(tmp_path) == []


def test_dead_links_name_the_page_line_and_missing_file(tmp_path):
    write(
        tmp_path,
        {
            "index.html": '<a href="about.html">ok</a>\n<a href="missing.html">dead</a>\n',
            "about.html": "<p>About</p>",
            "posts/a.html": '<p>\n<img src="../img/x.png" alt="">\n<a href="drafts/">d</a></p>',
        },
    )
    assert sitecheck.check_links(tmp_path) == [
        "index.html:2: missing.html is a dead link (no missing.html)",
        "posts/a.html:2: ../img/x.png is a dead link (no img/x.png)",
        "posts/a.html:3: drafts/ is a dead link (no posts/drafts/index.html)",
    ]


def test_a_missing_fragment_is_found_and_present_ones_are_not(tmp_path):
    write(
        tmp_path,
        {
            "index.html": (
                '<a name="top"></a>\n'
                '<a href="about.html#team">team</a>\n'
                '<a href="about.html#nowhere">nowhere</a>\n'
                '<a href="#top">top</a> <a href="#bottom">bottom</a>\n'
                '<a href="doc.txt#anything">not a page</a>\n'
            ),
            "about.html": '<h2 id="team">Team</h2>',
            "doc.txt": "text",
        },
    )
    assert sitecheck.check_links(tmp_path) == [
        "index.html:3: about.html#nowhere names #nowhere, which about.html does not have",
        "index.html:4: #bottom names #bottom, which index.html does not have",
    ]


def test_links_to_other_sites_must_be_https_to_an_allowed_host(tmp_path):
    write(
        tmp_path,
        {
            "index.html": (
                '<a href="http://dsausa.org/join">plain http</a>\n'
                '<a href="https://tracker.example/x">unknown host</a>\n'
                '<a href="javascript:void(0)">script</a>\n'
                '<a href="https://DSAUSA.org/join">allowed, any case</a>\n'
                '<a href="mailto:?subject=Sign">by email</a>\n'
            ),
        },
    )
    assert sitecheck.check_links(tmp_path) == [
        "index.html:1: http://dsausa.org/join uses http; links to other sites must be https",
        "index.html:2: https://tracker.example/x goes to tracker.example, "
        "which is not one of dsausa.org",
        "index.html:3: javascript:void(0) uses javascript; links to other sites must be https",
    ]


def test_allowed_hosts_are_the_ones_passed_in(tmp_path):
    write(
        tmp_path,
        {
            "index.html": (
                '<a href="https://forms.example.net/sign">sign</a>\n'
                '<a href="https://dsausa.org/join">join</a>\n'
            ),
        },
    )
    assert sitecheck.check_links(tmp_path, allowed=["Forms.Example.net", "dsausa.org"]) == []
    assert sitecheck.check_links(tmp_path, allowed=["forms.example.net"]) == [
        "index.html:2: https://dsausa.org/join goes to dsausa.org, "
        "which is not one of forms.example.net"
    ]


def test_srcset_candidates_are_checked(tmp_path):
    write(
        tmp_path,
        {
            "index.html": (
                "<picture>\n"
                '<source srcset="wide.webp 800w, gone.webp 1600w">\n'
                '<img src="a.png" srcset="a.png 1x, b.png 2x" alt="">\n'
                "</picture>\n"
            ),
            "a.png": "png",
            "wide.webp": "webp",
        },
    )
    assert sitecheck.check_links(tmp_path) == [
        "index.html:2: gone.webp is a dead link (no gone.webp)",
        "index.html:3: b.png is a dead link (no b.png)",
    ]


def test_stylesheet_urls_are_checked_and_data_urls_skipped(tmp_path):
    write(
        tmp_path,
        {
            "index.html": "<p>Home</p>",
            "style/site.css": (
                'body { background: url("paper.png"); }\n'
                ".x { background: url(data:image/gif;base64,R0lGOD); }\n"
                '@import "more.css";\n'
                ".y { background: url(ok.png); }\n"
                ".z { background: url(https://cdn.example.net/bg.png); }\n"
            ),
            "style/ok.png": "png",
        },
    )
    assert sitecheck.check_links(tmp_path) == [
        "style/site.css: paper.png is a dead link (no style/paper.png)",
        "style/site.css: more.css is a dead link (no style/more.css)",
        "style/site.css: https://cdn.example.net/bg.png goes to cdn.example.net, "
        "which is not one of dsausa.org",
    ]


def test_empty_addresses_are_problems_except_a_form_action(tmp_path):
    write(
        tmp_path,
        {
            "index.html": (
                '<a href="">nothing</a>\n<a href="#">hash</a>\n<img src=" " alt="">\n'
                '<form action=""></form><form action="#"></form>\n'
            ),
        },
    )
    assert sitecheck.check_links(tmp_path) == [
        "index.html:1: empty href",
        "index.html:2: empty href",
        "index.html:3: empty src",
    ]


def test_a_long_address_is_shortened_in_the_message(tmp_path):
    url = "https://share.example/?text=" + "a" * 100
    write(tmp_path, {"index.html": f'<a href="{url}">share</a>'})
    assert sitecheck.check_links(tmp_path) == [
        f"index.html:1: {url[:79]}… goes to share.example, which is not one of dsausa.org"
    ]


def test_a_site_url_with_a_path_marks_addresses_outside_it(tmp_path):
    write(
        tmp_path,
        {
            "index.html": (
                '<a href="/blog/about.html">about</a>\n'
                '<a href="https://example.org/blog/about.html">about, absolute</a>\n'
                '<a href="/other/">elsewhere on the host</a>\n'
            ),
            "about.html": "<p>About</p>",
        },
    )
    assert sitecheck.check_links(tmp_path, "https://example.org/blog") == [
        "index.html:3: /other/ points outside the site (https://example.org/blog/)"
    ]
    # Built with relative URLs, /blog/ is a folder of the site and example.org another site.
    assert sitecheck.check_links(tmp_path) == [
        "index.html:1: /blog/about.html is a dead link (no blog/about.html)",
        "index.html:2: https://example.org/blog/about.html goes to example.org, "
        "which is not one of dsausa.org",
        "index.html:3: /other/ is a dead link (no other/index.html)",
    ]


def test_allowed_hosts_joins_form_hosts_the_join_page_and_extras():
    forms = ["https://Forms.Example.net/sign", "not an address"]
    assert sitecheck.allowed_hosts(forms, extra=["Share.example"]) == {
        "forms.example.net",
        "dsausa.org",
        "share.example",
    }
    assert sitecheck.allowed_hosts([]) == set(sitecheck.DEFAULT_ALLOWED_HOSTS) == {"dsausa.org"}


FOREIGN_REFERENCES = {
    "svg image href": '<svg><image href="https://evil.example/a.png"/></svg>',
    "svg image xlink:href": '<svg><image xlink:href="https://evil.example/a.png"/></svg>',
    "svg use": '<svg><use xlink:href="https://evil.example/s.svg#i"/></svg>',
    "svg a": '<svg><a xlink:href="https://evil.example/">x</a></svg>',
    "svg script": '<svg><script href="https://evil.example/x.js"></script></svg>',
    "img srcset": '<img alt="x" srcset="ok.png 1x, https://evil.example/a.png 2x">',
    "source srcset": '<picture><source srcset="https://evil.example/a.webp"></picture>',
    "link imagesrcset": '<link rel="preload" as="image" imagesrcset="https://evil.example/a 2x">',
    "video poster": '<video poster="https://evil.example/p.png"></video>',
    "object data": '<object data="https://evil.example/x.swf"></object>',
    "meta refresh": '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
    "meta refresh quoted": '<meta http-equiv="Refresh" content="5;URL=\'https://evil.example/\'">',
    "style url()": '<p style="background: url(https://evil.example/bg.png)">x</p>',
    "input image": '<input type="image" alt="go" src="https://evil.example/b.png">',
    "button formaction": '<button formaction="https://evil.example/post">go</button>',
    "blockquote cite": '<blockquote cite="https://evil.example/quote">q</blockquote>',
    "a ping": '<a href="ok.png" ping="https://evil.example/track">x</a>',
    "body background": '<body background="https://evil.example/bg.png"></body>',
}


def test_every_kind_of_address_attribute_is_checked(tmp_path):
    (tmp_path / "ok.png").write_bytes(b"png")
    pages = {
        f"{name.replace(' ', '-').replace(':', '-')}.html": html
        for name, html in FOREIGN_REFERENCES.items()
    }
    write(tmp_path, pages)
    problems = sitecheck.check_links(tmp_path)
    flagged = {problem.split(":", 1)[0] for problem in problems}
    assert flagged == set(pages)
    assert all("goes to evil.example, which is not one of dsausa.org" in p for p in problems)


def test_a_data_url_in_a_style_attribute_is_not_a_link(tmp_path):
    write(tmp_path, {"index.html": '<p style="background: url(data:image/png;base64,AA)">x</p>'})
    assert sitecheck.check_links(tmp_path) == []
