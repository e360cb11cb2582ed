"""Timed builds of one synthetic site size by the four variants, in alternating rounds.

A  this project (its theme and plugins, pelicanconf.py),
B  Pelican's stock theme without plugins (bench/stockconf.py),
C  Hugo with a minimal layout (bench/hugo/),
D  A again after one post changed, with Pelican's content cache on.
"""

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .builds import build_env, pelican_command, run_measured
from .messages import BenchError, log
from .project import SETTINGS, STOCK_SETTINGS
from .sites import campaign_now, synthetic_posts, write_hugo_site, write_pelican_site

VARIANTS = {
    "A": "this project",
    "B": "stock Pelican",
    "C": "Hugo",
    "D": "A, one post changed, cached",
}
# Two builds at a time, one per core: the long ones together, then the short ones.
PAIRS = (("A", "D"), ("B", "C"))


def count_post_pages(output, variant):
    if variant == "C":
        return len(list((output / "posts").glob("*/index.html")))
    return len([p for p in output.glob("*/*/*.html") if p.name != "index.html"])


def folder_size(folder):
    files = [path for path in Path(folder).rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


@dataclass
class Job:
    variant: str
    command: list
    output: Path
    timed: bool
    marker: str | None = None


class SizeBench:
    """One synthetic site size: its four variants and their samples."""

    def __init__(self, work, size):
        self.size = size
        self.folder = work / f"posts-{size}"
        self.posts = synthetic_posts(size)
        self.now = campaign_now(self.posts)
        self.samples = {key: [] for key in VARIANTS}
        self.written = {}
        self.sources = {
            "A": self.folder / "content-project",
            "B": self.folder / "content-stock",
            "C": self.folder / "hugo-site",
            "D": self.folder / "content-cached",
        }
        self.cache = self.folder / "cache-D"
        self.primed = False

    def write(self):
        write_pelican_site(self.sources["A"], self.posts, replace_marker=False)
        write_pelican_site(self.sources["B"], self.posts, replace_marker=True)
        write_hugo_site(self.sources["C"], self.posts)
        shutil.copytree(self.sources["A"], self.sources["D"])

    def command(self, variant, output):
        if variant == "A":
            # Its own cache folder (outreach cards and calendars), kept between
            # rounds as in an editor's checkout, and never inside the project.
            own_cache = {"CACHE_PATH": str(self.folder / "cache-A")}
            return pelican_command(self.sources["A"], SETTINGS, output, own_cache)
        if variant == "B":
            return pelican_command(self.sources["B"], STOCK_SETTINGS, output)
        if variant == "C":
            cache = self.folder / "hugo-cache"
            return ["hugo", "--source", str(self.sources["C"]), "--destination", str(output)] + [
                "--cacheDir",
                str(cache),
                "--quiet",
            ]
        cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(self.cache)}
        return pelican_command(self.sources["D"], SETTINGS, output, cached)

    def edit_one_post(self, round_number):
        """What an editor does between two builds: correct a line in the newest post."""
        post = self.sources["D"] / self.posts[-1].filename
        marker = f"Corrected in round {round_number}."
        text = post.read_text(encoding="utf-8").rstrip("\n").rsplit("\n\nCorrected", 1)[0]
        post.write_text(f"{text}\n\n{marker}\n", encoding="utf-8")
        return marker

    def prepare(self, variant, round_number, timed):
        """Everything before the clock starts: a clean output, or D's one edit."""
        output = self.folder / f"output-{variant}"
        marker = None
        if variant != "D":
            shutil.rmtree(output, ignore_errors=True)
        elif timed:
            marker = self.edit_one_post(round_number)
        return Job(variant, self.command(variant, output), output, timed, marker)

    def check(self, job):
        found = count_post_pages(job.output, job.variant)
        if found != self.size:
            name = f"{job.variant} ({VARIANTS[job.variant]})"
            raise BenchError(f"{name} wrote {found} post pages for {self.size} posts")
        if job.variant == "D" and not any(self.cache.iterdir()):
            raise BenchError(f"D (cached rebuild) wrote no content cache into {self.cache.name}")
        if job.marker:
            newest = self.posts[-1]
            page = job.output / f"{newest.date:%Y/%m}" / f"{newest.slug}.html"
            if job.marker not in page.read_text(encoding="utf-8"):
                raise BenchError(f"D (cached rebuild) did not update {page.name} after the edit")

    def run_together(self, jobs):
        """Start the jobs at once, one per core, each timed on its own."""
        env = build_env(CAMPAIGN_NOW=self.now)
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            futures = [
                pool.submit(run_measured, job.command, env, self.folder / f"{job.variant}.log")
                for job in jobs
            ]
        samples = [future.result() for future in futures]
        for job, sample in zip(jobs, samples, strict=True):
            self.check(job)
            if job.timed:
                self.samples[job.variant].append(sample)
            if job.variant == "D":
                self.primed = True
        return samples

    def run_round(self, round_number, runs):
        """One round: both pairs (order alternating), each variant still short of ``runs``."""
        done = []
        for pair in PAIRS if round_number % 2 else PAIRS[::-1]:
            jobs = [
                self.prepare(v, round_number, timed=v != "D" or self.primed)
                for v in pair
                if len(self.samples[v]) < runs
            ]
            if jobs:
                samples = self.run_together(jobs)
                for job, sample in zip(jobs, samples, strict=True):
                    untimed = "" if job.timed else " (untimed: fills the cache)"
                    done.append(f"{job.variant} {sample.wall:.2f}s{untimed}")
        log(f"  {self.size} posts, round {round_number}: {', '.join(done)}")

    def bench(self, runs, warm_up):
        """Rounds of A beside D, and B beside C, until each has ``runs`` samples.

        D's first build (from nothing, filling the cache) is not timed; neither
        is a warm-up round, which fills disk caches and compiles modules.
        """
        self.write()
        if warm_up:
            for pair in PAIRS:
                self.run_together([self.prepare(v, 0, timed=False) for v in pair])
        round_number = 0
        while any(len(self.samples[v]) < runs for v in VARIANTS):
            round_number += 1
            self.run_round(round_number, runs)
        for variant in VARIANTS:
            self.written[variant] = folder_size(self.folder / f"output-{variant}")
        shutil.rmtree(self.folder, ignore_errors=True)
