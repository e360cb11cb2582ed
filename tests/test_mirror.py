"""Local builds mirror the content: a post whose file is gone leaves output/ with
the next build, with its card, calendar file and flyer, and its neighbours stop
linking it; the live preview's builds do the same; nothing the build did not
write is touched."""

import json
import os
import subprocess
import sys

from conftest import build_ok
from editorial_helpers import copy_project
from outreach_helpers import write_post

OPEN = "Signature_form: https://forms.real-campaign.org/x\nDeadline: 2021-04-20\n"
GONE = ["2021/04/gone.html", "2021/04/gone.png", "2021/04/gone.ics", "2021/04/gone-flyer.html"]


def site(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    write_post(content, "kept.md", "Kept", "Slug: kept\nTags: kept-tag\n", body="Words.\n")
    write_post(content, "gone.md", "Gone", f"Slug: gone\nTags: gone-tag\n{OPEN}")
    return content


def local_build(output, content):
    return build_ok(output, content=content, settings="pelicanconf.py")


def test_a_deleted_post_leaves_output_with_its_files(tmp_path):
    content, output = site(tmp_path), tmp_path / "output"
    local_build(output, content)
    assert all((output / name).is_file() for name in GONE)
    assert (output / "tag/gone-tag.html").is_file()
    # What the build did not write stays: an editor's own file, a host's file.
    (output / "mine.html").write_text("<p>mine</p>", encoding="utf-8")
    (output / "2021/04/notes.txt").write_text("notes", encoding="utf-8")
    (content / "gone.md").unlink()
    local_build(output, content)
    assert [name for name in GONE if (output / name).exists()] == []
    # Pages of no one post it alone was on go too; its neighbours no longer link it.
    assert not (output / "tag/gone-tag.html").exists()
    linking = [p.name for p in output.rglob("*.html") if "gone.html" in p.read_text("utf-8")]
    assert linking == []
    assert (output / "mine.html").read_text(encoding="utf-8") == "<p>mine</p>"
    assert (output / "2021/04/notes.txt").is_file()
    assert (output / "2021/04/kept.html").is_file()


def test_a_changed_address_leaves_the_old_one(tmp_path):
    content, output = site(tmp_path), tmp_path / "output"
    local_build(output, content)
    post = content / "kept.md"
    post.write_text(post.read_text().replace("Slug: kept", "Slug: renamed"), encoding="utf-8")
    local_build(output, content)
    assert not (output / "2021/04/kept.html").exists()
    assert (output / "2021/04/renamed.html").is_file()


def test_a_build_into_another_folder_removes_nothing_there(tmp_path):
    content, output = site(tmp_path), tmp_path / "output"
    local_build(output, content)
    # The cache folder (beside output, as conftest puts it) says what went into
    # output/, not into another folder that happens to hold files of that name.
    other = tmp_path / "other"
    (other / "2021/04").mkdir(parents=True)
    (other / "2021/04/gone.html").write_text("someone else's", encoding="utf-8")
    (content / "gone.md").unlink()
    cache = tmp_path / "output-cache"
    build_ok(
        other,
        content=content,
        settings="pelicanconf.py",
        extra_settings={"CACHE_PATH": json.dumps(str(cache))},
    )
    assert (other / "2021/04/gone.html").read_text(encoding="utf-8") == "someone else's"


def test_the_closing_build_removes_the_calendar_file_and_flyer(tmp_path):
    content, output = site(tmp_path), tmp_path / "output"
    local_build(output, content)
    assert (output / "2021/04/gone.ics").is_file()
    build_ok(output, content=content, settings="pelicanconf.py", now="2021-04-25T12:00:00Z")
    assert not (output / "2021/04/gone.ics").exists()
    assert not (output / "2021/04/gone-flyer.html").exists()
    assert (output / "2021/04/gone.png").is_file() and (output / "2021/04/gone.html").is_file()


def test_the_preview_removes_a_deleted_post(tmp_path):
    project = copy_project(tmp_path / "project")
    content, output = project / "content", project / "output"
    write_post(content, "2021-04-09-gone.md", "Gone", f"Slug: gone\n{OPEN}")
    env = dict(os.environ, CAMPAIGN_NOW="2021-04-10T00:00:00Z")

    def preview_build(request):
        command = [sys.executable, "-m", "editorial.preview_build", str(content)]
        command += [str(project / "pelicanconf.py"), str(output)]
        result = subprocess.run(
            command, input=json.dumps(request) + "\n", text=True, cwd=project, env=env,
            capture_output=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr

    preview_build({"cold": True})  # the preview's first build: the whole site
    assert all((output / name).is_file() for name in GONE)
    (content / "2021-04-09-gone.md").unlink()
    post = content / "2021-04-08-defend-immigrants-rights.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    # The first step after a save: only the edited post's page is written.
    preview_build({"sources": [str(post)], "pages": []})
    assert [name for name in GONE if (output / name).exists()] == []
    assert (output / "2021/04/defend-immigrants-rights.html").is_file()
    assert (output / "index.html").is_file()
