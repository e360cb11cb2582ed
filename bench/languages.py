"""What one more language costs the production build: the same synthetic site
(``bench/sites.py``) built with the production settings from an empty cache into
an empty folder, with and without translations into one more language (Arabic,
which has no catalogue: the fallback and the language's own list pages are all
exercised), side by side in rounds that alternate their order.

    .venv/bin/python -m bench.languages [--posts 1000] [--translated 50] [--rounds 3]
"""

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from .builds import build_env, pelican_command, run_measured
from .project import CONTENT, PUBLISH_SETTINGS, split_metadata
from .sites import campaign_now, synthetic_posts, write_pelican_site

SITEURL = "https://campaign.example.org"
ARABIC_POST = CONTENT / "ar" / "2021-04-08-defend-immigrants-rights.md"


def add_translations(folder, posts, count, lang="ar"):
    """Translations of the newest ``count`` posts into ``lang``, with the Arabic
    post's title and text."""
    metadata, body = split_metadata(ARABIC_POST.read_text(encoding="utf-8"))
    (folder / lang).mkdir()
    for post in posts[-count:] if count else []:
        (folder / lang / post.filename).write_text(
            f"Title: {metadata['title']} {post.number}\n"
            f"Lang: {lang}\n"
            f"Translation_of: {post.slug}\n\n"
            f"{body}",
            encoding="utf-8",
        )


def measure(posts_count, translated, rounds, work):
    posts = synthetic_posts(posts_count)
    sites = {}
    for name, count in (("one language", 0), ("one more language", translated)):
        content = work / name.replace(" ", "-")
        write_pelican_site(content, posts, replace_marker=False)
        if count:
            add_translations(content, posts, count)
        sites[name] = content
    env = build_env(SITEURL=SITEURL, CAMPAIGN_NOW=campaign_now(posts))
    samples = {name: [] for name in sites}
    for number in range(rounds):
        order = list(sites) if number % 2 == 0 else list(reversed(sites))
        for name in order:
            output, cache = work / "output", work / "cache"
            shutil.rmtree(output, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            command = pelican_command(
                sites[name], PUBLISH_SETTINGS, output, {"CACHE_PATH": str(cache)}
            )
            sample = run_measured(command, env, work / "build.log")
            pages = sum(1 for _ in output.rglob("*.html"))
            samples[name].append((sample, pages))
            print(
                f"round {number + 1}, {name}: {sample.wall:.1f} s wall, {sample.cpu:.1f} s CPU, "
                f"{pages} pages",
                flush=True,
            )
    return samples


def report(samples, posts_count, translated):
    base = statistics.median(s.wall for s, _ in samples["one language"])
    base_cpu = statistics.median(s.cpu for s, _ in samples["one language"])
    lines = [
        f"Production build (publishconf.py), empty cache, {posts_count} posts; "
        f"one more language: {translated} of them translated into Arabic (no catalogue).",
        "",
        "| Site | Pages | Wall (median) | CPU (median) | Wall ratio | CPU ratio |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, runs in samples.items():
        wall = statistics.median(s.wall for s, _ in runs)
        cpu = statistics.median(s.cpu for s, _ in runs)
        lines.append(
            f"| {name} | {runs[0][1]:,} | {wall:.1f} s | {cpu:.1f} s | {wall / base:.3f} | "
            f"{cpu / base_cpu:.3f} |"
        )
    # Each round's two builds ran back to back: their ratio is the least noisy figure.
    paired = [
        more.cpu / one.cpu
        for (one, _), (more, _) in zip(
            samples["one language"], samples["one more language"], strict=True
        )
    ]
    lines += [
        "",
        f"CPU ratio of each round's pair: {', '.join(f'{ratio:.3f}' for ratio in paired)}; "
        f"median {statistics.median(paired):.3f}.",
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.languages", description=__doc__)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--translated", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-languages-") as work:
        samples = measure(args.posts, args.translated, args.rounds, Path(work))
    print(report(samples, args.posts, args.translated))


if __name__ == "__main__":
    main()
