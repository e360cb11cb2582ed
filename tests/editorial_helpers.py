"""Helpers for the editors' workflow tests: a throwaway copy of the project and
`invoke` run in it, so the real content/ and output/ are never touched."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
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


def run_preview_build(project, request, script=None, extra=(), now="2021-04-10T00:00:00Z"):
    """One live-preview build in ``project``, as the preview runs it
    (editorial.preview_build, or ``script`` given to ``python -c`` with the same
    arguments and ``extra`` after them), with ``request`` on its stdin:
    (exit status, what it said, seconds it took)."""
    content, output = project / "content", project / "output"
    command = [sys.executable, "-c", script] if script else [sys.executable, "-m"]
    if not script:
        command.append("editorial.preview_build")
    command += [str(content), str(project / "pelicanconf.py"), str(output), *map(str, extra)]
    started = time.monotonic()
    result = subprocess.run(
        command, input=json.dumps(request) + "\n", text=True, cwd=project,
        env=dict(os.environ, CAMPAIGN_NOW=now), capture_output=True, timeout=300,
    )  # fmt: skip
    return result.returncode, result.stdout + result.stderr, time.monotonic() - started
