"""`make import` and exports that are odd rather than broken: labels and titles
Pelican would misread, image servers that misbehave, posts far longer than usual."""

import base64
import shutil
import subprocess
import threading

import pytest
from blogger_exports import BLOG, Entry, PictureServer, png, takeout_feed
from conftest import CONTENT, ROOT
from pelican.plugins.content_rules.findings import ERROR
from test_importer import run_import

from editorial.check import check_content
from importer import body, images


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def imported(tmp_path, content, entries):
    export = tmp_path / "feed.atom"
    export.write_text(takeout_feed(entries), encoding="utf-8")
    result = run_import(export, content)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_each_label_stays_one_tag_whatever_it_holds(tmp_path, content):
    # Pelican splits a Tags: line at semicolons when it has one, at commas otherwise.
    labels = ["Rent; strike", "a,b", "Ünïcødé", 'say "hi"', "*bold* [x](y)", "C#", "Rent  strike"]
    labels += ["..", "!!!"]  # no letters or digits: no tag page could have an address
    link = f'<p>See <a href="{BLOG}/search/label/Rent%3B%20strike">the strike</a>.</p>'
    entries = [Entry("post", "Labels", "2020-01-02T03:04:05Z", link, "/2020/01/l.html", labels)]
    stdout = imported(tmp_path, content, entries)
    written = content / "2020-01-01-l.md"
    text = written.read_text(encoding="utf-8")
    assert 'Tags: Rent strike, a b, Ünïcødé, say "hi", *bold* [x](y), C#\n' in text
    assert "[the strike]({tag}rent-strike)" in text
    assert (
        f"{written}:5: warning: the label '..' has no letters or digits an address can use; "
        "it is left out"
    ) in stdout
    findings = check_content(ROOT / "pelicanconf.py", content)
    assert not [str(f) for f in findings if f.severity == ERROR]


def test_bidi_overrides_and_invisible_titles_are_cleaned(tmp_path, content):
    entries = [
        Entry("post", "Rent \u202eevil\u202c strike", "2020-01-02T03:04:05Z", "<p>One.</p>",
              "/2020/01/bidi.html", ["\u202eLabel"]),
        Entry("post", "\u200b \u202e\u2066", "2020-01-02T03:04:05Z", "<p>\u200b\u202e</p>",
              "/2020/01/invisible.html"),
    ]  # fmt: skip
    stdout = imported(tmp_path, content, entries)
    bidi = (content / "2020-01-01-bidi.md").read_text(encoding="utf-8")
    assert "Title: Rent evil strike\n" in bidi and "Tags: Label\n" in bidi
    invisible = (content / "2020-01-01-invisible.md").read_text(encoding="utf-8")
    assert invisible.startswith("Title: Untitled (invisible)\n")
    assert (
        f"{content / '2020-01-01-invisible.md'}:1: warning: the post had no title; it is titled "
        "from its first words, 'Untitled (invisible)': write a better one"
    ) in stdout


@pytest.fixture(scope="module")
def server():
    pictures = PictureServer()
    yield pictures
    pictures.stop()


def test_a_server_sending_a_byte_now_and_then_is_given_up(server, monkeypatch):
    # Each byte comes well within the read timeout; the picture never does.
    monkeypatch.setattr(images, "DEADLINE_SECONDS", 1)
    with pytest.raises(ValueError, match="^still coming after 1 seconds; given up$"):
        images.fetch(f"{server.url}/drip.png")


def test_a_redirect_to_a_file_and_a_huge_picture_are_said_plainly(server, monkeypatch):
    with pytest.raises(ValueError) as redirect:
        images.fetch(f"{server.url}/to-file.png")
    assert str(redirect.value) == "it redirects to file:///etc/passwd, not to a web address"
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 100)
    with pytest.raises(ValueError) as huge:
        images.fetch(f"{server.url}/s1600/march-crowd.png")
    assert str(huge.value).endswith(", more than 0.1 KiB")


def test_warnings_come_in_the_order_of_the_file(tmp_path, content):
    html = (
        '<p><a href="http://example.net/a">a</a></p>'
        '<iframe src="https://www.youtube.com/embed/abc"></iframe>'
        '<p><img src="data:image/png;base64,AAAA"></p>'
    )
    entries = [Entry("post", "Order", "2020-01-02T03:04:05Z", html, "/2020/01/order.html")]
    stdout = imported(tmp_path, content, entries)
    numbers = [
        int(line.split(":")[1]) for line in stdout.splitlines() if "2020-01-01-order.md:" in line
    ]
    assert len(numbers) == 3 and numbers == sorted(numbers), stdout


def test_a_long_post_of_many_paragraphs_keeps_every_one(tmp_path):
    # Blogger's soup, 20,000 lines long (BeautifulSoup's own unwrap and wrap took
    # minutes over it, looking each tag up among all its siblings).
    lines = [f"Line {n}" for n in range(20_000)]
    html = "".join(
        f'<div><span style="font-weight: bold;">{line}</span></div><div><br /></div>'
        for line in lines
    )
    markdown = body.convert(html, lambda url: (None, "none"), lambda url: None).markdown
    assert markdown.rstrip("\n").split("\n\n") == [f"**{line}**" for line in lines]


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path, content):
    # A file where the pictures' folder must go (root writes through chmod, so a
    # read-only folder proves nothing in CI).
    (content / "images").write_text("not a folder", encoding="utf-8")
    pasted = "data:image/png;base64," + base64.b64encode(png("red")).decode()
    entries = [
        Entry("post", "One", "2020-01-02T03:04:05Z", "<p>One.</p>", "/2020/01/one.html"),
        Entry("post", "Two", "2020-01-03T03:04:05Z", f'<img src="{pasted}">', "/2020/01/two.html"),
    ]
    export = tmp_path / "feed.atom"
    export.write_text(takeout_feed(entries), encoding="utf-8")
    result = run_import(export, content)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"python -m importer: {content / 'images' / 'two'}: cannot be written (Not a directory); "
        "stopped "
        "after writing 1 file(s), each whole; make room or make the folder writable, then run "
        "the same command again to import the rest\n"
    )
    assert (content / "2020-01-01-one.md").is_file()
    assert not list(content.rglob("*.tmp"))


def test_an_export_saved_in_another_encoding_is_said_so(tmp_path, content):
    feed = takeout_feed(
        [Entry("post", "Café", "2020-01-02T03:04:05Z", "<p>Été</p>", "/2020/01/c.html")]
    )
    export = tmp_path / "feed.atom"
    export.write_bytes(feed.encode("utf-8").replace("Café".encode(), b"Caf\xe9"))
    result = run_import(export, content)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"python -m importer: {export}: is not UTF-8 text (byte 0xE9 on line 10): it was saved "
        "in another encoding; download it from Blogger again, or save it as UTF-8\n"
    )
    # With a byte order mark, as Windows editors save it, it is read.
    export.write_bytes(b"\xef\xbb\xbf" + feed.encode("utf-8"))
    again = run_import(export, content)
    assert again.returncode == 0 and ": 1 post(s)," in again.stdout, again.stderr


def test_the_live_preview_serves_blogger_label_addresses(tmp_path):
    # `make serve` as the hosts: /search/label/<label> is search/label/<label>.html.
    import asyncio
    import urllib.request

    from livereload.handlers import StaticFileHandler
    from tornado.httpserver import HTTPServer
    from tornado.netutil import bind_sockets
    from tornado.web import Application

    from editorial.preview import pages_handler

    (tmp_path / "search" / "label").mkdir(parents=True)
    (tmp_path / "search" / "label" / "Rent Strike.html").write_text("label page", "utf-8")
    handler = pages_handler(StaticFileHandler)
    app = Application([(r"/(.*)", handler, {"path": str(tmp_path)})])
    sockets = bind_sockets(0, "127.0.0.1")
    port = sockets[0].getsockname()[1]
    started, loop = threading.Event(), asyncio.new_event_loop()

    def serve():
        asyncio.set_event_loop(loop)
        HTTPServer(app).add_sockets(sockets)
        started.set()
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    started.wait(10)
    try:
        address = f"http://127.0.0.1:{port}/search/label/Rent%20Strike"
        with urllib.request.urlopen(address, timeout=10) as response:
            assert response.read() == b"label page"
    finally:
        loop.call_soon_threadsafe(loop.stop)


@pytest.mark.parametrize("quote", [True, False], ids=["quoted", "backslashed"])
def test_a_dragged_location_with_spaces_reaches_make_import_whole(tmp_path, quote):
    # EDITING.md: ARGS="<dragged file>"; terminals quote a location with spaces
    # ('/a b/feed.atom') or put a backslash before each space (/a\ b/feed.atom).
    folder = tmp_path / "Our blog"
    folder.mkdir()
    export = folder / "feed.atom"
    export.write_text("<rss/>", encoding="utf-8")
    typed = f"'{export}'" if quote else str(export).replace(" ", "\\ ")
    result = subprocess.run(
        ["make", "--no-print-directory", "import", f"ARGS={typed}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode != 0
    assert f"invoke import: {export}: is XML, but not an Atom feed (<rss>)" in result.stderr


def test_links_pelican_would_read_as_its_own_are_removed_with_their_words_kept(tmp_path, content):
    html = (
        '<p><a href="{filename}/nope.md">one</a> <a href="{attach}../../../etc/passwd">a</a> '
        '<a href="|static|/x.png">three</a></p><p>{filename}/x.md stays as words.</p>'
    )
    entries = [Entry("post", "Braces", "2020-01-02T03:04:05Z", html, "/2020/01/braces.html")]
    stdout = imported(tmp_path, content, entries)
    written = content / "2020-01-01-braces.md"
    assert written.read_text(encoding="utf-8").endswith(
        "\n\none a three\n\n{filename}/x.md stays as words.\n"
    )
    assert (
        f"{written}:9: warning: a link to '{{attach}}../../../etc/passwd', which is no web "
        "address, was removed; its words stay"
    ) in stdout
    findings = check_content(ROOT / "pelicanconf.py", content)
    assert not [str(f) for f in findings if f.severity == ERROR]
