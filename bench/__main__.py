"""Build speed against stock Pelican and Hugo, live-preview latency, and what the
campaign page costs a reader; every target of issue 13 with its verdict.

Run by ``make bench`` (``invoke bench``), which installs Hugo and Chromium
first, as ``python -m bench`` from the project root; Lighthouse it installs
itself (``npm ci`` in bench/) when missing. Writes bench/RESULTS.md and prints
the same.

Build speed: synthetic sites modelled on the campaign post, built by
  Acold  this project from an empty cache,
  Awarm  this project with the cache of an earlier build restored,
  B      Pelican's stock theme without plugins (bench/stockconf.py),
  C      Hugo with a minimal layout (bench/hugo/),
  D      this project after one post changed, every cache kept,
one build at a time, in rounds that rotate their order. Live preview: save to
the open page showing the change, through `invoke livereload` and Chromium.
Page budget: every page of the largest site, production settings. Reader cost:
the real campaign post, production settings, ours against the stock theme,
served with gzip on loopback and measured by Lighthouse.
"""

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .budget import site_budget
from .lighthouse import install_lighthouse
from .machine import machine
from .messages import BenchError, log
from .preview import measure_preview
from .project import RESULTS
from .reader import reader_cost
from .report import report
from .sites import EVERY_OTHER, MIXES
from .targets import SITE_PAGE_GZIP_BYTES
from .timing import SizeBench

# From this many posts on, a round takes minutes: fewer rounds and saves.
LARGE = 5000
LARGE_RUNS = 3


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="post counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds per size")
    parser.add_argument(
        "--large-runs",
        type=int,
        help=f"timed rounds from {LARGE:,} posts on (default: --runs, at most {LARGE_RUNS})",
    )
    parser.add_argument(
        "--saves", type=int, help="live-preview saves per size (default: as many as --runs)"
    )
    parser.add_argument(
        "--mixes",
        default=",".join(MIXES),
        help=f"mixes of posts to build, comma-separated: {', '.join(MIXES)} (the preview, "
        f"the page budget and the issue-13 targets use {EVERY_OTHER})",
    )
    parser.add_argument(
        "--build-sizes",
        help="post counts whose builds are timed (default: all --sizes); the others "
        "measure only the live preview",
    )
    parser.add_argument(
        "--no-page",
        action="store_true",
        help="leave out the campaign page (Lighthouse) and the page budget",
    )
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    parser.add_argument("--output", default=str(RESULTS), help="where to write the results")
    args = parser.parse_args(argv)
    if args.large_runs is None:
        args.large_runs = min(args.runs, LARGE_RUNS)
    if args.saves is None:
        args.saves = args.runs
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",")})
        given = args.build_sizes
        args.build_sizes = (
            args.sizes if given is None else sorted({int(n) for n in given.split(",")})
        )
    except ValueError:
        parser.error(f"--sizes: {args.sizes!r} is not a list of post counts like 100,1000")
    args.mixes = [mix.strip() for mix in args.mixes.split(",") if mix.strip()]
    unknown = [mix for mix in args.mixes if mix not in MIXES]
    if unknown or not args.mixes:
        parser.error(f"--mixes: expected some of {', '.join(MIXES)}")
    if min(args.sizes) < 1 or min(args.runs, args.large_runs, args.saves) < 1:
        parser.error("sizes, runs and saves must be at least 1")
    return args


def check_tools(page=True):
    if page:
        install_lighthouse()
    if not shutil.which("hugo"):
        raise BenchError("Hugo is not installed: run `make bench`, which installs it")


def measure(args):
    """Every size's builds (each mix) and preview, the page budget of the largest,
    then the reader page; all in a folder of their own."""
    builds, previews, runs_by_size, budget = [], {}, {}, None
    ours = stock = None
    with tempfile.TemporaryDirectory(prefix="campaign-bench-") as temporary:
        work = Path(temporary)
        for size in args.sizes:
            runs = args.large_runs if size >= LARGE else args.runs
            # Every size's preview target is a median of 5 saves (issue 23): a save
            # costs seconds even where a round of builds costs minutes.
            saves = args.saves
            runs_by_size[size] = runs
            benches = {}
            for mix in args.mixes if size in args.build_sizes else ():
                log(f"Building {size:,} posts ({mix}), {runs} rounds of Acold, Awarm, B, C, D...")
                benches[mix] = SizeBench(work, size, mix)
                benches[mix].bench(runs)
            primed = benches.get(EVERY_OTHER)
            log(f"Live preview at {size:,} posts, {saves} saves...")
            seed = primed.primed_cache if primed else None
            previews[size] = measure_preview(work, size, saves, seed_cache=seed)
            if size == args.sizes[-1] and primed and not args.no_page:
                log(f"Weighing every page of the {size:,}-post site...")
                budget = site_budget(primed, SITE_PAGE_GZIP_BYTES)
            for size_bench in benches.values():
                size_bench.clean()
                builds.append(size_bench)
        if not args.no_page:
            log("Measuring the campaign page with Lighthouse...")
            ours, stock = reader_cost(work, args.lighthouse_runs)
    return builds, previews, runs_by_size, budget, ours, stock


def main(argv=None):
    args = parse_args(argv)
    check_tools(page=not args.no_page)
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    info = machine(page=not args.no_page)
    builds, previews, runs_by_size, budget, ours, stock = measure(args)
    # The machine is shared: how loaded it was at the end too, beside the start.
    info["Load average at end (1 min, 5 min, 15 min)"] = ", ".join(
        f"{load:.2f}" for load in os.getloadavg()
    )
    run = {
        "sizes": args.sizes,
        "runs_by_size": runs_by_size,
        "lighthouse_runs": args.lighthouse_runs,
        "started": started,
        "elapsed": time.perf_counter() - clock,
    }
    text = report(run, builds, previews, ours, stock, budget, info)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        sys.exit(f"bench: {error}")
