"""Running Pelican the way the project's tasks do."""

import sys

from . import WorkflowError


def run_pelican(content, settings_file, output, extra=()):
    """Build the site in this process. Pelican reports an editor's mistake as one
    logged line; a failed build raises WorkflowError with nothing more to say."""
    from pelican import main

    argv = [str(content), "-s", str(settings_file), "-o", str(output), *extra]
    try:
        main(argv)
    except SystemExit as stop:
        if stop.code not in (0, None):
            # Pelican exits with a message only for its own usage errors.
            message = stop.code if isinstance(stop.code, str) else ""
            raise WorkflowError(message) from None


def pelican_command(content, settings_file, output, extra=()):
    """The command line that builds the site in a process of its own."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings_file)]
    return [*command, "-o", str(output), *extra]
