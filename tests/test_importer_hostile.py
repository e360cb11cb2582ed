"""`make import` and files that are not a Blogger export, or are out to harm:
one line, exit 1, nothing written. Ctrl-C leaves no half-written file."""

import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile

import pytest
from blogger_exports import Entry, takeout_feed
from conftest import CONTENT, ROOT
from pelican.plugins.content_rules.findings import ERROR
from test_importer import run_import, snapshot

from editorial.check import check_content
from importer.export import MAX_EXPORT_BYTES

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE feed [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol3;</title></feed>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:blogger="http://schemas.google.com/blogger/2018">
<entry><blogger:type>POST</blogger:type><title>&secret;</title></entry></feed>
"""
RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>\n'
OTHER_ATOM = (
    '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id>'
    "<entry><title>Not Blogger</title></entry></feed>\n"
)
EXPECTED = (
    "expected a Blogger export: Takeout's feed.atom, the Takeout .zip, or the .xml from "
    "Blogger's Settings → Back up content"
)


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def refused(export, content):
    """The import's one line, after checking it wrote nothing and exited 1."""
    before = snapshot(content)
    result = run_import(export, content)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert snapshot(content) == before
    return lines[0]


def zip_with(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_billion_laughs_is_refused_unread(tmp_path, content):
    export = tmp_path / "feed.atom"
    export.write_text(BILLION_LAUGHS)
    assert refused(export, content) == (
        f"python -m importer: {export}: declares a DTD or entities (DTDForbidden), which a "
        "Blogger export never does; refused unread"
    )


def test_an_external_entity_is_refused_unread(tmp_path, content):
    export = tmp_path / "feed.atom"
    export.write_text(EXTERNAL_ENTITY)
    line = refused(export, content)
    assert "declares a DTD or entities" in line and "root:" not in line


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (RSS, "is XML, but not an Atom feed (<rss>)"),
        (OTHER_ATOM, "is an Atom feed, but not from Blogger"),
        ("<feed><entry>", "is not well-formed XML (no element found: line 1, column 13)"),
        ("Title: a Markdown file\n", "is not well-formed XML (syntax error: line 1, column 0)"),
        ("", "is empty"),
    ],
)
def test_a_file_that_is_not_a_blogger_export_is_one_line(tmp_path, content, text, problem):
    export = tmp_path / "export.xml"
    export.write_text(text)
    assert refused(export, content) == f"python -m importer: {export}: {problem}; {EXPECTED}"


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, content):
    export = tmp_path / "feed.atom"
    with open(export, "wb") as out:
        out.truncate(MAX_EXPORT_BYTES + 1)  # sparse: no disk space used
    assert refused(export, content) == (
        f"python -m importer: {export}: is 268,435,457 bytes, more than the 256 MiB a Blogger "
        f"export holds; {EXPECTED}"
    )


def test_a_missing_file_and_a_folder(tmp_path, content):
    missing = tmp_path / "nowhere.atom"
    assert refused(missing, content) == (
        f"python -m importer: {missing}: cannot be read (No such file or directory); {EXPECTED}"
    )
    assert (
        refused(tmp_path, content) == f"python -m importer: {tmp_path}: is not a file; {EXPECTED}"
    )


def test_the_takeout_zip_is_read_in_place(tmp_path, content):
    feed = takeout_feed([Entry("post", "From the zip", "2020-01-02T03:04:05Z", "<p>Zipped.</p>",
                               "/2020/01/from-the-zip.html")])  # fmt: skip
    export = zip_with(
        tmp_path / "takeout-20260101.zip",
        {"Takeout/Blogger/Blogs/Our blog/feed.atom": feed, "Takeout/archive_browser.html": "x"},
    )
    result = run_import(export, content)
    assert result.returncode == 0, result.stderr
    member = "Takeout/Blogger/Blogs/Our blog/feed.atom"
    assert result.stdout.startswith(f"Imported from {export}:{member} (takeout export): 1 post(s)")
    written = (content / "2020-01-01-from-the-zip.md").read_text(encoding="utf-8")
    assert "Save_as: 2020/01/from-the-zip.html" in written and "Zipped." in written


@pytest.mark.parametrize("name", ["../../feed.atom", "/etc/feed.atom", "Takeout\\..\\feed.atom"])
def test_a_zip_with_names_leading_outside_is_refused(tmp_path, content, name):
    export = zip_with(tmp_path / "takeout.zip", {name: OTHER_ATOM})
    assert refused(export, content) == (
        f"python -m importer: {export}: holds a file named {name!r}, which leads outside the "
        "archive; refused (a Takeout zip has no such names)"
    )
    assert not (tmp_path.parent / "feed.atom").exists()


def test_a_zip_bomb_is_refused(tmp_path, content):
    export = zip_with(tmp_path / "takeout.zip", {"Takeout/Blogger/feed.atom": b" " * 50_000_000})
    assert refused(export, content) == (
        f"python -m importer: {export}:Takeout/Blogger/feed.atom: would unpack to 47.7 MiB from "
        "47.5 KiB; refused as a zip bomb"
    )


def test_a_zip_without_a_feed_or_with_two(tmp_path, content):
    export = zip_with(tmp_path / "takeout.zip", {"Takeout/Mail/x.mbox": "x"})
    assert (
        refused(export, content) == f"python -m importer: {export}: holds no feed.atom; {EXPECTED}"
    )
    export = zip_with(tmp_path / "two.zip", {"Blogs/A/feed.atom": "x", "Blogs/B/feed.atom": "x"})
    assert refused(export, content) == (
        f"python -m importer: {export}: holds the feeds of 2 blogs (Blogs/A/feed.atom, "
        "Blogs/B/feed.atom); unzip it and import one blog's feed.atom"
    )


def test_make_import_says_one_line_and_writes_nothing(tmp_path):
    export = tmp_path / "feed.atom"
    export.write_text(BILLION_LAUGHS)
    before = snapshot(CONTENT)
    result = subprocess.run(
        ["make", "--no-print-directory", "import", f"ARGS={export}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode != 0
    assert f"invoke import: {export}: declares a DTD or entities" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(CONTENT) == before
    nothing_given = subprocess.run(
        ["make", "--no-print-directory", "import"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert nothing_given.returncode != 0
    assert "invoke import: give the export's file, like make import ARGS=\"~/Downloads/" in (
        nothing_given.stderr
    )


class _SlowPictures(http.server.BaseHTTPRequestHandler):
    """A picture server slow enough for Ctrl-C to come mid-import."""

    def do_GET(self):  # noqa: N802 (the handler's name)
        time.sleep(0.2)
        self.send_error(404)

    def log_message(self, *args):
        pass


def test_ctrl_c_mid_import_leaves_no_half_written_file(tmp_path, content):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowPictures)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    entries = [
        Entry("post", f"Post {n}", f"2019-01-{1 + n % 28:02d}T12:00:00Z",
              f"<p>Text of post {n}.</p><img src='{url}/{n}.png' alt='x'>" + "<p>More.</p>" * 200,
              f"/2019/01/post-{n}.html")
        for n in range(200)
    ]  # fmt: skip
    export = tmp_path / "feed.atom"
    export.write_text(takeout_feed(entries), encoding="utf-8")
    command = [sys.executable, "-m", "importer", str(export), "--content", str(content)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not list(content.glob("2019-*.md")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(content.glob("2019-*.md")), "the import wrote nothing in 60 seconds"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
        server.shutdown()
        server.server_close()
    assert process.returncode == 1
    written = sorted(content.glob("2019-*.md"))
    assert 0 < len(written) < 200
    assert stderr.decode().splitlines()[-1] == (
        f"python -m importer: stopped by Ctrl-C after writing {len(written)} file(s), each "
        "whole and none half-written; run the same command again to import the rest"
    )
    assert not [p for p in content.rglob("*") if p.name.endswith(".tmp")]
    for path in written:
        assert path.read_text(encoding="utf-8").endswith("More.\n"), path
    # The same command again imports the rest, and only the rest.
    again = run_import(export, content)
    assert again.returncode == 0, again.stderr
    assert f": {200 - len(written)} post(s)," in again.stdout
    assert len(list(content.glob("2019-*.md"))) == 200
    assert os.path.exists(content / "2019-01-01-post-0.md")


def test_odd_addresses_and_titles_in_a_real_export_stay_inside_the_site(tmp_path, content):
    entries = [
        Entry("post", "Escape", "2020-01-02T03:04:05Z", "<p>1.</p>", "/2020/01/../../../evil.html"),
        Entry("post", "Long " * 100, "2020-01-03T03:04:05Z", "<p>Two.</p>", "/2020/01/long.html"),
        Entry("page", "Spaces", "2020-01-04T03:04:05Z", "<p>Three.</p>", "/p/a b.html"),
        Entry("post", "Same name", "2020-02-02T03:04:05Z", "<p>Four.</p>", "/2020/02/long.html"),
    ]  # fmt: skip
    export = tmp_path / "feed.atom"
    export.write_text(takeout_feed(entries), encoding="utf-8")
    result = run_import(export, content)
    assert result.returncode == 0, result.stderr
    assert (
        f"{export}:5: warning: the post 'Escape' has the address '2020/01/../../../evil.html', "
        "not Blogger's kind, in the export; it is at 2020/01/escape.html"
    ) in result.stdout
    assert "it is at p/spaces.html" in result.stdout
    assert "Save_as: 2020/01/escape.html\n" in (content / "2020-01-01-escape.md").read_text()
    long = (content / "2020-01-02-long.md").read_text()
    assert len(long.split("\n")[0]) == len("Title: ") + 300
    assert "Slug: long\n" in long
    # Blogger allows one name in two months: the second gets a slug of its own.
    same = (content / "2020-02-01-long.md").read_text()
    assert "Slug: long-2020-02\n" in same and "Save_as: 2020/02/long.html\n" in same
    assert not list(tmp_path.glob("evil*")) and not list(content.rglob("evil*"))
    findings = check_content(ROOT / "pelicanconf.py", content)
    assert not [str(f) for f in findings if f.severity == ERROR]


def test_trashed_posts_stay_out_and_scheduled_ones_come_in(tmp_path, content):
    entries = [
        Entry("post", "Trashed", "2020-01-02T03:04:05Z", "<p>Gone.</p>", "/2020/01/trashed.html"),
        Entry("post", "Later", "2031-01-02T15:00:00Z", "<p>Soon.</p>", "/2031/01/later.html"),
    ]
    text = takeout_feed(entries)
    for status in ("SOFT_TRASHED", "SCHEDULED"):
        text = text.replace(
            "<blogger:status>LIVE</blogger:status>", f"<blogger:status>{status}<", 1
        )
        text = text.replace(
            f"<blogger:status>{status}<", f"<blogger:status>{status}</blogger:status>"
        )
    export = tmp_path / "feed.atom"
    export.write_text(text, encoding="utf-8")
    result = run_import(export, content)
    assert result.returncode == 0, result.stderr
    assert f"{export}:5: warning: the post 'Trashed' is soft_trashed on Blogger; left out" in (
        result.stdout
    )
    assert not list(content.glob("*trashed*"))
    later = (content / "2031-01-02-later.md").read_text(encoding="utf-8")
    assert "Date: 2031-01-02 10:00\n" in later and "Status" not in later


def test_a_post_nested_too_deeply_keeps_its_words(tmp_path, content):
    nested = "<blockquote><b>" * 2000 + "Deep words." + "</b></blockquote>" * 2000
    entries = [Entry("post", "Deep", "2020-01-02T03:04:05Z", nested, "/2020/01/deep.html")]
    export = tmp_path / "feed.atom"
    export.write_text(takeout_feed(entries), encoding="utf-8")
    result = run_import(export, content)
    assert result.returncode == 0, result.stderr
    written = content / "2020-01-01-deep.md"
    assert written.read_text(encoding="utf-8").endswith("\n\nDeep words.\n")
    assert f"{written}:9: warning: its HTML is nested too deeply to convert" in result.stdout
