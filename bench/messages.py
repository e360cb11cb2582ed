"""What the bench says while it runs, and the error that stops it."""

import sys


class BenchError(Exception):
    """A step of the bench failed; the message says which and why."""


def log(message):
    print(message, file=sys.stderr, flush=True)
