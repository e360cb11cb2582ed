"""Pelican signal handlers: the catalogue and CLDR formats in every template, in
the language of the page being written."""

import datetime as dt
import logging
import re

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from jinja2 import pass_context
from markupsafe import escape
from pelican import signals
from pelican.plugins.content_rules.errors import report_in_one_line

from .catalogue import translations, untranslated_warning
from .formats import LOCALES, format_date, format_datetime, format_number, locale_of

logger = logging.getLogger(__name__)

I18N_EXTENSION = "jinja2.ext.i18n"


def language_of(item, settings):
    """The language ``item`` is written in: its ``Lang:``, else DEFAULT_LANG."""
    return getattr(item, "lang", None) or settings.get("DEFAULT_LANG") or "en"


def context_language(context):
    """The language of the page a template is writing: its post's or page's, else
    the site's (index, archives, tag and category pages)."""
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
    catalogues, periods = {}, {}

    def catalogue(context):
        lang = context_language(context)
        if lang not in catalogues:
            catalogues[lang] = translations(settings, lang)
        return catalogues[lang]

    def as_text(context, translated, message=None):
        # Jinja2's newstyle gettext marks what these return as safe HTML under
        # autoescape: a msgstr is a translator's text, so it is escaped here.
        text = escape(translated) if context.eval_ctx.autoescape else translated
        # It also fills every message with %: one without placeholders is plain
        # text, so its percent signs are doubled for that to give them back.
        if message is not None and "%(" not in message:
            text = text.replace("%", "%%")
        return text

    @pass_context
    def gettext(context, message):
        return as_text(context, catalogue(context).gettext(message), message)

    @pass_context
    def ngettext(context, singular, plural, number):
        return as_text(context, catalogue(context).ngettext(singular, plural, number))

    @pass_context
    def pgettext(context, message_context, message):
        translated = catalogue(context).pgettext(message_context, message)
        return as_text(context, translated, message)

    @pass_context
    def npgettext(context, message_context, singular, plural, number):
        translated = catalogue(context).npgettext(message_context, singular, plural, number)
        return as_text(context, translated)

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

    def og_locale(lang):
        return open_graph_locale(lang, settings)

    def language_name(lang):
        """The language's name in itself, as CLDR writes it, capitalized: "Español"."""
        name = locale_of(lang, settings).get_language_name(lang) or lang
        return name[:1].upper() + name[1:]

    gettexts = {"gettext": gettext, "ngettext": ngettext}
    gettexts.update(pgettext=pgettext, npgettext=npgettext)
    filters = {
        "format_date": date_filter,
        "format_datetime": datetime_filter,
        "format_number": number_filter,
        "format_period": period_filter,
    }
    functions = {"page_language": page_language, "og_locale": og_locale}
    return gettexts, filters, {**functions, "language_name": language_name}


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
    # newstyle: %(name)s placeholders filled, and escaped, by the extension.
    env.install_gettext_callables(**gettexts, newstyle=True)
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
    contents): a language without a catalogue, named with the item's file and
    line; a catalogue that cannot be used, with its own. The build stops on the
    first; ``invoke check`` lists them."""
    from pelican.plugins.content_rules.errors import ContentError
    from pelican.plugins.content_rules.sources import field_line, read_lines, source_name

    said = set()
    for item in [None, *items]:
        lang = settings.get("DEFAULT_LANG") or "en"
        if item is not None:
            lang = language_of(item, settings)
        try:
            translations(settings, lang)
        except ContentError as error:
            if error.field != "lang" or item is None:
                if str(error) not in said:  # a catalogue's mistake, once
                    said.add(str(error))
                    yield error
                continue
            yield ContentError(
                source_name(item.source_path),
                "lang",
                error.value,
                "has no message catalogue",
                error.expected,
                line=field_line(read_lines(item.source_path), "lang"),
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
