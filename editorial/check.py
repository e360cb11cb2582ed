"""``invoke check``: every problem an editor can fix, as ``file:line: severity: message``.

Errors stop a publish (exit status 1); warnings and notes are for the editor to
read. Nothing is written: content is read with Pelican's generators in-process.
"""

import logging
import os
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from pelican.plugins.campaign import markup
from pelican.plugins.campaign.model import FORM_PLACEHOLDER, resolve_campaigns
from pelican.plugins.campaign.pelican_internals import (
    intrasite_link_regex,
    replace_intrasite_link,
    source_html,
)
from pelican.plugins.campaign.rules import build_clock, is_placeholder_form

from .dates import deadline_dates
from .findings import (
    ARCHIVED_BUT_OPEN,
    BROKEN_LINK,
    CAMPAIGN_CHECKS,
    DATE_IN_TEXT,
    DEADLINE_FOLD,
    DEADLINE_PASSED,
    DUPLICATE_ADDRESS,
    DUPLICATE_SLUG,
    EMPTY_TITLE,
    ERROR,
    IMAGE_WITHOUT_ALT,
    PELICAN,
    PLACEHOLDER_FORM,
    SCHEDULED,
    SKELETON_TEXT,
    UNKNOWN_MARKER,
    UNREADABLE,
    Finding,
)
from .newpost import SKELETON_LINES
from .site import SETTINGS_FILE, display_name, load_settings, read_site

# Pelican's own link markers; {signature_form} is the campaign plugin's.
PELICAN_LINK_KINDS = ("filename", "static", "attach", "category", "tag", "index", "author")
FORM_LINK_KIND = FORM_PLACEHOLDER.strip("{}")


class _Images(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.without_alt = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            values = dict(attrs)
            if not (values.get("alt") or "").strip():
                self.without_alt.append(values.get("src") or "")


def check_content(settings_file=SETTINGS_FILE, content=None):
    """All findings for the content folder, sorted by file and line."""
    settings = load_settings(settings_file, content)
    site = read_site(settings)
    checker = _Checker(site)
    return sorted(set(checker.run()))


class _Checker:
    def __init__(self, site):
        self.site = site
        self.settings = site.settings
        self.now = build_clock(self.settings)
        self.readable = [s for s in site.sources if s.content is not None]
        self.findings = []
        self.missing_files = set()  # link targets not found, by absolute path

    def add(self, source, line, check, message):
        self.findings.append(Finding(source.name, line or 1, check.severity, message, check.name))

    def run(self):
        for source in self.site.sources:
            if source.problem:
                self.add(
                    source, _problem_line(source), UNREADABLE, f"{source.kind} {source.problem}"
                )
        for source in self.readable:
            self.check_title(source)
            self.check_links(source)
            self.check_images(source)
            self.check_skeleton(source)
            self.check_scheduled(source)
        self.check_campaigns()
        self.check_duplicates()
        self.report_pelican_messages()
        return self.findings

    def check_title(self, source):
        if not str(getattr(source.content, "title", "")).strip():
            self.add(
                source,
                source.line_of_field("title"),
                EMPTY_TITLE,
                "the title is empty: write one after 'Title:'",
            )

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
        for source in self.readable:
            campaign = found.campaign_of(source.content)
            if campaign is None:
                continue
            self.check_text_dates(source, campaign)
            if found.declares_campaign(source.content):
                self.check_deadline_state(source, campaign)
                self.check_placeholder_form(source, campaign)

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
        if source.status != "draft" and is_placeholder_form(campaign.signature_form):
            self.add(
                source,
                source.line_of_field("signature_form"),
                PLACEHOLDER_FORM,
                f"signature_form {campaign.signature_form!r} is a placeholder address "
                "(domains like example.org exist only for examples): nobody can sign there; "
                "paste the address of the real form",
            )

    def check_text_dates(self, source, campaign):
        text = "\n".join(source.lines)
        deadline = campaign.local_deadline
        deadline_line = source.line_of_field("deadline")
        where = f"line {deadline_line}" if deadline_line else "the campaign it names"
        for named in deadline_dates(text):
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

    def check_links(self, source):
        item = source.content
        html = source_html(item)
        pattern = intrasite_link_regex(item)
        siteurl = self.settings.get("SITEURL", "")
        # Pelican's own resolution: a marker it cannot replace stays as written.
        logging.disable(logging.WARNING)
        try:
            unresolved = [m for m in pattern.finditer(html) if _unchanged(item, siteurl, m)]
        finally:
            logging.disable(logging.NOTSET)
        unresolved += [m for m in pattern.finditer(html) if self._missing_file(item, m)]
        for match in unresolved:
            what, written = match["what"], match["path"]
            line = source.line_of_text(written) or source.line_of_text(match["value"])
            if what == FORM_LINK_KIND:
                continue
            if what not in PELICAN_LINK_KINDS:
                known = ", ".join(f"{{{kind}}}" for kind in PELICAN_LINK_KINDS[:3])
                self.add(
                    source,
                    line,
                    UNKNOWN_MARKER,
                    f"link {written!r} uses an unknown marker {{{what}}}: "
                    f"use one of {known} or {FORM_PLACEHOLDER}",
                )
                continue
            self.add(
                source,
                line,
                BROKEN_LINK,
                f"link {written!r} points to {match['value']!r}, which is not in the content "
                f"folder; check the spelling (paths start at the content folder when they "
                "begin with /)",
            )

    def _missing_file(self, item, match):
        """A {static} or {attach} target Pelican accepted (it trusts links to
        files outside STATIC_PATHS) but that is not on disk."""
        if match["what"] not in ("static", "attach"):
            return False
        path = unquote(urlsplit(match["value"]).path)
        path = path[1:] if path.startswith("/") else os.path.join(item.relative_dir, path)
        target = os.path.normpath(os.path.join(self.settings["PATH"], path))
        if os.path.exists(target):
            return False
        self.missing_files.add(target)
        return True

    def check_images(self, source):
        parser = _Images()
        parser.feed(source_html(source.content))
        for src in parser.without_alt:
            line = source.line_of_text(src) if src else None
            self.add(
                source,
                line,
                IMAGE_WITHOUT_ALT,
                f"the image {src!r} has no alt text: say what it shows between the brackets, "
                "![Marchers at the state house](...)",
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
                    "this is the placeholder text 'invoke new' wrote: replace it with yours",
                )

    def check_duplicates(self):
        by_slug, by_address = defaultdict(list), defaultdict(list)
        for source in self.readable:
            item = source.content
            by_slug[(item.slug, getattr(item, "lang", None))].append(source)
            if item.save_as:
                by_address[item.save_as].append(source)
        for (slug, _lang), sources in by_slug.items():
            for source in sources if len(sources) > 1 else ():
                others = ", ".join(s.name for s in sources if s is not source)
                self.add(
                    source,
                    source.line_of_field("slug") or source.line_of_field("title"),
                    DUPLICATE_SLUG,
                    f"the slug {slug!r} is also the slug of {others}: give one of them "
                    "another 'Slug:'",
                )
        for address, sources in by_address.items():
            if len(sources) > 1 and len({(s.content.slug, s.content.lang) for s in sources}) > 1:
                for source in sources:
                    others = ", ".join(s.name for s in sources if s is not source)
                    self.add(
                        source,
                        source.line_of_field("save_as") or source.line_of_field("slug"),
                        DUPLICATE_ADDRESS,
                        f"it would be written to {address}, and so would {others}",
                    )

    def report_pelican_messages(self):
        blamed = {f.file for f in self.findings if f.severity == ERROR}
        by_path = {str(s.path.resolve()): s for s in self.site.sources}
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
                name, message = display_name(SETTINGS_FILE), f"Pelican: {text}"
                self.findings.append(Finding(name, 1, PELICAN.severity, message, PELICAN.name))
            else:
                self.add(source, None, PELICAN, f"Pelican: {text}")


def _problem_line(source):
    """Where an unreadable file goes wrong: the field or value Pelican names."""
    if source.problem_field:
        return source.line_of_field(source.problem_field)
    for quoted in re.findall(r"'([^']+)'", source.problem):
        line = source.line_of_text(quoted)
        if line:
            return line
    return None


def _unchanged(item, siteurl, match):
    """Whether Pelican left the link's marker in place: it found no target."""
    marker = match["path"][: len(match["path"]) - len(match["value"])]
    replaced = replace_intrasite_link(item, siteurl, match)
    return replaced[len(match["markup"]) + 1 :].startswith(marker)
