"""The output folder mirrors the content: a post or page whose source is gone (or
whose address changed) leaves the site with the next build, and so do the files
made for it (its card, calendar file, flyer). Nothing else is touched.

Each build keeps, in the cache folder, what it wrote for each source into which
output folder (``written-by-build.json``), and the pages of no one source (lists,
archives, feeds) under the key ""; the next build into the same folder removes
the files listed there that it would no longer write. A plugin that writes files
of its own for an item lists them, relative to the output folder, in the item's
``derived_outputs``. A build that writes only part of the site (the live
preview's, ``OUTPUT_PARTIAL`` True) keeps the last build's list for what it did
not write, so it removes only what gone sources had; one that writes all the
rest of it (``OUTPUT_PARTIAL``: the pages another build just wrote) keeps those.
"""

import contextlib
import json
import logging
import os

from .sources import contents_of, written_here

logger = logging.getLogger(__name__)

MANIFEST = "written-by-build.json"
SITE_WIDE = ""
# Each running build's generators, by its settings (the same dict the Pelican
# object holds): ``finalized`` is sent with the Pelican object alone.
_GENERATORS = {}
# Every file Pelican's writer wrote in this process's build, as absolute paths.
_WRITTEN = set()


def keep_generators(generators):
    _GENERATORS[id(generators[0].settings)] = generators
    _WRITTEN.clear()


def note_written(path, **_signal):
    _WRITTEN.add(os.path.realpath(path))


def manifest_path(settings):
    return os.path.join(settings["CACHE_PATH"], MANIFEST)


def read_manifest(path, output):
    """{source: [files]} a build into ``output`` wrote last, or {} (another folder's,
    none, or unreadable: nothing can be known to be the build's)."""
    try:
        with open(path, encoding="utf-8") as file:
            found = json.load(file)
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict) or found.get("output") != output:
        return {}
    files = found.get("files")
    return files if isinstance(files, dict) else {}


def write_manifest(path, output, files):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = f"{path}.{os.getpid()}.new"
    with open(temporary, "w", encoding="utf-8") as file:
        json.dump({"output": output, "files": files}, file, indent=0, sort_keys=True)
    os.replace(temporary, path)


def outputs_of(item, last):
    """The files of the site made for ``item``: its page and, when a plugin made
    them in this build, its derived files; else those the last build listed."""
    derived = getattr(item, "derived_outputs", None)
    files = {item.save_as} if item.save_as else set()
    if derived is not None:
        return sorted(files | set(derived))
    return sorted(files | set(last))


def inside(output, name):
    """``name``'s path in ``output``, or None if it would be anywhere else."""
    path = os.path.normpath(os.path.join(output, name))
    return path if path.startswith(output + os.sep) else None


def remove_with_empty_folders(output, path):
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
        os.remove(path)
    folder = os.path.dirname(path)
    while folder.startswith(output + os.sep):
        try:
            os.rmdir(folder)  # only when empty
        except OSError:
            break
        folder = os.path.dirname(folder)


def mirror_content(pelican):
    """After the build: remove what the last build wrote that this one would not."""
    generators = _GENERATORS.pop(id(pelican.settings), None)
    if generators is None:
        return
    settings = pelican.settings
    output = os.path.realpath(pelican.output_path)
    path = manifest_path(settings)
    last = read_manifest(path, output)
    files = {}
    for item, _status in contents_of(generators):
        source = os.path.abspath(item.source_path or "")
        if source in last and not written_here(item, settings):
            # A build that writes some sources' pages only: the others' files are
            # those the last build listed (their addresses are not worked out again).
            files[source] = last[source]
        else:
            files[source] = outputs_of(item, last.get(source, ()))
    for generator in generators:
        for static in getattr(generator, "staticfiles", ()):
            files[os.path.abspath(static.source_path)] = [static.save_as]
    of_items = {name for names in files.values() for name in names}
    site_wide = {os.path.relpath(path, output) for path in _WRITTEN if inside(output, path) == path}
    site_wide -= of_items
    partial = settings.get("OUTPUT_PARTIAL")
    if partial is True:
        site_wide |= set(last.get(SITE_WIDE, ()))
    elif partial:  # the pages of the rest that another build wrote just before
        written_before = {os.path.normpath(name) for name in partial} - of_items
        site_wide |= {name for name in written_before if inside(output, name)}
    files[SITE_WIDE] = sorted(site_wide)
    written = {name for names in files.values() for name in names}
    for name in sorted({name for names in last.values() for name in names} - written):
        stale = inside(output, name)
        if stale is not None and os.path.isfile(stale):
            remove_with_empty_folders(output, stale)
            logger.info("Removed %s: its source is gone", name)
    write_manifest(path, output, files)
