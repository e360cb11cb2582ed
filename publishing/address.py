"""The addresses a publish needs: where the site lives, and its custom domain."""

import re
from urllib.parse import urlsplit

from . import WorkflowError

HOST_NAME_RE = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", re.I)


def checked_siteurl(value):
    """The address the published site lives at; links and feeds are made absolute with it."""
    value = (value or "").strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        shown = repr(value) if value else "(not set)"
        raise WorkflowError(
            f"publish: SITEURL {shown} is not a web address; expected the address the site "
            "will be served from, like SITEURL=https://example.github.io/campaign"
        )
    return value.rstrip("/")


def checked_cname(value):
    """A custom domain for the CNAME file, or None when there is none."""
    value = (value or "").strip()
    if value and not HOST_NAME_RE.fullmatch(value):
        raise WorkflowError(
            f"publish: CNAME {value!r} is not a host name; expected a domain like "
            "campaign.example.org (no scheme, no path)"
        )
    return value or None
