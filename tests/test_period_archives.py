"""Pelican's year, month and day archives, grouped in one pass: the same groups,
dictionaries and order as Pelican's own grouping, which scans every period."""

import datetime as dt
import random
from types import SimpleNamespace

from pelican.generators import ArticlesGenerator
from pelican.plugins.content_rules.pelican_internals import group_periods_in_one_pass
from pelican.settings import DEFAULT_CONFIG


def posts(count, seed):
    rng = random.Random(seed)
    first = dt.datetime(2019, 12, 30, 9, 0)
    return [
        SimpleNamespace(date=first + dt.timedelta(hours=rng.randrange(0, 24 * 800)), n=n)
        for n in range(count)
    ]


def grouped(build, sorted_posts, listed, settings):
    archives = build(None, sorted_posts, listed, settings)
    # Posts by identity, as Pelican compares them; everything else by value.
    return {
        granularity: [
            {key: [id(p) for p in value] if key in ("dates", "articles") else value
             for key, value in archive.items()}
            for archive in found
        ]
        for granularity, found in archives.items()
    }  # fmt: skip


def test_the_one_pass_grouping_is_pelicans():
    group_periods_in_one_pass()
    ours = ArticlesGenerator._build_period_archives
    pelicans = ours.pelicans_own
    settings = dict(DEFAULT_CONFIG)
    settings.update(
        YEAR_ARCHIVE_SAVE_AS="{date:%Y}/index.html",
        MONTH_ARCHIVE_SAVE_AS="{date:%Y}/{date:%m}/index.html",
        DAY_ARCHIVE_SAVE_AS="{date:%Y}/{date:%m}/{date:%d}/index.html",
        YEAR_ARCHIVE_URL="{date:%Y}/",
        MONTH_ARCHIVE_URL="{date:%Y}/{date:%m}/",
        DAY_ARCHIVE_URL="",
    )
    for seed in range(5):
        every = posts(300, seed)
        newest_first = sorted(every, key=lambda p: p.date, reverse=True)
        # The listed posts: another order, and not all of them (a language's site).
        listed = [p for p in every if p.n % 3]
        for sorted_posts in (newest_first, newest_first[::-1], every):  # `every`: unsorted
            expected = grouped(pelicans, sorted_posts, listed, settings)
            assert grouped(ours, sorted_posts, listed, settings) == expected
            assert set(expected) == {"year", "month", "day"}
    settings["DAY_ARCHIVE_SAVE_AS"] = ""
    every = posts(50, 9)
    assert set(grouped(ours, every, every, settings)) == {"year", "month"}
    assert grouped(ours, every, every, settings) == grouped(pelicans, every, every, settings)
