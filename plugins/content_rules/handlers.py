"""Pelican signal handlers: refuse a site address no link can use, and stop the
build at the first item that breaks a content rule."""

from pelican import signals

from .checks import ContentChecker
from .errors import report_in_one_line
from .rules import check_siteurl
from .sources import sources_of


def check_settings(pelican):
    """Before anything is read: a SITEURL every link and feed is made from."""
    check_siteurl(pelican.settings.get("SITEURL"))


def check_content(generators):
    """After every item is read, before anything is written."""
    checker = ContentChecker(sources_of(generators), generators[0].settings)
    error = checker.first_error()
    if error is not None:
        raise error


def register():
    report_in_one_line()
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(check_content)
