"""What `invoke bench` (`make bench`) passes to `python -m bench`."""

# `invoke bench`'s options, as its --help explains them.
BENCH_OPTIONS = {
    "runs": "timed builds per site size and variant (5 for RESULTS.md; 3 at 5,000 posts)",
    "sizes": "post counts, comma-separated (100,1000,5000 for RESULTS.md)",
}
# From 5,000 posts on, a round takes minutes: at most this many rounds.
LARGE_RUNS = 3


def bench_arguments(runs, sizes):
    """The command line's arguments: ``runs`` rounds and saves per size."""
    runs = int(runs)
    large_runs = min(runs, LARGE_RUNS)
    return ["--sizes", sizes, "--runs", runs, "--large-runs", large_runs, "--saves", runs]
