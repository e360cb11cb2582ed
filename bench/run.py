"""Build speed against stock Pelican and Hugo, and what the campaign page costs a reader.

Run by ``make bench`` (``invoke bench``), which installs Hugo, Chromium and
Lighthouse first. Writes bench/RESULTS.md and prints the same.

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
import gzip
import http.server
import importlib.metadata
import json
import mimetypes
import os
import platform
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CONTENT = ROOT / "content"
ORIGINAL_POST = CONTENT / "2021-04-08-defend-immigrants-rights.md"
RESOLUTION_PAGE = CONTENT / "pages" / "resolution.md"
RESULTS = BENCH / "RESULTS.md"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"

FORM_MARKER = "{signature_form}"
SITE_ZONE = ZoneInfo("America/New_York")
FIRST_POST = dt.datetime(2019, 1, 1, 9, 0, tzinfo=SITE_ZONE)
CATEGORIES = ("Immigrants' Rights", "Labor", "Housing", "Health Care", "Climate")

# The reader-cost page: the real post, five days before its deadline, so the
# countdown script is on the page (its heaviest state).
POST_PATH = "2021/04/defend-immigrants-rights.html"
BEFORE_DEADLINE = "2021-04-09T03:59:59Z"
GZIP_LEVEL = 6  # what common web servers use by default
COMPRESSIBLE = ("text/", "image/svg+xml", "application/javascript", "application/json")
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--disable-default-apps --disable-extensions --disable-domain-reliability "
    "--disable-client-side-phishing-detection --metrics-recording-only --mute-audio"
)

# The targets the project claims (issue: "Benchmarks: build speed and reader page cost").
TARGET_A_OVER_B = 1.0
TARGET_D_OVER_A = 0.5
TARGET_GZIP_BYTES = 14 * 1024
TARGET_REQUESTS = 4
TARGET_LIGHTHOUSE = 100

VARIANTS = {
    "A": "this project",
    "B": "stock Pelican",
    "C": "Hugo",
    "D": "A, one post changed, cached",
}
# Two builds at a time, one per core: the long ones together, then the short ones.
PAIRS = (("A", "D"), ("B", "C"))


class BenchError(Exception):
    """A step of the bench failed; the message says which and why."""


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- Synthetic sites -------------------------------------------------------------


def split_metadata(text):
    """Pelican's Markdown metadata lines, and the body after the first blank line."""
    header, _, body = text.partition("\n\n")
    metadata = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        metadata[key.strip().lower()] = value.strip()
    return metadata, body.strip() + "\n"


@dataclass
class Post:
    number: int
    date: dt.datetime
    title: str
    subtitle: str
    category: str
    tags: list
    signature_form: str
    deadline: str
    goal: int
    body: str

    @property
    def slug(self):
        return f"campaign-{self.number:04d}"

    @property
    def filename(self):
        return f"{self.date:%Y-%m-%d}-{self.slug}.md"


def synthetic_posts(count):
    """``count`` campaign posts like the original, one a day, the newest last."""
    metadata, body = split_metadata(ORIGINAL_POST.read_text(encoding="utf-8"))
    tags = [tag.strip() for tag in metadata["tags"].split(",")]
    posts = []
    for number in range(1, count + 1):
        date = FIRST_POST + dt.timedelta(days=number - 1)
        posts.append(
            Post(
                number=number,
                date=date,
                title=f"{metadata['title']}, campaign {number}",
                subtitle=metadata.get("subtitle", ""),
                category=CATEGORIES[number % len(CATEGORIES)],
                # Letters, not numbers: Pelican's default pagination names page 5 of
                # tag "x 1" x-15.html, the first page of tag "x 15".
                tags=[*tags, f"petition {chr(ord('a') + number % 20)}"],
                signature_form=f"https://example.org/sign/campaign-{number:04d}",
                deadline=f"{date + dt.timedelta(days=5):%Y-%m-%d}",
                goal=100 + number,
                body=body,
            )
        )
    return posts


def campaign_now(posts):
    """A build clock in the middle of the posts: older campaigns closed, newer open."""
    middle = posts[len(posts) // 2].date + dt.timedelta(days=2)
    return middle.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def resolution_body():
    _, body = split_metadata(RESOLUTION_PAGE.read_text(encoding="utf-8"))
    return body


def write_pelican_site(folder, posts, replace_marker):
    """The posts as Pelican Markdown, with the resolution page they link to.

    ``replace_marker`` puts each form's address where the plugin would, for
    builds without the plugin (which would otherwise warn about the marker).
    """
    (folder / "pages").mkdir(parents=True)
    newest = posts[-1]
    for post in posts:
        body = post.body.replace(FORM_MARKER, post.signature_form) if replace_marker else post.body
        (folder / post.filename).write_text(
            f"Title: {post.title}\n"
            f"Subtitle: {post.subtitle}\n"
            f"Date: {post.date:%Y-%m-%d %H:%M}\n"
            f"Slug: {post.slug}\n"
            f"Category: {post.category}\n"
            f"Tags: {', '.join(post.tags)}\n"
            f"Signature_form: {post.signature_form}\n"
            f"Deadline: {post.deadline}\n"
            f"Signature_goal: {post.goal}\n\n"
            f"{body}",
            encoding="utf-8",
        )
    page = resolution_body().replace(ORIGINAL_POST.name, newest.filename)
    if replace_marker:
        page = page.replace(FORM_MARKER, newest.signature_form)
    (folder / "pages" / "resolution.md").write_text(
        "Title: Resolution On Defense of Immigrants and Refugees\n"
        "Slug: resolution\n"
        f"Campaign: {newest.slug}\n\n{page}",
        encoding="utf-8",
    )


def hugo_front_matter(fields):
    # JSON values are valid YAML, and need no escaping rules of their own.
    lines = [f"{key}: {json.dumps(value)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def hugo_links(text, posts_by_file):
    text = text.replace("{filename}/pages/resolution.md", "/pages/resolution/")
    for filename, post in posts_by_file.items():
        text = text.replace(f"{{filename}}/{filename}", f"/posts/{post.slug}/")
    return text


def write_hugo_site(folder, posts):
    """The same posts as a Hugo site with the minimal layouts in bench/hugo/."""
    shutil.copytree(BENCH / "hugo", folder)
    (folder / "content" / "posts").mkdir(parents=True)
    (folder / "content" / "pages").mkdir()
    newest = posts[-1]
    for post in posts:
        front = hugo_front_matter(
            {
                "title": post.title,
                "subtitle": post.subtitle,
                "date": post.date.isoformat(),
                "slug": post.slug,
                "categories": [post.category],
                "tags": post.tags,
                "signature_form": post.signature_form,
                "deadline": post.deadline,
                "signature_goal": post.goal,
            }
        )
        body = hugo_links(post.body.replace(FORM_MARKER, post.signature_form), {})
        (folder / "content" / "posts" / post.filename).write_text(front + body, encoding="utf-8")
    page = resolution_body().replace(FORM_MARKER, newest.signature_form)
    page = hugo_links(page.replace(ORIGINAL_POST.name, newest.filename), {newest.filename: newest})
    front = hugo_front_matter({"title": "Resolution On Defense of Immigrants and Refugees"})
    (folder / "content" / "pages" / "resolution.md").write_text(front + page, encoding="utf-8")


# --- Timed builds ----------------------------------------------------------------


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
        settings = ROOT / "pelicanconf.py"
        if variant == "A":
            # Its own cache folder (outreach cards and calendars), kept between
            # rounds as in an editor's checkout, and never inside the project.
            own_cache = {"CACHE_PATH": str(self.folder / "cache-A")}
            return pelican_command(self.sources["A"], settings, output, own_cache)
        if variant == "B":
            return pelican_command(self.sources["B"], BENCH / "stockconf.py", output)
        if variant == "C":
            cache = self.folder / "hugo-cache"
            return ["hugo", "--source", str(self.sources["C"]), "--destination", str(output)] + [
                "--cacheDir",
                str(cache),
                "--quiet",
            ]
        cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(self.cache)}
        return pelican_command(self.sources["D"], settings, output, cached)

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
        for variant in VARIANTS:
            self.written[variant] = folder_size(self.folder / f"output-{variant}")
        shutil.rmtree(self.folder, ignore_errors=True)


# --- Reader cost -----------------------------------------------------------------


def compressible(content_type):
    return content_type.startswith(COMPRESSIBLE)


def gzip_size(data):
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped for clients that accept it, as common static hosts do."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        encode = compressible(content_type) and "gzip" in self.headers.get("Accept-Encoding", "")
        body = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0) if encode else data
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if encode:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


class SiteServer:
    """Serves a folder on a free loopback port, known before the site is built."""

    def __init__(self, root):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

        def handler(*args):
            return GzipHandler(*args, directory=str(self.root))

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class ReaderPage:
    label: str
    server: SiteServer
    lighthouse: list = field(default_factory=list)

    @property
    def url(self):
        return f"{self.server.url}/{POST_PATH}"


def stock_content(folder):
    """The real content for the stock build: the form's address where the marker was."""
    shutil.copytree(CONTENT, folder)
    metadata, _ = split_metadata(ORIGINAL_POST.read_text(encoding="utf-8"))
    for source in folder.rglob("*.md"):
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace(FORM_MARKER, metadata["signature_form"]), encoding="utf-8")
    return folder


def build_reader_pages(work):
    ours = ReaderPage("this project", SiteServer(work / "reader-ours"))
    stock = ReaderPage("stock Pelican", SiteServer(work / "reader-stock"))
    run_measured(
        pelican_command(
            CONTENT,
            ROOT / "publishconf.py",
            ours.server.root,
            {"CACHE_PATH": str(work / "reader-ours-cache")},
        ),
        build_env(SITEURL=ours.server.url, CAMPAIGN_NOW=BEFORE_DEADLINE),
        work / "reader-ours.log",
    )
    run_measured(
        pelican_command(
            stock_content(work / "content-stock"), BENCH / "stockconf.py", stock.server.root
        ),
        build_env(SITEURL=stock.server.url, BENCH_BASE="publishconf"),
        work / "reader-stock.log",
    )
    for page in (ours, stock):
        if not (page.server.root / POST_PATH).is_file():
            raise BenchError(f"the {page.label} build wrote no {POST_PATH}")
    return ours, stock


def run_lighthouse(url, report):
    env = dict(os.environ, CHROME_PATH=chromium_path())
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=60000",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    if result.returncode or not Path(report).is_file():
        raise BenchError(f"Lighthouse failed on {url}:\n{(result.stderr or result.stdout)[-2000:]}")
    data = json.loads(Path(report).read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise BenchError(f"Lighthouse could not load {url}: {data['runtimeError']['message']}")
    return data


def lighthouse_summary(data):
    audits = data["audits"]
    scores = {}
    for name in LIGHTHOUSE_CATEGORIES:
        score = data["categories"][name]["score"]
        scores[name] = None if score is None else round(score * 100)
    losses = []
    for name in LIGHTHOUSE_CATEGORIES:
        for ref in data["categories"][name]["auditRefs"]:
            audit = audits.get(ref["id"], {})
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                losses.append(f"{name}: {audit['title']} ({audit.get('displayValue') or 'failed'})")
    requests = audits["network-requests"]["details"]["items"]
    return {
        "scores": scores,
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "requests": [item["url"] for item in requests],
        "losses": losses,
        "form_factor": data["configSettings"]["formFactor"],
        "throttling": data["configSettings"]["throttlingMethod"],
        "version": data["lighthouseVersion"],
    }


def page_weight(page, urls):
    """Each request the page made: (path, bytes raw, bytes gzip, note)."""
    origin = urlsplit(page.server.url).netloc
    rows, other_hosts = [], 0
    for url in dict.fromkeys(urls):
        parts = urlsplit(url)
        if parts.netloc != origin:
            other_hosts += 1
            rows.append((url, 0, 0, "another host"))
            continue
        path = page.server.root / unquote(parts.path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            rows.append((parts.path, 0, 0, "not found (404)"))
            continue
        data = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        packed = gzip_size(data) if compressible(content_type) else len(data)
        rows.append((parts.path, len(data), packed, "" if packed < len(data) else "not gzipped"))
    return rows, other_hosts


def reader_cost(work, runs):
    ours, stock = build_reader_pages(work)
    try:
        for round_number in range(1, runs + 1):
            order = (ours, stock) if round_number % 2 else (stock, ours)
            for page in order:
                report = work / f"lighthouse-{page.label.replace(' ', '-')}-{round_number}.json"
                page.lighthouse.append(lighthouse_summary(run_lighthouse(page.url, report)))
            log(f"  Lighthouse round {round_number}/{runs} done")
        for page in (ours, stock):
            page.weight, page.other_hosts = page_weight(page, page.lighthouse[0]["requests"])
    finally:
        ours.server.stop()
        stock.server.stop()
    return ours, stock


# --- Machine and versions --------------------------------------------------------


def chromium_path():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        raise BenchError("Chromium is missing: run `make bench`, which installs it")
    return path


def command_output(command):
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (result.stdout or result.stderr).strip().splitlines()[0] if result.stdout else "unknown"


def machine():
    cpu_model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    hugo = command_output(["hugo", "version"]).split()
    lighthouse = json.loads(
        (BENCH / "node_modules" / "lighthouse" / "package.json").read_text(encoding="utf-8")
    )["version"]
    return {
        "CPU": f"{cpu_model}, {os.cpu_count()} cores",
        "Memory": f"{kib / 1024 / 1024:.1f} GiB",
        "System": f"{platform.system()} {platform.release()}",
        "Load average at start (1 min)": f"{os.getloadavg()[0]:.2f}",
        "Python": platform.python_version(),
        "Pelican": importlib.metadata.version("pelican"),
        "Markdown": importlib.metadata.version("markdown"),
        "Jinja2": importlib.metadata.version("jinja2"),
        "Hugo": hugo[1] if len(hugo) > 1 else "unknown",
        "Chromium": command_output([chromium_path(), "--version"]),
        "Lighthouse": f"{lighthouse} (Node.js {command_output(['node', '--version'])})",
    }


# --- Report ----------------------------------------------------------------------


def median(values):
    return statistics.median(values)


def seconds(samples):
    walls = [s.wall for s in samples]
    return f"{median(walls):.2f} ({min(walls):.2f}–{max(walls):.2f})"


def ratio(top, bottom, attribute="wall"):
    return median([getattr(s, attribute) for s in top]) / median(
        [getattr(s, attribute) for s in bottom]
    )


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(holds):
    return "**holds**" if holds else "**missed**"


def median_lighthouse(page, key):
    return median([run[key] for run in page.lighthouse])


def median_score(page, name):
    values = [run["scores"][name] for run in page.lighthouse if run["scores"][name] is not None]
    return median(values) if values else None


def report(sizes, runs, lighthouse_runs, builds, ours, stock, info, started, elapsed):
    largest = builds[-1]
    a_over_b = ratio(largest.samples["A"], largest.samples["B"])
    d_over_a = ratio(largest.samples["D"], largest.samples["A"])
    ours_gzip = sum(row[2] for row in ours.weight)
    ours_requests = len(ours.weight)
    ours_scores = {name: median_score(ours, name) for name in LIGHTHOUSE_CATEGORIES}
    all_hundred = all(score == TARGET_LIGHTHOUSE for score in ours_scores.values())

    def over(value, target):
        if value <= target:
            return f"{(1 - value / target) * 100:.0f} % under the limit"
        return f"{(value / target - 1) * 100:.0f} % over the limit"

    targets = [
        (
            f"A/B ≤ {TARGET_A_OVER_B:.1f} at {largest.size} posts (build time, theme and plugin "
            "against stock)",
            f"{a_over_b:.2f} ({over(a_over_b, TARGET_A_OVER_B)})",
            verdict(a_over_b <= TARGET_A_OVER_B),
        ),
        (
            f"D/A ≤ {TARGET_D_OVER_A:.1f} at {largest.size} posts (cached rebuild after one edit)",
            f"{d_over_a:.2f} ({over(d_over_a, TARGET_D_OVER_A)})",
            verdict(d_over_a <= TARGET_D_OVER_A),
        ),
        (
            f"Campaign page ≤ {TARGET_GZIP_BYTES:,} bytes gzip (14 KiB)",
            f"{ours_gzip:,} bytes",
            verdict(ours_gzip <= TARGET_GZIP_BYTES),
        ),
        (
            f"Campaign page in ≤ {TARGET_REQUESTS} requests",
            f"{ours_requests} requests, {ours.other_hosts} to other hosts",
            verdict(ours_requests <= TARGET_REQUESTS and not ours.other_hosts),
        ),
        (
            "Lighthouse 100 in performance, accessibility, best practices, SEO",
            " / ".join(str(ours_scores[name]) for name in LIGHTHOUSE_CATEGORIES),
            verdict(all_hundred),
        ),
    ]

    build_rows, cpu_rows, memory_rows = [], [], []
    for size in builds:
        s = size.samples
        build_rows.append(
            [
                size.size,
                *(seconds(s[key]) for key in VARIANTS),
                f"{ratio(s['A'], s['B']):.2f}",
                f"{ratio(s['A'], s['C']):.1f}",
                f"{ratio(s['D'], s['A']):.2f}",
            ]
        )
        cpu_rows.append(
            [
                size.size,
                *(f"{median([x.cpu for x in s[key]]):.2f}" for key in VARIANTS),
                f"{ratio(s['A'], s['B'], 'cpu'):.2f}",
                f"{ratio(s['A'], s['C'], 'cpu'):.1f}",
                f"{ratio(s['D'], s['A'], 'cpu'):.2f}",
            ]
        )
        memory_rows.append(
            [size.size, *(f"{max(x.peak_rss for x in s[key]) / 2**20:.0f}" for key in VARIANTS)]
        )
    variant_heads = [f"{key}: {label}" for key, label in VARIANTS.items()]

    weight_rows = []
    for page in (ours, stock):
        raw = sum(row[1] for row in page.weight)
        packed = sum(row[2] for row in page.weight)
        weight_rows.append(
            [page.label, len(page.weight), page.other_hosts, f"{raw:,}", f"{packed:,}"]
        )
    request_rows = [
        [page.label, path, f"{raw:,}", f"{packed:,}", note]
        for page in (ours, stock)
        for path, raw, packed, note in page.weight
    ]
    written_rows = [
        [
            size.size,
            *(f"{size.written[key][0]:,} / {size.written[key][1] / 2**20:.1f}" for key in VARIANTS),
        ]
        for size in builds
    ]
    lighthouse_rows = [
        [name, median_score(ours, name), median_score(stock, name)]
        for name in LIGHTHOUSE_CATEGORIES
    ]
    for key, title, unit in (
        ("fcp", "First contentful paint", "ms"),
        ("lcp", "Largest contentful paint", "ms"),
        ("tbt", "Total blocking time", "ms"),
    ):
        lighthouse_rows.append(
            [
                f"{title} ({unit})",
                f"{median_lighthouse(ours, key):.0f}",
                f"{median_lighthouse(stock, key):.0f}",
            ]
        )
    lighthouse_rows.append(
        [
            "Cumulative layout shift",
            f"{median_lighthouse(ours, 'cls'):.3f}",
            f"{median_lighthouse(stock, 'cls'):.3f}",
        ]
    )
    losses = {
        page.label: sorted({loss for run in page.lighthouse for loss in run["losses"]})
        for page in (ours, stock)
    }
    first = ours.lighthouse[0]
    plugins = ", ".join(runpy.run_path(str(ROOT / "pelicanconf.py")).get("PLUGINS", []))

    out = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {started:%Y-%m-%d %H:%M} UTC; the whole run took "
        f"{elapsed / 60:.1f} minutes. Each build is timed from process start to exit, {runs} "
        "times per size, in alternating rounds that run two builds at a time, one per core "
        "(A beside D, then B beside C; the pair order swaps each round). An untimed warm-up "
        "round comes before the first size, and D's first build at each size, which fills "
        "its cache, is not timed. Figures are "
        "medians with the range (min–max) in brackets. Other work may share the machine, "
        "which is why the targets are judged on ratios of alternating runs; CPU time, below, "
        "is the steadier measure.",
        "",
        "## Targets",
        "",
        table(["target", "measured", "verdict"], targets),
        "",
        "## Machine",
        "",
        table(["", ""], list(info.items())),
        "",
        "## Build time (wall-clock seconds)",
        "",
        table(["posts", *variant_heads, "A/B", "A/C", "D/A"], build_rows),
        "",
        "## Build CPU time (user + system seconds, median)",
        "",
        "Less sensitive than wall-clock time to other work on the machine; Hugo uses every "
        "core, Pelican one.",
        "",
        table(["posts", *variant_heads, "A/B", "A/C", "D/A"], cpu_rows),
        "",
        "## Peak memory (maximum resident set size of the build process, MiB)",
        "",
        table(["posts", *variant_heads], memory_rows),
        "",
        "## Output written (files / MiB)",
        "",
        table(["posts", *variant_heads], written_rows),
        "",
        "## Campaign post page: what a reader downloads",
        "",
        f"`{POST_PATH}` built with the production settings (publishconf.py), five days "
        "before the deadline (countdown script on the page), against the same post built by "
        "the stock theme. Requests are those Lighthouse saw the page make; bytes are the "
        f"files' sizes, raw and gzip level {GZIP_LEVEL} (as served), without HTTP headers.",
        "",
        table(["page", "requests", "to other hosts", "bytes raw", "bytes gzip"], weight_rows),
        "",
        table(["page", "request", "bytes raw", "bytes gzip", "note"], request_rows),
        "",
        f"## Lighthouse ({first['form_factor']}, {first['throttling']} throttling, "
        f"median of {lighthouse_runs} alternating runs)",
        "",
        table(["measure", ours.label, stock.label], lighthouse_rows),
        "",
    ]
    for label, items in losses.items():
        out.append(f"Audits that cost {label} points in any run" + (":" if items else ": none."))
        out += [f"- {item}" for item in items]
        out.append("")
    out += [
        "## How the sites were made",
        "",
        f"- {', '.join(str(s) for s in sizes)} synthetic campaign posts, one a day, each with "
        "`Signature_form` (https on example.org), `Deadline` (five days after the post) and "
        "`Signature_goal`, and the body of the original campaign post with its "
        "`{signature_form}` links; a resolution page links to the newest. The build clock "
        "(CAMPAIGN_NOW) is in the middle, so older campaigns are closed and newer ones open.",
        f"- A: `pelicanconf.py` as it is: the project theme and the plugins {plugins}. "
        "Its cache folder is kept between rounds, as in an editor's checkout, so social cards, "
        "calendar files and QR codes are drawn in A's first round at each size (the top of "
        "its range) and reused after; Pelican's content cache stays off.",
        "- B: `bench/stockconf.py`: the same settings with Pelican's stock theme (notmyidea), "
        "no plugins and Pelican's default Jinja environment. Without the plugin the "
        "`{signature_form}` marker would be left in the links (Pelican warns), so B and C get "
        "the form's address in its place.",
        "- C: Hugo with the minimal layouts in `bench/hugo/` (a single and a list template "
        "on one base, ten posts a page, no feeds or sitemap).",
        "- D: A with `CACHE_CONTENT` and `LOAD_CONTENT_CACHE` on, into the same output folder, "
        "after a line of the newest post was changed.",
        "",
    ]
    return "\n".join(out)


# --- Main ------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="post counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds per size (at least 5)")
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    parser.add_argument("--output", default=str(RESULTS), help="where to write the results")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    if not LIGHTHOUSE.exists():
        raise BenchError("Lighthouse is not installed: run `make bench`, which installs it")
    if not shutil.which("hugo"):
        raise BenchError("Hugo is not installed: run `make bench`, which installs it")

    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    info = machine()
    with tempfile.TemporaryDirectory(prefix="campaign-bench-") as temporary:
        work = Path(temporary)
        builds = []
        for size in sizes:
            log(f"Building {size} posts, {args.runs} rounds of A, B, C, D...")
            size_bench = SizeBench(work, size)
            size_bench.bench(args.runs, warm_up=not builds)
            builds.append(size_bench)
        log("Measuring the campaign page with Lighthouse...")
        ours, stock = reader_cost(work, args.lighthouse_runs)
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
