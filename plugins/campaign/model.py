"""The campaign model: which content runs which campaign.

One resolver reads Pelican's content (its own campaign fields, ``campaign:
<slug>`` references, links to the form) and returns every campaign and every
problem. The build stops on the first problem; ``invoke check`` reports them
all; ``invoke new`` and the site checks read the same campaigns.
"""

import datetime as dt
from dataclasses import dataclass, field, replace

from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.content_rules.pelican_internals import source_html
from pelican.plugins.content_rules.sources import field_line, read_lines, source_name, text_line
from pelican.plugins.content_rules.translations import is_translation, original_slug

from . import rules

# Editors write [words]({signature_form}) to link to the form.
FORM_PLACEHOLDER = "{signature_form}"


@dataclass(frozen=True)
class Campaign:
    """A campaign as the build sees it: where to sign, until when, and for how many."""

    signature_form: str
    deadline: dt.datetime
    display_zone: dt.tzinfo
    goal: int | None = None
    archived: bool = False
    # Where the build reads the count (signature_count_from), or a count set by
    # hand (signature_count) with when it was counted (a date or an aware datetime).
    count_source: str | None = None
    count: int | None = None
    count_date: dt.date | None = None

    def is_open(self, now):
        return now < self.deadline

    @property
    def deadline_iso(self):
        return self.deadline.isoformat()

    @property
    def local_deadline(self):
        return self.deadline.astimezone(self.display_zone)


@dataclass(frozen=True)
class Notice:
    """Something an editor should know that does not stop the build."""

    content: object
    source: str
    line: int | None
    field: str
    message: str


@dataclass
class Resolution:
    """What the resolver found: each item's campaign (or None), and every problem."""

    campaigns: dict = field(default_factory=dict)  # id(content) -> Campaign | None
    errors: list = field(default_factory=list)  # ContentError, in the order found
    notices: list = field(default_factory=list)  # Notice
    own: set = field(default_factory=set)  # id(content) of items with campaign fields
    stages: dict = field(default_factory=dict)  # id(error) -> the stage that found it

    def stage_of(self, error):
        """Which stage found ``error``: "fields", "reference" or "form link"."""
        return self.stages[id(error)]

    def add_error(self, error, item, stage):
        self.errors.append(_placed(error, item))
        self.stages[id(error)] = stage

    def campaign_of(self, content):
        return self.campaigns.get(id(content))

    def declares_campaign(self, content):
        """Whether the campaign is written in this item, not named from another."""
        return id(content) in self.own


def campaign_from_metadata(metadata, source, site_zone, published=None, warn=None):
    """Validate one item's campaign fields; a Campaign, or None without them.
    Raises the first problem; campaign_fields() returns them all."""
    campaign, problems = campaign_fields(metadata, source, site_zone, published, warn)
    if problems:
        raise problems[0]
    return campaign


def campaign_fields(metadata, source, site_zone, published=None, warn=None):
    """(Campaign or None, [ContentError]): every field checked on its own, so that
    an editor learns of every mistake at once."""
    present = {key: metadata.get(key) for key in rules.CAMPAIGN_FIELDS if key in metadata}
    if not present:
        return None, []
    problems = []

    def checked(rule, *args, **kwargs):
        try:
            return rule(*args, **kwargs)
        except ContentError as error:
            problems.append(error)
            return None

    if "signature_form" not in present:
        problems.append(
            ContentError(
                source,
                "signature_form",
                None,
                "is missing beside the other campaign fields",
                f"{rules.EXPECTED_FORM}, the form readers sign",
            )
        )
    if "deadline" not in present:
        problems.append(
            ContentError(
                source,
                "deadline",
                None,
                "is missing beside signature_form",
                f"{rules.EXPECTED_DEADLINE}, the moment signing closes",
            )
        )
    form = None
    if "signature_form" in present:
        form = checked(rules.check_signature_form, present["signature_form"], source)
    zone = deadline = None
    if "deadline_timezone" in present and rules.has_offset(present.get("deadline")):
        problems.append(
            ContentError(
                source,
                "deadline_timezone",
                present["deadline_timezone"],
                f"is given, but the deadline {present['deadline']!r} has its own UTC offset",
                "either an offset in the deadline or a Deadline_timezone line, not both",
            )
        )
    elif "deadline_timezone" in present:
        zone = checked(rules.zone_named, present["deadline_timezone"], source)
    else:
        zone = checked(rules.zone_named, site_zone, source, field="TIMEZONE")
    if "deadline" in present and (zone is not None or rules.has_offset(present["deadline"])):
        deadline = checked(
            rules.parse_deadline, present["deadline"], zone or dt.UTC, source, warn=warn
        )
    if deadline is not None and published is not None and deadline < published:
        problems.append(
            ContentError(
                source,
                "deadline",
                present["deadline"],
                f"is before the post's own date ({published.isoformat()})",
                "a deadline after the post is published",
            )
        )
    goal = None
    if "signature_goal" in present:
        goal = checked(rules.check_goal, present["signature_goal"], source)
    archived = "campaign_status" in present and checked(
        rules.check_campaign_status, present["campaign_status"], source
    )
    count_source, count, count_date = _count_fields(present, zone, source, checked, problems)
    if problems:
        return None, problems
    # Show the deadline in the campaign's own zone, unless an explicit offset
    # puts it somewhere that zone is not at that moment.
    display_zone = zone
    if deadline.astimezone(zone).utcoffset() != deadline.utcoffset():
        display_zone = deadline.tzinfo
    campaign = Campaign(form, deadline, display_zone, goal, bool(archived))
    return replace(campaign, count_source=count_source, count=count, count_date=count_date), []


def _count_fields(present, zone, source, checked, problems):
    """(count_source, count, count_date): a count read by the build or one set by
    hand, never both."""
    count_source = count = count_date = None
    if "signature_count_from" in present:
        count_source = checked(rules.check_count_source, present["signature_count_from"], source)
    if "signature_count" in present:
        count = checked(rules.check_count, present["signature_count"], source)
    if "signature_count_from" in present and "signature_count" in present:
        both = ContentError(
            source,
            "signature_count",
            present["signature_count"],
            f"is given beside signature_count_from {present['signature_count_from']!r}",
            "either the address the build reads the count from (signature_count_from) "
            "or a count set by hand (signature_count), not both",
        )
        both.beside = "signature_count_from"  # _placed adds that field's line
        problems.append(both)
    if "signature_count_date" in present and "signature_count" not in present:
        problems.append(
            ContentError(
                source,
                "signature_count_date",
                present["signature_count_date"],
                "is given without signature_count",
                "signature_count_date only beside a count set by hand (signature_count); "
                "a count read from signature_count_from carries its own time",
            )
        )
    elif "signature_count_date" in present and zone is not None:
        count_date = checked(rules.parse_count_date, present["signature_count_date"], zone, source)
    return count_source, count, count_date


def referenced_campaign(reference, own, by_slug, source):
    """The campaign a ``campaign: <slug>`` line names, given the item's own
    campaign (which must be None) and every campaign by its post's slug."""
    if own is not None:
        raise ContentError(
            source,
            "campaign",
            reference,
            "is given beside signature_form and deadline",
            "either a campaign of the post's own or the slug of another post's",
        )
    campaign = by_slug.get(str(reference).strip())
    if campaign is None:
        raise ContentError(
            source,
            "campaign",
            reference,
            "names no post that has a campaign",
            f"one of: {', '.join(sorted(by_slug)) or 'no campaign posts exist'}",
        )
    return campaign


def form_link_without_campaign(source, line=None):
    """The error for a text that links to {signature_form} with no campaign."""
    return ContentError(
        source,
        "signature_form",
        None,
        f"is missing, but the text links to {FORM_PLACEHOLDER}",
        "signature_form and deadline in the metadata, or no such link",
        line=line,
    )


def resolve_campaigns(items, settings):
    """Every item's campaign, following ``campaign: <slug>`` references, and every
    problem found on the way. An item whose own campaign is wrong, and the items
    that name it, get no campaign: its error is said once, where it is written."""
    zone = settings.get("TIMEZONE", "UTC")
    found = Resolution()
    own, broken = {}, set()
    translations = [item for item in items if is_translation(item)]
    items = [item for item in items if not is_translation(item)]
    for item in items:
        source = source_name(item.source_path)

        def notice(message, item=item, source=source):
            line = field_line(read_lines(item.source_path), "deadline")
            detail = message.removeprefix(f"{source}: ")
            found.notices.append(Notice(item, source, line, "deadline", detail))

        campaign, problems = campaign_fields(
            item.metadata, source, zone, published=getattr(item, "date", None), warn=notice
        )
        for error in problems:
            found.add_error(error, item, "fields")
        if problems:
            broken.add(item.slug)
        own[id(item)] = campaign
        if campaign is not None:
            found.own.add(id(item))
    by_slug = {item.slug: own[id(item)] for item in items if own[id(item)]}
    for item in items:
        campaign = own[id(item)]
        reference = item.metadata.get("campaign")
        found.campaigns[id(item)] = None
        if item.slug in broken or (reference is not None and str(reference).strip() in broken):
            continue
        source = source_name(item.source_path)
        if reference is not None:
            try:
                campaign = referenced_campaign(reference, campaign, by_slug, source)
            except ContentError as error:
                found.add_error(error, item, "reference")
                continue
        elif campaign is None and FORM_PLACEHOLDER in source_html(item):
            line = text_line(read_lines(item.source_path), FORM_PLACEHOLDER)
            found.add_error(form_link_without_campaign(source, line), item, "form link")
            continue
        found.campaigns[id(item)] = campaign
    share_with_translations(translations, items, found)
    return found


def share_with_translations(translations, originals, found):
    """A translation runs its original's campaign (form, deadline, goal), so the
    two cannot drift; a campaign field of its own is an error."""
    by_slug = {(type(item), item.slug): item for item in originals}
    for item in translations:
        found.campaigns[id(item)] = None
        source = source_name(item.source_path)
        declared = [name for name in (*rules.CAMPAIGN_FIELDS, "campaign") if name in item.metadata]
        for name in declared:
            error = ContentError(
                source,
                name,
                item.metadata[name],
                "is given in a translation",
                f"no campaign fields: a translation shares its original's campaign "
                f"({original_slug(item)})",
                line=field_line(read_lines(item.source_path), name),
            )
            found.add_error(error, item, "translation")
        original = by_slug.get((type(item), original_slug(item)))
        if not declared and original is not None:
            found.campaigns[id(item)] = found.campaigns.get(id(original))


def _placed(error, item):
    """``error`` with the line of its field in ``item``'s file, when it has none: for
    a missing field, the line of the campaign field that is there; else line 1."""
    lines = read_lines(item.source_path)
    if error.line is None:
        fields = (error.field, *rules.CAMPAIGN_FIELDS)
        error.line = next(filter(None, (field_line(lines, name) for name in fields)), 1)
    beside = getattr(error, "beside", None)
    if beside and field_line(lines, beside):
        said = f"beside {beside} "
        error.detail = error.detail.replace(
            said, f"beside {beside} (line {field_line(lines, beside)}) ", 1
        )
    return error
