"""Files written whole or not at all, and never over a file already there."""

import os
from pathlib import Path


def write_new(path, data):
    """Write ``data`` to ``path`` unless a file is there. The bytes go to a
    temporary file first, which a hard link puts in place in one step (failing
    if ``path`` exists), so that Ctrl-C or a crash leaves no half-written file.
    Returns False when ``path`` was already there."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "xb") as out:
            out.write(data)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError:
            # A file system without hard links: exclusive creation, then the bytes.
            if path.exists():
                return False
            os.replace(temporary, path)
        return True
    finally:
        temporary.unlink(missing_ok=True)
