"""Files the plugin derives from a post (calendar files, QR codes), kept in
Pelican's CACHE_PATH under a digest of everything they are made from, so that
each is made once rather than on every build."""

import hashlib
import importlib.metadata
import json
import os
from functools import cache
from pathlib import Path

# What makes the cached files: a change to any of these makes new ones.
MAKERS = ("calendar_file.py", "qr.py")
LIBRARIES = ("icalendar", "segno")


@cache
def makers_digest():
    digest = hashlib.sha256()
    for name in MAKERS:
        digest.update((Path(__file__).parent / name).read_bytes())
    for library in LIBRARIES:
        digest.update(f"{library}=={importlib.metadata.version(library)}".encode())
    return digest.hexdigest()


def write_atomically(target, data):
    """Write ``data`` through a temporary file, so that a build stopped half-way,
    or another build writing the same file, leaves no truncated file behind. The
    file is replaced, never written through: it may be a link to a cached file."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def write_if_changed(target, data):
    """Write ``data`` unless the file already holds it, so that rebuilds leave
    unchanged files (and their times) alone. Returns True when it wrote."""
    try:
        if Path(target).read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomically(target, data)
    return True


def link_or_copy(source, target, data=None):
    """Put the file ``source`` at ``target``: a hard link where the file system
    allows (far cheaper than writing a thousand files), else a copy."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        write_atomically(target, Path(source).read_bytes() if data is None else data)


class DerivedFiles:
    """``folder`` holds one file per kind and digest; None keeps nothing."""

    def __init__(self, folder):
        self.folder = Path(folder) if folder else None

    def folder_for(self, kind):
        return self.folder / kind if self.folder else None

    def _path(self, kind, inputs):
        record = json.dumps([kind, makers_digest(), inputs], sort_keys=True)
        return self.folder_for(kind) / hashlib.sha256(record.encode()).hexdigest()

    def has(self, kind, inputs):
        """True when the file for ``inputs`` was made before and kept."""
        return bool(self.folder) and self._path(kind, inputs).exists()

    def get(self, kind, inputs, make):
        """The bytes ``make()`` returns for ``inputs`` (JSON-serialisable values),
        from the cache when it made them before."""
        if not self.folder:
            return make()
        path = self._path(kind, inputs)
        try:
            return path.read_bytes()
        except OSError:
            pass
        data = make()
        write_atomically(path, data)
        return data

    def put(self, kind, inputs, make, target):
        """Put what ``make()`` returns for ``inputs`` at ``target``, linked from the
        cache when it was made before. Returns True when ``target`` changed."""
        if not self.folder:
            return write_if_changed(target, make())
        cached = self._path(kind, inputs)
        if not cached.exists():
            write_atomically(cached, make())
        try:
            if os.path.samefile(cached, target) or Path(target).read_bytes() == cached.read_bytes():
                return False
        except OSError:
            pass
        link_or_copy(cached, target)
        return True


def derive(folder, kind, inputs, make, arguments, target=None):
    """``make(**arguments)`` for ``inputs`` through a DerivedFiles over ``folder``:
    put at ``target``, or returned when there is none. A plain function of plain
    values, for a worker process to run."""
    files = DerivedFiles(folder)
    if target is None:
        return files.get(kind, inputs, lambda: make(**arguments))
    return files.put(kind, inputs, lambda: make(**arguments), target)
