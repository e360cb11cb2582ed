"""Checks of a built site that need no browser: links, security policy, valid
HTML and page weight.

Every check takes the output folder and returns a list of problems, each a
string that names the file and what is wrong, so that a caller can print them
and fail when the list is not empty. ``page_weight`` returns figures instead.

The checks live in modules named for what they check: ``links``, ``policy``
(CSP and ``_headers``), ``validity`` (the Nu HTML Checker) and ``weight`` (page
weight and budget); ``pages`` reads the built site for all of them.
"""

from sitecheck.links import DEFAULT_ALLOWED_HOSTS, allowed_hosts, check_links
from sitecheck.pages import (
    CSS_URL_RE,
    RELATIVE_BASE,
    SRCSET_ATTRIBUTES,
    URL_ATTRIBUTES,
    ParsedPage,
    Reference,
    html_pages,
    parse_page,
)
from sitecheck.policy import (
    REQUIRED_HEADERS,
    STRICT_SOURCES,
    check_security_policy,
    hash_source,
    parse_policy,
    read_headers_file,
)
from sitecheck.validity import CHECKED_SUFFIXES, check_html
from sitecheck.weight import (
    BUDGET_GZIP_BYTES,
    BUDGET_REQUESTS,
    FONT_SUFFIXES,
    LOADED_LINK_RELS,
    PageWeight,
    Resource,
    check_budget,
    page_weight,
)

__all__ = [
    "BUDGET_GZIP_BYTES",
    "BUDGET_REQUESTS",
    "CHECKED_SUFFIXES",
    "CSS_URL_RE",
    "DEFAULT_ALLOWED_HOSTS",
    "FONT_SUFFIXES",
    "LOADED_LINK_RELS",
    "RELATIVE_BASE",
    "REQUIRED_HEADERS",
    "SRCSET_ATTRIBUTES",
    "STRICT_SOURCES",
    "URL_ATTRIBUTES",
    "PageWeight",
    "ParsedPage",
    "Reference",
    "Resource",
    "allowed_hosts",
    "check_budget",
    "check_html",
    "check_links",
    "check_security_policy",
    "hash_source",
    "html_pages",
    "page_weight",
    "parse_page",
    "parse_policy",
    "read_headers_file",
]
