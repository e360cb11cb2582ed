"""One build as a subprocess of its own, and what it cost: wall time, CPU time, memory."""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .messages import BenchError
from .project import ROOT


@dataclass
class Sample:
    wall: float  # seconds, process start to exit
    cpu: float  # user + system seconds of the build process
    peak_rss: int  # bytes


def run_measured(command, env, log_file):
    """Run one build; its own resource usage comes from wait4, not the whole bench's."""
    with open(log_file, "w", encoding="utf-8") as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        tail = "\n".join(Path(log_file).read_text(encoding="utf-8").splitlines()[-15:])
        raise BenchError(
            f"{' '.join(map(str, command[:4]))} ... exited with {process.returncode}:\n{tail}"
        )
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def build_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("SITEURL", "CAMPAIGN_NOW")}
    env.update(extra)
    return env


def pelican_command(content, settings, output, overrides=None):
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings)]
    command += ["-o", str(output)]
    if overrides:
        # One -e with every KEY=VALUE: Pelican keeps only the last -e it is given.
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]
    return command
