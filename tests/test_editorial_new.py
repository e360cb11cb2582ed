"""`invoke new`: a campaign post from options or questions, checked by the plugin's rules."""

import os
import pty
import select
import subprocess
import sys
import time

import pytest
from conftest import BEFORE_DEADLINE, build_ok
from editorial_helpers import copy_project, invoke

FORM = "https://forms.real-campaign.org/sign"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("new") / "project")


def new_post(project, *args):
    return invoke(project, "new", *args)


def written(result):
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("Wrote "))
    return line.removeprefix("Wrote ")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Defiende los derechos de los inmigrantes", "defiende-los-derechos-de-los-inmigrantes"),
        ("Droits des réfugiés", "droits-des-refugies"),
        ("Защитите права беженцев", "zashchitite-prava-bezhentsev"),
        ("Stop the raids!  Now.", "stop-the-raids-now"),
    ],
)
def test_titles_in_any_language_make_ascii_slugs(project, title, slug):
    result = new_post(
        project,
        "--title",
        title,
        "--deadline",
        "2031-05-01",
        "--form",
        FORM,
        "--date",
        "2031-04-02",
    )
    assert written(result) == f"content/2031-04-02-{slug}.md"
    assert f"/2031/04/{slug}.html" in result.stdout
    text = (project / written(result)).read_text(encoding="utf-8")
    assert text.startswith(f"Title: {title}\nDate: 2031-04-02 00:00\nSlug: {slug}\n")


def test_a_full_post_builds_and_passes_check(project, tmp_path):
    result = new_post(
        project,
        "--title",
        "Protect Asylum Seekers",
        "--subtitle",
        "A letter to the city council",
        "--deadline",
        "2031-06-30 18:00",
        "--timezone",
        "America/Los_Angeles",
        "--form",
        FORM,
        "--goal",
        "250",
        "--category",
        "Immigrants' Rights",
        "--date",
        "2031-06-01 09:30",
    )
    path = project / written(result)
    assert path.name == "2031-06-01-protect-asylum-seekers.md"
    text = path.read_text(encoding="utf-8")
    header = text.split("\n\n")[0].splitlines()
    assert header == [
        "Title: Protect Asylum Seekers",
        "Subtitle: A letter to the city council",
        "Date: 2031-06-01 09:30",
        "Slug: protect-asylum-seekers",
        "Category: Immigrants' Rights",
        f"Signature_form: {FORM}",
        "Deadline: 2031-06-30 18:00",
        "Deadline_timezone: America/Los_Angeles",
        "Signature_goal: 250",
    ]
    assert "Signing closes on Monday, June 30, 2031, 6:00 PM PDT." in text
    assert "[Sign the petition]({signature_form})" in text
    assert "Published address: (the site's address)/2031/06/protect-asylum-seekers.html" in (
        result.stdout
    )

    # The post is a real one: the preview build makes a page at the address printed
    # (the publish build leaves it out until its date).
    site = build_ok(
        tmp_path / "site",
        settings="pelicanconf.py",
        content=project / "content",
        now=BEFORE_DEADLINE,
    )
    page = (site / "2031/06/protect-asylum-seekers.html").read_text(encoding="utf-8")
    assert "Protect Asylum Seekers" in page and FORM in page

    # invoke check knows the skeleton sentences are still there.
    check = invoke(project, "check")
    assert check.returncode == 0, check.stdout
    mine = [line for line in check.stdout.splitlines() if path.name in line]
    assert len(mine) == 3, mine
    assert sum("warning: this is the placeholder text 'make new' wrote" in m for m in mine) == 2
    assert f"{path.name}:3: note: dated Sunday, June 1, 2031, 9:30 AM EDT, in the future" in (
        check.stdout
    )


def test_a_draft_says_where_to_preview_it(project):
    result = new_post(
        project,
        "--title",
        "Draft campaign",
        "--deadline",
        "2031-07-01",
        "--form",
        FORM,
        "--draft",
        "--date",
        "2031-06-02",
    )
    text = (project / written(result)).read_text(encoding="utf-8")
    assert "\nStatus: draft\n" in text
    assert "http://127.0.0.1:8000/drafts/draft-campaign.html" in result.stdout
    assert "/2031/06/draft-campaign.html" in result.stdout
    assert "delete the line 'Status: draft'" in result.stdout


def test_it_never_overwrites(project):
    args = ("--title", "Only once", "--deadline", "2031-08-01", "--form", FORM)
    first = new_post(project, *args, "--date", "2031-07-15")
    path = project / written(first)
    path.write_text(path.read_text() + "\nThe editor's own words.\n")
    again = new_post(project, *args, "--date", "2031-07-15")
    assert again.returncode == 1
    assert again.stderr.strip() == (
        f"invoke new: {written(first)} already exists; choose another title, or give --slug"
    )
    assert "The editor's own words." in path.read_text()
    # The same slug another day would make a second post with one address.
    other_day = new_post(project, *args, "--date", "2031-07-16")
    assert other_day.returncode == 1
    assert f"the slug 'only-once' is taken by {written(first)}" in other_day.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--deadline", "2031-02-30"),
            "deadline '2031-02-30' is not a real calendar date; expected an ISO 8601 date",
        ),
        (
            ("--deadline", "2031-03-09 02:30"),
            "deadline '2031-03-09 02:30' does not exist in America/New_York",
        ),
        (("--form", "http://forms.org/x"), "signature_form 'http://forms.org/x' is not an https"),
        (("--goal", "a hundred"), "signature_goal 'a hundred' is not a positive whole number"),
        (("--timezone", "Mars/Olympus"), "deadline_timezone 'Mars/Olympus' is not a known"),
        (("--date", "2031-09-01"), "deadline '2031-08-01' is before the post's own date"),
        (("--date", "next week"), "--date 'next week' is not a date; expected a date (2021-04-08)"),
        (
            ("--count-from", "https://me:pw@actionnetwork.org/api/v2/petitions/x"),
            "signature_count_from 'https://me:pw@actionnetwork.org/api/v2/petitions/x' holds a "
            "user name or password",
        ),
        (("--title", "  "), "--title is missing"),
        (("--title", "?!"), "title '?!' makes an empty address; give --slug"),
    ],
)
def test_bad_values_get_one_line_and_no_file(project, args, message):
    values = {"--title": "Bad values", "--deadline": "2031-08-01", "--form": FORM}
    values.update(dict(zip(args[::2], args[1::2], strict=True)))
    before = sorted((project / "content").rglob("*"))
    result = new_post(project, *[part for pair in values.items() for part in pair])
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted((project / "content").rglob("*")) == before


def test_without_a_terminal_missing_values_are_an_error_not_a_hang(project):
    started = time.monotonic()
    result = new_post(project, "--title", "No terminal")
    assert time.monotonic() - started < 60
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "invoke new: --deadline is missing, and there is no terminal to ask for it: "
        "give it on the command line, like --deadline 2021-04-13"
    )


def test_a_placeholder_form_or_past_deadline_is_written_with_a_warning(project):
    result = new_post(
        project,
        "--title",
        "Old example",
        "--deadline",
        "2021-04-13",
        "--form",
        "https://example.org/sign",
        "--date",
        "2021-04-01",
    )
    assert written(result)
    assert "warning: content/2021-04-01-old-example.md: the deadline has already passed" in (
        result.stdout
    )
    assert "https://example.org/sign is a placeholder address" in result.stdout


def read_until(master, wanted, seen, timeout=30):
    deadline = time.monotonic() + timeout
    while wanted not in seen[0]:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"no {wanted!r} in {seen[0]!r}"
        ready, _, _ = select.select([master], [], [], remaining)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                chunk = b""
            assert chunk, f"the program ended before asking {wanted!r}: {seen[0]!r}"
            seen[0] += chunk.decode("utf-8", "replace")


def test_at_a_terminal_it_asks_and_asks_again_after_a_mistake(project):
    """A person at a terminal (a pseudo-terminal here) answers the questions."""
    master, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "new", "--date", "2031-10-01"],
        cwd=project,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    seen = [""]
    try:
        conversation = [
            ("Title: ", "Droits des réfugiés à Montréal"),
            ("Subtitle (optional): ", ""),
            ("America/New_York time): ", "2031-10-32"),
            ("is not a real calendar date", None),
            ("America/New_York time): ", "2031-10-20 17:00"),
            ("Signature form address (https://...): ", "forms.example.org"),
            ("is not an https:// address", None),
            ("Signature form address (https://...): ", FORM),
            ("Signature goal (optional, a number like 100): ", ""),
            ("a count cell published as CSV): ", "http://actionnetwork.org/api/v2/petitions/x"),
            ("is not an https:// address", None),
            ("a count cell published as CSV): ", ""),
            ("Category (Enter for Immigrants' Rights): ", ""),
        ]
        for prompt, answer in conversation:
            read_until(master, prompt, seen)
            seen[0] = seen[0][seen[0].index(prompt) + len(prompt) :]
            if answer is not None:
                os.write(master, answer.encode("utf-8") + b"\n")
        read_until(master, "Published address", seen)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    path = project / "content/2031-10-01-droits-des-refugies-a-montreal.md"
    text = path.read_text(encoding="utf-8")
    assert "Title: Droits des réfugiés à Montréal\n" in text
    assert "Deadline: 2031-10-20 17:00\n" in text
    assert f"Signature_form: {FORM}\n" in text
    assert "Subtitle" not in text and "Signature_goal" not in text
    assert "Signature_count" not in text
    assert "\nCategory: Immigrants' Rights\n" in text, "the newest post's category"


def test_the_count_source_is_written_and_the_post_builds(project, tmp_path):
    source = "https://actionnetwork.org/api/v2/petitions/abc-123"
    result = new_post(
        project, "--title", "Counted", "--deadline", "2031-08-01", "--form", FORM,
        "--goal", "250", "--count-from", source, "--date", "2031-07-01",
    )  # fmt: skip
    text = (project / written(result)).read_text(encoding="utf-8")
    assert f"Signature_goal: 250\nSignature_count_from: {source}\n" in text
    check = invoke(project, "check")
    mine = [line for line in check.stdout.splitlines() if "2031-07-01-counted.md" in line]
    assert mine and not any(": error:" in line for line in mine), mine
