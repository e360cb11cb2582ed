"""The rules for campaign metadata: one place, used by the plugin and the tasks.

Everything here is plain data in, plain data out, so that editors' tools
(``invoke new``, ``invoke check``) apply exactly the rules the build applies.
"""

import datetime as dt
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


class CampaignError(SystemExit):
    """An editor's mistake in campaign metadata.

    It is a SystemExit so that any way of running Pelican stops with a non-zero
    status and this one line, instead of a traceback meant for programmers.
    """

    def __init__(self, source, field, value, problem, expected):
        self.source = source
        self.field = field
        self.value = value
        self.problem = problem
        self.expected = expected
        shown = "(missing)" if value is None else repr(value)
        # The message without the file name, for tools that print file:line first.
        self.detail = f"{field} {shown} {problem}; expected {expected}"
        super().__init__(f"{source}: {self.detail}")

    def __str__(self):
        return self.args[0]


@dataclass(frozen=True)
class Campaign:
    """A campaign as the build sees it: where to sign, until when, and for how many."""

    signature_form: str
    deadline: dt.datetime
    display_zone: dt.tzinfo
    goal: int | None = None
    archived: bool = False

    def is_open(self, now):
        return now < self.deadline

    @property
    def deadline_iso(self):
        return self.deadline.isoformat()

    @property
    def local_deadline(self):
        return self.deadline.astimezone(self.display_zone)


def check_signature_form(value, source):
    text = "" if value is None else str(value).strip()
    if not text:
        raise CampaignError(source, "signature_form", value, "is empty", EXPECTED_FORM)
    try:
        parts = urlsplit(text)
    except ValueError:
        raise CampaignError(
            source, "signature_form", value, "is not a web address", EXPECTED_FORM
        ) from None
    if parts.scheme.lower() != "https":
        raise CampaignError(
            source, "signature_form", value, "is not an https:// address", EXPECTED_FORM
        )
    # Quotes and angle brackets are escaped where the address is written out;
    # spaces, control characters and credentials mean it was pasted wrongly.
    if not parts.hostname or re.search(r"[\s\\\x00-\x1f\x7f]", text) or parts.username:
        raise CampaignError(
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
        raise CampaignError(
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
        raise CampaignError(
            source, field, name, "is not a known time zone", EXPECTED_ZONE
        ) from None


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
        raise CampaignError(source, "deadline", value, "is not an ISO 8601 date", EXPECTED_DEADLINE)
    try:
        day = dt.date.fromisoformat(match["date"])
    except ValueError:
        raise CampaignError(
            source, "deadline", value, "is not a real calendar date", EXPECTED_DEADLINE
        ) from None
    if match["time"] is None:
        wall = dt.datetime.combine(day, dt.time(23, 59, 59))
    else:
        try:
            clock = dt.time.fromisoformat(match["time"])
        except ValueError:
            raise CampaignError(
                source, "deadline", value, "is not a real time of day", EXPECTED_DEADLINE
            ) from None
        wall = dt.datetime.combine(day, clock)

    if match["offset"]:
        try:
            return dt.datetime.fromisoformat(f"{day.isoformat()}T{match['time']}{match['offset']}")
        except ValueError:
            raise CampaignError(
                source, "deadline", value, "has an impossible UTC offset", EXPECTED_DEADLINE
            ) from None

    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        raise CampaignError(
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
        raise CampaignError(
            source,
            "CAMPAIGN_NOW",
            value,
            "is not an ISO 8601 instant",
            "a date-time with an offset, like 2021-04-13T12:00:00Z",
        ) from None


def campaign_from_metadata(metadata, source, site_zone, published=None, warn=None):
    """Validate a post's campaign fields; return a Campaign, or None without them."""
    present = {key: metadata.get(key) for key in CAMPAIGN_FIELDS if key in metadata}
    if not present:
        return None
    if "signature_form" not in present:
        raise CampaignError(
            source,
            "signature_form",
            None,
            "is missing beside the other campaign fields",
            f"{EXPECTED_FORM}, the form readers sign",
        )
    if "deadline" not in present:
        raise CampaignError(
            source,
            "deadline",
            None,
            "is missing beside signature_form",
            f"{EXPECTED_DEADLINE}, the moment signing closes",
        )
    form = check_signature_form(present["signature_form"], source)
    if "deadline_timezone" in present:
        zone = zone_named(present["deadline_timezone"], source)
    else:
        zone = zone_named(site_zone, source, field="TIMEZONE")
    deadline = parse_deadline(present["deadline"], zone, source, warn=warn)
    if published is not None and deadline < published:
        raise CampaignError(
            source,
            "deadline",
            present["deadline"],
            f"is before the post's own date ({published.isoformat()})",
            "a deadline after the post is published",
        )
    goal = check_goal(present["signature_goal"], source) if "signature_goal" in present else None
    archived = "campaign_status" in present and check_campaign_status(
        present["campaign_status"], source
    )
    # Show the deadline in the campaign's own zone, unless an explicit offset
    # puts it somewhere that zone is not at that moment.
    display_zone = zone
    if deadline.astimezone(zone).utcoffset() != deadline.utcoffset():
        display_zone = deadline.tzinfo
    return Campaign(form, deadline, display_zone, goal, archived)


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
        raise CampaignError(
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


def referenced_campaign(reference, own, by_slug, source):
    """The campaign a ``campaign: <slug>`` line names, given the item's own
    campaign (which must be None) and every campaign by its post's slug."""
    if own is not None:
        raise CampaignError(
            source,
            "campaign",
            reference,
            "is given beside signature_form and deadline",
            "either a campaign of the post's own or the slug of another post's",
        )
    campaign = by_slug.get(str(reference).strip())
    if campaign is None:
        raise CampaignError(
            source,
            "campaign",
            reference,
            "names no post that has a campaign",
            f"one of: {', '.join(sorted(by_slug)) or 'no campaign posts exist'}",
        )
    return campaign


def form_link_without_campaign(source):
    """The error for a text that links to {signature_form} with no campaign."""
    return CampaignError(
        source,
        "signature_form",
        None,
        "is missing, but the text links to {signature_form}",
        "signature_form and deadline in the metadata, or no such link",
    )
