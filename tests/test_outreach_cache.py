"""Unit tests of pelican.plugins.outreach.cache: files derived once and kept."""

import os

import pytest
from pelican.plugins.outreach import cache as cache_module
from pelican.plugins.outreach.cache import (
    DerivedFiles,
    link_or_copy,
    makers_digest,
    write_atomically,
    write_if_changed,
)

# A time well in the past, so that a rewrite would show in the mtime.
LONG_AGO_NS = 1_000_000_000 * 1_000_000_000


class Maker:
    """make() for DerivedFiles: returns ``data`` and counts its calls."""

    def __init__(self, data=b"made"):
        self.data = data
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.data


def no_links(monkeypatch):
    """A file system without hard links, like some network or FAT drives."""

    def refuse(source, target):
        raise OSError("hard links not supported here")

    monkeypatch.setattr(os, "link", refuse)


def test_write_atomically_creates_folders_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a" / "b" / "file.bin"
    write_atomically(target, b"one")
    assert target.read_bytes() == b"one"
    write_atomically(str(target), b"two")
    assert target.read_bytes() == b"two"
    assert [path.name for path in target.parent.iterdir()] == ["file.bin"]


def test_write_atomically_replaces_a_linked_file_rather_than_writing_through(tmp_path):
    cached = tmp_path / "cached"
    cached.write_bytes(b"cached")
    target = tmp_path / "target"
    os.link(cached, target)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert cached.read_bytes() == b"cached"


def test_write_if_changed_writes_a_new_file(tmp_path):
    target = tmp_path / "sub" / "file"
    assert write_if_changed(target, b"data") is True
    assert target.read_bytes() == b"data"


def test_write_if_changed_leaves_an_equal_file_and_its_time_alone(tmp_path):
    target = tmp_path / "file"
    target.write_bytes(b"data")
    os.utime(target, ns=(LONG_AGO_NS, LONG_AGO_NS))
    inode = target.stat().st_ino
    assert write_if_changed(target, b"data") is False
    assert target.stat().st_mtime_ns == LONG_AGO_NS
    assert target.stat().st_ino == inode


def test_write_if_changed_rewrites_a_different_file(tmp_path):
    target = tmp_path / "file"
    target.write_bytes(b"old")
    os.utime(target, ns=(LONG_AGO_NS, LONG_AGO_NS))
    assert write_if_changed(target, b"new") is True
    assert target.read_bytes() == b"new"
    assert target.stat().st_mtime_ns != LONG_AGO_NS


def test_link_or_copy_links_where_it_can(tmp_path):
    source = tmp_path / "source"
    source.write_bytes(b"data")
    target = tmp_path / "out" / "target"
    link_or_copy(source, target)
    assert os.path.samefile(source, target)
    assert source.stat().st_nlink == 2


def test_link_or_copy_replaces_whatever_was_at_the_target(tmp_path):
    source = tmp_path / "source"
    source.write_bytes(b"data")
    target = tmp_path / "target"
    target.write_bytes(b"old")
    link_or_copy(source, target)
    assert target.read_bytes() == b"data"
    assert os.path.samefile(source, target)


def test_link_or_copy_copies_where_links_fail(tmp_path, monkeypatch):
    no_links(monkeypatch)
    source = tmp_path / "source"
    source.write_bytes(b"data")
    target = tmp_path / "out" / "target"
    link_or_copy(source, target)
    assert target.read_bytes() == b"data"
    assert not os.path.samefile(source, target)
    # With the bytes at hand it writes those, without reading the source again.
    link_or_copy(source, tmp_path / "other", data=b"given")
    assert (tmp_path / "other").read_bytes() == b"given"


def test_makers_digest_is_a_stable_sha256():
    digest = makers_digest()
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert makers_digest() == digest
    assert cache_module.MAKERS == ("calendar_file.py", "qr.py")


def test_get_makes_once_then_reads_from_disk(tmp_path):
    make = Maker(b"svg bytes")
    assert DerivedFiles(tmp_path).get("qr", ["https://example.org", "label"], make) == b"svg bytes"
    assert make.calls == 1
    files = list((tmp_path / "qr").iterdir())
    assert len(files) == 1 and files[0].read_bytes() == b"svg bytes"
    # A later build (a new DerivedFiles over the same folder) reads it back.
    again = Maker(b"never returned")
    assert DerivedFiles(str(tmp_path)).get("qr", ["https://example.org", "label"], again) == (
        b"svg bytes"
    )
    assert again.calls == 0


def test_get_makes_again_for_other_inputs_or_another_kind(tmp_path):
    files = DerivedFiles(tmp_path)
    assert files.get("qr", ["a"], Maker(b"A")) == b"A"
    assert files.get("qr", ["b"], Maker(b"B")) == b"B"
    assert files.get("other", ["a"], Maker(b"C")) == b"C"
    assert files.get("qr", ["a"], Maker(b"D")) == b"A"
    assert len(list((tmp_path / "qr").iterdir())) == 2
    assert len(list((tmp_path / "other").iterdir())) == 1


def test_the_same_inputs_in_another_key_order_are_the_same_file(tmp_path):
    files = DerivedFiles(tmp_path)
    files.get("calendars", {"a": 1, "b": 2}, Maker(b"first"))
    assert files.get("calendars", {"b": 2, "a": 1}, Maker(b"second")) == b"first"


def test_a_cached_file_becomes_stale_when_the_makers_change(tmp_path, monkeypatch):
    files = DerivedFiles(tmp_path)
    files.get("qr", ["a"], Maker(b"old maker"))
    monkeypatch.setattr(cache_module, "makers_digest", lambda: "another version of qr.py")
    assert files.get("qr", ["a"], Maker(b"new maker")) == b"new maker"


def test_put_writes_the_target_linked_to_the_cache(tmp_path):
    files = DerivedFiles(tmp_path / "cache")
    target = tmp_path / "out" / "post.ics"
    make = Maker(b"calendar")
    assert files.put("calendars", {"uid": "x"}, make, target) is True
    assert target.read_bytes() == b"calendar"
    (cached,) = (tmp_path / "cache" / "calendars").iterdir()
    assert os.path.samefile(cached, target)
    assert make.calls == 1


def test_put_again_reports_no_change_and_makes_nothing(tmp_path):
    files = DerivedFiles(tmp_path / "cache")
    target = tmp_path / "out" / "post.ics"
    files.put("calendars", {"uid": "x"}, Maker(b"calendar"), target)
    inode = target.stat().st_ino
    make = Maker(b"calendar")
    assert files.put("calendars", {"uid": "x"}, make, target) is False
    assert make.calls == 0
    assert target.stat().st_ino == inode


def test_put_into_a_new_output_folder_links_from_the_cache(tmp_path):
    files = DerivedFiles(tmp_path / "cache")
    files.put("calendars", {"uid": "x"}, Maker(b"calendar"), tmp_path / "one" / "post.ics")
    make = Maker(b"calendar")
    fresh = tmp_path / "two" / "post.ics"
    assert files.put("calendars", {"uid": "x"}, make, fresh) is True
    assert make.calls == 0
    assert os.path.samefile(fresh, tmp_path / "one" / "post.ics")


def test_put_with_new_inputs_replaces_the_target(tmp_path):
    files = DerivedFiles(tmp_path / "cache")
    target = tmp_path / "out" / "post.ics"
    files.put("calendars", {"uid": "x", "title": "old"}, Maker(b"old"), target)
    old_cached = next((tmp_path / "cache" / "calendars").iterdir())
    assert files.put("calendars", {"uid": "x", "title": "new"}, Maker(b"new"), target) is True
    assert target.read_bytes() == b"new"
    # The file cached for the old inputs is untouched, not written through.
    assert old_cached.read_bytes() == b"old"


def test_put_copies_where_links_fail_and_still_reports_no_change(tmp_path, monkeypatch):
    no_links(monkeypatch)
    files = DerivedFiles(tmp_path / "cache")
    target = tmp_path / "out" / "post.ics"
    assert files.put("calendars", ["x"], Maker(b"calendar"), target) is True
    (cached,) = (tmp_path / "cache" / "calendars").iterdir()
    assert target.read_bytes() == b"calendar"
    assert not os.path.samefile(cached, target)
    assert files.put("calendars", ["x"], Maker(b"calendar"), target) is False


def test_put_repairs_a_target_that_was_changed_by_hand(tmp_path):
    files = DerivedFiles(tmp_path / "cache")
    target = tmp_path / "out" / "post.ics"
    files.put("calendars", ["x"], Maker(b"calendar"), target)
    target.unlink()
    target.write_bytes(b"edited")
    assert files.put("calendars", ["x"], Maker(b"unused"), target) is True
    assert target.read_bytes() == b"calendar"


@pytest.mark.parametrize("folder", [None, ""])
def test_a_disabled_cache_makes_every_time_and_keeps_nothing(tmp_path, folder):
    files = DerivedFiles(folder)
    assert files.folder is None
    assert files.folder_for("cards") is None
    make = Maker(b"data")
    assert files.get("qr", ["a"], make) == b"data"
    assert files.get("qr", ["a"], make) == b"data"
    assert make.calls == 2
    target = tmp_path / "out" / "post.ics"
    assert files.put("calendars", ["x"], make, target) is True
    assert target.read_bytes() == b"data"
    os.utime(target, ns=(LONG_AGO_NS, LONG_AGO_NS))
    assert files.put("calendars", ["x"], make, target) is False
    assert target.stat().st_mtime_ns == LONG_AGO_NS
    assert files.put("calendars", ["x"], Maker(b"changed"), target) is True
    assert target.read_bytes() == b"changed"
    assert list(tmp_path.iterdir()) == [tmp_path / "out"]


def test_folder_for_is_a_folder_per_kind(tmp_path):
    assert DerivedFiles(tmp_path).folder_for("cards") == tmp_path / "cards"
