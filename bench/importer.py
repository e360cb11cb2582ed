"""``python -m bench.importer``: how long `make import` takes over a Blogger export
of 1,000 posts and 2,000 comments (no images), into a copy of the site's content.

Each run is the whole command as an editor runs it (Python's start, reading the
site, parsing, converting, writing), into a fresh copy; the target is 30 s.
Prints every run, the median, and the machine's load, since the machine is shared.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .machine import cpu_model

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30
POST_HTML = (
    '<div dir="ltr" style="text-align: left;"><div>Paragraph {n}.1 of the post, with '
    '<span style="font-weight: bold;">bold words</span> and a '
    '<a href="https://wg.blogspot.com/{link}">link to an older post</a>.</div>'
    "<div><br /></div><div>Paragraph {n}.2, a longer one: the working group met on Saturday, "
    "heard from three speakers, and planned the next month.<br />A second line.</div>"
    "<h3>What we decided</h3><ul><li>One thing.</li><li>Another thing.</li></ul>"
    "<blockquote>A quotation from a member.</blockquote>"
    "<div><br /></div><div>Closing paragraph {n}.3.</div></div>"
)


def export(posts, comments):
    """A Takeout feed.atom: ``posts`` posts with labels and links, ``comments`` comments."""
    import html

    parts = [
        "<?xml version='1.0' encoding='utf-8'?>",
        "<feed xmlns='http://www.w3.org/2005/Atom' "
        "xmlns:blogger='http://schemas.google.com/blogger/2018'>",
        "<id>tag:blogger.com,1999:blog-1</id><title>Bench blog</title>",
    ]
    addresses = []
    for n in range(posts):
        year, month, day = 2010 + n // 120, 1 + (n // 10) % 12, 1 + n % 28
        address = f"/{year}/{month:02d}/post-number-{n}.html"
        link = addresses[n // 2].lstrip("/") if addresses else "search/label/News"
        addresses.append(address)
        body = html.escape(POST_HTML.format(n=n, link=link))
        parts.append(
            f"<entry><id>tag:blogger.com,1999:blog-1.post-{n}</id>"
            "<blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>"
            f"<title>Post number {n}</title><content type='html'>{body}</content>"
            f"<published>{year}-{month:02d}-{day:02d}T12:00:00Z</published>"
            f"<category term='News'/><category term='Label {n % 7}'/>"
            f"<blogger:filename>{address}</blogger:filename></entry>"
        )
    for n in range(comments):
        parts.append(
            f"<entry><id>tag:blogger.com,1999:blog-1.post-c{n}</id>"
            "<blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>"
            f"<title></title><content type='html'>&lt;p&gt;Comment {n}&lt;/p&gt;</content>"
            "<published>2015-01-01T12:00:00Z</published>"
            f"<blogger:parent>tag:blogger.com,1999:blog-1.post-{n % posts}</blogger:parent></entry>"
        )
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def run_once(feed, workdir, fresh=True):
    content = workdir / "content"
    if fresh:
        shutil.rmtree(content, ignore_errors=True)
        shutil.copytree(ROOT / "content", content)
    command = [sys.executable, "-m", "importer", str(feed), "--content", str(content)]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench.importer: the import failed: {result.stderr.strip()}")
    return seconds, result.stdout.splitlines()[0]


def main():
    parser = argparse.ArgumentParser(prog="python -m bench.importer", description=__doc__)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        workdir = Path(folder)
        feed = workdir / "feed.atom"
        feed.write_text(export(arguments.posts, arguments.comments), encoding="utf-8")
        size = feed.stat().st_size / 1024 / 1024
        print(f"Export: {arguments.posts} posts, {arguments.comments} comments, {size:.1f} MiB")
        load_before = os.getloadavg()[0]
        times = []
        for run in range(1, arguments.runs + 1):
            seconds, summary = run_once(feed, workdir)
            times.append(seconds)
            print(f"run {run}: {seconds:.2f} s  ({summary})")
        again, summary = run_once(feed, workdir, fresh=False)
        print(f"the same import again (every post already here): {again:.2f} s  ({summary})")
        median = statistics.median(times)
        verdict = "met" if median <= TARGET_SECONDS else "missed"
        print(f"median {median:.2f} s, target {TARGET_SECONDS} s: {verdict}")
        print(
            f"machine: {cpu_model()}, {os.cpu_count()} cores; load average (1 min) "
            f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
        )


if __name__ == "__main__":
    main()
