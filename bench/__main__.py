"""Build speed against stock Pelican and Hugo, and what the campaign page costs a reader.

Run by ``make bench`` (``invoke bench``), which installs Hugo and Chromium
first, as ``python -m bench`` from the project root; Lighthouse it installs
itself (``npm ci`` in bench/) when missing. Writes bench/RESULTS.md and prints
the same.

Build speed: synthetic sites of campaign posts, built by
  A  this project (its theme and plugins, pelicanconf.py),
  B  Pelican's stock theme without plugins (bench/stockconf.py),
  C  Hugo with a minimal layout (bench/hugo/),
  D  A again after one post changed, with Pelican's content cache on,
in alternating rounds of two builds at a time (one per core), so that load
from other work on the machine falls on all four alike. Reader cost: the real
campaign post, production settings, ours against the stock theme, served with
gzip on loopback and measured by Lighthouse.
"""

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .lighthouse import install_lighthouse
from .machine import machine
from .messages import BenchError, log
from .project import RESULTS
from .reader import reader_cost
from .report import report
from .timing import SizeBench


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="post counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds per size (at least 5)")
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    parser.add_argument("--output", default=str(RESULTS), help="where to write the results")
    return parser.parse_args(argv)


def check_tools():
    install_lighthouse()
    if not shutil.which("hugo"):
        raise BenchError("Hugo is not installed: run `make bench`, which installs it")


def measure(sizes, runs, lighthouse_runs):
    """Every size's timed builds, then the reader page; all in a folder of their own."""
    with tempfile.TemporaryDirectory(prefix="campaign-bench-") as temporary:
        work = Path(temporary)
        builds = []
        for size in sizes:
            log(f"Building {size} posts, {runs} rounds of A, B, C, D...")
            size_bench = SizeBench(work, size)
            size_bench.bench(runs, warm_up=not builds)
            builds.append(size_bench)
        log("Measuring the campaign page with Lighthouse...")
        ours, stock = reader_cost(work, lighthouse_runs)
    return builds, ours, stock


def main(argv=None):
    args = parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    check_tools()

    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    info = machine()
    builds, ours, stock = measure(sizes, args.runs, args.lighthouse_runs)
    text = report(
        sizes,
        args.runs,
        args.lighthouse_runs,
        builds,
        ours,
        stock,
        info,
        started,
        time.perf_counter() - clock,
    )
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        sys.exit(f"bench: {error}")
