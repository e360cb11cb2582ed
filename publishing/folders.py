"""Swapping a freshly built folder into place, so that readers see the old site
or the new one whole, never a mix."""

import ctypes
import errno
import os
import shutil
import sys

# What `invoke clean` removes beside the site: every cache the project makes.
CACHES = ("cache", "test-artifacts", ".pytest_cache", ".ruff_cache", ".hypothesis")


def exchange_paths(first, second):
    """Swap two paths in one atomic rename (Linux renameat2 with RENAME_EXCHANGE).

    Returns False where the system cannot, so that the caller can fall back."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if sys.platform != "linux" or renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange):
        code = ctypes.get_errno()
        if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
            return False
        raise OSError(code, os.strerror(code), str(second))
    return True


def replace_folder(new, target):
    """Put ``new`` where ``target`` is; the old one ends up at ``new``'s path."""
    if not target.exists():
        new.rename(target)
    elif not exchange_paths(new, target):
        aside = new.with_name(new.name + "-old")
        target.rename(aside)
        new.rename(target)
        aside.rename(new)


def remove_generated(root, output):
    """`invoke clean`: the site, every cache, and folders of publishes that stopped."""
    for folder in (output, *map(root.joinpath, CACHES), *root.glob(".publish-*")):
        shutil.rmtree(folder, ignore_errors=True)
