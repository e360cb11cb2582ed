"""Reader cost: the real campaign post, ours against the stock theme, under Lighthouse.

Both are built with the production settings, served with gzip on loopback,
and measured in alternating Lighthouse runs.
"""

import mimetypes
import shutil
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from .builds import build_env, pelican_command, run_measured
from .lighthouse import lighthouse_summary, run_lighthouse
from .messages import BenchError, log
from .project import (
    CONTENT,
    FORM_MARKER,
    ORIGINAL_POST,
    PUBLISH_SETTINGS,
    STOCK_SETTINGS,
    split_metadata,
)
from .server import SiteServer, compressible, gzip_size

# The reader-cost page: the real post, five days before its deadline, so the
# countdown script is on the page (its heaviest state).
POST_PATH = "2021/04/defend-immigrants-rights.html"
BEFORE_DEADLINE = "2021-04-09T03:59:59Z"


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
            PUBLISH_SETTINGS,
            ours.server.root,
            {"CACHE_PATH": str(work / "reader-ours-cache")},
        ),
        build_env(SITEURL=ours.server.url, CAMPAIGN_NOW=BEFORE_DEADLINE),
        work / "reader-ours.log",
    )
    run_measured(
        pelican_command(stock_content(work / "content-stock"), STOCK_SETTINGS, stock.server.root),
        build_env(SITEURL=stock.server.url, BENCH_BASE="publishconf"),
        work / "reader-stock.log",
    )
    for page in (ours, stock):
        if not (page.server.root / POST_PATH).is_file():
            raise BenchError(f"the {page.label} build wrote no {POST_PATH}")
    return ours, stock


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
