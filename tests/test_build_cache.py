"""The build cache on real builds: a restored cache gives the site a cold build
gives, without reading unchanged posts again; what changes the site starts
afresh; workers write the same site; Ctrl-C leaves no process behind."""

import datetime as dt
import gzip
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BEFORE_DEADLINE, ROOT, build_ok
from PIL import Image

from publishing.build import LOG_OPTIONS

MARKER = "Read from the cache, not from the file"


def write_posts(folder, count, first=dt.date(2021, 3, 1)):
    """Campaign posts every third day, signing open for twenty: on April 9 (the
    build's clock), those from March 20 on are open."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        date = first + dt.timedelta(days=number * 3)
        (folder / f"post-{number:03d}.md").write_text(
            f"Title: Campaign {number}: defend immigrants' rights\n"
            f"Date: {date}\nSlug: post-{number:03d}\nCategory: Tests\n"
            f"Signature_form: https://example.org/sign/post-{number:03d}\n"
            f"Deadline: {date + dt.timedelta(days=20)}\n\n"
            "Members decide together. We need 100 signatures.\n\n"
            "[Sign the resolution]({signature_form})\n",
            encoding="utf-8",
        )
    (folder / "plain.md").write_text(
        "Title: A post without a campaign\nDate: 2021-03-02\nCategory: Tests\n\nWords.\n",
        encoding="utf-8",
    )
    return folder


def site_files(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def built(output, content, cache, **settings):
    extra = {"CACHE_PATH": json.dumps(str(cache))}
    extra.update({key: json.dumps(value) for key, value in settings.items()})
    return build_ok(output, content=content, extra_settings=extra)


def cached_reading(cache):
    path = cache / "ArticlesGenerator-Readers"
    with gzip.open(path, "rb") as file:
        return path, pickle.load(file)


def plant_marker(cache, post):
    """Change what the cache says the reader made of ``post``."""
    path, entries = cached_reading(cache)
    [key] = [key for key in entries if key.endswith(post)]
    stamp, (html, metadata) = entries[key]
    entries[key] = (stamp, (f"<p>{MARKER}</p>{html}", metadata))
    with gzip.open(path, "wb") as file:
        pickle.dump(entries, file)


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return write_posts(tmp_path_factory.mktemp("content"), 12)


@pytest.fixture(scope="module")
def cold(tmp_path_factory, content):
    """A publish build from no cache at all, and the cache it left."""
    folder = tmp_path_factory.mktemp("cold")
    output = built(folder / "output", content, folder / "cache")
    return output, folder / "cache"


def test_a_restored_cache_gives_byte_for_byte_the_site_of_a_cold_build(tmp_path, content, cold):
    output, cache = cold
    cards = list(output.glob("2021/*/post-*.png"))
    # Calendar files for the open campaigns only (March 20 on: 7 to 11).
    assert len(cards) == 12 and len(list(output.glob("2021/*/post-*.ics"))) == 5
    # As CI restores it: a copy of the folder, a new output folder.
    restored = tmp_path / "restored"
    shutil.copytree(cache, restored)
    again = built(tmp_path / "output", content, restored)
    assert site_files(again) == site_files(output)


def test_a_restored_cache_is_read_instead_of_unchanged_posts(tmp_path, content, cold):
    _, cache = cold
    restored = tmp_path / "cache"
    shutil.copytree(cache, restored)
    plant_marker(restored, "post-003.md")
    output = built(tmp_path / "output", content, restored)
    assert MARKER in (output / "2021/03/post-003.html").read_text(encoding="utf-8")
    # A changed post is read again.
    edited = tmp_path / "content"
    shutil.copytree(content, edited)
    post = edited / "post-003.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    plant_marker(restored, "post-003.md")
    page = built(tmp_path / "edited", edited, restored) / "2021/03/post-003.html"
    assert MARKER not in page.read_text(encoding="utf-8")
    assert "One more line." in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "setting", [{"SUMMARY_MAX_LENGTH": 20}, {"MARKDOWN": {"output_format": "xhtml"}}]
)
def test_a_cache_made_with_other_settings_is_not_read(tmp_path, content, cold, setting):
    _, cache = cold
    restored = tmp_path / "cache"
    shutil.copytree(cache, restored)
    plant_marker(restored, "post-003.md")
    output = built(tmp_path / "output", content, restored, **setting)
    assert MARKER not in (output / "2021/03/post-003.html").read_text(encoding="utf-8")
    # The cache it wrote is the one read next time with those settings.
    plant_marker(restored, "post-003.md")
    output = built(tmp_path / "again", content, restored, **setting)
    assert MARKER in (output / "2021/03/post-003.html").read_text(encoding="utf-8")


def noto_sans():
    from pelican.plugins.outreach.card import font_file

    return font_file("Noto Sans")


def card_inputs(output, post):
    return Image.open(output / f"2021/03/{post}.png").text["outreach-card-inputs"]


def test_a_new_card_colour_or_font_draws_every_card_again(tmp_path, content, cold):
    output, cache = cold
    restored = tmp_path / "cache"
    shutil.copytree(cache, restored)
    colours = {"accent": "#0b5394"}
    recoloured = built(tmp_path / "colour", content, restored, OUTREACH_CARD_COLOURS=colours)
    font = tmp_path / "Other Sans.ttf"
    shutil.copy(noto_sans(), font)
    refonted = built(tmp_path / "font", content, restored, OUTREACH_CARD_FONT=str(font))
    for post in ("post-000", "post-005"):
        before = card_inputs(output, post)
        assert card_inputs(recoloured, post) != before
        assert card_inputs(refonted, post) != before
        assert (recoloured / f"2021/03/{post}.png").read_bytes() != (
            output / f"2021/03/{post}.png"
        ).read_bytes()
    # Everything else is the site it was.
    unchanged = {k: v for k, v in site_files(refonted).items() if not k.endswith(".png")}
    assert unchanged == {k: v for k, v in site_files(output).items() if not k.endswith(".png")}


def test_workers_write_the_site_the_build_writes_alone(tmp_path, content, cold):
    output, _ = cold
    alone = built(tmp_path / "alone", content, tmp_path / "cache-alone", OUTREACH_WORKERS=0)
    workers = built(tmp_path / "workers", content, tmp_path / "cache-workers", OUTREACH_WORKERS=3)
    assert site_files(alone) == site_files(workers) == site_files(output)


def processes_in_group(group):
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def children_of(pid):
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def test_ctrl_c_while_workers_draw_cards_leaves_no_process_behind(tmp_path):
    content = write_posts(tmp_path / "content", 150, first=dt.date(2020, 1, 1))
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py")]
    command += ["-o", str(tmp_path / "output"), *LOG_OPTIONS]
    command += ["-e", f"CACHE_PATH={json.dumps(str(tmp_path / 'cache'))}", "OUTREACH_WORKERS=2"]
    env = dict(os.environ, CAMPAIGN_NOW=BEFORE_DEADLINE)
    build = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while len(children_of(build.pid)) < 2 and build.poll() is None:
        assert time.monotonic() < deadline, "the build started no workers"
        time.sleep(0.01)
    assert build.poll() is None, "the build ended before it could be interrupted"
    # As a terminal sends Ctrl-C: to every process of the build's group.
    os.killpg(build.pid, signal.SIGINT)
    out, err = build.communicate(timeout=60)
    assert "Traceback" not in out + err
    assert "Keyboard interrupt received" in out + err
    deadline = time.monotonic() + 10
    while processes_in_group(build.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_in_group(build.pid) == []


def test_ctrl_c_in_the_project_build_ends_its_workers_with_one_line(tmp_path):
    """The in-process build of `invoke build` and `invoke publish`: Ctrl-C there
    becomes publishing's one line, and stop_workers() ends the workers."""
    # Enough posts that the workers are still busy when the signal comes, on a loaded machine too.
    content = write_posts(tmp_path / "content", 400, first=dt.date(2020, 1, 1))
    overrides = [f"CACHE_PATH={json.dumps(str(tmp_path / 'cache'))}", "OUTREACH_WORKERS=2"]
    script = (
        "import signal, sys\n"
        # Python's own Ctrl-C handling, even if whatever started the tests ignores SIGINT.
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from publishing.build import Interrupted, run_pelican, stop_workers\n"
        "try:\n"
        "    run_pelican(sys.argv[1], sys.argv[2], sys.argv[3], extra=['-e', *sys.argv[4:]])\n"
        "except Interrupted as signal_name:\n"
        "    stop_workers()\n"
        "    sys.exit(f'build: stopped by {signal_name}')\n"
    )
    command = [sys.executable, "-c", script, str(content), str(ROOT / "pelicanconf.py")]
    command += [str(tmp_path / "output"), *overrides]
    env = dict(os.environ, CAMPAIGN_NOW=BEFORE_DEADLINE)
    build = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(children_of(build.pid)) < 2 and build.poll() is None:
        assert time.monotonic() < deadline, "the build started no workers"
        time.sleep(0.01)
    assert build.poll() is None, "the build ended before it could be interrupted"
    os.killpg(build.pid, signal.SIGINT)
    _out, err = build.communicate(timeout=60)
    assert build.returncode == 1
    assert err.strip().splitlines()[-1] == "build: stopped by SIGINT"
    assert "Traceback" not in err
    assert processes_in_group(build.pid) == []


def test_a_worker_count_that_is_not_a_number_stops_the_build_with_one_line(tmp_path):
    from conftest import build

    result = build(tmp_path / "output", extra_settings={"OUTREACH_WORKERS": '"two"'})
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        "settings: OUTREACH_WORKERS 'two' is not a number of processes; expected a whole "
        "number (0: none), or None for one per core"
    ) in result.stdout + result.stderr
