"""The rules for each campaign field: one place, used by the build and the editors' tools.

Everything here is plain data in, plain data out, so that editors' tools
(``invoke new``, ``invoke check``) apply exactly the rules the build applies.
Each rule returns the value to use or raises ContentError.
"""

import datetime as dt
import ipaddress
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
EXPECTED_COUNT_SOURCE = (
    "an https:// address the count is read from: an OSDI petition "
    "(https://actionnetwork.org/api/v2/petitions/...) or a sheet's count cell published as CSV"
)
EXPECTED_COUNT = "a whole number of signatures counted so far, like 57"
EXPECTED_COUNT_DATE = (
    "when it was counted: a date (2021-04-10) or date-time (2021-04-10 18:00) "
    "in the campaign's time zone, or one with an offset (2021-04-10T18:00-04:00)"
)

CAMPAIGN_FIELDS = (
    "signature_form",
    "deadline",
    "deadline_timezone",
    "signature_goal",
    "campaign_status",
    "signature_count_from",
    "signature_count",
    "signature_count_date",
)
# campaign_status values: "archived" marks a finished campaign kept as a record.
CAMPAIGN_STATUSES = ("archived",)
# Domains reserved for examples (RFC 2606, RFC 6761): nobody can sign a form there.
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "example")
PLACEHOLDER_TLDS = ("invalid", "test", "localhost")

# The project's limits, so that no library decides them halfway through a build.
# A printed QR code stays scannable well below the 2,331 bytes version 40 holds.
FORM_MAX_BYTES = 1000
# Deadlines are moments people can still act on or look back at.
DEADLINE_YEARS = range(1970, 3000)
GOAL_MAX = 1_000_000_000
# A count above this is a mistake, whoever wrote it (an editor or a source).
COUNT_MAX = GOAL_MAX
# A count source's address is typed into a file, sent in a request and shown in warnings.
COUNT_SOURCE_MAX_BYTES = 2000
# Query parameters that carry a secret: the key comes from the environment only.
SECRET_PARAMETER_RE = re.compile(
    r"(^|[-_.])(key|apikey|token|secret|password|passwd|pwd|auth|authorization|credentials?)$",
    re.IGNORECASE,
)
# http:// is for sources on this machine (tests, a local mirror) only.
LOOPBACK_NAMES = ("localhost",)
# Zero-width and direction-changing characters hide what an address really says.
INVISIBLE_RE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def check_signature_form(value, source):
    text = "" if value is None else str(value).strip()

    def refuse(problem):
        return ContentError(source, "signature_form", value, problem, EXPECTED_FORM)

    if not text:
        raise refuse("is empty")
    # The QR code holds the address as UTF-8: count bytes, as it does.
    if len(text.encode("utf-8")) > FORM_MAX_BYTES:
        raise ContentError(
            source,
            "signature_form",
            value,
            f"is {len(text.encode('utf-8'))} bytes long, too long for the flyer's QR code",
            f"an address of at most {FORM_MAX_BYTES} bytes (a form's short link)",
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise refuse("is not a web address") from None
    if parts.scheme.lower() != "https":
        raise refuse("is not an https:// address")
    # Quotes and angle brackets are escaped where the address is written out;
    # spaces, control characters and credentials mean it was pasted wrongly.
    if not parts.hostname or re.search(r"[\s\\\x00-\x1f\x7f]", text):
        raise refuse("is not a complete web address")
    if "@" in parts.netloc:
        raise refuse("carries a user name or password")
    if port is not None and port != 443:
        raise refuse(f"names the port {port}, which forms are not served on")
    if INVISIBLE_RE.search(text):
        raise refuse("holds invisible characters (zero-width or direction marks)")
    return text


def check_goal(value, source):
    text = str(value).strip()
    if re.fullmatch(r"[0-9]+", text) and len(text.lstrip("0")) > len(str(GOAL_MAX)):
        text = str(GOAL_MAX + 1)  # too many digits to read as a number, and too many anyway
    if re.fullmatch(r"[0-9]+", text) and int(text) > GOAL_MAX:
        raise ContentError(
            source,
            "signature_goal",
            value,
            f"is more than {GOAL_MAX:,}",
            f"a positive whole number of signatures up to {GOAL_MAX:,}",
        )
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
        # ZoneInfo also accepts file-like keys; IANA names never hold "..", and
        # "localtime" is whatever the building machine's zone is.
        if not text or ".." in text or text.startswith("/") or text.lower() == "localtime":
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
    if day.year not in DEADLINE_YEARS:
        raise ContentError(
            source,
            "deadline",
            value,
            f"is in the year {day.year}",
            f"a deadline between {DEADLINE_YEARS[0]} and {DEADLINE_YEARS[-1]}",
        )
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


def has_offset(value):
    """Whether a deadline is written with its own UTC offset."""
    match = DEADLINE_RE.fullmatch("" if value is None else str(value).strip())
    return bool(match and match["offset"])


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
    """Whether a signature form sits on a domain reserved for examples, or on an
    address no reader can reach (this machine, a private network)."""
    host = (urlsplit(str(address).strip()).hostname or "").rstrip(".").lower()
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if ip is not None and not ip.is_global:
        return True
    labels = host.split(".")
    return labels[-1] in PLACEHOLDER_TLDS or any(
        host == domain or host.endswith(f".{domain}") for domain in PLACEHOLDER_DOMAINS
    )


def is_loopback_host(host):
    """Whether ``host`` (a URL's hostname) names this machine."""
    host = (host or "").rstrip(".").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_count_source(value, source):
    """A ``signature_count_from`` address: https:// (http:// only on this machine),
    with no credentials in it; the API key travels in a header, from the environment."""
    text = "" if value is None else str(value).strip()

    def refuse(problem):
        return ContentError(source, "signature_count_from", value, problem, EXPECTED_COUNT_SOURCE)

    if not text:
        raise refuse("is empty")
    if len(text.encode("utf-8")) > COUNT_SOURCE_MAX_BYTES:
        raise refuse(f"is longer than {COUNT_SOURCE_MAX_BYTES:,} bytes")
    try:
        parts = urlsplit(text)
    except ValueError:
        raise refuse("is not a web address") from None
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port is not None and not 1 <= port <= 65535:
        raise refuse("has no valid port; a port is a number from 1 to 65535")
    if re.search(r"[\s\\\x00-\x1f\x7f]", text) or INVISIBLE_RE.search(text):
        raise refuse("is not a complete web address (spaces or invisible characters)")
    if "@" in parts.netloc:
        raise refuse("holds a user name or password; the key comes from OSDI_API_TOKEN only")
    names = [pair.split("=", 1)[0] for pair in parts.query.split("&") if pair]
    if any(SECRET_PARAMETER_RE.search(name) for name in names):
        raise refuse("holds a key or token; the key comes from OSDI_API_TOKEN only")
    scheme = parts.scheme.lower()
    if not parts.hostname or scheme not in ("https", "http"):
        raise refuse("is not an https:// address")
    if scheme == "http" and not is_loopback_host(parts.hostname):
        raise refuse("is not an https:// address (http:// is only for this machine)")
    return text


def check_count(value, source, field="signature_count"):
    """A count set by hand: a whole number from 0 to COUNT_MAX."""
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,15}", text):
        raise ContentError(source, field, value, "is not a whole number", EXPECTED_COUNT)
    if int(text) > COUNT_MAX:
        raise ContentError(
            source,
            field,
            value,
            f"is more than {COUNT_MAX:,}",
            f"a whole number of signatures up to {COUNT_MAX:,}",
        )
    return int(text)


def parse_count_date(value, zone, source):
    """When a hand-set count was counted: a date (shown as a date) or an aware
    date-time, read in ``zone`` as a deadline is."""
    text = "" if value is None else str(value).strip()
    match = DEADLINE_RE.fullmatch(text)
    if not match:
        raise ContentError(
            source, "signature_count_date", value, "is not an ISO 8601 date", EXPECTED_COUNT_DATE
        )
    try:
        moment = parse_deadline(text, zone, source)
    except ContentError as error:
        raise ContentError(
            source, "signature_count_date", value, error.problem, EXPECTED_COUNT_DATE
        ) from None
    return moment.date() if match["time"] is None else moment
