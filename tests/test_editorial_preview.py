"""Drafts and scheduled posts in the two builds, and the live preview (`make serve`)."""

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import CONTENT, build_ok
from editorial_helpers import POST_SOURCE, copy_project, free_port

POST_URL = "2021/04/defend-immigrants-rights.html"
FIRST_SENTENCE = "As you may know, the 2021 Convention is coming up this August."


@pytest.fixture(scope="module")
def unfinished_content(tmp_path_factory):
    """The real content, plus a draft post, a draft page and a post dated next week."""
    content = tmp_path_factory.mktemp("unfinished") / "content"
    shutil.copytree(CONTENT, content)
    next_week = dt.date.today() + dt.timedelta(days=7)
    (content / "2021-04-10-draft-campaign.md").write_text(
        "Title: Draft campaign WORDOFDRAFT\nDate: 2021-04-10\nStatus: draft\n"
        "Signature_form: https://forms.real-campaign.org/sign\nDeadline: 2021-04-20\n\n"
        "WORDOFDRAFT is not ready.\n",
        encoding="utf-8",
    )
    (content / "pages" / "draft-page.md").write_text(
        "Title: Draft page WORDOFDRAFTPAGE\nStatus: draft\n\nWORDOFDRAFTPAGE is not ready.\n",
        encoding="utf-8",
    )
    (content / f"{next_week}-scheduled.md").write_text(
        f"Title: Scheduled WORDOFFUTURE\nDate: {next_week} 08:00\nSlug: scheduled\n\n"
        "WORDOFFUTURE comes out next week.\n",
        encoding="utf-8",
    )
    return content, next_week


def files_mentioning(site, word):
    """Every output file, of any kind, whose name or bytes contain ``word``."""
    found = []
    for path in site.rglob("*"):
        if path.is_file() and (word in path.name.upper() or word.encode() in path.read_bytes()):
            found.append(path.relative_to(site).as_posix())
    return found


def test_drafts_and_scheduled_posts_stay_out_of_the_publish_build(unfinished_content, tmp_path):
    content, _next_week = unfinished_content
    site = build_ok(tmp_path / "publish", content=content)
    assert (site / POST_URL).is_file()
    for word in ("WORDOFDRAFT", "WORDOFDRAFTPAGE", "WORDOFFUTURE"):
        assert files_mentioning(site, word) == [], word
    assert not (site / "drafts").exists()


def test_the_preview_build_shows_drafts_and_scheduled_posts(unfinished_content, tmp_path):
    content, next_week = unfinished_content
    site = build_ok(tmp_path / "local", settings="pelicanconf.py", content=content)
    assert "WORDOFDRAFT" in (site / "drafts/draft-campaign-wordofdraft.html").read_text()
    assert "WORDOFDRAFTPAGE" in (site / "drafts/pages/draft-page-wordofdraftpage.html").read_text()
    scheduled = site / f"{next_week:%Y/%m}/scheduled.html"
    assert "WORDOFFUTURE" in scheduled.read_text()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return None, str(error)


def wait_for_text(url, text, timeout):
    """Seconds until ``url`` serves ``text``, or None if it did not within ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        status, body = fetch(url)
        if status == 200 and text in body:
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def wait_until_connected(page):
    """Until livereload's script has shaken hands with the preview, which tells it
    the page's address in the same step: a save made before that would not know
    the page is open."""
    page.wait_for_function(
        "window.LiveReload && LiveReload.connector && LiveReload.connector.protocol",
        timeout=10_000,
    )


def seconds_until_shown(page, text, edit):
    """Make ``edit``, then time how long the open ``page`` takes to show ``text``."""
    edit()
    started = time.monotonic()
    page.wait_for_function(f"document.body.innerText.includes({json.dumps(text)})", timeout=5_000)
    return time.monotonic() - started


class LivePreview:
    """`invoke livereload` (what `make serve` runs) in a copy of the project."""

    def __init__(self, project, log, python=sys.executable):
        self.project = project
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.log = open(log, "w", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(
            [python, "-m", "invoke", "livereload", "--port", str(self.port)],
            cwd=project,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self):
        return self.log_path.read_text(encoding="utf-8")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    project = copy_project(folder / "project")
    preview = LivePreview(project, folder / "livereload.log")
    try:
        waited = wait_for_text(f"{preview.url}/{POST_URL}", FIRST_SENTENCE, timeout=60)
        assert waited is not None, preview.output()
        yield preview
    finally:
        preview.stop()


def save_post(project, old, new):
    post = project / POST_SOURCE
    text = post.read_text(encoding="utf-8")
    assert old in text
    post.write_text(text.replace(old, new, 1), encoding="utf-8")
    # Some file systems keep whole seconds: make sure the watcher sees a change.
    stamp = time.time()
    os.utime(post, (stamp, stamp))


def test_a_saved_change_is_served_within_two_seconds(live):
    save_post(live.project, "As you may know,", "Saved once: as you may know,")
    waited = wait_for_text(f"{live.url}/{POST_URL}", "Saved once: as you may know,", timeout=10)
    assert waited is not None, live.output()
    print(f"live preview: new text served {waited:.2f} s after saving")
    assert waited < 2.0, f"{waited:.2f} s"


def test_a_build_error_is_explained_and_the_preview_keeps_serving(live):
    save_post(live.project, "Deadline: 2021-04-13", "Deadline: 2021-04-31")
    message = "deadline '2021-04-31' is not a real calendar date"
    advice = "The build failed; fix the line above and save again."
    started = time.monotonic()
    while advice not in live.output() and time.monotonic() - started < 10:
        time.sleep(0.1)
    assert f"{POST_SOURCE}:8: {message}" in live.output()
    assert advice in live.output()
    assert live.output().index(message) < live.output().index(advice)
    assert "Traceback" not in live.output()
    assert live.process.poll() is None, "the preview must survive a build error"
    status, body = fetch(f"{live.url}/{POST_URL}")
    assert status == 200 and "Saved once" in body, "the last good build is still served"

    save_post(live.project, "Deadline: 2021-04-31", "Deadline: 2021-04-13")
    save_post(live.project, "Saved once:", "Fixed and saved:")
    waited = wait_for_text(f"{live.url}/{POST_URL}", "Fixed and saved:", timeout=10)
    assert waited is not None and waited < 2.0, live.output()


def test_the_open_page_reloads_itself(live, browser):
    """The browser need not be refreshed by hand: livereload's script does it."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{live.url}/{POST_URL}")
        wait_until_connected(page)
        waited = seconds_until_shown(
            page,
            "Reloaded in the browser:",
            lambda: save_post(live.project, "Fixed and saved:", "Reloaded in the browser:"),
        )
        print(f"live preview: open page reloaded {waited:.2f} s after saving")
        assert waited < 2.0, f"{waited:.2f} s"
    finally:
        context.close()


def install_project(project):
    """A virtual environment for ``project`` alone: the suite's third-party packages,
    and the project's own packages installed from ``project`` (editable), so that an
    edit to its plugin code is an edit to the code its builds run."""
    venv = project / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    site_packages = next((venv / "lib").glob("python3.*/site-packages"))
    ours = sysconfig.get_paths()["purelib"]
    (site_packages / "suite-packages.pth").write_text(f"{ours}\n", encoding="utf-8")
    python = venv / "bin" / "python"
    install = [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*install, "--editable", project], check=True, capture_output=True)
    found = subprocess.run(
        [python, "-c", "import pelican.plugins.campaign.markup as m; print(m.__file__)"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert found.stdout.strip() == str(project / "plugins" / "campaign" / "markup.py")
    return python


def test_an_edit_to_plugin_code_shows_in_the_open_page(tmp_path, browser):
    """Each rebuild runs in a new process: plugin code is read afresh, not reused."""
    project = copy_project(tmp_path / "project")
    live = LivePreview(project, tmp_path / "livereload.log", python=install_project(project))
    url = f"{live.url}/{POST_URL}"
    context = browser.new_context()
    try:
        # No CAMPAIGN_NOW: by the real clock the 2021 campaign is closed.
        assert wait_for_text(url, "Signing closed on", timeout=60), live.output()
        page = context.new_page()
        page.goto(url)
        wait_until_connected(page)
        markup = project / "plugins" / "campaign" / "markup.py"
        code = markup.read_text(encoding="utf-8")
        # The words are the catalogue's; the markup around them is the plugin's code.
        closed = "<strong>{_sentence(CLOSED_ON"
        assert code.count(closed) == 1
        edited = code.replace(closed, "<strong>Plugin edited: {_sentence(CLOSED_ON")
        waited = seconds_until_shown(
            page, "Plugin edited: Signing closed on", lambda: markup.write_text(edited, "utf-8")
        )
        print(f"live preview: plugin edit shown {waited:.2f} s after saving")
        assert waited < 2.0, f"{waited:.2f} s"
    finally:
        context.close()
        live.stop()


def request(url, method="GET"):
    """(status, Content-Type, body) of ``url``, whatever the status."""
    asked = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(asked, timeout=5) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Content-Type", ""), error.read()


@pytest.fixture
def served_output(tmp_path):
    """`invoke serve` (what `make preview` runs after its build) in a copy of the
    project, serving a publish build in its output/; stopped with Ctrl-C after."""
    project = copy_project(tmp_path / "project")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    output = build_ok(project / "output", siteurl=url)
    log_path = tmp_path / "serve.log"
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
            cwd=project,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            waited = wait_for_text(f"{url}/{POST_URL}", FIRST_SENTENCE, timeout=30)
            assert waited is not None, log_path.read_text(encoding="utf-8")
            yield url, output, process
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_the_preview_answers_a_missing_address_with_the_sites_404_page(served_output):
    url, output, process = served_output
    page = (output / "404.html").read_bytes()
    assert b"Page not found" in page
    for path in ("/no-such-page.html", "/2021/04/no-such-post.html", "/no/such/folder/"):
        status, kind, body = request(f"{url}{path}")
        assert status == 404, path
        assert kind.startswith("text/html"), path
        assert body == page, path
    status, _, body = request(f"{url}/no-such-page.html", method="HEAD")
    assert (status, body) == (404, b"")
    # What is there is served as before, an address without its .html too.
    assert request(f"{url}/{POST_URL}")[0] == 200
    assert request(f"{url}/pages/resolution")[:2] == (200, "text/html")
    assert process.poll() is None


def preview_builds(project):
    """The ids of the processes building or ready to build ``project``'s preview."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"editorial.preview_build" in words and str(project).encode() in b" ".join(words):
            found.append(int(entry.name))
    return found


def write_posts(content, count):
    """``count`` short posts, one a week back from 2021, all under one tag."""
    newest = dt.datetime(2021, 3, 1, 9, 0)
    for number in range(count):
        date = newest - dt.timedelta(days=7 * number)
        (content / f"{date:%Y-%m-%d}-post-{number:04d}.md").write_text(
            f"Title: Old post {number}\nDate: {date:%Y-%m-%d %H:%M}\nSlug: post-{number:04d}\n"
            f"Tags: scale\n\nPost number {number} of an old blog.\n",
            encoding="utf-8",
        )
    return f"{newest:%Y/%m}/post-0000.html"


def test_at_1000_posts_a_save_writes_the_edited_and_open_pages_first_then_the_rest(
    tmp_path, browser
):
    """The open list and the edited post show the new title at once; a page that
    neither is (the tag's list) gets it only from the background build after."""
    project = copy_project(tmp_path / "project")
    edited = write_posts(project / "content", 1000)
    live = LivePreview(project, tmp_path / "livereload.log")
    context = browser.new_context()
    try:
        assert wait_for_text(f"{live.url}/{edited}", "Old post 0", timeout=300), live.output()
        page = context.new_page()
        page.goto(f"{live.url}/index.html")
        wait_until_connected(page)
        source = project / "content" / "2021-03-01-post-0000.md"
        text = source.read_text(encoding="utf-8")
        waited = seconds_until_shown(
            page,
            "Renamed at scale",
            lambda: source.write_text(
                text.replace("Title: Old post 0", "Title: Renamed at scale"), encoding="utf-8"
            ),
        )
        tag_page = project / "output" / "tag" / "scale.html"
        assert "Renamed at scale" not in tag_page.read_text(encoding="utf-8")
        assert "Renamed at scale" in (project / "output" / edited).read_text(encoding="utf-8")
        assert f"Wrote {edited}, index.html; the rest of the site follows." in live.output()
        print(f"live preview, 1000 posts: open page shows the edit {waited:.2f} s after saving")

        rest = wait_for_text(f"{live.url}/tag/scale.html", "Renamed at scale", timeout=120)
        assert rest is not None, live.output()
        started = time.monotonic()
        while "Wrote the rest of the site." not in live.output():
            assert time.monotonic() - started < 10, live.output()
            time.sleep(0.1)
        assert "Traceback" not in live.output()

        # Ctrl-C while a build runs in the background stops it too, and the spare.
        source.write_text(text.replace("Title: Old post 0", "Title: Saved again"), "utf-8")
        assert wait_for_text(f"{live.url}/{edited}", "Saved again", timeout=30), live.output()
        started = time.monotonic()
        while not preview_builds(project):  # the rest starts just after the page
            assert time.monotonic() - started < 5, "no build nor spare beside the preview"
            time.sleep(0.05)
        live.process.send_signal(signal.SIGINT)
        assert live.process.wait(timeout=10) is not None
        assert preview_builds(project) == []
        assert "Traceback" not in live.output()
    finally:
        context.close()
        live.stop()
