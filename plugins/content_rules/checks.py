"""The checks whose failure stops a build: each item readable, titled, with an
address of its own, links that resolve and images that say what they show.

The build runs them on what Pelican read and stops on the first error;
``invoke check`` runs them too, beside its warnings, and lists every finding.
"""

import logging
import os
import re
from collections import defaultdict
from urllib.parse import unquote, urlsplit

from . import rules
from .errors import ContentError
from .findings import (
    BIDI_TEXT,
    BLOCKED_HTML,
    BROKEN_LINK,
    CONTROL_CHARACTERS,
    DUPLICATE_ADDRESS,
    DUPLICATE_SLUG,
    EMPTY_TITLE,
    ERROR,
    FIELD_TWICE,
    IMAGE_WITHOUT_ALT,
    LONG_ADDRESS,
    LONG_TITLE,
    NO_ADDRESS,
    ROOT_RELATIVE,
    TRANSLATION,
    UNKNOWN_MARKER,
    UNREADABLE,
    Finding,
)
from .markup import refused_markup
from .pelican_internals import intrasite_link_regex, replace_intrasite_link, source_html
from .sources import written_here
from .translations import field_errors, is_translation, translation_errors

# Pelican's own link markers; {signature_form} is the campaign plugin's.
PELICAN_LINK_KINDS = ("filename", "static", "attach", "category", "tag", "index", "author")
PLUGIN_LINK_KINDS = ("signature_form",)
# Metadata an editor writes that reaches feeds and pages as text.
TEXT_FIELDS = (
    "title",
    "subtitle",
    "summary",
    "description",
    "author",
    "category",
    "tags",
    "lang",
    "menu_title",
    "flyer_text",
    "url",
    "save_as",
)
# The campaign plugin's fields (and a reference to another post's campaign): their
# values reach the banner, the card, the calendar file and the flyer.
CAMPAIGN_TEXT_FIELDS = (
    "signature_form",
    "deadline",
    "deadline_timezone",
    "signature_goal",
    "campaign",
    "campaign_status",
)
# Fields with one value, which Pelican keeps as a list when a file gives two
# (those it keeps the first of, with a warning, are not here: Slug, Date, Tags…).
SINGLE_FIELDS = tuple(
    name for name in TEXT_FIELDS + CAMPAIGN_TEXT_FIELDS if name not in ("tags", "author")
) + ("translation_of", "signature_count", "signature_count_from", "signature_count_date")
# Items whose names become addresses of their own (tag/x.html, category/x.html).
NAMED_FIELDS = ("category", "tags", "author", "authors")
IMAGE_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE_RE = re.compile(r"""\b(alt|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


class ContentChecker:
    """Runs the checks over ``sources`` (see sources.py) with Pelican's ``settings``."""

    def __init__(self, sources, settings):
        self.sources = sources
        self.settings = settings
        self.readable = [s for s in sources if s.content is not None]
        self.findings = []
        self.missing_files = set()  # link targets not found, by absolute path
        self.reserved = rules.reserved_addresses(settings)
        # (file, field) of every field refused for a character it holds: its other
        # checks (a campaign field's) would only say the same value again.
        self.unsafe_fields = set()

    def add(self, source, line, check, message):
        self.findings.append(Finding(source.name, line or 1, check.severity, message, check.name))

    def add_error(self, source, check, error):
        line = error.line or source.line_of_field(error.field)
        self.add(source, line, check, error.detail)

    def run(self):
        # A translation's empty or missing Lang/Translation_of is the cause of
        # whatever else goes wrong with its file: said first, and alone.
        broken = set()
        for error in field_errors(self.sources, self.settings.get("DEFAULT_LANG")):
            source = next(s for s in self.sources if s.name == error.source)
            self.add_error(source, TRANSLATION, error)
            broken.add(source.name)
        for source in self.readable:
            if source.name not in broken and self.check_repeated_fields(source):
                broken.add(source.name)
        self.readable = [s for s in self.readable if s.name not in broken]
        for source in self.sources:
            if source.problem and source.name not in broken:
                line = problem_line(source)
                self.add(source, line, UNREADABLE, f"{source.kind} {source.problem}")
        for source in self.readable:
            if not written_here(source.content, self.settings):
                continue  # checked by the build that writes its page
            self.check_title(source)
            self.check_text(source)
            self.check_address(source)
            self.check_links(source)
            self.check_images(source)
            self.check_markup(source)
        self.check_duplicates()
        self.check_translations()
        return self.findings

    def first_error(self):
        """The first error as a ContentError, or None: what stops a build."""
        for finding in self.run():
            if finding.severity == ERROR:
                return ContentError.said(finding.file, finding.line, finding.check, finding.message)
        return None

    def check_repeated_fields(self, source):
        """A field Pelican keeps one value of, written on two lines, is kept as a
        list of both, which no page can show: said with its lines, and the file's
        other checks wait for it. True when one was found."""
        repeated = [
            name for name in SINGLE_FIELDS if isinstance(source.content.metadata.get(name), list)
        ]
        for name in repeated:
            lines = source.lines_of_field(name)
            where = " and ".join(map(str, lines)) if len(lines) > 1 else "more than one line"
            self.add(
                source,
                lines[-1] if lines else None,  # the line added last, as a rule
                FIELD_TWICE,
                f"{name} is given on lines {where}; expected one '{name.capitalize()}:' line "
                "(delete the other)",
            )
        return bool(repeated)

    def check_title(self, source):
        title = getattr(source.content, "title", "")
        line = source.line_of_field("title") if not str(title).strip() else None
        try:
            rules.check_title(title, source.name, line)
        except ContentError as error:
            check = EMPTY_TITLE if not str(title).strip() else LONG_TITLE
            if rules.unsafe_character(str(title)):
                check = CONTROL_CHARACTERS
            self.add_error(source, check, error)

    def check_text(self, source):
        """No field, and nothing in the text, that a feed cannot carry; no field
        with a direction control, and a warning for one in the text."""
        metadata = source.content.metadata
        for name in TEXT_FIELDS[1:] + CAMPAIGN_TEXT_FIELDS:
            value = metadata.get(name)
            values = value if isinstance(value, list) else [value]
            for one in values:
                if one is not None and rules.unsafe_character(str(one)):
                    try:
                        rules.check_text(str(one), name, source.name)
                    except ContentError as error:
                        self.add_error(source, CONTROL_CHARACTERS, error)
                        self.unsafe_fields.add((source.name, name))
                    break  # one line for a field, however many of its values
        self.check_bidi_text(source)
        found = rules.NOT_IN_XML_RE.search(source_html(source.content))
        if found and not rules.NOT_IN_XML_RE.search(str(getattr(source.content, "title", ""))):
            character = rules.describe_character(found.group())
            line = next(
                (n for n, text in enumerate(source.lines, 1) if found.group() in text), None
            )
            self.add(
                source,
                line,
                CONTROL_CHARACTERS,
                f"the text holds the control character {character}, which feeds cannot carry; "
                "expected text without control characters (retype the line, or paste it as "
                "plain text)",
            )

    def check_bidi_text(self, source):
        """A direction control in the text: a warning, since right-to-left text may
        need one, with the line that holds it."""
        body = source_html(source.content)
        found = rules.BIDI_CONTROLS_RE.search(body)
        if not found:
            return
        lines = source.lines
        # After the blank line that ends a Markdown file's metadata, where there is one.
        header = next((n for n, text in enumerate(lines, 1) if not text.strip()), 0)
        holding = [n for n, text in enumerate(lines, 1) if found.group() in text]
        line = next((n for n in holding if n > header), holding[0] if holding else None)
        control = rules.describe_bidi_control(found.group())
        self.add(
            source,
            line,
            BIDI_TEXT,
            f"the text holds the bidirectional control {control}, "
            "which may show the words around it reversed or out of order; delete it unless "
            "right-to-left text needs it (retype the line to be sure)",
        )

    def check_address(self, source):
        item = source.content
        if not str(getattr(item, "title", "")).strip():
            return  # the empty title is the mistake to fix, and is said
        try:
            rules.check_slug(getattr(item, "slug", ""), source.name)
        except ContentError as error:
            # Its line is looked for only now: most files have no mistake to point at.
            error.line = source.line_of_field("slug") or source.line_of_field("title")
            check = NO_ADDRESS if not str(getattr(item, "slug", "") or "").strip() else LONG_ADDRESS
            self.add_error(source, check, error)
        for field in NAMED_FIELDS:
            value = item.metadata.get(field)
            for named in value if isinstance(value, list) else [value] if value else []:
                try:
                    rules.check_named(named, field, source.name)
                except ContentError as error:
                    self.add_error(source, LONG_ADDRESS, error)
        try:
            rules.check_save_as(item.metadata, self.reserved, source.name)
        except ContentError as error:
            self.add_error(source, DUPLICATE_ADDRESS, error)

    def check_links(self, source):
        item = source.content
        html = source_html(item)
        if not any(marker in html for marker in ("{", "|", "%7B", "%7b")):
            return  # no link marker of any spelling: nothing to resolve
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
            if what in PLUGIN_LINK_KINDS:
                continue
            line = source.line_of_text(written) or source.line_of_text(match["value"])
            if what not in PELICAN_LINK_KINDS:
                known = ", ".join(f"{{{kind}}}" for kind in PELICAN_LINK_KINDS[:3])
                self.add(
                    source,
                    line,
                    UNKNOWN_MARKER,
                    f"link {written!r} uses an unknown marker {{{what}}}; "
                    f"expected one of {known} or {{signature_form}}",
                )
                continue
            self.add(
                source,
                line,
                BROKEN_LINK,
                f"link {written!r} points to {match['value']!r}, which is not in the content "
                "folder; expected the path of a file there (check the spelling; a path "
                "starting with / starts at the content folder)",
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
        for tag in IMAGE_RE.findall(source_html(source.content)):
            values = {m[1].lower(): m[2] or m[3] or m[4] for m in ATTRIBUTE_RE.finditer(tag)}
            if (values.get("alt") or "").strip():
                continue
            src = values.get("src") or ""
            line = source.line_of_text(src) if src else None
            self.add(
                source,
                line,
                IMAGE_WITHOUT_ALT,
                f"the image {src!r} has no alt text; expected words between the brackets "
                "saying what it shows, like ![Marchers at the state house](...)",
            )

    def check_markup(self, source):
        """What the published site refuses in a post's HTML, where it is written."""
        html = source_html(source.content)
        if "<" not in html:
            return
        said = set()
        for refused in refused_markup(html):
            text = refused.text
            line = source.line_of_text(text) or source.line_of_text(text, any_case=True)
            if (line, refused.message) in said:
                continue
            said.add((line, refused.message))
            check = ROOT_RELATIVE if refused.root_relative else BLOCKED_HTML
            self.add(source, line, check, refused.message)

    def check_translations(self):
        by_name = {source.name: source for source in self.readable}
        for error in translation_errors(self.readable, self.settings):
            self.add_error(by_name[error.source], TRANSLATION, error)

    def check_duplicates(self):
        # A build that writes some sources' pages only (the preview's first step)
        # looks for their slugs; the build of the rest, for everything.
        partial = self.settings.get("WRITE_ONLY_SOURCES") is not None
        by_slug, by_address = defaultdict(list), defaultdict(list)
        for source in self.readable:
            item = source.content
            by_slug[(item.slug, str(getattr(item, "lang", None)).strip())].append(source)
            if not partial and item.save_as:
                by_address[item.save_as].append(source)
        for (slug, lang), sources in by_slug.items():
            if partial and not any(written_here(s.content, self.settings) for s in sources):
                continue
            if len(sources) > 1 and all(is_translation(s.content) for s in sources):
                self.add_translations_twice(slug, lang, sources)
                continue
            for source in sources if len(sources) > 1 else ():
                if partial and not written_here(source.content, self.settings):
                    continue  # said of the file this build writes: the one just saved
                others = ", ".join(s.name for s in sources if s is not source)
                self.add(
                    source,
                    source.line_of_field("slug") or source.line_of_field("title"),
                    DUPLICATE_SLUG,
                    f"the slug {slug!r} is also the slug of {others}; expected another "
                    "'Slug:' line in one of them",
                )
        for address, sources in by_address.items():
            if len(sources) > 1 and len({(s.content.slug, s.content.lang) for s in sources}) > 1:
                for source in sources:
                    others = ", ".join(s.name for s in sources if s is not source)
                    self.add(
                        source,
                        source.line_of_field("save_as") or source.line_of_field("slug"),
                        DUPLICATE_ADDRESS,
                        f"it would be written to {address}, and so would {others}; expected "
                        "one file for each address (another 'Slug:' or 'Save_as:')",
                    )

    def add_translations_twice(self, slug, lang, sources):
        """Two translations into one language: one line, since a Slug: (the
        duplicate slug's usual remedy) is not a translation's to write."""
        names = sorted(s.name for s in sources)
        count = {2: "two", 3: "three"}.get(len(names), str(len(names)))
        last = next(s for s in sources if s.name == names[-1])
        self.add(
            last,
            last.line_of_field("translation_of"),
            DUPLICATE_SLUG,
            f"{count} {lang} translations of {slug}: {', '.join(names[:-1])} and {names[-1]}; "
            "expected one (delete or merge the other)",
        )


def problem_line(source):
    """Where an unreadable file goes wrong: the field or value Pelican names."""
    if source.problem_at:
        return source.problem_at
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
