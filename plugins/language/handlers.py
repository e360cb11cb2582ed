"""Pelican signal handlers: the catalogue and CLDR formats in every template, in
the language of the page being written."""

import datetime as dt
import logging
import re
from typing import NamedTuple

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican import signals
from pelican.plugins.content_rules.errors import FINDING, report_in_one_line
from pelican.plugins.content_rules.pelican_internals import warnings_are_fatal

from .catalogue import (
    has_catalogue,
    is_language_code,
    nearest_catalogues,
    translations,
    untranslated_warning,
)
from .formats import (
    LOCALES,
    cldr_locale,
    format_date,
    format_datetime,
    format_number,
    locale_of,
    same_language,
    text_direction,
)

logger = logging.getLogger(__name__)

I18N_EXTENSION = "jinja2.ext.i18n"
# In the context: {lang: LanguageSite} of every language with pages of its own
# (sites.py), and the language of a page written for one of them.
SITES_KEY = "LANGUAGE_SITES"
PAGE_LANG_KEY = "page_lang"


def language_of(item, settings):
    """The language ``item`` is written in: its ``Lang:``, else DEFAULT_LANG."""
    return getattr(item, "lang", None) or settings.get("DEFAULT_LANG") or "en"


def context_language(context):
    """The language of the page a template is writing: the language site's it
    belongs to (LANGUAGE_SITES' lists and 404), else its post's or page's, else
    the site's (index, archives, tag and category pages)."""
    if context.get(PAGE_LANG_KEY):
        return context[PAGE_LANG_KEY]
    for name in ("article", "page"):
        item = context.get(name)
        lang = getattr(item, "lang", None)
        if isinstance(lang, str) and lang:
            return lang
    return context.get("DEFAULT_LANG") or "en"


def template_functions(settings):
    """gettext and friends, filters and globals that follow the page's language."""

    # Once per language and build (these functions are made for each build): a
    # page calls gettext dozens of times, and a catalogue is looked up by a stat().
    interfaces, periods = {}, {}
    # The words of each message without values, once per language and build:
    # every page says "Home", "Archive" and the site's name.
    said = {}

    def interface(lang):
        if lang not in interfaces:
            interfaces[lang] = translations(settings, lang)
        return interfaces[lang]

    def words(context, method, args, variables):
        """The message in the page's language, its %(name)s placeholders filled
        with ``variables``, escaped. Fallen back to another catalogue's words (or
        the msgids' English), it is marked with the language it is in, and each
        value filled in with the page's (WCAG 3.1.2, language of parts): a screen
        reader reads each with its own voice, and each keeps its direction."""
        lang = context_language(context)
        autoescape = context.eval_ctx.autoescape
        if variables:
            return fill(lang, autoescape, method, args, variables)
        key = (lang, autoescape, method, args)
        if key not in said:
            said[key] = fill(lang, autoescape, method, args, variables)
        return said[key]

    def fill(lang, autoescape, method, args, variables):
        found, shown = interface(lang).find(method, *args)
        fallen = not same_language(shown, lang)
        if fallen and autoescape:
            variables = {
                name: value if own_language(value) else language_part(escape(value), lang)
                for name, value in variables.items()
            }
        text = escape(found) if autoescape else found
        if variables:
            # A msgstr is a translator's text: escaped, then filled with the
            # values, which Markup's % escapes unless they are markup already.
            text = text % variables
        return language_part(text, shown) if fallen and autoescape else text

    @pass_context
    def gettext(context, message, **variables):
        return words(context, "gettext", (message,), variables)

    @pass_context
    def ngettext(context, singular, plural, number, **variables):
        variables.setdefault("num", number)
        return words(context, "ngettext", (singular, plural, number), variables)

    @pass_context
    def pgettext(context, message_context, message, **variables):
        return words(context, "pgettext", (message_context, message), variables)

    @pass_context
    def npgettext(context, message_context, singular, plural, number, **variables):
        variables.setdefault("num", number)
        return words(context, "npgettext", (message_context, singular, plural, number), variables)

    @pass_context
    def date_filter(context, value, format_name="date"):
        return format_date(value, format_name, context_language(context), settings)

    @pass_context
    def datetime_filter(context, value, format_name="datetime"):
        return format_datetime(value, format_name, context_language(context), settings)

    @pass_context
    def number_filter(context, value):
        return format_number(value, context_language(context), settings)

    @pass_context
    def period_filter(context, period_num, month_only=False):
        """An archive period, (2021,) or (2021, 4), as "2021" or "April 2021" (or
        "April", ``month_only``, under its year's heading)."""
        if len(period_num) == 1:
            return str(period_num[0])
        key = (tuple(period_num[:2]), month_only, context_language(context))
        if key not in periods:
            month = dt.date(period_num[0], period_num[1], 1)
            periods[key] = format_date(month, "LLLL" if month_only else "month", key[2], settings)
        return periods[key]

    @pass_context
    def page_language(context):
        return context_language(context)

    @pass_context
    def language_attributes(context, lang):
        """` lang="en" dir="ltr"` for an element in ``lang`` on a page in another
        language (a post listed in its only language), else nothing."""
        if not lang or same_language(lang, context_language(context)):
            return ""
        return Markup(' lang="%s" dir="%s"') % (lang, text_direction(lang))

    @pass_context
    def language_site(context):
        """The LanguageSite (sites.py) of the page's language, or None."""
        return (context.get(SITES_KEY) or {}).get(context_language(context))

    @pass_context
    def page_versions(context, item=None):
        """Every version of this page, itself included, sorted by language: a
        post's or page's translations, or a list page's (the home page, a tag…)
        counterparts in each language's site. Each has ``lang`` and ``url``."""
        lang = context_language(context)
        if getattr(item, "status", None) == "hidden":
            return []  # a 404 page is served at any address: it names no other
        if item is not None and language_of(item, settings) == lang:
            versions = [item, *getattr(item, "translations", ())]
            return sorted(versions, key=lambda version: version.lang)
        sites = context.get(SITES_KEY) or {}
        own, name = sites.get(lang), context.get("output_file") or ""
        if item is not None or own is None or not name.startswith(own.prefix):
            return []
        path = name[len(own.prefix) :]
        return [
            Version(site.lang, folder_url(site.url(path)))
            for site in sorted(sites.values(), key=lambda site: site.lang)
            if path in site.paths
        ]

    @pass_context
    def localized(context, url):
        """The address of a list page (home, archive, tag…) in the page's
        language, where that language has its own (LANGUAGE_SITES)."""
        site = (context.get(SITES_KEY) or {}).get(context_language(context))
        return site.prefix + url if site else url

    def og_locale(lang):
        return open_graph_locale(lang, settings)

    def language_name(lang):
        """The language's name in itself, as CLDR writes it, capitalized: "Español"."""
        own = cldr_locale(lang)
        name = (own.get_display_name(own) if own else None) or lang
        return name[:1].upper() + name[1:]

    gettexts = {"gettext": gettext, "ngettext": ngettext}
    gettexts.update(pgettext=pgettext, npgettext=npgettext)
    filters = {
        "format_date": date_filter,
        "format_datetime": datetime_filter,
        "format_number": number_filter,
        "format_period": period_filter,
    }
    filters.update(unmarked=unmarked, localized=localized)
    functions = {"page_language": page_language, "og_locale": og_locale}
    functions.update(language_attributes=language_attributes, text_direction=text_direction)
    functions.update(language_site=language_site, page_versions=page_versions)
    return gettexts, filters, {**functions, "language_name": language_name}


class Version(NamedTuple):
    lang: str
    url: str


def folder_url(path):
    """A folder's index.html named by the folder, as links name it."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def language_part(text, lang):
    """``text`` (escaped HTML) as a part of the page in another language."""
    opening = Markup('<span lang="%s" dir="%s">') % (lang, text_direction(lang))
    return opening + Markup(text) + Markup("</span>")


OWN_LANGUAGE_RE = re.compile(r"\s*<[a-z]+\b[^>]*\slang=")


def own_language(value):
    """Whether ``value`` is markup that says its own language: its first element
    has a lang attribute (the original's category and tags on a translation)."""
    return hasattr(value, "__html__") and bool(OWN_LANGUAGE_RE.match(str(value)))


def unmarked(value):
    """Words without the mark of their language, for where no element can carry
    it: an attribute (aria-label, content) or the <title>."""
    return Markup(value).striptags() if hasattr(value, "__html__") else value


def open_graph_locale(lang, settings):
    """ll_TT, as Open Graph wants it: LANGUAGE_LOCALES' locale, else CLDR's likely
    region for the language ("fr" → "fr_FR")."""
    locale = locale_of(lang, settings)
    given = (settings.get("LANGUAGE_LOCALES") or {}).get(lang) or LOCALES.get(lang)
    if locale.territory or given:
        return str(locale)
    likely = get_global("likely_subtags").get(locale.language)
    if likely:
        found = Locale.parse(likely)
        if found.territory:
            return f"{locale.language}_{found.territory}"
    return str(locale)


def install(generator):
    """Jinja2's i18n extension with the catalogue of the page being written.
    Pelican 4.12 leaves the extension to plugins: it installs no callables for it."""
    env = generator.env
    if I18N_EXTENSION not in env.extensions:
        env.add_extension(I18N_EXTENSION)
    gettexts, filters, functions = template_functions(generator.settings)
    # Not newstyle: these fill the %(name)s placeholders themselves, and escape
    # them, so as to mark the values' language inside a fallen-back phrase.
    env.install_gettext_callables(**gettexts, newstyle=False)
    env.filters.update(filters)
    env.globals.update(functions)


def localize_dates(content):
    """The date header in CLDR words of the item's language, whatever the
    building machine's locale (Pelican's own strftime follows it)."""
    settings = content.settings
    lang = language_of(content, settings)
    try:
        locale_of(lang, settings)
    except (ValueError, UnknownLocaleError):
        return  # check_languages says so, with the file and line
    if hasattr(content, "date"):
        content.locale_date = format_date(content.date, "date", lang, settings)
    if getattr(content, "modified", None):
        content.locale_modified = format_date(content.modified, "date", lang, settings)


def language_errors(items, settings):
    """A ContentError for each mistake in the languages of ``items`` (Pelican's
    contents): a Lang: that is no language code, named with the item's file and
    line; a catalogue that cannot be used, with its own. The build stops on the
    first; ``invoke check`` lists them."""
    from pelican.plugins.content_rules.errors import ContentError
    from pelican.plugins.content_rules.sources import field_line, read_lines, source_name

    said, problems = set(), {}
    for item in [None, *items]:
        lang = settings.get("DEFAULT_LANG") or "en"
        if item is not None:
            lang = language_of(item, settings)
        if lang not in problems:
            try:
                translations(settings, lang)
                problems[lang] = None
            except ContentError as error:
                problems[lang] = error
        error = problems[lang]
        if error is None:
            continue
        if error.field != "lang" or item is None:
            if str(error) not in said:  # a catalogue's mistake, once
                said.add(str(error))
                yield error
            continue
        yield ContentError(
            source_name(item.source_path),
            "lang",
            error.value,
            error.problem,
            error.expected,
            line=field_line(read_lines(item.source_path), "lang"),
        )


def catalogue_warnings(items, settings):
    """(file, line, message) once for each language without a catalogue of its
    own, at its first item: its pages show the nearest catalogue's words."""
    from pelican.plugins.content_rules.sources import field_line, read_lines, source_name

    default = settings.get("DEFAULT_LANG") or "en"
    seen = set()
    for item in items:
        lang = language_of(item, settings)
        if lang in seen or lang == default or not is_language_code(lang):
            continue
        seen.add(lang)
        if has_catalogue(settings, lang):
            continue
        nearest = (nearest_catalogues(settings, lang) or [default])[0]
        name = source_name(item.source_path)
        line = field_line(read_lines(item.source_path), "lang")
        yield (
            name,
            line,
            (
                f"lang {lang!r} has no message catalogue: its pages show the site's own words "
                f"(menus, buttons, the banner) from the {nearest!r} catalogue, each marked as "
                f"{nearest!r} for screen readers; to translate them, run "
                f"make messages ARGS='--lang {lang}' and fill in "
                f"theme/translations/{lang}/LC_MESSAGES/messages.po"
            ),
        )


def used_languages(items, settings):
    """The site's language and every item's, sorted."""
    langs = {settings.get("DEFAULT_LANG") or "en"}
    return sorted(langs | {language_of(item, settings) for item in items})


def check_languages(generators):
    """Every item's language has a catalogue, and each catalogue can be used: a
    one-line error names the file. A catalogue that misses translations is said."""
    from pelican.plugins.content_rules.sources import contents_of

    settings = generators[0].settings
    items = [item for item, _status in contents_of(generators)]
    for error in language_errors(items, settings):
        raise error
    # A language without a catalogue is no fault: a build that stops on any
    # warning (--fatal warnings: make publish, after make check has said it as a
    # warning) says it as information; a publish says it and goes on (FINDING).
    say = logger.info if warnings_are_fatal() else logger.warning
    for name, line, message in catalogue_warnings(items, settings):
        say("%s:%s: %s", name, line or 1, message, extra=FINDING)
    for lang in used_languages(items, settings):
        warning = untranslated_warning(settings, lang)
        if warning:
            logger.warning("%s: %s", *warning)


def feed_in_its_language(context, feed):
    """A language's own feed (TRANSLATION_FEED_ATOM/RSS) says the site's name and
    subtitle in that language, and names the language; Pelican writes them as set."""
    address = feed.feed.get("feed_url") or ""
    for key in ("TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS"):
        pattern = context.get(key)
        if not pattern or "{lang}" not in str(pattern):
            continue
        before, after = str(pattern).split("{lang}", 1)
        found = re.search(f"{re.escape(before)}([^/]+){re.escape(after)}$", address)
        if found:
            break
    else:
        return
    lang = found[1]
    translate = translations(context, lang).gettext
    fields = (("title", "SITENAME"), ("subtitle", "SITESUBTITLE"), ("description", "SITESUBTITLE"))
    for field, setting in fields:
        # Through a name: Babel would take a literal key in gettext() for a message.
        words = context.get(setting)
        if words and feed.feed.get(field) == words:
            feed.feed[field] = translate(words)
    feed.feed["language"] = lang


def register():
    report_in_one_line()
    signals.feed_generated.connect(feed_in_its_language)
    signals.generator_init.connect(install)
    signals.content_object_init.connect(localize_dates)
    signals.all_generators_finalized.connect(check_languages)
