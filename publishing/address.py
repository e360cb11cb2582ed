"""The addresses a publish needs: where the site lives, and its custom domain."""

import re

from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.content_rules.rules import check_siteurl

from . import WorkflowError

HOST_NAME_RE = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", re.I)


def checked_siteurl(value):
    """The address the published site lives at; links and feeds are made absolute with
    it. The same rule as every build's (content_rules), and it must be given."""
    value = (value or "").strip()
    if not value:
        raise WorkflowError(
            "publish: SITEURL (not set) is not a web address; expected the address the site "
            "will be served from, like SITEURL=https://example.github.io/campaign"
        )
    try:
        return check_siteurl(value, source="publish")
    except ContentError as error:
        raise WorkflowError(str(error)) from None


def checked_cname(value):
    """A custom domain for the CNAME file, or None when there is none."""
    value = (value or "").strip()
    if value and not HOST_NAME_RE.fullmatch(value):
        raise WorkflowError(
            f"publish: CNAME {value!r} is not a host name; expected a domain like "
            "campaign.example.org (no scheme, no path)"
        )
    return value or None
