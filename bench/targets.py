"""The bench's targets, each with its measured figure and a verdict: the build,
preview and page targets set first, and the targets for a real blog's mix of
posts and for the live preview on large sites set after.

Every function takes the run's figures and returns Target rows; a figure the run
did not measure (a size left out) gives the verdict "not measured", never a pass.
"""

import statistics
from dataclasses import dataclass

COLD_A_OVER_B = 1.5
WARM_A_OVER_B = 1.0
LINEAR_1000_OVER_100 = 11.0
PREVIEW_SECONDS = 1.0
# The live preview on a large site, and the builds of each mix of posts at this size.
PREVIEW_LARGE_SECONDS = 2.0
PREVIEW_LARGE_SIZE = 5000
MIX_SIZE = 1000
# (mix, variant, limit, what the variant starts from), mixes as bench/sites.py names them.
MIX_TARGETS = (
    ("blog", "Acold", 1.3, "empty cache"),
    ("blog", "Awarm", 1.0, "cache restored"),
    ("every-other", "Acold", 2.0, "empty cache"),
)
MIX_NAMES = {
    "blog": "real blog's mix (one post in 25 a campaign, two open)",
    "every-other": "every other post a campaign, all closed",
}
PAGE_GZIP_BYTES = 6144
PAGE_REQUESTS = 3
PAGE_LCP_MS = 800
LIGHTHOUSE_SCORE = 100
SITE_PAGE_GZIP_BYTES = 14 * 1024
BUDGET_SIZE = 5000


@dataclass(frozen=True)
class Target:
    name: str
    limit: float
    measured: float | None  # None: not measured in this run
    text: str  # the measured figure as the report shows it
    at_least: bool = False  # the figure must reach the limit, not stay under it

    @property
    def verdict(self):
        if self.measured is None:
            return "not measured"
        met = self.measured >= self.limit if self.at_least else self.measured <= self.limit
        return "met" if met else "missed"


def median_wall(samples):
    return statistics.median(sample.wall for sample in samples)


def wall_ratio(top, bottom):
    if not top or not bottom:
        return None
    return median_wall(top) / median_wall(bottom)


def ratio_text(value, top, bottom):
    if value is None:
        return "not in this run"
    return f"{value:.2f} ({median_wall(top):.2f} s / {median_wall(bottom):.2f} s)"


def build_targets(sizes):
    """``sizes``: {post count: its samples by variant}."""
    rows = []
    for variant, limit, label in (
        ("Acold", COLD_A_OVER_B, "empty cache"),
        ("Awarm", WARM_A_OVER_B, "cache restored"),
    ):
        for size in (100, 1000):
            samples = sizes.get(size, {})
            top, bottom = samples.get(variant, []), samples.get("B", [])
            value = wall_ratio(top, bottom)
            rows.append(
                Target(
                    f"A/B ≤ {limit:.1f} at {size:,} posts, {label} (wall time, median)",
                    limit,
                    value,
                    ratio_text(value, top, bottom),
                )
            )
    small, large = sizes.get(100, {}).get("Acold", []), sizes.get(1000, {}).get("Acold", [])
    value = wall_ratio(large, small)
    rows.append(
        Target(
            f"A at 1,000 ÷ A at 100 ≤ {LINEAR_1000_OVER_100:.0f}, empty cache (linear cost)",
            LINEAR_1000_OVER_100,
            value,
            ratio_text(value, large, small),
        )
    )
    return rows


def mix_targets(mixes):
    """``mixes``: {(mix, post count): its samples by variant}. A/B at MIX_SIZE posts
    for each mix of posts."""
    rows = []
    for mix, variant, limit, label in MIX_TARGETS:
        samples = mixes.get((mix, MIX_SIZE), {})
        top, bottom = samples.get(variant, []), samples.get("B", [])
        value = wall_ratio(top, bottom)
        rows.append(
            Target(
                f"A/B ≤ {limit:.1f} at {MIX_SIZE:,} posts, {MIX_NAMES[mix]}, {label} "
                "(wall time, median)",
                limit,
                value,
                ratio_text(value, top, bottom),
            )
        )
    return rows


def preview_target(latencies, size=1000, limit=PREVIEW_SECONDS):
    """``latencies``: {post count: seconds from save to the open page showing it}."""
    found = latencies.get(size)
    value = statistics.median(found) if found else None
    text = "not in this run"
    if found:
        text = f"{value:.2f} s (median of {len(found)} saves, {min(found):.2f}–{max(found):.2f})"
    return Target(
        f"Live preview at {size:,} posts: a saved edit in the open page in ≤ {limit:.0f} s",
        limit,
        value,
        text,
    )


def preview_targets(latencies):
    return [
        preview_target(latencies),
        preview_target(latencies, PREVIEW_LARGE_SIZE, PREVIEW_LARGE_SECONDS),
    ]


def page_targets(gzip_bytes, requests, lcp_runs, scores):
    """The campaign page: bytes gzip, requests, LCP of each Lighthouse run, the
    median score of each category."""
    lcp = statistics.median(lcp_runs) if lcp_runs else None
    lowest = min((score for score in scores.values() if score is not None), default=None)
    if any(score is None for score in scores.values()):
        lowest = None
    return [
        Target(
            f"Campaign page ≤ {PAGE_GZIP_BYTES:,} bytes gzip",
            PAGE_GZIP_BYTES,
            gzip_bytes,
            "not in this run" if gzip_bytes is None else f"{gzip_bytes:,} bytes",
        ),
        Target(
            f"Campaign page in ≤ {PAGE_REQUESTS} requests",
            PAGE_REQUESTS,
            requests,
            "not in this run" if requests is None else f"{requests} requests",
        ),
        Target(
            f"Campaign page LCP ≤ {PAGE_LCP_MS} ms (Lighthouse mobile, median of {len(lcp_runs)})",
            PAGE_LCP_MS,
            lcp,
            "not measured" if lcp is None else f"{lcp:.0f} ms",
        ),
        Target(
            "Lighthouse 100 in performance, accessibility, best practices, SEO",
            LIGHTHOUSE_SCORE,
            lowest,
            " / ".join(str(score) for score in scores.values())
            if lowest is not None
            else "not in this run",
            at_least=True,
        ),
    ]


def budget_target(budget):
    """``budget``: the page weights of the largest site in the run, or None."""
    name = f"Every page of the {BUDGET_SIZE:,}-post site ≤ {SITE_PAGE_GZIP_BYTES:,} bytes gzip"
    if budget is None:
        return Target(name, SITE_PAGE_GZIP_BYTES, None, "not in this run")
    gzip_bytes, _, page = budget.heaviest[0]
    text = f"heaviest {gzip_bytes:,} bytes ({page}); {budget.over} of {budget.pages:,} pages over"
    if budget.size != BUDGET_SIZE:
        return Target(name, SITE_PAGE_GZIP_BYTES, None, f"{text}, at {budget.size:,} posts only")
    return Target(name, SITE_PAGE_GZIP_BYTES, gzip_bytes, text)
