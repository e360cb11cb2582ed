"""The bench's verdicts (bench/targets.py): each target met, missed or not measured
from the figures it is given, and the targets table of RESULTS.md."""

from types import SimpleNamespace

import pytest

from bench import targets
from bench.builds import Sample
from bench.report import targets_section


def samples(*walls):
    return [Sample(wall=wall, cpu=wall, peak_rss=0) for wall in walls]


def by_name(rows, start):
    found = [row for row in rows if row.name.startswith(start)]
    assert len(found) == 1, [row.name for row in rows]
    return found[0]


@pytest.mark.parametrize(
    ("measured", "limit", "at_least", "verdict"),
    [
        (1.5, 1.5, False, "met"),
        (1.51, 1.5, False, "missed"),
        (None, 1.5, False, "not measured"),
        (100, 100, True, "met"),
        (99, 100, True, "missed"),
    ],
)
def test_a_verdict_compares_the_figure_with_its_limit(measured, limit, at_least, verdict):
    assert targets.Target("t", limit, measured, "", at_least).verdict == verdict


def test_build_targets_use_medians_of_wall_time_at_100_and_1000_posts():
    sizes = {
        100: {"Acold": samples(1.4, 1.5, 9.0), "Awarm": samples(1.1, 1.0, 0.9), "B": samples(1.0)},
        1000: {"Acold": samples(16.0, 15.0, 17.0), "Awarm": samples(4.0), "B": samples(4.0)},
    }
    rows = targets.build_targets(sizes)
    cold_100 = by_name(rows, "A/B ≤ 1.5 at 100 posts")
    assert cold_100.measured == pytest.approx(1.5) and cold_100.verdict == "met"
    cold_1000 = by_name(rows, "A/B ≤ 1.5 at 1,000 posts")
    assert cold_1000.measured == pytest.approx(4.0) and cold_1000.verdict == "missed"
    assert by_name(rows, "A/B ≤ 1.0 at 100 posts").verdict == "met"
    assert by_name(rows, "A/B ≤ 1.0 at 1,000 posts").verdict == "met"
    linear = by_name(rows, "A at 1,000 ÷ A at 100")
    assert linear.measured == pytest.approx(16.0 / 1.5) and linear.verdict == "met"


def test_a_size_left_out_of_the_run_is_not_measured_never_met():
    rows = targets.build_targets({100: {"Acold": samples(1.0), "Awarm": samples(1.0),
                                        "B": samples(1.0)}})  # fmt: skip
    assert by_name(rows, "A/B ≤ 1.5 at 100 posts").verdict == "met"
    for start in ("A/B ≤ 1.5 at 1,000", "A/B ≤ 1.0 at 1,000", "A at 1,000 ÷"):
        row = by_name(rows, start)
        assert (row.verdict, row.text) == ("not measured", "not in this run")
    assert targets.preview_target({100: [0.5]}).verdict == "not measured"
    assert targets.budget_target(None).verdict == "not measured"


def test_the_preview_target_is_the_median_save_at_1000_posts():
    assert targets.preview_target({1000: [0.8, 2.5, 0.9]}).verdict == "met"
    missed = targets.preview_target({1000: [1.2, 0.7, 1.1]})
    assert missed.measured == pytest.approx(1.1) and missed.verdict == "missed"
    assert "median of 3 saves" in missed.text


def test_page_targets_bytes_requests_lcp_and_every_lighthouse_score():
    scores = {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100}
    rows = targets.page_targets(6144, 3, [700, 900, 800], scores)
    assert [row.verdict for row in rows] == ["met", "met", "met", "met"]
    rows = targets.page_targets(6145, 4, [801, 900, 700], {**scores, "seo": 99})
    assert [row.verdict for row in rows] == ["missed", "missed", "missed", "missed"]
    rows = targets.page_targets(100, 1, [], {**scores, "seo": None})
    assert [row.verdict for row in rows[2:]] == ["not measured", "not measured"]


def test_the_budget_target_needs_the_5000_post_site():
    heaviest = [(14 * 1024 + 1, 3, "archives.html"), (9000, 3, "index.html")]
    budget = SimpleNamespace(size=5000, pages=12_000, over=1, heaviest=heaviest)
    row = targets.budget_target(budget)
    assert row.verdict == "missed" and "archives.html" in row.text and "1 of 12,000" in row.text
    budget.heaviest, budget.over = heaviest[1:], 0
    assert targets.budget_target(budget).verdict == "met"
    budget.size = 100
    smaller = targets.budget_target(budget)
    assert smaller.verdict == "not measured" and "at 100 posts only" in smaller.text


def test_the_targets_table_shows_each_verdict_and_counts_the_met():
    rows = [
        targets.Target("cold", 1.5, 1.2, "1.20"),
        targets.Target("warm", 1.0, 1.3, "1.30"),
        targets.Target("preview", 1.0, None, "not in this run"),
    ]
    text = "\n".join(targets_section(rows))
    assert "| cold | 1.20 | **met** |" in text
    assert "| warm | 1.30 | **missed** |" in text
    assert "| preview | not in this run | **not measured** |" in text
    assert "1 of 3 targets met; a target marked not measured" in text


def test_mix_targets_judge_each_mix_at_1000_posts_on_its_own_figures():
    mixes = {
        ("blog", 1000): {"Acold": samples(1.3, 1.2), "Awarm": samples(1.1), "B": samples(1.0)},
        ("every-other", 1000): {"Acold": samples(2.1), "B": samples(1.0)},
        ("blog", 100): {"Acold": samples(9.0), "Awarm": samples(9.0), "B": samples(1.0)},
    }
    rows = targets.mix_targets(mixes)
    cold = by_name(rows, "A/B ≤ 1.3 at 1,000 posts, real blog's mix")
    assert cold.measured == pytest.approx(1.25) and cold.verdict == "met"
    warm = by_name(rows, "A/B ≤ 1.0 at 1,000 posts, real blog's mix")
    assert warm.measured == pytest.approx(1.1) and warm.verdict == "missed"
    other = by_name(rows, "A/B ≤ 2.0 at 1,000 posts, every other post a campaign, all closed")
    assert other.verdict == "missed" and other.text == "2.10 (2.10 s / 1.00 s)"
    rows = targets.mix_targets({("blog", 1000): {"Acold": samples(1.0)}})
    assert {row.verdict for row in rows} == {"not measured"}


def test_the_preview_targets_are_1_s_at_1000_posts_and_2_s_at_5000():
    rows = targets.preview_targets({1000: [0.9, 1.0, 0.8], 5000: [2.1, 1.9, 2.2]})
    assert [row.verdict for row in rows] == ["met", "missed"]
    assert rows[1].name == "Live preview at 5,000 posts: a saved edit in the open page in ≤ 2 s"
    assert targets.preview_targets({1000: [0.5]})[1].verdict == "not measured"


def test_stock_pelican_builds_without_a_content_cache():
    """B is stock Pelican: every post read, as the project's cold build reads them,
    not taken from a cache an earlier round left beside the settings."""
    from pelican.settings import get_settings_from_file

    from bench.project import SETTINGS, STOCK_SETTINGS

    stock = get_settings_from_file(str(STOCK_SETTINGS))
    assert stock["CACHE_CONTENT"] is False
    assert stock["LOAD_CONTENT_CACHE"] is False
    # The project's own settings keep their cache: only B goes without.
    assert get_settings_from_file(str(SETTINGS))["CACHE_CONTENT"] is True
