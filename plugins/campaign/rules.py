"""The rules for each campaign field: one place, used by the build and the editors' tools.

Everything here is plain data in, plain data out, so that editors' tools
(``invoke new``, ``invoke check``) apply exactly the rules the build applies.
Each rule returns the value to use or raises ContentError.
"""

import datetime as dt
import os
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pelican.plugins.content_rules.errors import ContentError

UTC = dt.UTC

DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
TIME_PATTERN = r"\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
OFFSET_PATTERN = r"Z|[+-]\d{2}:\d{2}"
DEADLINE_RE = re.compile(
    rf"(?P<date>{DATE_PATTERN})(?:[T ](?P<time>{TIME_PATTERN})(?P<offset>{OFFSET_PATTERN})?)?"
)
INSTANT_RE = re.compile(rf"{DATE_PATTERN}[T ]{TIME_PATTERN}(?:{OFFSET_PATTERN})")

EXPECTED_DEADLINE = (
    "an ISO 8601 date (2021-04-13, meaning the end of that day), "
    "date-time (2021-04-13 18:00) or date-time with offset (2021-04-13T18:00-04:00)"
)
EXPECTED_FORM = "an absolute https:// address, like https://forms.example.org/sign"
EXPECTED_GOAL = "a positive whole number of signatures, like 100"
EXPECTED_ZONE = "an IANA time zone name, like America/New_York or Asia/Tokyo"
EXPECTED_STATUS = "archived (once signing is over for good), or no campaign_status at all"

CAMPAIGN_FIELDS = (
    "signature_form",
    "deadline",
    "deadline_timezone",
    "signature_goal",
    "campaign_status",
)
# campaign_status values: "archived" marks a finished campaign kept as a record.
CAMPAIGN_STATUSES = ("archived",)
# Domains reserved for examples (RFC 2606, RFC 6761): nobody can sign a form there.
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "example")
PLACEHOLDER_TLDS = ("invalid", "test", "localhost")


def check_signature_form(value, source):
    text = "" if value is None else str(value).strip()
    if not text:
        raise ContentError(source, "signature_form", value, "is empty", EXPECTED_FORM)
    try:
        parts = urlsplit(text)
    except ValueError:
        raise ContentError(
            source, "signature_form", value, "is not a web address", EXPECTED_FORM
        ) from None
    if parts.scheme.lower() != "https":
        raise ContentError(
            source, "signature_form", value, "is not an https:// address", EXPECTED_FORM
        )
    # Quotes and angle brackets are escaped where the address is written out;
    # spaces, control characters and credentials mean it was pasted wrongly.
    if not parts.hostname or re.search(r"[\s\\\x00-\x1f\x7f]", text) or parts.username:
        raise ContentError(
            source,
            "signature_form",
            value,
            "is not a complete web address",
            EXPECTED_FORM,
        )
    return text


def check_goal(value, source):
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]+", text) or int(text) <= 0:
        raise ContentError(
            source,
            "signature_goal",
            value,
            "is not a positive whole number",
            EXPECTED_GOAL,
        )
    return int(text)


def zone_named(name, source, field="deadline_timezone"):
    text = str(name).strip()
    try:
        # ZoneInfo also accepts file-like keys; IANA names never hold "..".
        if not text or ".." in text or text.startswith("/"):
            raise ValueError(text)
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ContentError(source, field, name, "is not a known time zone", EXPECTED_ZONE) from None


def parse_deadline(value, zone, source, warn=None):
    """Turn a ``deadline`` value into an aware datetime.

    A date means the end of that day (23:59:59) in ``zone``; a date-time without
    an offset is wall-clock time in ``zone``; an explicit offset wins. Times that
    never happen (inside a daylight-saving gap) are refused; times that happen
    twice (in a fold) take the first, and ``warn`` is told.
    """
    text = "" if value is None else str(value).strip()
    match = DEADLINE_RE.fullmatch(text)
    if not match:
        raise ContentError(source, "deadline", value, "is not an ISO 8601 date", EXPECTED_DEADLINE)
    try:
        day = dt.date.fromisoformat(match["date"])
    except ValueError:
        raise ContentError(
            source, "deadline", value, "is not a real calendar date", EXPECTED_DEADLINE
        ) from None
    if match["time"] is None:
        wall = dt.datetime.combine(day, dt.time(23, 59, 59))
    else:
        try:
            clock = dt.time.fromisoformat(match["time"])
        except ValueError:
            raise ContentError(
                source, "deadline", value, "is not a real time of day", EXPECTED_DEADLINE
            ) from None
        wall = dt.datetime.combine(day, clock)

    if match["offset"]:
        try:
            return dt.datetime.fromisoformat(f"{day.isoformat()}T{match['time']}{match['offset']}")
        except ValueError:
            raise ContentError(
                source, "deadline", value, "has an impossible UTC offset", EXPECTED_DEADLINE
            ) from None

    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        raise ContentError(
            source,
            "deadline",
            value,
            f"does not exist in {zone.key} (clocks skip it for daylight saving time)",
            "a local time outside the daylight-saving gap, or an explicit offset",
        )
    if first.utcoffset() != second.utcoffset() and warn is not None:
        warn(
            f"{source}: deadline {value!r} happens twice in {zone.key} "
            f"(clocks go back); using the first, {first.isoformat()}"
        )
    return first


def parse_instant(value, source):
    """An exact moment with its offset, as CAMPAIGN_NOW must be written."""
    text = str(value).strip()
    try:
        if not INSTANT_RE.fullmatch(text):
            raise ValueError(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ContentError(
            source,
            "CAMPAIGN_NOW",
            value,
            "is not an ISO 8601 instant",
            "a date-time with an offset, like 2021-04-13T12:00:00Z",
        ) from None


def build_clock(settings):
    """The moment the build judges deadlines by: the CAMPAIGN_NOW environment
    variable, else a CAMPAIGN_NOW setting, else the real clock."""
    value = os.environ.get("CAMPAIGN_NOW") or settings.get("CAMPAIGN_NOW")
    if value:
        return parse_instant(value, "CAMPAIGN_NOW")
    return dt.datetime.now(UTC)


def check_campaign_status(value, source):
    """True for a campaign marked as finished (``campaign_status: archived``)."""
    text = str(value).strip().lower()
    if text not in CAMPAIGN_STATUSES:
        raise ContentError(
            source, "campaign_status", value, "is not a known campaign status", EXPECTED_STATUS
        )
    return text == "archived"


def is_placeholder_form(address):
    """Whether a signature form sits on a domain reserved for examples."""
    host = (urlsplit(str(address).strip()).hostname or "").rstrip(".").lower()
    labels = host.split(".")
    return labels[-1] in PLACEHOLDER_TLDS or any(
        host == domain or host.endswith(f".{domain}") for domain in PLACEHOLDER_DOMAINS
    )
