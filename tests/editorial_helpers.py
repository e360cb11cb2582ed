"""Helpers for the editors' workflow tests: a throwaway copy of the project and
`invoke` run in it, so the real content/ and output/ are never touched."""

import shutil
import socket
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

# Not part of a working project copy: environments, caches, history, outputs.
SKIPPED = {
    ".venv",
    ".git",
    "output",
    "bench",
    "docs",
    "tests",
    "test-artifacts",
    "node_modules",
    "cache",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
}
POST_SOURCE = Path("content/2021-04-08-defend-immigrants-rights.md")


def copy_project(target):
    """The project's files in ``target``: tasks, settings, content, theme, plugins."""
    shutil.copytree(ROOT, target, ignore=lambda folder, names: SKIPPED.intersection(names))
    return Path(target)


def invoke(project, *args, stdin=subprocess.DEVNULL, timeout=120, env=None):
    """`invoke <args>` in ``project``, as an editor would type it; stdin is not a
    terminal unless given."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
