"""Running Pelican the way the project's tasks do."""

import contextlib
import logging
import multiprocessing
import os
import shlex
import signal
import sys

from . import WorkflowError

# Pelican's plain log handler writes each message as one line, at a terminal and
# in a log alike; its default, rich, adds columns and folds long lines.
LOG_OPTIONS = ("--log-handler", "plain")
STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM. Not a KeyboardInterrupt: Pelican catches that one, logs
    it and returns as if the build had finished."""


@contextlib.contextmanager
def interruptible():
    """Turn Ctrl-C and SIGTERM into Interrupted while the block runs."""

    owner = os.getpid()

    def stop(number, _frame):
        # Worker processes forked during the build (precompress's pool) inherit
        # this handler: only the process that installed it stops; they finish.
        if os.getpid() == owner:
            raise Interrupted(signal.Signals(number).name)

    previous = {number: signal.signal(number, stop) for number in STOPPING_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def stop_workers(timeout=5):
    """End the worker processes a stopped build left (they may still write files)."""
    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(timeout)


def run_pelican(content, settings_file, output, extra=()):
    """Build the site in this process. Pelican reports an editor's mistake as one
    logged line; a failed build raises WorkflowError with nothing more to say, and
    Ctrl-C or SIGTERM raises Interrupted."""
    from pelican import main

    argv = [str(content), "-s", str(settings_file), "-o", str(output), *LOG_OPTIONS, *extra]
    try:
        with interruptible():
            main(argv)
    except SystemExit as stop:
        if stop.code not in (0, None):
            # Pelican exits with a message only for its own usage errors.
            message = stop.code if isinstance(stop.code, str) else ""
            raise WorkflowError(message) from None


class _Noted(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.lines = []

    def emit(self, record):
        if not getattr(record, "check_finding", False):
            self.lines.append(" ".join(record.getMessage().split()))


@contextlib.contextmanager
def warnings_noted():
    """The build's warnings and errors, each as one line, but those `make check`
    reports itself as warnings (logged with content_rules' FINDING): what a publish
    stops on, with no traceback (Pelican's --fatal raises from inside the build)."""
    noted = _Noted()
    logger = logging.getLogger("pelican")
    logger.addHandler(noted)
    try:
        yield noted.lines
    finally:
        logger.removeHandler(noted)


def build_site(content, settings_file, output):
    """`invoke build`: the site into ``output``; Ctrl-C ends it with one line."""
    try:
        run_pelican(content, settings_file, output)
    except Interrupted as signal_name:
        stop_workers()
        raise WorkflowError(
            f"build: stopped by {signal_name}; {output} may hold part of a site: build again"
        ) from None


def pelican_command(content, settings_file, output, extra=()):
    """The command line that builds the site in a process of its own."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings_file)]
    return [*command, "-o", str(output), *LOG_OPTIONS, *extra]


def shell_command(words):
    """A shell command line from ``words``, each quoted: the project may live in a
    folder whose name has spaces."""
    return shlex.join(map(str, words))
