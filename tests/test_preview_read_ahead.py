"""A preview build process reads the site while it waits for the save it will
build: what it read is used only while the file is unchanged, what reading said
is said for those files only, and the time it waited is not counted as the
build's. A first build after a save that writes the edited post's page only
still shows its campaign; one that writes an open list page shows every teaser."""

import re
from pathlib import Path

from editorial_helpers import copy_project, run_preview_build
from outreach_helpers import write_post

NOW = "2021-04-10T00:00:00Z"
OPEN = "Signature_form: https://forms.real-campaign.org/x\nDeadline: 2021-04-20\n"
# A preview build whose reading ahead is followed, before the request, by the
# edits an editor makes (argv: content settings output, then the files to change).
# Every item read says "read <title>" as a warning, as a reader's warning would.
READ_THEN_EDIT = """
import logging, sys, time, types
from pathlib import Path
from pelican import signals
from editorial import preview_build, read_ahead

def say_read(item):
    logging.getLogger("reading").warning("read %s", getattr(item, "title", "a file"))

signals.content_object_init.connect(say_read)
read = read_ahead.ReadAhead.read_ahead

def read_then_edit(self):
    read(self)
    edited, added, removed = map(Path, sys.argv[4:7])
    edited.write_text(edited.read_text().replace("Title: Before", "Title: Edited after"))
    added.write_text("Title: Added\\nDate: 2021-04-07\\nCategory: Tests\\n\\nNew words.\\n")
    removed.unlink()
    time.sleep(float(sys.argv[7]))  # the editor takes a while: not the build's time

read_ahead.ReadAhead.read_ahead = read_then_edit
# The request is on stdin from the start: read ahead as if it came later.
read_ahead.select = types.SimpleNamespace(select=lambda *streams: ([], [], []))
preview_build.main(sys.argv[1:4])
"""


def preview_project(tmp_path):
    project = copy_project(tmp_path / "project")
    content = project / "content"
    write_post(content, "2021-04-05-edited.md", "Before", "Slug: edited\n", body="Words.\n")
    write_post(content, "2021-04-06-kept.md", "Kept", "Slug: kept\n", body="Words.\n")
    write_post(content, "2021-04-04-removed.md", "Removed", "Slug: removed\n", body="Words.\n")
    write_post(content, "2021-04-03-petition.md", "Petition", f"Slug: petition\n{OPEN}")
    return project


def preview_build(project, request, script=None, extra=()):
    status, said, seconds = run_preview_build(project, request, script, extra, NOW)
    assert status == 0, said
    return said, seconds


def test_what_was_read_ahead_is_used_only_while_its_file_is_unchanged(tmp_path):
    project = preview_project(tmp_path)
    content, output = project / "content", project / "output"
    preview_build(project, {"cold": True})  # the preview's first build, the content cache
    edited, added = content / "2021-04-05-edited.md", content / "2021-04-07-added.md"
    removed = content / "2021-04-04-removed.md"
    said, seconds = preview_build(
        project,
        {"skip_pages": [], "skip_sources": []},  # the rest of the site: every page
        READ_THEN_EDIT,
        (edited, added, removed, 2.0),
    )
    page = (output / "2021/04/edited.html").read_text(encoding="utf-8")
    assert "Edited after" in page and "Before" not in page
    assert (output / "2021/04/added.html").is_file()
    assert "removed.html" not in (output / "index.html").read_text(encoding="utf-8")
    # Each file read ahead said its warning as it was read, held until the
    # build used it: the kept post's once, the edited post's old title never.
    assert said.count("read Kept") == 1
    assert said.count("read Edited after") == 1 and "read Before" not in said
    assert said.count("read Added") == 1 and "read Removed" not in said
    # The two seconds spent waiting are not the build's.
    done = re.search(r"Done: .* in ([\d.]+) seconds", said.replace("\n", " "))
    assert done is not None, said
    assert float(done.group(1)) <= seconds - 2.0


def test_a_first_build_of_one_post_shows_its_campaign_and_an_open_list_every_teaser(tmp_path):
    project = preview_project(tmp_path)
    content, output = project / "content", project / "output"
    preview_build(project, {"cold": True})
    for page in ("index.html", "2021/04/petition.html", "2021/04/kept.html"):
        (output / page).unlink()
    petition = content / "2021-04-03-petition.md"
    petition.write_text(petition.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    # The edited post's page only: written with its banner, nothing else.
    preview_build(project, {"sources": [str(petition)], "pages": ["2021/04/petition.html"]})
    page = (output / "2021/04/petition.html").read_text(encoding="utf-8")
    assert "campaign-banner" in page and "More." in page
    assert not (output / "index.html").exists() and not (output / "2021/04/kept.html").exists()
    # With the home page open too: the home page lists the campaign's teaser.
    preview_build(
        project,
        {"sources": [str(petition)], "pages": ["index.html", "2021/04/petition.html"]},
    )
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "campaign-banner" in home
    assert not (output / "2021/04/kept.html").exists()


def test_a_first_build_still_stops_on_the_edited_posts_duplicate_slug(tmp_path):
    project = preview_project(tmp_path)
    content = project / "content"
    preview_build(project, {"cold": True})
    edited = content / "2021-04-05-edited.md"
    edited.write_text(edited.read_text().replace("Slug: edited", "Slug: kept"), encoding="utf-8")
    request = {"sources": [str(edited)], "pages": ["2021/04/kept.html"]}
    status, said, _seconds = run_preview_build(project, request, now=NOW)
    assert status != 0
    assert "2021-04-05-edited.md" in said and "'kept'" in said, said
    assert Path(content / "2021-04-06-kept.md").is_file()
