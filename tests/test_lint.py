"""The Python code follows the project's ruff rules, so style never drifts."""

import subprocess
import sys

from conftest import ROOT


def ruff(*args):
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, str(ROOT)], capture_output=True, text=True
    )


def test_ruff_check_passes():
    result = ruff("check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_leaves_everything_as_it_is():
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
