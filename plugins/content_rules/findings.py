"""What `invoke check` reports: every check it runs, with its severity, and the
findings, each made by one check."""

from dataclasses import dataclass, field
from typing import NamedTuple

ERROR, WARNING, NOTE = "error", "warning", "note"


class Check(NamedTuple):
    """One thing `invoke check` looks for; every finding names the check that made it."""

    name: str
    severity: str
    what: str  # for the editor's guide


UNREADABLE = Check(
    "unreadable", ERROR, "a file Pelican cannot read: no title or date, bad date, bad status"
)
FIELD_TWICE = Check(
    "field given twice",
    ERROR,
    "a metadata line written twice in one file (two Title: or Deadline: lines)",
)
EMPTY_TITLE = Check("empty title", ERROR, "a title that is empty or only spaces")
LONG_TITLE = Check("title too long", ERROR, "a title of more than 300 characters")
CONTROL_CHARACTERS = Check(
    "control characters",
    ERROR,
    "a control character in the text or a field, which feeds cannot carry, or a "
    "bidirectional control in a field",
)
BIDI_TEXT = Check(
    "direction control in the text",
    WARNING,
    "a bidirectional control (U+202A-U+202E, U+2066-U+2069) in the text, which may show "
    "it reversed; in a field it is an error",
)
NO_ADDRESS = Check(
    "no address", ERROR, "a title with no letters or digits for the address, and no Slug: line"
)
LONG_ADDRESS = Check("address too long", ERROR, "a slug of more than 200 bytes")
CAMPAIGN_METADATA = Check("campaign metadata", ERROR, "campaign fields the campaign plugin refuses")
CAMPAIGN_REFERENCE = Check(
    "campaign reference", ERROR, "campaign: <slug> naming no post with a campaign"
)
FORM_LINK = Check(
    "form link without campaign", ERROR, "{signature_form} in a text with no campaign"
)
DEADLINE_FOLD = Check("deadline fold", WARNING, "a deadline that happens twice when clocks go back")
DEADLINE_PASSED = Check(
    "deadline passed", WARNING, "the deadline is past and no campaign_status: archived"
)
ARCHIVED_BUT_OPEN = Check(
    "archived but open", WARNING, "campaign_status: archived while the deadline is ahead"
)
COUNT_DATE_AHEAD = Check(
    "count date ahead", WARNING, "a signature_count_date later than now: a count not yet made"
)
DATE_IN_TEXT = Check(
    "date in text", WARNING, "a deadline-like date in the text that is not the deadline"
)
PLACEHOLDER_FORM_LIVE = Check(
    "placeholder form when publishing",
    ERROR,
    "an open campaign whose signature_form is on example.org and the like, when publishing",
)
PLACEHOLDER_FORM = Check(
    "placeholder form", WARNING, "signature_form on example.org and the like, not a draft"
)
CARD_FONT = Check(
    "card font",
    WARNING,
    "a campaign post's title with characters the social card's font has no glyphs for",
)
SCHEDULED = Check("scheduled", NOTE, "a post dated in the future: it appears on that date")
BROKEN_LINK = Check(
    "broken link", ERROR, "{filename}, {static}, {attach} to a file that does not exist"
)
UNKNOWN_MARKER = Check(
    "unknown link marker", ERROR, "a {marker} Pelican does not know, like {filenmae}"
)
BLOCKED_HTML = Check(
    "blocked HTML",
    ERROR,
    "raw HTML the site's security policy blocks: a script, frame, embed or object, a <style> "
    "or style= or on…= attribute, or anything loaded from another site",
)
LINK_ELSEWHERE = Check(
    "link to another site",
    ERROR,
    "a link to another site that publishing refuses: not https:// (http:, javascript:)",
)
ROOT_RELATIVE = Check(
    "root-relative link",
    ERROR,
    "a link or image starting with /, which breaks when the site is served under a path",
)
IMAGE_WITHOUT_ALT = Check("image without alt", ERROR, "an image with no alt text")
DUPLICATE_SLUG = Check(
    "duplicate slug", ERROR, "two posts or pages with the same slug and language"
)
DUPLICATE_ADDRESS = Check(
    "duplicate address", ERROR, "two files that would be written to the same place"
)
SKELETON_TEXT = Check(
    "skeleton text", WARNING, "invoke new's placeholder sentences left in a post to publish"
)
TRANSLATION = Check(
    "translation",
    ERROR,
    "Translation_of naming no post or page, or a Slug:, Lang:, Category or Tags that contradict it",
)
STALE_TRANSLATION = Check(
    "stale translation",
    WARNING,
    "a translation whose original changed after the version its Original_version names",
)
NO_ORIGINAL_VERSION = Check(
    "no original version", WARNING, "a translation with no Original_version: line"
)
LANGUAGE = Check(
    "language",
    ERROR,
    "a Lang: that is no language code, or a catalogue (.po) the site cannot use",
)
NO_CATALOGUE = Check(
    "no catalogue",
    WARNING,
    "a Lang: with no message catalogue: its pages show the nearest catalogue's words",
)
UNTRANSLATED_LIVE = Check(
    "untranslated messages when publishing",
    ERROR,
    "a catalogue with messages not translated, when publishing",
)
UNTRANSLATED = Check("untranslated messages", WARNING, "a catalogue with messages not translated")
PELICAN = Check("pelican", WARNING, "anything else Pelican warns about while reading")

# Every check, in the order it runs, for the report and the editor's guide.
CHECKS = (
    UNREADABLE,
    FIELD_TWICE,
    EMPTY_TITLE,
    LONG_TITLE,
    CONTROL_CHARACTERS,
    BIDI_TEXT,
    NO_ADDRESS,
    LONG_ADDRESS,
    CAMPAIGN_METADATA,
    CAMPAIGN_REFERENCE,
    FORM_LINK,
    DEADLINE_FOLD,
    DEADLINE_PASSED,
    ARCHIVED_BUT_OPEN,
    COUNT_DATE_AHEAD,
    DATE_IN_TEXT,
    PLACEHOLDER_FORM_LIVE,
    PLACEHOLDER_FORM,
    CARD_FONT,
    SCHEDULED,
    BROKEN_LINK,
    UNKNOWN_MARKER,
    BLOCKED_HTML,
    ROOT_RELATIVE,
    LINK_ELSEWHERE,
    IMAGE_WITHOUT_ALT,
    DUPLICATE_SLUG,
    DUPLICATE_ADDRESS,
    SKELETON_TEXT,
    TRANSLATION,
    STALE_TRANSLATION,
    NO_ORIGINAL_VERSION,
    LANGUAGE,
    NO_CATALOGUE,
    UNTRANSLATED_LIVE,
    UNTRANSLATED,
    PELICAN,
)
# The campaign model's stages, and the check each one's errors belong to.
CAMPAIGN_CHECKS = {
    "fields": CAMPAIGN_METADATA,
    "reference": CAMPAIGN_REFERENCE,
    "form link": FORM_LINK,
    "translation": TRANSLATION,
}


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    severity: str
    message: str
    check: str = field(default="", compare=False)

    def __str__(self):
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


def summary(findings):
    counts = {severity: 0 for severity in (ERROR, WARNING, NOTE)}
    for finding in findings:
        counts[finding.severity] += 1
    words = [f"{count} {name}{'' if count == 1 else 's'}" for name, count in counts.items()]
    return ", ".join(words)
