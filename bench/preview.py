"""Live-preview latency: from saving a post to the open page showing the change.

Measured through the real thing: ``invoke livereload`` (what ``make serve``
runs) in a copy of the project whose content is the synthetic posts, and
Chromium (Playwright) with the edited post open, reloaded by livereload's
script. Each save appends a sentence to the newest post; the clock stops when
the page's text has it. Before each save the preview is left to finish the
site (it says so; or, for a version that does not, until no file was written
for a second), so every save finds it idle, as an editor's next save usually
does.

``python -m bench.preview --sizes 100,1000`` measures on its own;
``--project`` points at another checkout of the project (to compare versions).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .lighthouse import chromium_path
from .messages import BenchError, log
from .project import ROOT
from .sites import campaign_now, synthetic_posts, write_pelican_site

# Not part of a working copy of the project.
SKIPPED = {".venv", ".git", "output", "bench", "docs", "tests", "test-artifacts", "cache"}
SKIPPED |= {"node_modules", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"}
QUIET_SECONDS = 1.0
# What the preview says after writing the edited and open pages, and the rest.
FOLLOWS, REST_WRITTEN = "the rest of the site follows", "Wrote the rest of the site."


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def preview_project(source, target, posts, seed_cache=None):
    """A copy of the project at ``source`` whose content is ``posts``."""
    shutil.copytree(source, target, ignore=lambda _folder, names: SKIPPED.intersection(names))
    shutil.rmtree(target / "content")
    write_pelican_site(target / "content", posts, replace_marker=False)
    if seed_cache:
        shutil.copytree(seed_cache, target / "cache")
    return target


def served(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def newest_write(folder):
    stamps = [entry.stat().st_mtime for entry in Path(folder).rglob("*") if entry.is_file()]
    return max(stamps, default=0.0)


def settle(output, timeout):
    """Wait until nothing has been written into ``output`` for a second."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if time.time() - newest_write(output) >= QUIET_SECONDS:
            return
        time.sleep(0.2)
    raise BenchError(f"the preview kept writing into {output} for {timeout:.0f} s")


class Preview:
    """``invoke livereload`` in ``project``, on a free port, its words in a log."""

    def __init__(self, project, now):
        self.project = project
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = project / "livereload.log"
        env = dict(os.environ, CAMPAIGN_NOW=now)
        env.pop("SITEURL", None)
        with open(self.log_path, "w", encoding="utf-8") as log_file:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "invoke", "livereload", "--port", str(self.port)],
                cwd=project,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_for(self, path, timeout):
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                break
            if served(f"{self.url}/{path}"):
                return time.monotonic() - started
            time.sleep(0.2)
        tail = "\n".join(self.log_path.read_text(encoding="utf-8").splitlines()[-15:])
        raise BenchError(f"the live preview did not serve /{path} within {timeout:.0f} s:\n{tail}")

    def said(self, words):
        return self.log_path.read_text(encoding="utf-8").count(words)

    def settle(self, timeout):
        """Wait until the preview has finished writing the site: it says so (a
        version that writes in two steps), or nothing is written for a second."""
        if self.said(FOLLOWS) == 0:
            settle(self.project / "output", timeout)
            return
        started = time.monotonic()
        while self.said(REST_WRITTEN) < self.said(FOLLOWS):
            if time.monotonic() - started > timeout:
                raise BenchError(f"the preview did not finish the site within {timeout:.0f} s")
            time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def save(post, marker):
    text = post.read_text(encoding="utf-8").rstrip("\n")
    post.write_text(f"{text}\n\n{marker}\n", encoding="utf-8")


def measure_preview(work, size, saves, source=ROOT, seed_cache=None, timeout=1800):
    """Seconds from each of ``saves`` saves to the open page showing it, and the
    seconds the preview took to start (its first, whole build)."""
    from playwright.sync_api import sync_playwright

    posts = synthetic_posts(size)
    project = preview_project(source, work / f"preview-{size}", posts, seed_cache)
    newest = posts[-1]
    path = f"{newest.date:%Y/%m}/{newest.slug}.html"
    source_file = project / "content" / newest.filename
    preview = Preview(project, campaign_now(posts))
    latencies = []
    try:
        started = preview.wait_for(path, timeout)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(f"{preview.url}/{path}")
            for number in range(1, saves + 1):
                preview.settle(timeout)
                page.wait_for_function("window.LiveReload !== undefined", timeout=30_000)
                marker = f"Saved for the bench, time {number}."
                save(source_file, marker)
                clock = time.monotonic()
                page.wait_for_function(
                    f"document.body.innerText.includes({json.dumps(marker)})", timeout=60_000
                )
                latencies.append(time.monotonic() - clock)
                log(f"  preview, {size} posts, save {number}: {latencies[-1]:.2f} s")
            browser.close()
    finally:
        preview.stop()
        shutil.rmtree(project, ignore_errors=True)
    return latencies, started


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.preview", description=__doc__)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--project", default=str(ROOT), help="the project checkout to measure")
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="campaign-preview-") as temporary:
        for size in (int(size) for size in args.sizes.split(",")):
            latencies, started = measure_preview(
                Path(temporary), size, args.saves, Path(args.project).resolve()
            )
            each = ", ".join(f"{x:.2f}" for x in latencies)
            middle = statistics.median(latencies)
            print(f"{size} posts: median {middle:.2f} s of {each}; first build {started:.1f} s")


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        sys.exit(f"bench: {error}")
