"""`invoke publish`: build, check, swap into output/, push to a git branch; never a broken site.

Every test works on a copy of the project with its own git repository and a
bare repository as the remote, so the real content/ and output/ stay untouched.
"""

import datetime as dt
import gzip
import shutil
import stat
import time

import pytest
from conftest import POST_PATH, ROOT, build_ok
from publish_helpers import (
    POST_SOURCE,
    SITEURL,
    broken_publish_leaves_everything_as_it_was,
    git,
    snapshot,
)

from publishing import folders


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
        '<a href="no-such-page.html">More</a>\n\n## How you can assist ?',
    )
    assert "no-such-page.html is a dead link (no 2021/04/no-such-page.html)" in result.stderr
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


def test_an_emoji_title_publishes_with_the_warning_make_check_gives(project):
    # The card's font has no emoji: a warning in `make check`, in the build, and in
    # the publish, which goes on (it used to stop with Pelican's traceback).
    original = (project.root / POST_SOURCE).read_bytes()
    title = "Title: Defend Immigrants Rights"
    emoji = "Title: Defiende a los inmigrantes: firma y comparte hoy mismo 📢✊🏽 antes del cierre"
    project.edit(POST_SOURCE, title, emoji)
    try:
        result = project.publish_ok()
    finally:
        (project.root / POST_SOURCE).write_bytes(original)
    said = f"{POST_SOURCE}:1: warning: the social card's font (Noto Sans) has no glyphs for"
    assert said in result.stderr
    assert "Traceback" not in result.stderr and "RuntimeError" not in result.stderr
    assert "Built and checked" in result.stdout


def test_raw_html_is_refused_before_the_build_on_its_line(project):
    result = broken_publish_leaves_everything_as_it_was(
        project,
        POST_SOURCE,
        "## How you can assist ?",
        '<iframe src="https://www.youtube.com/embed/abc"></iframe>\n\n## How you can assist ?',
    )
    assert f"{POST_SOURCE}:" in result.stderr
    assert "error: an <iframe> element showing 'https://www.youtube.com/embed/abc'" in (
        result.stderr
    )
    assert "nothing was built or pushed" in result.stderr
    assert "Traceback" not in result.stderr
