"""What attacks on the live preview found, kept: its builds driven as the preview
drives them (a whole build, a first build of the saved file, then the rest), the
preview itself serving a page a build rewrites, and content that the build and
`make check` once handled badly (two Title: lines, markup in capitals, a byte
that is not UTF-8)."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from editorial_helpers import copy_project, invoke, run_preview_build
from outreach_helpers import write_post
from test_editorial_preview import LivePreview, wait_for_text

NOW = "2021-04-10T00:00:00Z"


def run_build(project, request, script=None, extra=()):
    status, said, _seconds = run_preview_build(project, request, script, extra, NOW)
    return status, said


def fresh_build(project, target):
    """`pelican content -s pelicanconf.py -o target` in a copy without cache/ or output/."""
    source = copy_project(target.parent / f"{target.name}-source")
    for name in ("content", "theme", "pelicanconf.py"):
        path = project / name
        if path.is_dir():
            subprocess.run(["rm", "-rf", str(source / name)], check=True)
            subprocess.run(["cp", "-a", str(path), str(source / name)], check=True)
        else:
            subprocess.run(["cp", "-a", str(path), str(source / name)], check=True)
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(target)],
        cwd=source, capture_output=True, text=True, timeout=600,
        env=dict(os.environ, CAMPAIGN_NOW=NOW),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def site_files(folder):
    return {str(p.relative_to(folder)) for p in Path(folder).rglob("*") if p.is_file()}


def test_a_tag_no_post_has_any_more_leaves_the_preview_after_the_rest(tmp_path):
    """Remove a post's only tag: after the rest of the site, as in a fresh build,
    tag/onlyalpha.html is gone (it listed a post that no longer has the tag), and
    a restarted preview does not bring it back."""
    project = copy_project(tmp_path / "project")
    content, output = project / "content", project / "output"
    write_post(content, "2021-03-01-alpha.md", "Alpha", "Slug: alpha\nTags: onlyalpha, shared\n",
               body="Alpha words.\n")  # fmt: skip
    assert run_build(project, {"cold": True})[0] == 0
    assert (output / "tag/onlyalpha.html").is_file()
    alpha = content / "2021-03-01-alpha.md"
    alpha.write_text(alpha.read_text().replace("Tags: onlyalpha, shared", "Tags: shared"))
    # The save: the open post's page first, then the rest of the site.
    status, said = run_build(project, {"sources": [str(alpha)], "pages": ["2021/04/alpha.html"]})
    assert status == 0, said
    status, said = run_build(
        project, {"skip_pages": ["2021/04/alpha.html"], "skip_sources": [str(alpha)]}
    )
    assert status == 0, said
    # Even a new `make serve` (its first build is a cold whole build) keeps it.
    assert run_build(project, {"cold": True})[0] == 0
    fresh = fresh_build(project, tmp_path / "fresh")
    assert not (fresh / "tag/onlyalpha.html").exists()
    assert site_files(output) - site_files(fresh) == set(), "pages a fresh build does not have"


# A preview build whose reading ahead is followed, before the request, by an
# edit of a file that keeps its reading warning (two Category: lines).
READ_THEN_EDIT = """
import sys, types
from pathlib import Path
from editorial import preview_build, read_ahead

read = read_ahead.ReadAhead.read_ahead

def read_then_edit(self):
    read(self)
    edited = Path(sys.argv[4])
    edited.write_text(edited.read_text().replace("Words.", "Words, edited."))

read_ahead.ReadAhead.read_ahead = read_then_edit
read_ahead.select = types.SimpleNamespace(select=lambda *streams: ([], [], []))
preview_build.main(sys.argv[1:4])
"""


def test_the_edited_files_reading_warning_is_said_again_after_its_save(tmp_path):
    """Pelican's log filter says a warning once per process: one held while the
    old version of the file was read ahead (then thrown away) must not count, or
    the re-read, edited file's same warning is dropped as said. The old version
    is parsed, not taken from the content cache, after most saves: the spare reads
    ahead while the last save's rest has not saved the cache yet."""
    project = copy_project(tmp_path / "project")
    content = project / "content"
    write_post(content, "2021-03-01-alpha.md", "Alpha",
               "Slug: alpha\nCategory: Other\n", body="Words.\n")  # fmt: skip
    alpha = content / "2021-03-01-alpha.md"
    status, said = run_build(project, {"cold": True})
    assert status == 0 and "Duplicate definition of `category`" in said, said
    # The content cache does not hold the file as it is now: as after any save,
    # when the spare (started together with the rest of the last save) reads
    # ahead before that rest has saved the cache.
    shutil.rmtree(project / "cache")
    request = {"sources": [str(alpha)], "pages": ["2021/04/alpha.html"]}
    status, said = run_build(project, request, READ_THEN_EDIT, (alpha,))
    assert status == 0, said
    assert "Words, edited." in (project / "output/2021/04/alpha.html").read_text()
    assert "Duplicate definition of `category`" in said, said


def test_a_post_with_two_title_lines_is_a_clear_error_not_a_traceback(tmp_path):
    """Two 'Title:' lines (a paste): Pelican keeps both as a list, which once
    passed `make check` and stopped every build with a traceback. Now one line
    from both, naming the file and the second Title: line."""
    project = copy_project(tmp_path / "project")
    content = project / "content"
    write_post(content, "2021-03-01-alpha.md", "Alpha", "Title: Second title\nSlug: alpha\n",
               body="Words.\n")  # fmt: skip
    check = invoke(project, "check", env=dict(os.environ, CAMPAIGN_NOW="2021-04-10T00:00:00Z"))
    status, said = run_build(project, {"cold": True})
    assert "Traceback" not in said, said[-1500:]
    # One line naming the file and its second Title: line (line 4), from both.
    assert "2021-03-01-alpha.md:4:" in said, said[-1500:]
    assert check.returncode != 0 and "2021-03-01-alpha.md:4:" in check.stdout, check.stdout


def test_refused_markup_in_capitals_is_blamed_on_its_own_line(tmp_path):
    """`<BASE HREF=...>` on line 8 and an inline `<TITLE>` on line 6 are said on
    their own lines, found whatever their capitals."""
    project = copy_project(tmp_path / "project")
    content = project / "content"
    write_post(content, "2021-01-01-base.md", "Base", "Slug: base\n",
               body='Words.\n\n<BASE HREF="https://elsewhere.example/">\n\nMore.\n')  # fmt: skip
    write_post(content, "2021-01-02-title.md", "Title tag", "Slug: title-tag\n",
               body="Words with <TITLE>x</TITLE> inline.\n")  # fmt: skip
    check = invoke(project, "check", env=dict(os.environ, CAMPAIGN_NOW="2021-04-10T00:00:00Z"))
    assert "content/2021-01-01-base.md:8: error: a <base> element" in check.stdout, check.stdout
    assert "content/2021-01-02-title.md:6: error: a <title> element" in check.stdout, check.stdout


def test_a_byte_that_is_not_utf8_is_blamed_on_its_line(tmp_path):
    """A byte that is not UTF-8 is said on its own line, not on line 1."""
    project = copy_project(tmp_path / "project")
    content = project / "content"
    write_post(content, "2021-03-01-alpha.md", "Alpha", "Slug: alpha\n", body="Alpha words.\n")
    alpha = content / "2021-03-01-alpha.md"
    alpha.write_bytes(alpha.read_bytes().replace(b"Alpha words.", b"Alpha \xff words."))
    line = alpha.read_bytes().split(b"\n").index(b"Alpha \xff words.") + 1
    status, said = run_build(project, {"cold": True})
    assert status != 0
    assert f"2021-03-01-alpha.md:{line}: article is not UTF-8 text" in said, said[-800:]


def test_a_page_rewritten_while_a_browser_loads_it_is_served_whole(tmp_path):
    """Pelican's writer empties a page and writes it again in place, while the
    preview's server has already sent its length: a browser still loading the page
    (a big page, a slow phone, a reload racing the rest of the site) got a cut
    page, and the terminal a tornado traceback. A 20 MB post, fixed while loading."""
    project = copy_project(tmp_path / "project")
    content = project / "content"
    big = "word " * 4_000_000  # a 20 MB page
    write_post(content, "2021-03-01-big.md", "Big", "Slug: big\n", body=big + "\n")
    live = LivePreview(project, tmp_path / "livereload.log")
    try:
        assert wait_for_text(f"{live.url}/2021/04/big.html", "word word", timeout=300), (
            live.output()
        )
        client = socket.socket()
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        client.connect(("127.0.0.1", live.port))
        client.sendall(b"GET /2021/04/big.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            head += client.recv(1024)
        length = int(next(
            line.split(b":")[1] for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        ))  # fmt: skip
        body = head.split(b"\r\n\r\n", 1)[1]
        # The editor cuts the post down while the page is still loading.
        said = live.output().count("the rest of the site follows")
        source = content / "2021-03-01-big.md"
        source.write_text(source.read_text().replace(big, "Short now."), encoding="utf-8")
        started = time.monotonic()
        while live.output().count("the rest of the site follows") == said:
            assert time.monotonic() - started < 120, live.output()
            time.sleep(0.1)
        client.settimeout(10)
        while len(body) < length:
            chunk = client.recv(65536)
            if not chunk:
                break
            body += chunk
        client.close()
        time.sleep(1)
        assert len(body) == length, f"got {len(body)} of {length} bytes"
        assert "Traceback" not in live.output(), live.output()[-2000:]
    finally:
        live.stop()
