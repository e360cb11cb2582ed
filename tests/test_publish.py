"""`invoke publish`: build, check, swap into output/, push to a git branch; never a broken site.

Every test works on a copy of the project with its own git repository and a
bare repository as the remote, so the real content/ and output/ stay untouched.
"""

import datetime as dt
import gzip
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BEFORE_DEADLINE, POST_PATH, ROOT, build_ok

from publishing import folders

SITEURL = "https://campaign.example.net"
POST_SOURCE = "content/2021-04-08-defend-immigrants-rights.md"
PLACEHOLDER_FORM = "https://example.org/sign/resolution-on-defense-of-immigrants-and-refugees"
# Publishing an open campaign needs a form people can sign.
REAL_FORM = "https://forms.real-campaign.org/sign/resolution"
# What a copy of the project leaves out: environments, caches, builds, other tools.
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "output",
    "bench",
    "node_modules",
    "test-artifacts",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "cache",
    ".publish-*",
)


def git(*args, cwd):
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


class Project:
    """A copy of the project in its own git repository, with a bare repository as origin."""

    def __init__(self, folder):
        self.root = folder / "project"
        self.remote = folder / "remote.git"
        shutil.copytree(ROOT, self.root, ignore=NOT_COPIED)
        # The HTML checker npm installed (32 MB): the copy's tools find it where make put it.
        vnu = Path("tools", "vnu", "node_modules")
        (self.root / vnu).symlink_to(ROOT / vnu, target_is_directory=True)
        self.edit(POST_SOURCE, PLACEHOLDER_FORM, REAL_FORM)
        git("init", "--quiet", "--initial-branch=main", cwd=self.root)
        git("config", "user.name", "Campaign Editor", cwd=self.root)
        git("config", "user.email", "editor@campaign.example.net", cwd=self.root)
        self.commit("The site as it is")
        git("init", "--quiet", "--bare", str(self.remote), cwd=folder)
        git("remote", "add", "origin", str(self.remote), cwd=self.root)

    @property
    def output(self):
        return self.root / "output"

    def commit(self, message):
        git("add", "--all", cwd=self.root)
        git("commit", "--quiet", "--allow-empty", "-m", message, cwd=self.root)

    def publish(self, *options, **env):
        """Run `invoke publish` as an editor would, from the project's folder."""
        variables = dict(os.environ, SITEURL=SITEURL, CAMPAIGN_NOW=BEFORE_DEADLINE)
        variables.pop("CNAME", None)
        variables.update(env)
        command = [sys.executable, "-m", "invoke", "publish", *options]
        return subprocess.run(command, cwd=self.root, env=variables, capture_output=True, text=True)

    def publish_ok(self, *options, **env):
        result = self.publish(*options, **env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def edit(self, path, old, new):
        source = self.root / path
        text = source.read_text(encoding="utf-8")
        assert old in text
        source.write_text(text.replace(old, new, 1), encoding="utf-8")

    def branch_head(self, branch="gh-pages"):
        result = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
            cwd=self.remote,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip() or None

    def branch_files(self, branch="gh-pages"):
        return set(git("ls-tree", "-r", "--name-only", branch, cwd=self.remote).split())

    def branch_file(self, path, branch="gh-pages"):
        result = subprocess.run(
            ["git", "show", f"{branch}:{path}"], cwd=self.remote, capture_output=True
        )
        assert result.returncode == 0, result.stderr.decode()
        return result.stdout

    def leftovers(self):
        return sorted(path.name for path in self.root.glob(".publish-*"))


def snapshot(folder):
    """Every file of a folder with its bytes, to compare two states exactly."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The copy, published once with the default remote (origin) and branch (gh-pages)."""
    project = Project(tmp_path_factory.mktemp("publish"))
    project.publish_ok()
    return project


def test_publish_pushes_the_site_to_the_gh_pages_branch_of_origin(project):
    files = project.branch_files()
    assert {".nojekyll", POST_PATH, "index.html", "404.html", "feeds/all.atom.xml"} <= files
    assert "CNAME" not in files, "no CNAME file unless a custom domain is set"
    assert project.branch_file(".nojekyll") == b""
    # The branch holds exactly what output/ holds, and nothing else.
    assert files - {".nojekyll"} == set(snapshot(project.output))
    assert project.branch_file(POST_PATH) == (project.output / POST_PATH).read_bytes()
    assert f'href="{SITEURL}/'.encode() in project.branch_file(POST_PATH)
    message = git("log", "-1", "--format=%s", "gh-pages", cwd=project.remote).strip()
    head = git("rev-parse", "--short", "HEAD", cwd=project.root).strip()
    assert message == f"Publish {SITEURL} from {head}"


def test_output_is_readable_by_a_web_server(project):
    assert stat.S_IMODE(project.output.stat().st_mode) == 0o755
    assert project.leftovers() == []


def test_publishing_again_after_a_content_change_updates_the_branch(project):
    before = project.branch_head()
    added = "Every chapter may now endorse the resolution."
    project.edit(POST_SOURCE, "## How you can assist ?", f"{added}\n\n## How you can assist ?")
    project.commit("Open the resolution to every chapter")

    project.publish_ok()

    assert added.encode() in project.branch_file(POST_PATH)
    assert added.encode() in (project.output / POST_PATH).read_bytes()
    # History is kept: the new site is one commit on top of the last one.
    assert git("rev-parse", "gh-pages^", cwd=project.remote).strip() == before


def broken_publish_leaves_everything_as_it_was(project, path, old, new):
    output_before = snapshot(project.output)
    branch_before = project.branch_head()
    original = (project.root / path).read_bytes()
    project.edit(path, old, new)
    try:
        result = project.publish()
    finally:
        (project.root / path).write_bytes(original)
    assert result.returncode != 0, result.stdout
    assert snapshot(project.output) == output_before, "output/ changed"
    assert project.branch_head() == branch_before, "the remote branch changed"
    assert project.leftovers() == []
    return result


def test_bad_campaign_metadata_publishes_nothing(project):
    result = broken_publish_leaves_everything_as_it_was(
        project, POST_SOURCE, "Deadline: 2021-04-13", "Deadline: 2021-04-31"
    )
    assert f"{POST_SOURCE}:8: error: deadline '2021-04-31' is not a real calendar date" in (
        result.stderr
    )
    assert "nothing was built or pushed" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failed_quality_gate_publishes_nothing(project):
    result = broken_publish_leaves_everything_as_it_was(
        project,
        POST_SOURCE,
        "## How you can assist ?",
        '<a href="/no-such-page.html">More</a>\n\n## How you can assist ?',
    )
    assert "/no-such-page.html is a dead link" in result.stderr
    assert "output/ is unchanged and nothing was pushed" in result.stderr


def test_publish_refuses_without_a_site_address(project):
    branch_before = project.branch_head()
    output_before = snapshot(project.output)
    result = project.publish(SITEURL="")
    assert result.returncode != 0
    assert "publish: SITEURL (not set) is not a web address" in result.stderr
    assert snapshot(project.output) == output_before
    assert project.branch_head() == branch_before


def test_remote_branch_and_custom_domain_can_be_chosen(project):
    project.publish_ok("--remote", str(project.remote), "--branch", "site", CNAME="act.example.org")
    assert project.branch_file("CNAME", branch="site").strip() == b"act.example.org"
    assert {".nojekyll", POST_PATH} <= project.branch_files("site")
    result = project.publish("--no-push", CNAME="https://act.example.org/")
    assert result.returncode != 0
    assert "CNAME 'https://act.example.org/' is not a host name" in result.stderr


def test_two_publish_builds_of_one_commit_are_byte_identical(tmp_path, monkeypatch):
    """Same sources, same CAMPAIGN_NOW: the same bytes, whatever the clock, the
    machine's time zone, the folders, or the files' modification times."""
    first = snapshot(build_ok(tmp_path / "first", siteurl=SITEURL))
    time.sleep(1.1)  # a second later, so that anything that writes the time shows it
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, copy_function=shutil.copy)  # new times
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    second = snapshot(build_ok(tmp_path / "second", siteurl=SITEURL, content=content))
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, differing
    assert any(name.endswith(".gz") for name in first)


def test_text_files_have_gzip_copies_that_are_stable(project):
    files = snapshot(project.output)
    copies = {name: data for name, data in files.items() if name.endswith(".gz")}
    assert f"{POST_PATH}.gz" in copies
    assert "theme/style.css.gz" in copies
    for name, data in copies.items():
        assert gzip.decompress(data) == files[name[: -len(".gz")]], name
        # The gzip header's time field is zero, so copies do not change with the clock.
        assert data[4:8] == b"\0\0\0\0", name


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "which").write_text("first")
    assert folders.exchange_paths(first, second) is True
    assert (second / "which").read_text() == "first"
    assert not (first / "which").exists()


@pytest.mark.parametrize("atomic", [True, False], ids=["exchange", "fallback"])
def test_replace_folder_puts_the_new_site_in_place_of_the_old(tmp_path, monkeypatch, atomic):
    if not atomic:
        monkeypatch.setattr(folders, "exchange_paths", lambda first, second: False)
    output, staging = tmp_path / "output", tmp_path / ".publish-new"
    for folder, text in ((output, "old"), (staging, "new")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    new_folder = staging.stat().st_ino

    folders.replace_folder(staging, output)

    assert (output / "index.html").read_text() == "new"
    assert output.stat().st_ino == new_folder, "moved whole, not copied"
    assert (staging / "index.html").read_text() == "old", "the old site waits to be removed"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".publish-new", "output"]


def test_a_post_dated_in_the_future_waits_for_its_day(tmp_path):
    """What the daily rebuild is for: a post appears on its date, not before, and
    not even at a guessable drafts/ address."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    today = dt.date.today()
    days = {"arrived": today - dt.timedelta(days=2), "not-yet": today + dt.timedelta(days=2)}
    for slug, day in days.items():
        (content / f"{day}-{slug}.md").write_text(
            f"Title: Post {slug}\nDate: {day}\nCategory: News\nSlug: {slug}\n\nText.\n",
            encoding="utf-8",
        )

    output = build_ok(tmp_path / "output", content=content)

    assert (output / f"{days['arrived']:%Y/%m}/arrived.html").is_file()
    files = [path.relative_to(output).as_posix() for path in output.rglob("*")]
    assert not [name for name in files if "not-yet" in name or name.startswith("drafts")]
    mentions = [path for path in output.rglob("*.html") if b"not-yet" in path.read_bytes()]
    assert not mentions


def test_an_open_campaign_with_a_placeholder_form_is_not_published(project):
    result = broken_publish_leaves_everything_as_it_was(
        project, POST_SOURCE, REAL_FORM, PLACEHOLDER_FORM
    )
    [line] = [line for line in result.stderr.splitlines() if "placeholder address" in line]
    assert line.startswith(f"{POST_SOURCE}:7: error: signature_form '{PLACEHOLDER_FORM}'")
    assert "nothing was built or pushed" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_closed_campaign_with_a_placeholder_form_may_stay_published(project):
    """The shipped post as it is: its 2021 campaign is over, so nobody is asked to sign."""
    original = (project.root / POST_SOURCE).read_bytes()
    project.edit(POST_SOURCE, REAL_FORM, PLACEHOLDER_FORM)
    try:
        result = project.publish_ok("--no-push", CAMPAIGN_NOW="2021-04-20T12:00:00Z")
    finally:
        (project.root / POST_SOURCE).write_bytes(original)
    assert "warning: signature_form" in result.stderr


def test_publish_prints_every_warning_of_make_check(project):
    result = project.publish_ok("--no-push")
    assert f"{POST_SOURCE}:13: warning: the text says 'before April 15'" in result.stderr


@pytest.mark.parametrize(
    "siteurl,problem",
    [
        ("https://x.example/?q=1", "has a query or fragment, which every link would carry"),
        ("https://x.example/#top", "has a query or fragment, which every link would carry"),
        ("https://user:secret@x.example/", "carries a user name or password"),
        ("http://x.example/", "is an http:// address for a site on the web"),
        ("x.example", "is not an absolute web address"),
        ("ftp://x.example/", "is not an absolute web address"),
    ],
)
def test_publish_refuses_a_site_address_links_cannot_use(project, siteurl, problem):
    output_before = snapshot(project.output)
    result = project.publish("--no-push", SITEURL=siteurl)
    assert result.returncode != 0
    assert result.stderr.strip() == (
        f"publish: SITEURL {siteurl!r} {problem}; expected an absolute https:// address "
        "without query, fragment or password, like https://example.github.io/campaign "
        "(http:// only for a local preview at 127.0.0.1 or localhost), or nothing for a "
        "local build"
    )
    assert snapshot(project.output) == output_before


def test_a_build_refuses_a_site_address_links_cannot_use(tmp_path):
    from conftest import build

    result = build(tmp_path / "out", siteurl="https://x.example/?q=1")
    assert result.returncode != 0
    assert "settings: SITEURL 'https://x.example/?q=1' has a query or fragment" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("delay", [0.8, 2.5])
def test_an_interrupted_publish_changes_nothing_and_cleans_up(project, signal_name, delay):
    import signal

    output_before = snapshot(project.output)
    branch_before = project.branch_head()
    variables = dict(os.environ, SITEURL=SITEURL, CAMPAIGN_NOW=BEFORE_DEADLINE)
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "publish"],
        cwd=project.root,
        env=variables,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    process.send_signal(getattr(signal, signal_name))
    _out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1] == (
        f"publish: stopped by {signal_name}; output/ is unchanged and nothing was pushed"
    ), err
    assert "Traceback" not in err
    assert snapshot(project.output) == output_before
    assert project.branch_head() == branch_before
    assert project.leftovers() == []


def test_a_killed_publish_leaves_nothing_behind_for_long(project):
    abandoned = project.root / ".publish-999999999-x"
    (abandoned / "2021").mkdir(parents=True)
    project.publish_ok("--no-push")
    assert project.leftovers() == []


def test_an_unwritable_folder_is_one_line(tmp_path, monkeypatch):
    from publishing import WorkflowError, pipeline

    def refuse(new, target):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(pipeline, "replace_folder", refuse)
    monkeypatch.setattr(pipeline, "check_content", lambda settings, report: set())
    monkeypatch.setattr(pipeline, "site_problems", lambda folder, siteurl, allowed: [])
    monkeypatch.setenv("CAMPAIGN_NOW", BEFORE_DEADLINE)
    output = tmp_path / "output"
    with pytest.raises(WorkflowError) as raised:
        pipeline.build_and_check(
            tmp_path, ROOT / "content", ROOT / "publishconf.py", output, "https://x.example"
        )
    assert str(raised.value) == (
        f"publish: {output}: Permission denied; expected a folder this user can write to"
    )
    assert list(tmp_path.glob(".publish-*")) == []
