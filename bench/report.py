"""RESULTS.md: the figures of a run as Markdown, one function per section."""

import statistics

from .lighthouse import LIGHTHOUSE_CATEGORIES
from .project import plugin_names
from .reader import POST_PATH
from .server import GZIP_LEVEL
from .timing import VARIANTS

# The targets the project claims (issue: "Benchmarks: build speed and reader page cost").
TARGET_A_OVER_B = 1.0
TARGET_D_OVER_A = 0.5
TARGET_GZIP_BYTES = 14 * 1024
TARGET_REQUESTS = 4
TARGET_LIGHTHOUSE = 100


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


def section(heading, *blocks):
    """A heading and its blocks (paragraphs, tables, lists), a blank line after each."""
    lines = [heading, ""]
    for block in blocks:
        lines += [block, ""]
    return lines


def verdict(holds):
    return "**holds**" if holds else "**missed**"


def over(value, target):
    if value <= target:
        return f"{(1 - value / target) * 100:.0f} % under the limit"
    return f"{(value / target - 1) * 100:.0f} % over the limit"


def median_lighthouse(page, key):
    return median([run[key] for run in page.lighthouse])


def median_score(page, name):
    values = [run["scores"][name] for run in page.lighthouse if run["scores"][name] is not None]
    return median(values) if values else None


def variant_heads():
    return [f"{key}: {label}" for key, label in VARIANTS.items()]


def intro(runs, started, elapsed):
    return section(
        "# Benchmark results",
        f"Written by `make bench` on {started:%Y-%m-%d %H:%M} UTC; the whole run took "
        f"{elapsed / 60:.1f} minutes. Each build is timed from process start to exit, {runs} "
        "times per size, in alternating rounds that run two builds at a time, one per core "
        "(A beside D, then B beside C; the pair order swaps each round). An untimed warm-up "
        "round comes before the first size, and D's first build at each size, which fills "
        "its cache, is not timed. Figures are "
        "medians with the range (min–max) in brackets. Other work may share the machine, "
        "which is why the targets are judged on ratios of alternating runs; CPU time, below, "
        "is the steadier measure.",
    )


def build_targets(largest):
    a_over_b = ratio(largest.samples["A"], largest.samples["B"])
    d_over_a = ratio(largest.samples["D"], largest.samples["A"])
    return [
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
    ]


def page_targets(ours):
    ours_gzip = sum(row[2] for row in ours.weight)
    ours_requests = len(ours.weight)
    ours_scores = {name: median_score(ours, name) for name in LIGHTHOUSE_CATEGORIES}
    all_hundred = all(score == TARGET_LIGHTHOUSE for score in ours_scores.values())
    return [
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


def targets_section(builds, ours):
    rows = build_targets(builds[-1]) + page_targets(ours)
    return section("## Targets", table(["target", "measured", "verdict"], rows))


def machine_section(info):
    return section("## Machine", table(["", ""], list(info.items())))


def build_time_section(builds):
    rows = []
    for size in builds:
        s = size.samples
        rows.append(
            [
                size.size,
                *(seconds(s[key]) for key in VARIANTS),
                f"{ratio(s['A'], s['B']):.2f}",
                f"{ratio(s['A'], s['C']):.1f}",
                f"{ratio(s['D'], s['A']):.2f}",
            ]
        )
    return section(
        "## Build time (wall-clock seconds)",
        table(["posts", *variant_heads(), "A/B", "A/C", "D/A"], rows),
    )


def cpu_time_section(builds):
    rows = []
    for size in builds:
        s = size.samples
        rows.append(
            [
                size.size,
                *(f"{median([x.cpu for x in s[key]]):.2f}" for key in VARIANTS),
                f"{ratio(s['A'], s['B'], 'cpu'):.2f}",
                f"{ratio(s['A'], s['C'], 'cpu'):.1f}",
                f"{ratio(s['D'], s['A'], 'cpu'):.2f}",
            ]
        )
    return section(
        "## Build CPU time (user + system seconds, median)",
        "Less sensitive than wall-clock time to other work on the machine; Hugo uses every "
        "core, Pelican one.",
        table(["posts", *variant_heads(), "A/B", "A/C", "D/A"], rows),
    )


def memory_section(builds):
    rows = [
        [
            size.size,
            *(f"{max(x.peak_rss for x in size.samples[key]) / 2**20:.0f}" for key in VARIANTS),
        ]
        for size in builds
    ]
    return section(
        "## Peak memory (maximum resident set size of the build process, MiB)",
        table(["posts", *variant_heads()], rows),
    )


def written_section(builds):
    rows = [
        [
            size.size,
            *(f"{size.written[key][0]:,} / {size.written[key][1] / 2**20:.1f}" for key in VARIANTS),
        ]
        for size in builds
    ]
    return section("## Output written (files / MiB)", table(["posts", *variant_heads()], rows))


def reader_page_section(ours, stock):
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
    return section(
        "## Campaign post page: what a reader downloads",
        f"`{POST_PATH}` built with the production settings (publishconf.py), five days "
        "before the deadline (countdown script on the page), against the same post built by "
        "the stock theme. Requests are those Lighthouse saw the page make; bytes are the "
        f"files' sizes, raw and gzip level {GZIP_LEVEL} (as served), without HTTP headers.",
        table(["page", "requests", "to other hosts", "bytes raw", "bytes gzip"], weight_rows),
        table(["page", "request", "bytes raw", "bytes gzip", "note"], request_rows),
    )


def lighthouse_rows(ours, stock):
    rows = [
        [name, median_score(ours, name), median_score(stock, name)]
        for name in LIGHTHOUSE_CATEGORIES
    ]
    for key, title, unit in (
        ("fcp", "First contentful paint", "ms"),
        ("lcp", "Largest contentful paint", "ms"),
        ("tbt", "Total blocking time", "ms"),
    ):
        rows.append(
            [
                f"{title} ({unit})",
                f"{median_lighthouse(ours, key):.0f}",
                f"{median_lighthouse(stock, key):.0f}",
            ]
        )
    rows.append(
        [
            "Cumulative layout shift",
            f"{median_lighthouse(ours, 'cls'):.3f}",
            f"{median_lighthouse(stock, 'cls'):.3f}",
        ]
    )
    return rows


def losses_list(page):
    """The audits that cost the page points in any run, as a Markdown list."""
    items = sorted({loss for run in page.lighthouse for loss in run["losses"]})
    lines = [f"Audits that cost {page.label} points in any run" + (":" if items else ": none.")]
    lines += [f"- {item}" for item in items]
    return "\n".join(lines)


def lighthouse_section(ours, stock, lighthouse_runs):
    first = ours.lighthouse[0]
    return section(
        f"## Lighthouse ({first['form_factor']}, {first['throttling']} throttling, "
        f"median of {lighthouse_runs} alternating runs)",
        table(["measure", ours.label, stock.label], lighthouse_rows(ours, stock)),
        losses_list(ours),
        losses_list(stock),
    )


def how_made_section(sizes):
    plugins = ", ".join(plugin_names())
    bullets = [
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
    ]
    return section("## How the sites were made", "\n".join(bullets))


def report(sizes, runs, lighthouse_runs, builds, ours, stock, info, started, elapsed):
    """The whole of RESULTS.md."""
    lines = [
        *intro(runs, started, elapsed),
        *targets_section(builds, ours),
        *machine_section(info),
        *build_time_section(builds),
        *cpu_time_section(builds),
        *memory_section(builds),
        *written_section(builds),
        *reader_page_section(ours, stock),
        *lighthouse_section(ours, stock, lighthouse_runs),
        *how_made_section(sizes),
    ]
    return "\n".join(lines)
