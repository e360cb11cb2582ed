"""The page budget over a whole synthetic site: every page's bytes, gzipped, with
everything it loads, as the publish gate counts them (sitecheck.page_weight)."""

import shutil
from dataclasses import dataclass, field

from sitecheck import html_pages, page_weight

from .builds import build_env, pelican_command, run_measured
from .messages import BenchError
from .project import PUBLISH_SETTINGS

SITEURL = "https://campaign.example.org"


@dataclass
class SiteBudget:
    size: int
    pages: int
    heaviest: list = field(default_factory=list)  # [(gzip bytes, requests, page)], heaviest first
    over: int = 0  # pages over the limit

    @property
    def largest(self):
        return self.heaviest[0][0] if self.heaviest else 0


def site_budget(size_bench, limit, keep=5):
    """Build ``size_bench``'s posts with the production settings (from its primed
    cache) and weigh every page."""
    folder = size_bench.folder
    output, cache = folder / "output-publish", folder / "cache-publish"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(size_bench.primed_cache, cache)
    command = pelican_command(
        size_bench.content["A"], PUBLISH_SETTINGS, output, {"CACHE_PATH": str(cache)}
    )
    run_measured(
        command, build_env(SITEURL=SITEURL, CAMPAIGN_NOW=size_bench.now), folder / "publish.log"
    )
    pages = html_pages(output)
    if not pages:
        raise BenchError(f"the production build of {size_bench.size} posts wrote no pages")
    weights = []
    for page in pages:
        weight = page_weight(output, page, SITEURL)
        weights.append((weight.gzip_bytes, weight.requests, page))
    weights.sort(reverse=True)
    return SiteBudget(
        size=size_bench.size,
        pages=len(pages),
        heaviest=weights[:keep],
        over=sum(1 for gzip_bytes, _, _ in weights if gzip_bytes > limit),
    )
