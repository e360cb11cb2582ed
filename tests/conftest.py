"""Shared fixtures: real Pelican builds of the project, served on loopback, and Chromium."""

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from publishing.build import LOG_OPTIONS

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
POST_PATH = "2021/04/defend-immigrants-rights.html"
RESOLUTION_PATH = "pages/resolution.html"
# The campaign post's deadline is 2021-04-13 23:59:59 in New York (UTC-4).
DEADLINE_UTC = "2021-04-14T03:59:59Z"
BEFORE_DEADLINE = "2021-04-09T03:59:59Z"  # five days before
AFTER_DEADLINE = "2021-04-20T12:00:00Z"
ARTIFACTS = ROOT / "test-artifacts"


def build(
    output,
    settings="publishconf.py",
    now=BEFORE_DEADLINE,
    siteurl="http://127.0.0.1:8000",
    content=CONTENT,
    extra_settings=None,
    fatal="warnings",
    log_options=LOG_OPTIONS,
):
    """Build a site with Pelican's command line, as the project's tasks run it."""
    env = dict(os.environ, CAMPAIGN_NOW=now or "", SITEURL=siteurl)
    if not now:
        env.pop("CAMPAIGN_NOW")
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(ROOT / settings),
        "-o",
        str(output),
        *log_options,
    ]
    if fatal:
        command += ["--fatal", fatal]
    # Pelican's cache (social cards, say) beside the output, never in the project.
    cache = Path(output).parent / f"{Path(output).name}-cache"
    extra_settings = {"CACHE_PATH": json.dumps(str(cache)), **(extra_settings or {})}
    # One -e with every KEY=VALUE: a second -e would replace the first.
    command += ["-e", *(f"{key}={value}" for key, value in extra_settings.items())]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def build_ok(output, **kwargs):
    result = build(output, **kwargs)
    assert result.returncode == 0, result.stdout + result.stderr
    return Path(output)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class SiteServer:
    """Serves a folder on a free loopback port; the port is known before the build."""

    def __init__(self, root):
        self.root = Path(root)
        handler = functools.partial(QuietHandler, directory=str(self.root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """Publish builds of the real content, served: one per campaign state."""
    servers = {}

    def serve(state):
        if state not in servers:
            root = tmp_path_factory.mktemp(f"site-{state}")
            server = SiteServer(root)
            now = BEFORE_DEADLINE if state == "open" else AFTER_DEADLINE
            build_ok(root, now=now, siteurl=server.url)
            servers[state] = server.start()
        return servers[state]

    yield serve
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project in its own git repository (tests/publish_helpers.py),
    published once with the default remote (origin) and branch (gh-pages)."""
    from publish_helpers import Project

    project = Project(tmp_path_factory.mktemp("publish"))
    project.publish_ok()
    return project


@pytest.fixture(scope="session")
def local_site(tmp_path_factory):
    """The local (pelicanconf) build of the real content, before the deadline."""
    return build_ok(tmp_path_factory.mktemp("local"), settings="pelicanconf.py")


def chromium_path():
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail(
            "Chromium is required for the browser tests: run `make test`, which "
            "installs Debian's chromium package, or set CHROMIUM to a Chromium binary."
        )
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def artifacts(request):
    """A folder for screenshots a person can look at after the run."""
    folder = ARTIFACTS / request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
