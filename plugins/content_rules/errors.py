"""The one error type for content problems, and how a build reports it."""

import logging

# The ``extra`` of a build's warning that `make check` reports too, as a warning:
# a publish says it and goes on (publishing/pipeline.py), as `make check` does.
FINDING = {"check_finding": True}
# A value longer than this is shown shortened: the line must stay readable.
SHOWN_VALUE_LENGTH = 80


def shown(value):
    """``value`` as an error message quotes it: repr, its middle cut out when long."""
    if value is None:
        return "(missing)"
    if len(repr(value)) > SHOWN_VALUE_LENGTH and isinstance(value, str):
        return repr(f"{value[: SHOWN_VALUE_LENGTH - 24]}…{value[-12:]}")
    return repr(value)


class ContentError(Exception):
    """A value in a content file (or a setting) that the site cannot use.

    It names the file, the line where known, the field, the value and what is
    expected, so that every tool can print it as one line an editor can act on.
    """

    def __init__(self, source, field, value, problem, expected, line=None):
        self.source = source
        self.field = field
        self.value = value
        self.problem = problem
        self.expected = expected
        self.line = line
        # The message without the file name, for tools that print file:line first.
        self.detail = f"{field} {shown(value)} {problem}; expected {expected}"
        super().__init__(self.detail)

    @classmethod
    def said(cls, source, line, field, message):
        """An error whose message is already written, field, value and all."""
        error = cls(source, field, None, "", "", line)
        error.detail = message
        return error

    @property
    def where(self):
        return f"{self.source}:{self.line}" if self.line else str(self.source)

    def __str__(self):
        return f"{self.where}: {self.detail}"


def one_line(error):
    """The line that tells a person what went wrong, or None for a programmer's error."""
    if isinstance(error, ContentError):
        return str(error)
    if isinstance(error, OSError) and error.filename:
        # An unwritable output folder, a full disk: the machine's, not the code's.
        reason = error.strerror or str(error)
        return f"{error.filename}: {reason}; expected a folder this user can write to"
    return None


class _OneLine(logging.Filter):
    """Pelican's command line logs an exception that ends a build with its
    traceback; a mistake in the content or on the machine gets its one line."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        line = one_line(error)
        if line is not None:
            record.msg, record.args, record.exc_info = "%s", (line,), None
        return True


class _SaidByTheRules(logging.Filter):
    """Pelican's own word on a file it skips: the content rules report that file
    themselves, with its line and what to write instead, so it is said once."""

    SKIPPED = (
        "Could not process %s",
        "Skipping %s: could not find information about '%s'",
        "Skipping %s: file %r would be written outside output path",
        "Unknown status '%s' for file %s, skipping it. (Not in %s)",
        'There are %s items "%s" with lang %s',
        "There are %s original (not translated) items %s",
        "Empty alt attribute for image %s in %s",
        "Cannot get modification stamp for %s\n\t%s",
    )

    # Pelican appends the files' paths to these two ("%s: \n%s\n%s").
    SKIPPED_PREFIXES = (
        'There are %s items "%s" with lang %s',
        "There are %s original (not translated) items %s",
    )

    def filter(self, record):
        msg = str(record.msg)
        return msg not in self.SKIPPED and not msg.startswith(self.SKIPPED_PREFIXES)


ONE_LINE = _OneLine()
SAID_BY_THE_RULES = _SaidByTheRules()


def report_in_one_line():
    """Install the filters on the loggers Pelican reports with."""
    for name, one in (
        ("pelican", ONE_LINE),
        ("pelican.generators", SAID_BY_THE_RULES),
        ("pelican.contents", SAID_BY_THE_RULES),
        ("pelican.utils", SAID_BY_THE_RULES),
        ("pelican.readers", SAID_BY_THE_RULES),
        ("pelican.cache", SAID_BY_THE_RULES),
    ):
        logger = logging.getLogger(name)
        if one not in logger.filters:
            logger.addFilter(one)
