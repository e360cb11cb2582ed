"""The publish gate's edges: a campaign nobody can sign, a site address links
cannot use, every warning shown, and a publish stopped half-way."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BEFORE_DEADLINE, ROOT
from publish_helpers import (
    PLACEHOLDER_FORM,
    POST_SOURCE,
    REAL_FORM,
    SITEURL,
    broken_publish_leaves_everything_as_it_was,
    snapshot,
)


def test_an_open_campaign_with_a_placeholder_form_is_not_published(project):
    result = broken_publish_leaves_everything_as_it_was(
        project, POST_SOURCE, REAL_FORM, PLACEHOLDER_FORM
    )
    lines = [line for line in result.stderr.splitlines() if "placeholder address" in line]
    # The post that declares the form, and the resolution page that shows it too;
    # not the translations, which share their original's form (said on its line).
    assert [line.split(": error: ")[0] for line in lines] == [
        f"{POST_SOURCE}:7",
        "content/pages/resolution.md:5",
    ]
    assert lines[0].startswith(f"{POST_SOURCE}:7: error: signature_form '{PLACEHOLDER_FORM}'")
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
        (
            'https://x.example/a"b',
            "holds spaces, quotes, brackets, control or invisible characters",
        ),
        (
            "https://x.example/\u202e",
            "holds spaces, quotes, brackets, control or invisible characters",
        ),
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


def catching(pid, number):
    """Whether process ``pid`` has a handler for signal ``number`` (Linux's own account)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) >> (number - 1) & 1)


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("delay", [0.0, 1.5])
def test_an_interrupted_publish_changes_nothing_and_cleans_up(project, signal_name, delay):
    """Signalled ``delay`` seconds after the publish took charge of its signals (a
    loaded machine may spend seconds starting Python before that): while checking
    the content, and while building."""
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
    started = time.monotonic()
    while not catching(process.pid, signal.SIGTERM) and process.poll() is None:
        assert time.monotonic() - started < 120, "the publish never took charge of SIGTERM"
        time.sleep(0.02)
    time.sleep(delay)
    process.send_signal(getattr(signal, signal_name))
    _out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    lines = [line for line in err.splitlines() if line.strip()]
    # Before the swap output/ is as it was; after it, it holds the same site (the
    # content did not change): either way nothing was pushed.
    assert lines[-1] in (
        f"publish: stopped by {signal_name}; output/ is unchanged and nothing was pushed",
        f"publish: stopped by {signal_name}; output/ holds the new, checked site and nothing "
        "was pushed: run it again to push",
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
    # The build cache in tmp_path, not the project's cache/publish.
    build = pipeline.run_pelican
    cache = f"CACHE_PATH={json.dumps(str(tmp_path / 'cache'))}"
    monkeypatch.setattr(
        pipeline, "run_pelican", lambda *args, extra=(): build(*args, extra=(*extra, "-e", cache))
    )
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


def test_a_page_that_shows_a_drafts_placeholder_form_is_not_published(project):
    """The form reaches readers through the page's Campaign: line, whatever the
    status of the post that declares it."""
    draft = project.root / "content" / "2021-04-09-drafty.md"
    page = project.root / "content" / "pages" / "drafty-page.md"
    draft.write_text(
        "Title: Drafty\nDate: 2021-04-09\nSlug: drafty\nStatus: draft\n"
        f"Signature_form: {PLACEHOLDER_FORM}\nDeadline: 2030-05-15\n\nText.\n",
        encoding="utf-8",
    )
    page.write_text(
        "Title: Sign here\nCampaign: drafty\n\n[Sign]({signature_form})\n", encoding="utf-8"
    )
    output_before = snapshot(project.output)
    try:
        result = project.publish("--no-push")
    finally:
        draft.unlink()
        page.unlink()
    assert result.returncode != 0
    assert "content/pages/drafty-page.md:2: error: signature_form" in result.stderr
    assert snapshot(project.output) == output_before
