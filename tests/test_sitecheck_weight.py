"""sitecheck.weight: what one page makes a browser load, and the page budget, on
tiny sites written here; each test names the exact figures or problems expected."""

import gzip
import random

import sitecheck
from sitecheck.weight import PageWeight, Resource

HEAD = '<link rel="stylesheet" href="site.css">\n<link rel="icon" href="icon.svg">\n'


def write(root, files):
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def gzip_size(data):
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def stylesheet(rules=120):
    """CSS big enough that gzip's level changes its compressed size."""
    rng = random.Random(1)
    return "".join(
        f".c{rng.randrange(10**4)} {{ margin: {rng.randrange(40)}px; "
        f"color: #{rng.randrange(16**6):06x}; }}\n"
        for _ in range(rules)
    )


def test_a_small_page_counts_what_it_loads_and_not_what_it_links_to(tmp_path):
    files = {
        "index.html": HEAD + '<a href="about.html">About</a>\n<img src="photo.png" alt="">\n',
        "site.css": stylesheet(),
        "icon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "photo.png": b"\x89PNG" + bytes(200),
        "about.html": "<p>About</p>" * 500,
    }
    write(tmp_path, files)
    weight = sitecheck.page_weight(tmp_path, "index.html")
    assert weight.resources == [
        Resource(name, (tmp_path / name).stat().st_size, gzip_size((tmp_path / name).read_bytes()))
        for name in ("index.html", "site.css", "icon.svg", "photo.png")
    ]
    assert (weight.fonts, weight.foreign, weight.requests) == ([], [], 4)
    assert weight.raw_bytes == sum((tmp_path / r.url).stat().st_size for r in weight.resources)
    assert weight.gzip_bytes == sum(r.gzip_bytes for r in weight.resources)
    # Level 6, as web servers send it.
    assert (
        weight.resources[1].gzip_bytes
        == gzip_size(stylesheet().encode())
        != len(gzip.compress(stylesheet().encode(), compresslevel=1, mtime=0))
    )
    assert sitecheck.check_budget(tmp_path, "index.html") == []


def test_without_an_icon_link_the_browser_asks_for_favicon_ico(tmp_path):
    write(tmp_path, {"posts/a.html": "<p>Text</p>", "favicon.ico": b"ico"})
    weight = sitecheck.page_weight(tmp_path, "posts/a.html")
    assert [r.url for r in weight.resources] == ["posts/a.html", "favicon.ico"]


def test_preloads_and_imports_count_once_each_other_links_do_not(tmp_path):
    write(
        tmp_path,
        {
            "index.html": HEAD
            + '<link rel="preload" href="data.json" as="fetch" crossorigin>\n'
            + '<script defer src="app.js"></script>\n'
            + '<link rel="canonical" href="index.html"><link rel="alternate" href="feed.xml">\n'
            + '<img src="icon.svg#dot" alt="">\n',
            "site.css": '@import "more.css";\n',
            "more.css": "p { color: black; }\n",
            "icon.svg": "<svg/>",
            "app.js": "go();\n",
            "data.json": "{}",
            "feed.xml": "<feed/>",
        },
    )
    weight = sitecheck.page_weight(tmp_path, "index.html")
    assert [r.url for r in weight.resources] == [
        "index.html",
        "site.css",
        "icon.svg",
        "data.json",
        "app.js",
        "more.css",
    ]
    assert sitecheck.check_budget(tmp_path, "index.html") == [
        "index.html: makes 6 requests; budget 4"
    ]


def test_over_the_gzip_budget(tmp_path):
    noise = random.Random(0).randbytes(20_000)  # does not compress
    write(
        tmp_path,
        {
            "index.html": HEAD + '<img src="photo.png" alt="">\n',
            "site.css": "p { color: black; }\n",
            "icon.svg": "<svg/>",
            "photo.png": noise,
        },
    )
    weight = sitecheck.page_weight(tmp_path, "index.html")
    assert weight.gzip_bytes > sitecheck.BUDGET_GZIP_BYTES == 14 * 1024
    assert weight.requests == 4
    assert sitecheck.check_budget(tmp_path, "index.html") == [
        f"index.html: loads {weight.gzip_bytes} bytes gzipped; budget 14336"
    ]
    assert sitecheck.check_budget(tmp_path, "index.html", max_gzip=weight.gzip_bytes) == []


def test_over_the_request_budget(tmp_path):
    scripts = "".join(f'<script defer src="part{n}.js"></script>\n' for n in range(3))
    files = {"index.html": HEAD + scripts, "site.css": "p {}", "icon.svg": "<svg/>"}
    files.update({f"part{n}.js": f"var part{n} = {n};\n" for n in range(3)})
    write(tmp_path, files)
    assert sitecheck.check_budget(tmp_path, "index.html") == [
        "index.html: makes 6 requests; budget 4"
    ]
    assert sitecheck.check_budget(tmp_path, "index.html", max_requests=5) == [
        "index.html: makes 6 requests; budget 5"
    ]
    assert sitecheck.check_budget(tmp_path, "index.html", max_requests=6) == []


def test_web_fonts_are_problems_by_face_and_by_file(tmp_path):
    write(
        tmp_path,
        {
            "index.html": HEAD,
            "site.css": "@font-face { font-family: Big; src: url(fonts/big.woff2); }\n",
            "fonts/big.woff2": b"wOF2" + bytes(100),
            "icon.svg": "<svg/>",
        },
    )
    weight = sitecheck.page_weight(tmp_path, "index.html")
    assert weight.fonts == ["site.css (@font-face)", "http://site.invalid/fonts/big.woff2"]
    assert sitecheck.check_budget(tmp_path, "index.html") == [
        "index.html: loads a web font, site.css (@font-face)",
        "index.html: loads a web font, http://site.invalid/fonts/big.woff2",
    ]


def test_an_inline_stylesheet_counts_its_fonts_and_images(tmp_path):
    style = (
        "<style>\n@font-face { font-family: Big; src: url(big.woff2); }\n"
        "body { background: url('paper.png'); }\n</style>\n"
    )
    write(
        tmp_path,
        {
            "index.html": '<link rel="icon" href="icon.svg">\n' + style,
            "big.woff2": b"wOF2" + bytes(100),
            "paper.png": b"\x89PNG" + bytes(60),
            "icon.svg": "<svg/>",
        },
    )
    weight = sitecheck.page_weight(tmp_path, "index.html")
    assert [r.url for r in weight.resources] == [
        "index.html",
        "icon.svg",
        "big.woff2",
        "paper.png",
    ]
    assert weight.fonts == [
        "index.html:2 (@font-face in <style>)",
        "http://site.invalid/big.woff2",
    ]
    assert sitecheck.check_budget(tmp_path, "index.html") == [
        "index.html: loads a web font, index.html:2 (@font-face in <style>)",
        "index.html: loads a web font, http://site.invalid/big.woff2",
    ]


def test_a_resource_from_another_site(tmp_path):
    write(
        tmp_path,
        {
            "index.html": HEAD + '<img src="https://cdn.example.net/pixel.png" alt="">\n',
            "site.css": "p {}",
            "icon.svg": "<svg/>",
        },
    )
    weight = sitecheck.page_weight(tmp_path, "index.html", "https://example.org")
    assert weight.foreign == ["https://cdn.example.net/pixel.png"]
    assert weight.requests == 4
    assert sitecheck.check_budget(tmp_path, "index.html", "https://example.org") == [
        "index.html: loads https://cdn.example.net/pixel.png from another site"
    ]


def test_a_missing_or_empty_resource(tmp_path):
    write(
        tmp_path,
        {
            "index.html": '<link rel="stylesheet" href="empty.css">\n<img src="gone.png" alt="">',
            "empty.css": "",
            "favicon.ico": b"ico",
        },
    )
    assert sitecheck.check_budget(tmp_path, "index.html") == [
        "index.html: loads empty.css, which is missing or empty",
        "index.html: loads gone.png, which is missing or empty",
    ]


def test_page_weight_prints_one_line_per_request():
    weight = PageWeight(
        "index.html",
        [Resource("index.html", 1200, 600), Resource("site.css", 300, 150)],
        [],
        ["https://cdn.example.net/x.png"],
    )
    assert str(weight) == (
        "index.html: 3 requests, 1500 bytes raw, 750 bytes gzip\n"
        "     1200     600  index.html\n"
        "      300     150  site.css\n"
        "        ?       ?  https://cdn.example.net/x.png (another site)"
    )
