"""RESULTS.md: the figures of a run as Markdown, one function per section."""

import statistics

from . import targets
from .lighthouse import LIGHTHOUSE_CATEGORIES
from .project import plugin_names
from .reader import POST_PATH
from .server import GZIP_LEVEL
from .sites import EVERY_OTHER
from .timing import CACHES, VARIANTS


def median(values):
    return statistics.median(values)


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


def median_lighthouse(page, key):
    return median([run[key] for run in page.lighthouse])


def median_score(page, name):
    values = [run["scores"][name] for run in page.lighthouse if run["scores"][name] is not None]
    return median(values) if values else None


def intro(runs_by_size, started, elapsed):
    runs = ", ".join(f"{runs} at {size:,} posts" for size, runs in runs_by_size.items())
    return section(
        "# Benchmark results",
        f"Written by `make bench` on {started:%Y-%m-%d %H:%M} UTC; the whole run took "
        f"{elapsed / 60:.1f} minutes. Each build is timed from process start to exit, one "
        f"build at a time, in rounds that rotate the order of the variants; timed runs per "
        f"variant: {runs} (fewer at the largest size, where one round takes minutes). Before "
        "the rounds of each size, one untimed build fills the cache that the warm variant "
        "restores, and one fills D's caches. Figures are medians with the range (min–max) "
        "in brackets; the targets are judged on medians of wall time.",
    )


def targets_section(rows):
    body = [[row.name, row.text, f"**{row.verdict}**"] for row in rows]
    met = sum(row.verdict == "met" for row in rows)
    summary = f"{met} of {len(rows)} targets met" + (
        "; a target marked not measured had its size left out of this run."
        if any(row.verdict == "not measured" for row in rows)
        else "."
    )
    return section("## Targets", table(["target", "measured", "verdict"], body), summary)


def all_targets(builds, previews, ours, budget):
    sizes = {size.size: size.samples for size in builds if size.mix == EVERY_OTHER}
    mixes = {(size.mix, size.size): size.samples for size in builds}
    latencies = {size: found[0] for size, found in previews.items()}
    if ours is None:
        page = targets.page_targets(None, None, [], {"all": None})
    else:
        gzip_bytes = sum(row[2] for row in ours.weight)
        scores = {name: median_score(ours, name) for name in LIGHTHOUSE_CATEGORIES}
        lcp = [run["lcp"] for run in ours.lighthouse]
        page = targets.page_targets(gzip_bytes, len(ours.weight), lcp, scores)
    return [
        *targets.mix_targets(mixes),
        *targets.preview_targets(latencies),
        *targets.build_targets(sizes),
        *page,
        targets.budget_target(budget),
    ]


def machine_section(info):
    return section("## Machine", table(["", ""], list(info.items())))


def seconds(values):
    return f"{median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def cache_used(size, variant):
    used = CACHES[variant]
    if variant == "Awarm":
        used += f" (it held: {', '.join(size.warm_cache) or 'nothing'})"
    return used


def build_section(builds):
    rows = []
    for size in builds:
        for variant, label in VARIANTS.items():
            samples = size.samples[variant]
            files, written = size.written[variant]
            rows.append(
                [
                    f"{size.size:,} ({size.mix})",
                    f"{variant}: {label}",
                    cache_used(size, variant),
                    len(samples),
                    seconds([s.wall for s in samples]),
                    f"{median([s.cpu for s in samples]):.2f}",
                    f"{max(s.peak_rss for s in samples) / 2**20:.0f}",
                    f"{files:,} / {written / 2**20:.1f}",
                ]
            )
    head = [
        "posts",
        "variant",
        "cache it started from",
        "runs",
        "wall s",
        "CPU s",
        "peak MiB",
        "files / MiB written",
    ]
    return section(
        "## Builds",
        "Wall: process start to exit. CPU: user + system seconds of the build process and "
        "its children (Hugo uses every core). Peak: the build process's largest resident set.",
        table(head, rows),
    )


def ratio_section(builds):
    def ratio(size, top, bottom):
        value = targets.wall_ratio(size.samples[top], size.samples[bottom])
        return "–" if value is None else f"{value:.2f}"

    rows = [
        [
            f"{size.size:,} ({size.mix})",
            ratio(size, "Acold", "B"),
            ratio(size, "Awarm", "B"),
            ratio(size, "Acold", "C"),
            ratio(size, "D", "Awarm"),
        ]
        for size in builds
    ]
    return section(
        "## Ratios (medians of wall time)",
        table(["posts", "Acold/B", "Awarm/B", "Acold/C", "D/Awarm"], rows),
    )


def preview_section(previews):
    rows = [
        [f"{size:,}", len(found), seconds(found), f"{first:.1f}"]
        for size, (found, first) in previews.items()
    ]
    return section(
        "## Live preview: from saving a post to the open page showing it",
        "Through the real preview (`invoke livereload`, what `make serve` runs) in a copy of "
        "the project whose content is the synthetic site, its cache folder restored from the "
        "earlier build, and a real browser (Chromium, through Playwright) with the edited "
        "post open, reloaded by livereload's script: the clock starts when the file is "
        "written and stops when the page's text holds the new sentence. Before each save "
        "the preview is left to finish the site (until it says it wrote the rest). "
        "First build: from starting the preview to the post being served (a whole build "
        "that ignores Pelican's content cache).",
        table(["posts", "saves", "seconds (median, range)", "first build s"], rows),
    )


def budget_section(budget):
    if budget is None:
        return []
    rows = [[page, f"{gzip_bytes:,}", requests] for gzip_bytes, requests, page in budget.heaviest]
    return section(
        f"## Page budget over the whole {budget.size:,}-post site",
        f"Built with the production settings (publishconf.py); each of its {budget.pages:,} "
        "pages weighed as the publish gate weighs it (the page and all it loads, gzip level "
        f"6): {budget.over} over {targets.SITE_PAGE_GZIP_BYTES:,} bytes. The heaviest:",
        table(["page", "bytes gzip", "requests"], rows),
    )


def reader_page_section(ours, stock):
    if ours is None:
        return []
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
    if ours is None:
        return []
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
        f"- {', '.join(f'{s:,}' for s in sizes)} synthetic posts modelled on the campaign "
        "post, dated over 25 years, in two mixes: **every-other**, every other post runs a "
        "campaign (`Signature_form` on example.org, `Deadline` five days after the post, "
        "`Signature_goal`), the build clock (CAMPAIGN_NOW) a week after the newest post, so "
        "every campaign is closed; **blog**, a real blog's mix, one post in 25 runs a "
        "campaign, the newest two open (deadline 60 days after the newest post, the clock a "
        "day after it). Every post has the body of the original post; a resolution page "
        "links to the newest. The live preview, the page budget and the first targets use "
        "every-other.",
        f"- A (Acold, Awarm, D): `pelicanconf.py` as it is: the project theme and the plugins "
        f"{plugins}, with its cache settings; only CACHE_PATH is set, to a folder of the bench.",
        "- B: `bench/stockconf.py`: the same settings with Pelican's stock theme (notmyidea), "
        "no plugins, Pelican's default Jinja environment and no content cache (Pelican's "
        "default). Without the plugin the "
        "`{signature_form}` marker would be left in the links (Pelican warns), so B and C get "
        "the form's address in its place.",
        "- C: Hugo with the minimal layouts in `bench/hugo/` (a single and a list template "
        "on one base, ten posts a page, no feeds or sitemap).",
        "- D: A with `CACHE_CONTENT` and `LOAD_CONTENT_CACHE` on, into the same output folder, "
        "after a line of the newest post was changed.",
    ]
    return section("## How the sites were made", "\n".join(bullets))


def report(run, builds, previews, ours, stock, budget, info):
    """The whole of RESULTS.md. ``run``: sizes, runs_by_size, lighthouse_runs, started, elapsed."""
    return "\n".join(
        [
            *intro(run["runs_by_size"], run["started"], run["elapsed"]),
            *targets_section(all_targets(builds, previews, ours, budget)),
            *machine_section(info),
            *build_section(builds),
            *ratio_section(builds),
            *preview_section(previews),
            *budget_section(budget),
            *reader_page_section(ours, stock),
            *lighthouse_section(ours, stock, run["lighthouse_runs"]),
            *how_made_section(run["sizes"]),
        ]
    )
