"""``invoke check``: every problem an editor can fix, as ``file:line: severity: message``.

Errors stop a publish (exit status 1); warnings and notes are for the editor to
read. Nothing is written: content is read with Pelican's generators in-process.
"""

from babel import UnknownLocaleError
from pelican.plugins.campaign import markup
from pelican.plugins.campaign.model import resolve_campaigns
from pelican.plugins.campaign.rules import build_clock, is_placeholder_form
from pelican.plugins.content_rules.checks import ContentChecker
from pelican.plugins.content_rules.dates import deadline_dates
from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.content_rules.findings import (
    ARCHIVED_BUT_OPEN,
    CAMPAIGN_CHECKS,
    CARD_LEFT_OUT,
    DATE_IN_TEXT,
    DEADLINE_FOLD,
    DEADLINE_PASSED,
    ERROR,
    LANGUAGE,
    NO_CATALOGUE,
    NO_ORIGINAL_VERSION,
    PELICAN,
    PLACEHOLDER_FORM,
    PLACEHOLDER_FORM_LIVE,
    SCHEDULED,
    SKELETON_TEXT,
    STALE_TRANSLATION,
    UNTRANSLATED,
    UNTRANSLATED_LIVE,
    Finding,
    summary,
)
from pelican.plugins.content_rules.sources import source_name
from pelican.plugins.content_rules.versions import file_version
from pelican.plugins.language import language_of, locale_of
from pelican.plugins.language.catalogue import untranslated_warning
from pelican.plugins.language.handlers import (
    catalogue_warnings,
    language_errors,
    used_languages,
)
from pelican.plugins.outreach.handlers import CARD_FONT, card_left_out, left_out_message

from .newpost import SKELETON_LINES
from .site import SETTINGS_FILE, load_settings, read_site


def check_content(settings_file=SETTINGS_FILE, content=None, publishing=False):
    """All findings for the content folder, sorted by file and line. ``publishing``
    judges the content as a publish does: an open campaign must be signable."""
    settings = load_settings(settings_file, content)
    site = read_site(settings)
    return sorted(set(EditorialChecker(site, publishing).run()))


def report(settings_file, say):
    """`invoke check`: say every finding and the count; True when there is no error."""
    findings = check_content(settings_file)
    for finding in findings:
        say(str(finding))
    say(f"invoke check: {summary(findings)}")
    return not any(finding.severity == ERROR for finding in findings)


class EditorialChecker(ContentChecker):
    """The build's own checks, and what an editor should know besides."""

    def __init__(self, site, publishing=False):
        super().__init__(site.sources, site.settings)
        self.site = site
        self.publishing = publishing
        self.now = build_clock(self.settings)
        self.campaigns = []  # every item's campaign, once check_campaigns has run

    def run(self):
        super().run()
        for source in self.readable:
            self.check_skeleton(source)
            self.check_scheduled(source)
        self.check_campaigns()
        self.check_translation_versions()
        self.check_languages()
        self.check_card_characters()
        self.report_pelican_messages()
        return self.findings

    def check_campaigns(self):
        found = resolve_campaigns([s.content for s in self.readable], self.settings)
        for error in found.errors:
            check = CAMPAIGN_CHECKS[found.stage_of(error)]
            line = error.line or 1
            self.findings.append(
                Finding(error.source, line, check.severity, error.detail, check.name)
            )
        for notice in found.notices:
            line, check = notice.line or 1, DEADLINE_FOLD
            self.findings.append(
                Finding(notice.source, line, check.severity, notice.message, check.name)
            )
        self.campaigns = [found.campaign_of(source.content) for source in self.readable]
        for source in self.readable:
            campaign = found.campaign_of(source.content)
            if campaign is None:
                continue
            self.check_text_dates(source, campaign)
            # Every page that shows the form, its own or another post's.
            self.check_placeholder_form(source, campaign)
            if found.declares_campaign(source.content):
                self.check_deadline_state(source, campaign)

    def check_deadline_state(self, source, campaign):
        line = source.line_of_field("deadline")
        when = markup.human_deadline(campaign.local_deadline)
        if not campaign.is_open(self.now) and not campaign.archived:
            self.add(
                source,
                line,
                DEADLINE_PASSED,
                f"the deadline ({when}) has passed, so the page says signing is closed; "
                "if the campaign is over, add 'Campaign_status: archived', "
                "otherwise set a new deadline",
            )
        if campaign.is_open(self.now) and campaign.archived:
            self.add(
                source,
                source.line_of_field("campaign_status"),
                ARCHIVED_BUT_OPEN,
                f"campaign_status is archived, but the deadline ({when}) is still ahead "
                "and the page still asks readers to sign",
            )

    def check_placeholder_form(self, source, campaign):
        if source.status == "draft" or not is_placeholder_form(campaign.signature_form):
            return
        if "translation_of" in source.content.metadata:
            return  # its original's form, said on the original's line
        # Publishing an open campaign nobody can sign is an error; a preview may.
        live = self.publishing and campaign.is_open(self.now)
        self.add(
            source,
            # Its own form, or the campaign it names.
            source.line_of_field("signature_form") or source.line_of_field("campaign"),
            PLACEHOLDER_FORM_LIVE if live else PLACEHOLDER_FORM,
            f"signature_form {campaign.signature_form!r} is a placeholder address "
            "(domains like example.org exist only for examples): nobody can sign there; "
            "paste the address of the real form",
        )

    def check_text_dates(self, source, campaign):
        text = "\n".join(source.lines)
        deadline = campaign.local_deadline
        deadline_line = source.line_of_field("deadline")
        where = f"line {deadline_line}" if deadline_line else "the campaign it names"
        # Read in the post's own language: a translation's dates are in its words.
        lang = language_of(source.content, self.settings)
        try:
            locale = locale_of(lang, self.settings)
        except (ValueError, UnknownLocaleError):
            locale = None  # the build reports an unknown locale; read with lang's names
        for named in deadline_dates(text, lang, locale):
            reason = named.disagreement(deadline.date())
            if reason:
                line = text.count("\n", 0, named.offset) + 1
                self.add(
                    source,
                    line,
                    DATE_IN_TEXT,
                    f"the text says {named.words!r}, which {reason}: the banner uses the "
                    f"deadline {markup.human_deadline(deadline)} ({where}); "
                    "make the text and the deadline agree",
                )

    def check_translation_versions(self):
        """A translation names the version of its original it follows; when the
        original's file has changed since, the translation may say something else."""
        originals = {
            s.content.slug: s for s in self.readable if "translation_of" not in s.content.metadata
        }
        for source in self.readable:
            original = originals.get(source.content.metadata.get("translation_of"))
            if original is None:
                continue  # not a translation, or one of a missing post: said elsewhere
            now = file_version(original.path)
            written = str(source.content.metadata.get("original_version") or "").strip()
            if not written:
                self.add(
                    source,
                    source.line_of_field("translation_of"),
                    NO_ORIGINAL_VERSION,
                    f"no Original_version: nothing tells which version of {original.name} "
                    "this translates, so a later change to it goes unnoticed; when the "
                    f"translation is up to date, add the line 'Original_version: {now}'",
                )
            elif written != now:
                self.add(
                    source,
                    source.line_of_field("original_version"),
                    STALE_TRANSLATION,
                    f"translation may be stale: {original.name} changed since it was "
                    f"translated (Original_version {written}, now {now}); when the "
                    f"translation is up to date, set Original_version: {now}",
                )

    def check_languages(self):
        """The build's own: every Lang: has a catalogue and every catalogue can be
        used; and what a catalogue leaves in English (an error when publishing)."""
        items = [source.content for source in self.readable]
        for error in language_errors(items, self.settings):
            self.findings.append(
                Finding(str(error.source), error.line or 1, ERROR, error.detail, LANGUAGE.name)
            )
        for name, line, message in catalogue_warnings(items, self.settings):
            self.findings.append(
                Finding(name, line or 1, NO_CATALOGUE.severity, message, NO_CATALOGUE.name)
            )
        check = UNTRANSLATED_LIVE if self.publishing else UNTRANSLATED
        for lang in used_languages(items, self.settings):
            try:
                warning = untranslated_warning(self.settings, lang)
            except ContentError:
                continue  # a catalogue that cannot be read: said above
            if warning:
                name, message = warning
                self.findings.append(Finding(name, 1, check.severity, message, check.name))

    def check_card_characters(self):
        """What a campaign post's social card leaves out: a build says it after
        drawing the card, and publishing does not stop for it."""
        for source, campaign in zip(self.readable, self.campaigns, strict=False):
            title = getattr(source.content, "title", "")
            if source.kind != "article" or campaign is None or not title:
                continue
            missing = card_left_out(title, self.settings)
            if missing:
                font = self.settings.get("OUTREACH_CARD_FONT", CARD_FONT)
                message = left_out_message(missing, font)
                self.add(source, source.line_of_field("title"), CARD_LEFT_OUT, message)

    def check_scheduled(self, source):
        item = source.content
        date = getattr(item, "date", None)
        if source.kind == "article" and source.status != "draft" and date and date > self.now:
            self.add(
                source,
                source.line_of_field("date"),
                SCHEDULED,
                f"dated {markup.human_deadline(date)}, in the future: the published site "
                "leaves it out until that date, and the daily build publishes it then",
            )

    def check_skeleton(self, source):
        if source.status == "draft":
            return
        for line in SKELETON_LINES:
            number = source.line_of_text(line)
            if number:
                self.add(
                    source,
                    number,
                    SKELETON_TEXT,
                    "this is the placeholder text 'make new' wrote: replace it with yours",
                )

    def report_pelican_messages(self):
        blamed = {f.file for f in self.findings if f.severity == ERROR}
        by_path = {str(s.path.resolve()): s for s in self.sources}
        for path, message in self.site.messages:
            if any(missing in message for missing in self.missing_files):
                continue  # a broken link, already reported where it is written
            source = by_path.get(path) if path else None
            if source is None:
                source = next((s for p, s in by_path.items() if p in message), None)
            if source is not None and source.name in blamed:
                continue  # already said, in an editor's words
            text = " ".join(message.split())
            if source is None:
                name, message = source_name(SETTINGS_FILE), f"Pelican: {text}"
                self.findings.append(Finding(name, 1, PELICAN.severity, message, PELICAN.name))
            else:
                self.add(source, None, PELICAN, f"Pelican: {text}")
