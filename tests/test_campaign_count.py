"""The signature count in real builds, read from fake sources on loopback: shown
with its goal, bar and time; every failure one warning line, the last good count
kept and shown; the key sent only to its source and written nowhere."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from count_helpers import (
    KEY,
    FakeSource,
    body,
    build_counts,
    csv_count,
    cut_off,
    osdi,
    post,
    redirect,
    slow,
    write_posts,
)

FIRST_BUILD = "2021-04-10T22:00:00Z"  # 6:00 PM EDT, three days before the deadline
LATER_BUILD = "2021-04-11T02:00:00Z"
LAST_GOOD = "showing the last good count, {count}, read 2021-04-10 18:00 EDT"
NO_COUNT = "the page shows no count until a build reads one"
RESPONSES = (
    "Timestamp,Name,Email\n2021-04-09 10:00,Ana Signer,ana@example.org\n"
    "2021-04-09 11:00,Bo Signer,bo@example.org\n"
)


@pytest.fixture(scope="module")
def sources():
    main, other, closing = FakeSource(), FakeSource(), FakeSource()
    yield main, other, closing
    for source in (main, other):
        source.stop()


# slug: (path on the main source, the good answer, the failing answer, the reason said)
CASES = {
    "osdi-key": ("/osdi", osdi(57), osdi(57, key="another-key"),
                 "HTTP 401 Unauthorized; the key was refused"),
    "csv-status": ("/count.csv", csv_count("Signatures\n58\n"), body(503, b"down"),
                   "HTTP 503 Service Unavailable"),
    "timeout": ("/slow", osdi(59), slow(15), "no answer within 10 s"),
    "html": ("/html", osdi(60), body(200, b"<!doctype html><p>61</p>", "text/html"),
             "the answer is an HTML page, not a count (OSDI JSON or CSV)"),
    "no-field": ("/no-field", osdi(61), body(200, b'{"title": "Petition"}'),
                 "the JSON has no total_signatures (not an OSDI petition)"),
    "negative": ("/negative", osdi(62), body(200, b'{"total_signatures": -4}'),
                 "the count -4 is negative"),
    "absurd": ("/absurd", osdi(63), body(200, b'{"total_signatures": 12345678901}'),
               "the count 12345678901 is more than 1,000,000,000"),
    "unreadable": ("/unreadable", osdi(64), body(200, b"\xff\xfe\xfd", "text/csv"),
                   "the answer is not UTF-8 text"),
    "cut-off": ("/cut-off", osdi(65), cut_off, "the answer was cut off"),
    "huge": ("/huge", osdi(66), body(200, b"7" * 300_000, "text/csv"),
             "answered more than 256 KB; a count is a few bytes"),
    "responses": ("/responses.csv", csv_count("57\n"), csv_count(RESPONSES),
                  "the CSV looks like the form's responses: publishing the responses puts "
                  "every signer's name and email on the web: unpublish that sheet and publish "
                  "a single cell that counts them instead (EDITING.md, 'Show the signature "
                  "count')"),
    "redirect-loop": ("/loop", osdi(67), None, "redirected more than 3 times"),
    "redirect-http": ("/to-http", osdi(68), redirect("http://campaign.example.org/count"),
                      "redirected (HTTP 302) to an address not allowed"),
    "echo": ("/echo", osdi(69), None, "HTTP 500 Internal Server Error"),
}  # fmt: skip


def source_line(text):
    lines = text.split("\n")
    return next(n for n, line in enumerate(lines, 1) if line.startswith("Signature_count_from"))


@pytest.fixture(scope="module")
def site(sources, tmp_path_factory):
    """Three builds: every source answering (the first), every source failing
    (the second, with the first's cache), and failing with no cache (the third)."""
    main, other, closing = sources
    root = tmp_path_factory.mktemp("count")
    posts = {slug: post(slug, f"{main.url}{path}") for slug, (path, *_rest) in CASES.items()}
    posts["refused"] = post("refused", f"{closing.url}/osdi")
    posts["elsewhere"] = post("elsewhere", f"{main.url}/moved")
    posts["no-goal"] = post("no-goal", f"{main.url}/csv-no-goal", goal=None)
    content = write_posts(root / "content", posts)
    cache = root / "cache"

    for path, good, _bad, _reason in CASES.values():
        main.answers[path] = good
    main.answers["/moved"] = redirect(f"{other.url}/osdi")
    other.answers["/osdi"] = body(200, b'{"total_signatures": 70}')
    main.answers["/csv-no-goal"] = csv_count("1234\n")
    closing.answers["/osdi"] = osdi(71)
    first = build_counts(root / "first", content, cache, now=FIRST_BUILD)

    for path, _good, bad, _reason in CASES.values():
        main.answers[path] = bad
    main.answers["/loop"] = redirect(f"{main.url}/loop")
    main.answers["/echo"] = body(500, KEY.encode(), headers=[("X-Echo", KEY)])
    other.answers["/osdi"] = osdi(70, key="only-the-right-key")
    main.answers["/csv-no-goal"] = body(404, b"")
    closing.stop()
    second = build_counts(root / "second", content, cache, now=LATER_BUILD)
    third = build_counts(root / "third", content, root / "empty-cache", now=LATER_BUILD)
    return root, content, posts, (first, second, third)


def count_of(output, slug):
    html = (output / "2021" / "04" / f"{slug}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").find(class_="campaign-count")


def test_each_source_is_read_and_shown_with_goal_bar_and_time(site):
    root, _content, _posts, (first, _second, _third) = site
    assert first.returncode == 0, first.stderr
    assert "signature count" not in first.stderr
    shown = count_of(root / "first", "osdi-key")
    assert shown.span.get_text() == "57 of 100 signatures"
    assert shown.progress["max"] == "100" and shown.progress["value"] == "57"
    assert " ".join(shown.get_text(" ").split()).endswith(" as of April 10, 6:00 PM EDT")
    assert shown.time["datetime"] == "2021-04-10T18:00:00-04:00"
    assert count_of(root / "first", "csv-status").span.get_text() == "58 of 100 signatures"
    assert count_of(root / "first", "elsewhere").span.get_text() == "70 of 100 signatures"
    assert count_of(root / "first", "no-goal").get_text(" ").startswith("1,234 signatures so far")


def expected_warnings(content, posts, sources, with_cache):
    main, _other, closing = sources
    good = {"refused": 71, "elsewhere": 70, "no-goal": 1234, "responses": 57, "csv-status": 58}
    good.update({slug: CASES[slug][1].count for slug in CASES if slug not in good})
    lines = []
    for slug, text in posts.items():
        path = content / f"2021-04-08-{slug}.md"
        reason = CASES[slug][3] if slug in CASES else None
        host = main.url.removeprefix("http://")
        if slug == "refused":
            host, reason = closing.url.removeprefix("http://"), "connection refused"
        if slug == "elsewhere":
            reason = (
                "HTTP 401 Unauthorized; the key was not sent: it goes only to the source's own "
                "address, on a host SIGNATURE_COUNT_KEY_HOSTS names"
            )
        if slug == "no-goal":
            reason = "HTTP 404 Not Found"
        shown = LAST_GOOD.format(count=good[slug]) if with_cache else NO_COUNT
        lines.append(
            f"{path}:{source_line(text)}: warning: signature count not read from {host}: "
            f"{reason}; {shown}"
        )
    return sorted(lines)


def test_every_failure_is_one_warning_line_and_the_last_good_count_stays(site, sources):
    root, content, posts, (_first, second, _third) = site
    assert second.returncode == 0, second.stderr  # built with --fatal warnings all the same
    said = sorted(line for line in second.stderr.splitlines() if "signature count" in line)
    assert said == expected_warnings(content, posts, sources, with_cache=True)
    shown = count_of(root / "second", "osdi-key")
    assert shown.span.get_text() == "57 of 100 signatures"
    assert " ".join(shown.get_text(" ").split()).endswith(" as of April 10, 6:00 PM EDT")
    assert count_of(root / "second", "huge").span.get_text() == "66 of 100 signatures"


def test_with_no_last_good_count_the_page_shows_none(site, sources):
    root, content, posts, (_first, _second, third) = site
    assert third.returncode == 0, third.stderr
    said = sorted(line for line in third.stderr.splitlines() if "signature count" in line)
    assert said == expected_warnings(content, posts, sources, with_cache=False)
    page = root / "third" / "2021" / "04" / "osdi-key.html"
    assert count_of(root / "third", "osdi-key") is None
    assert "Goal: 100 signatures." in page.read_text(encoding="utf-8")


def test_a_failure_is_never_cached(site):
    root = site[0]
    kept = json.loads((root / "cache" / "campaign" / "signature-counts.json").read_text())
    assert {entry[1] for entry in kept.values()} == {"2021-04-10T22:00:00+00:00"}
    assert not (root / "empty-cache" / "campaign" / "signature-counts.json").exists()


def test_no_signers_data_reaches_the_site_or_the_logs(site):
    root, *_rest, builds = site
    for folder in (root / "second", root / "third"):
        for path in folder.rglob("*"):
            if path.is_file():
                assert b"ana@example.org" not in path.read_bytes(), path
    assert all("Ana Signer" not in b.stderr + b.stdout for b in builds)


def test_the_key_goes_only_to_its_own_source_and_is_written_nowhere(site, sources):
    root, *_rest, builds = site
    main, other, closing = sources
    assert KEY in main.keys_seen()
    assert set(other.keys_seen()) == {None}  # the redirect's other host never got it
    assert set(closing.keys_seen()) == {KEY}
    for path in root.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
    for result in builds:
        assert KEY not in result.stdout + result.stderr


def test_without_the_key_the_warning_says_so(sources, tmp_path):
    main = sources[0]
    main.answers["/needs-key"] = osdi(5)
    content = write_posts(tmp_path / "content", {"nokey": post("nokey", f"{main.url}/needs-key")})
    result = build_counts(tmp_path / "out", content, tmp_path / "cache", key=None)
    assert result.returncode == 0, result.stderr
    assert "HTTP 401 Unauthorized; OSDI_API_TOKEN is not set; " + NO_COUNT in result.stderr


def test_the_key_goes_to_no_host_the_settings_do_not_name(sources, tmp_path):
    main = sources[0]
    main.answers["/keyless"] = csv_count("12\n")
    content = write_posts(tmp_path / "content", {"csv": post("csv", f"{main.url}/keyless")})
    before = len(main.seen)
    extra = {"SIGNATURE_COUNT_KEY_HOSTS": json.dumps(["actionnetwork.org"])}
    result = build_counts(tmp_path / "out", content, tmp_path / "cache", extra=extra)
    assert result.returncode == 0, result.stderr
    assert [headers.get("osdi-api-token") for _p, headers in main.seen[before:]] == [None]
    assert count_of(tmp_path / "out", "csv").span.get_text() == "12 of 100 signatures"


def test_a_closed_campaign_shows_its_final_count_in_the_past_tense(sources, tmp_path):
    main = sources[0]
    main.answers["/final"] = osdi(120)
    content = write_posts(tmp_path / "content", {"final": post("final", f"{main.url}/final")})
    cache = tmp_path / "cache"
    result = build_counts(tmp_path / "out", content, cache, now="2021-04-20T12:00:00Z")
    assert result.returncode == 0, result.stderr
    shown = count_of(tmp_path / "out", "final")
    assert shown.span.get_text() == "120 people signed: the goal of 100 was reached."
    assert "data-closed" not in shown.attrs
    # Read after the deadline, the count is final: later builds do not ask again.
    before = len(main.seen)
    build_counts(tmp_path / "again", content, cache, now="2021-04-21T12:00:00Z")
    assert len(main.seen) == before
    assert count_of(tmp_path / "again", "final").span.get_text() == shown.span.get_text()


def test_ctrl_c_while_a_source_is_slow_stops_the_build_and_caches_nothing(sources, tmp_path):
    main = sources[0]
    main.answers["/stalls"] = slow(30)
    content = write_posts(tmp_path / "content", {"stall": post("stall", f"{main.url}/stalls")})
    cache = tmp_path / "cache"
    # As `invoke build` runs Pelican (publishing.build.build_site), with this
    # test's cache folder and key hosts.
    script = (
        "import sys\n"
        "from publishing.build import Interrupted, run_pelican, stop_workers\n"
        "try:\n"
        "    run_pelican(*sys.argv[1:4], extra=('-e', *sys.argv[4:]))\n"
        "except Interrupted as name:\n"
        "    stop_workers()\n"
        "    sys.exit(f'build: stopped by {name}')\n"
    )
    extra = [f"CACHE_PATH={json.dumps(str(cache))}", 'SIGNATURE_COUNT_KEY_HOSTS=["127.0.0.1"]']
    env = dict(os.environ, OSDI_API_TOKEN=KEY, CAMPAIGN_NOW=FIRST_BUILD)
    started = time.monotonic()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            script,
            str(content),
            "publishconf.py",
            str(tmp_path / "out"),
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not any(path == "/stalls" for path, _headers in main.seen):
        assert time.monotonic() - started < 20, "the build never asked the source"
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=8)
    assert process.returncode != 0
    assert "stopped by SIGINT" in stderr
    assert "Traceback" not in stdout + stderr
    assert KEY not in stdout + stderr
    assert not Path(cache / "campaign" / "signature-counts.json").exists()


def test_the_preview_asks_a_source_at_most_every_ten_minutes(sources, tmp_path):
    main = sources[0]
    main.answers["/preview"] = osdi(33)
    content = write_posts(tmp_path / "content", {"seen": post("seen", f"{main.url}/preview")})
    cache = tmp_path / "cache"

    def preview(folder, now):
        result = build_counts(tmp_path / folder, content, cache, now=now, settings="pelicanconf.py")
        assert result.returncode == 0, result.stderr
        return sum(path == "/preview" for path, _headers in main.seen)

    assert preview("a", "2021-04-10T22:00:00Z") == 1
    main.answers["/preview"] = osdi(34)
    assert preview("b", "2021-04-10T22:09:00Z") == 1  # nine minutes later: the cached 33
    assert count_of(tmp_path / "b", "seen").span.get_text() == "33 of 100 signatures"
    assert preview("c", "2021-04-10T22:10:00Z") == 2  # ten: asked again
    assert count_of(tmp_path / "c", "seen").span.get_text() == "34 of 100 signatures"


HOSTILE_CACHES = {
    "not JSON": "{{{",
    "a list": "[1, 2]",
    "deep": "[" * 100000,
    "a naive time": '{"SOURCE": [5, "2021-04-10T22:00:00"]}',
    "a negative count": '{"SOURCE": [-5, "2021-04-10T22:00:00+00:00"]}',
    "a text count": '{"SOURCE": ["5", "2021-04-10T22:00:00+00:00"]}',
    "a bad time": '{"SOURCE": [5, "yesterday"]}',
}


@pytest.mark.parametrize("name", list(HOSTILE_CACHES))
def test_a_cache_this_code_did_not_write_is_ignored(sources, tmp_path, name):
    main = sources[0]
    main.answers["/down"] = body(503, b"")
    source = f"{main.url}/down"
    content = write_posts(tmp_path / "content", {"cached": post("cached", source)})
    cache = tmp_path / "cache"
    (cache / "campaign").mkdir(parents=True)
    text = HOSTILE_CACHES[name].replace("SOURCE", source)
    (cache / "campaign" / "signature-counts.json").write_text(text, encoding="utf-8")
    result = build_counts(tmp_path / "out", content, cache, now="2021-04-20T12:00:00Z")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"HTTP 503 Service Unavailable; {NO_COUNT}" in result.stderr
    assert count_of(tmp_path / "out", "cached") is None
