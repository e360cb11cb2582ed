"""Hostile sources, keys and caches: each refused with a reason an editor can act
on, within the time allowed, with the key sent nowhere else and written nowhere."""

import gzip
import json
import threading
import time

import pytest
from count_helpers import (
    KEY,
    FakeSource,
    body,
    build_counts,
    osdi,
    post,
    redirect,
    trickle,
    write_posts,
)
from pelican.plugins.campaign.signature_count import TIMEOUT, SourceFailed, read_sources

NO_COUNT = "the page shows no count until a build reads one"


@pytest.fixture(scope="module")
def source():
    fake = FakeSource()
    yield fake
    fake.stop()


def read(url, key=KEY):
    """What one source gives, read as a build reads it, with ``key`` for it."""
    return read_sources([url], lambda _source: key, bool(key))[url]


def chunked_garbage(handler):
    handler.send_response(200)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    handler.wfile.write(b"zz\r\nnot a chunk\r\n")
    handler.close_connection = True


BOMB = gzip.compress(b"0" * 20_000_000)  # 20 MB once inflated, 20 KB as sent

NOT_ALLOWED = "redirected (HTTP 302) to an address not allowed"


def echo_key(handler):
    key = handler.headers["OSDI-API-Token"]
    return body(200, json.dumps({"total_signatures": key}).encode(), headers=[("X-Key", key)])(
        handler
    )


REFUSED = {
    "a redirect to file://": (redirect("file:///etc/passwd"), NOT_ALLOWED),
    "a redirect to ftp://": (redirect("ftp://127.0.0.1/count"), NOT_ALLOWED),
    "a redirect holding a key": (redirect("/count?api_key=abc"), NOT_ALLOWED),
    "a gzip bomb": (
        body(200, BOMB, headers=[("Content-Encoding", "gzip")]),
        "the answer is not UTF-8 text",
    ),
    "chunked garbage": (chunked_garbage, "the answer was cut off"),
    "the key echoed in the body and a header": (echo_key, "total_signatures is not a whole number"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_hostile_answer_is_refused_with_its_reason(source, name):
    answer, reason = REFUSED[name]
    path = f"/refused/{name.replace(' ', '-')}"
    source.answers[path] = answer
    result = read(f"{source.url}{path}")
    assert isinstance(result, SourceFailed)
    assert str(result) == reason
    assert KEY not in str(result)


def test_a_redirect_to_another_port_of_this_machine_gets_no_key(source):
    other = FakeSource()
    try:
        other.answers["/osdi"] = body(200, b'{"total_signatures": 8}')
        source.answers["/to-port"] = redirect(f"{other.url}/osdi")
        assert read(f"{source.url}/to-port") == 8
        assert other.keys_seen() == [None]
    finally:
        other.stop()


def test_a_redirect_echoing_the_key_on_the_same_origin_keeps_it_there(source):
    source.answers["/echo-location"] = lambda h: redirect(f"/x{h.headers['OSDI-API-Token']}")(h)
    source.answers[f"/x{KEY}"] = osdi(9)
    assert read(f"{source.url}/echo-location") == 9


def test_a_source_trickling_one_byte_a_second_stops_within_the_time_allowed(source):
    source.answers["/trickle"] = trickle
    started = time.monotonic()
    result = read(f"{source.url}/trickle")
    assert time.monotonic() - started < TIMEOUT + 1
    assert str(result) == f"no answer within {TIMEOUT} s"
    # The reading thread stops too, not when the source is done (a preview
    # rebuilds on every save, and would gather threads).
    time.sleep(1.5)
    assert not [t for t in threading.enumerate() if t.name.endswith("(read)")]


@pytest.mark.parametrize("key", ["a\nb", "a\r\nX-Injected: 1", "clé-ключ", "two words"])
def test_a_key_no_header_can_carry_is_not_sent_and_not_shown(source, key):
    source.answers["/osdi-bad-key"] = osdi(10)
    source.answers["/csv-bad-key"] = body(200, b"Signatures\n21\n", "text/csv")
    before = len(source.seen)
    result = read(f"{source.url}/osdi-bad-key", key=key)
    assert str(result) == (
        "HTTP 401 Unauthorized; OSDI_API_TOKEN holds a space, a line break or a character "
        "other than ASCII letters, digits and signs, so the key was not sent"
    )
    # A source that needs no key is still read.
    assert read(f"{source.url}/csv-bad-key", key=key) == 21
    assert [headers.get("osdi-api-token") for _p, headers in source.seen[before:]] == [None] * 2


def test_a_key_for_other_hosts_is_said_to_be_withheld_not_missing(source, tmp_path):
    source.answers["/withheld"] = osdi(11)
    content = write_posts(
        tmp_path / "content", {"withheld": post("withheld", f"{source.url}/withheld")}
    )
    extra = {"SIGNATURE_COUNT_KEY_HOSTS": json.dumps(["actionnetwork.org"])}
    result = build_counts(tmp_path / "out", content, tmp_path / "cache", extra=extra)
    assert result.returncode == 0, result.stderr
    assert (
        "HTTP 401 Unauthorized; the key was not sent: it goes only to the source's own "
        f"address, on a host SIGNATURE_COUNT_KEY_HOSTS names; {NO_COUNT}"
    ) in result.stderr
    assert "OSDI_API_TOKEN is not set" not in result.stderr


def test_a_cache_that_cannot_be_written_warns_and_the_count_is_shown(source, tmp_path):
    source.answers["/cached"] = osdi(12)
    content = write_posts(tmp_path / "content", {"cached": post("cached", f"{source.url}/cached")})
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "campaign").write_text("a file where the folder goes", encoding="utf-8")
    result = build_counts(tmp_path / "out", content, cache)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "the signature count cache could not be written (File exists)" in result.stderr
    html = (tmp_path / "out" / "2021" / "04" / "cached.html").read_text(encoding="utf-8")
    assert "12 of 100 signatures" in html


def test_one_bad_cache_entry_costs_that_entry_only(source, tmp_path):
    source.answers["/down"] = body(503, b"")
    good, bad = f"{source.url}/down", f"{source.url}/down?other"
    content = write_posts(
        tmp_path / "content", {"good": post("good", good), "bad": post("bad", bad)}
    )
    cache = tmp_path / "cache"
    (cache / "campaign").mkdir(parents=True)
    entries = {good: [40, "2021-04-10T22:00:00+00:00"], bad: [41, "not a time"]}
    (cache / "campaign" / "signature-counts.json").write_text(json.dumps(entries))
    result = build_counts(tmp_path / "out", content, cache, now="2021-04-11T02:00:00Z")
    assert result.returncode == 0, result.stderr
    assert "showing the last good count, 40, read 2021-04-10 18:00 EDT" in result.stderr
    assert f"HTTP 404 Not Found; {NO_COUNT}" in result.stderr  # no answer at ?other


def test_a_cache_file_linked_elsewhere_is_replaced_not_written_through(source, tmp_path):
    source.answers["/linked"] = osdi(13)
    content = write_posts(tmp_path / "content", {"linked": post("linked", f"{source.url}/linked")})
    cache = tmp_path / "cache"
    (cache / "campaign").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("precious", encoding="utf-8")
    (cache / "campaign" / "signature-counts.json").symlink_to(elsewhere)
    result = build_counts(tmp_path / "out", content, cache)
    assert result.returncode == 0, result.stderr
    assert elsewhere.read_text(encoding="utf-8") == "precious"
    written = cache / "campaign" / "signature-counts.json"
    assert not written.is_symlink()
    assert json.loads(written.read_text(encoding="utf-8"))[f"{source.url}/linked"][0] == 13
    assert [p.name for p in (cache / "campaign").iterdir()] == ["signature-counts.json"]


def test_campaigns_sharing_a_source_read_it_once_and_each_warns(source, tmp_path):
    shared = f"{source.url}/shared"
    source.answers["/shared"] = osdi(14)
    content = write_posts(
        tmp_path / "content", {"one": post("one", shared), "two": post("two", shared, goal=10)}
    )
    cache = tmp_path / "cache"
    before = len(source.seen)
    result = build_counts(tmp_path / "out", content, cache)
    assert result.returncode == 0, result.stderr
    assert [path for path, _headers in source.seen[before:]] == ["/shared"]
    pages = tmp_path / "out" / "2021" / "04"
    assert "14 of 100 signatures" in (pages / "one.html").read_text(encoding="utf-8")
    assert "Goal reached" in (pages / "two.html").read_text(encoding="utf-8")
    source.answers["/shared"] = body(502, b"")
    result = build_counts(tmp_path / "again", content, cache, now="2021-04-11T02:00:00Z")
    lines = [line for line in result.stderr.splitlines() if "HTTP 502 Bad Gateway" in line]
    assert sorted(line.split(".md:")[0][-3:] for line in lines) == ["one", "two"]


def test_an_uppercase_scheme_and_a_fragment_read_the_same_source_with_its_key(source, tmp_path):
    source.answers["/upper"] = osdi(15)
    address = f"{source.url.replace('http://', 'HTTP://')}/upper#petition"
    content = write_posts(tmp_path / "content", {"upper": post("upper", address)})
    result = build_counts(tmp_path / "out", content, tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "2021" / "04" / "upper.html").read_text(encoding="utf-8")
    assert "15 of 100 signatures" in html


def test_a_cache_whose_place_is_a_folder_warns_and_leaves_no_litter(source, tmp_path):
    source.answers["/folder"] = osdi(16)
    content = write_posts(tmp_path / "content", {"folder": post("folder", f"{source.url}/folder")})
    cache = tmp_path / "cache"
    (cache / "campaign" / "signature-counts.json").mkdir(parents=True)
    result = build_counts(tmp_path / "out", content, cache)
    assert result.returncode == 0, result.stderr
    assert "the signature count cache could not be written" in result.stderr
    assert [p.name for p in (cache / "campaign").iterdir()] == ["signature-counts.json"]
    html = (tmp_path / "out" / "2021" / "04" / "folder.html").read_text(encoding="utf-8")
    assert "16 of 100 signatures" in html
