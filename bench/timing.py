"""Timed builds of one synthetic site size by each variant, in rotating rounds.

Acold  this project from an empty cache into an empty output folder (a CI deploy
       without a cache),
Awarm  this project into an empty output folder, with the cache folder restored
       from an earlier build of the same content (a CI deploy whose cache was
       restored),
B      Pelican's stock theme without plugins (bench/stockconf.py), no cache,
C      Hugo with a minimal layout (bench/hugo/),
D      this project after one post changed, into the same output folder, with
       Pelican's content cache on and every cache kept (an editor's rebuild).

Builds run one at a time, so that a build may use every core (Hugo does, and
so may the project's plugins); the order of the variants rotates each round,
so that load from other work falls on all alike.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from .builds import build_env, pelican_command, run_measured
from .messages import BenchError, log
from .project import SETTINGS, STOCK_SETTINGS
from .sites import (
    EVERY_OTHER,
    campaign_now,
    synthetic_posts,
    write_hugo_site,
    write_pelican_site,
)

VARIANTS = {
    "Acold": "this project, cold",
    "Awarm": "this project, cache restored",
    "B": "stock Pelican",
    "C": "Hugo",
    "D": "this project, one post changed",
}
# What each variant starts from, for the report.
CACHES = {
    "Acold": "none: empty cache folder, empty output folder",
    "Awarm": "the cache folder of an earlier build of the same content, copied in; "
    "empty output folder",
    "B": "none (Pelican's content cache is off by default); empty output folder",
    "C": "Hugo's --cacheDir kept between runs; empty output folder",
    "D": "Pelican's content cache (CACHE_CONTENT, LOAD_CONTENT_CACHE) and the "
    "project's caches kept between runs; the same output folder",
}


def count_post_pages(output, variant):
    if variant == "C":
        return len(list((output / "posts").glob("*/index.html")))
    # Not the month lists (index.html) nor the campaigns' printable flyers beside them.
    pages = output.glob("*/*/*.html")
    return len([p for p in pages if p.name != "index.html" and not p.name.endswith("-flyer.html")])


def folder_size(folder):
    files = [path for path in Path(folder).rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def cache_contents(folder):
    """The top-level names in a cache folder: what a warm build could reuse."""
    return sorted(path.name for path in Path(folder).iterdir()) if Path(folder).is_dir() else []


@dataclass
class Job:
    variant: str
    command: list
    output: Path
    marker: str | None = None


class SizeBench:
    """One synthetic site, ``size`` posts of a ``mix`` (bench/sites.py): its
    variants and their samples."""

    def __init__(self, work, size, mix=EVERY_OTHER):
        self.size, self.mix = size, mix
        self.folder = work / f"posts-{size}-{mix}"
        self.posts = synthetic_posts(size, mix)
        self.now = campaign_now(self.posts, mix)
        self.samples = {key: [] for key in VARIANTS}
        self.written = {}
        self.content = {
            "A": self.folder / "content-project",
            "B": self.folder / "content-stock",
            "C": self.folder / "hugo-site",
            "D": self.folder / "content-edited",
        }
        # The cache of an earlier build of the same content, restored for Awarm.
        self.primed_cache = self.folder / "cache-primed"
        self.warm_cache = []

    def write(self):
        write_pelican_site(self.content["A"], self.posts, replace_marker=False)
        write_pelican_site(self.content["B"], self.posts, replace_marker=True)
        write_hugo_site(self.content["C"], self.posts)
        shutil.copytree(self.content["A"], self.content["D"])

    def output(self, variant):
        return self.folder / f"output-{variant}"

    def command(self, variant):
        output = self.output(variant)
        if variant in ("Acold", "Awarm"):
            cache = {"CACHE_PATH": str(self.folder / f"cache-{variant}")}
            return pelican_command(self.content["A"], SETTINGS, output, cache)
        if variant == "B":
            return pelican_command(self.content["B"], STOCK_SETTINGS, output)
        if variant == "C":
            cache = ["--cacheDir", str(self.folder / "hugo-cache"), "--quiet"]
            return [
                "hugo",
                "--source",
                str(self.content["C"]),
                "--destination",
                str(output),
            ] + cache
        cached = {
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
            "CACHE_PATH": str(self.folder / "cache-D"),
        }
        return pelican_command(self.content["D"], SETTINGS, output, cached)

    def edit_one_post(self, round_number):
        """What an editor does between two builds: correct a line in the newest post."""
        post = self.content["D"] / self.posts[-1].filename
        marker = f"Corrected in round {round_number}."
        text = post.read_text(encoding="utf-8").rstrip("\n").rsplit("\n\nCorrected", 1)[0]
        post.write_text(f"{text}\n\n{marker}\n", encoding="utf-8")
        return marker

    def prepare(self, variant, round_number):
        """Everything before the clock starts: empty or restored folders, D's edit."""
        marker = None
        if variant == "D":
            marker = self.edit_one_post(round_number)
        else:
            shutil.rmtree(self.output(variant), ignore_errors=True)
        if variant in ("Acold", "Awarm"):
            cache = self.folder / f"cache-{variant}"
            shutil.rmtree(cache, ignore_errors=True)
            if variant == "Awarm":
                shutil.copytree(self.primed_cache, cache)
        return Job(variant, self.command(variant), self.output(variant), marker)

    def check(self, job):
        found = count_post_pages(job.output, job.variant)
        if found != self.size:
            name = f"{job.variant} ({VARIANTS[job.variant]})"
            raise BenchError(f"{name} wrote {found} post pages for {self.size} posts")
        if job.marker:
            newest = self.posts[-1]
            page = job.output / f"{newest.date:%Y/%m}" / f"{newest.slug}.html"
            if job.marker not in page.read_text(encoding="utf-8"):
                raise BenchError(f"D (one post changed) did not update {page.name} after the edit")

    def run(self, job):
        sample = run_measured(
            job.command, build_env(CAMPAIGN_NOW=self.now), self.folder / f"{job.variant}.log"
        )
        self.check(job)
        return sample

    def prime(self):
        """Untimed: the earlier build whose cache Awarm restores, and D's first
        build, which fills its caches."""
        job = self.prepare("Acold", 0)
        self.run(job)
        shutil.copytree(self.folder / "cache-Acold", self.primed_cache)
        self.warm_cache = cache_contents(self.primed_cache)
        self.run(Job("D", self.command("D"), self.output("D")))

    def bench(self, runs):
        """``runs`` rounds of every variant, the order rotating each round."""
        self.write()
        self.prime()
        order = list(VARIANTS)
        for round_number in range(1, runs + 1):
            shift = (round_number - 1) % len(order)
            done = []
            for variant in order[shift:] + order[:shift]:
                sample = self.run(self.prepare(variant, round_number))
                self.samples[variant].append(sample)
                done.append(f"{variant} {sample.wall:.2f}s")
            log(f"  {self.size} posts ({self.mix}), round {round_number}/{runs}: {', '.join(done)}")
        for variant in VARIANTS:
            self.written[variant] = folder_size(self.output(variant))

    def clean(self):
        shutil.rmtree(self.folder, ignore_errors=True)
