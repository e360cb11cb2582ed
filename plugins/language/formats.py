"""Dates, times, numbers and plural categories from CLDR (Babel), never from the
building machine's locale.

A page's language (``Lang:``, "es") names its catalogue and its ``hreflang``;
the CLDR locale it is formatted in (LANGUAGE_LOCALES, "es_US") can say more: the
campaign is in the United States, so Spanish times read "11:59 p.m. EDT".
"""

import datetime as dt
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.dates import format_skeleton, format_time, get_datetime_format
from babel.numbers import format_decimal

LOCALES = {"en": "en_US", "es": "es_US"}
# Named formats per language, as Babel patterns. English keeps the wording the
# original blog used ("Thursday, April 08, 2021"); a language not listed takes
# CLDR's own (see _cldr_pattern).
FORMATS = {
    "en": {
        "date": "EEEE, MMMM dd, y",
        "datetime": "EEEE, MMMM d, y, h:mm a z",
        "posted": "EEEE, MMMM dd, y 'at' hh:mm a z",
        "month": "MMMM y",
    },
}
FORMAT_NAMES = ("date", "datetime", "posted", "month")
# Numbers to find one example of each CLDR plural category with.
PLURAL_CANDIDATES = (0, 1, 2, 3, 5, 6, 7, 11, 12, 21, 22, 100, 101, 102, 1000, 1000000)


@lru_cache(maxsize=256)
def parse_locale(identifier, sep="_"):
    """``Locale.parse``, once per identifier: a page asks for its
    language's locale for every message, date and number it writes, and Babel
    parses the identifier and loads the locale's data anew each time."""
    return Locale.parse(identifier, sep=sep)


def cldr_locale(lang):
    """The CLDR locale of a language code ("pt-BR", "zh-Hant", "iw"), or None for
    one CLDR does not know (a private-use "x-klingon")."""
    try:
        return parse_locale(str(lang).replace("_", "-"), sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def locale_of(lang, settings=None):
    """The CLDR locale ``lang`` is formatted in: LANGUAGE_LOCALES, else the language,
    else (a language CLDR does not know) the site's language's."""
    given = (settings or {}).get("LANGUAGE_LOCALES") or {}
    if given.get(lang) or LOCALES.get(lang):
        return parse_locale(given.get(lang) or LOCALES.get(lang))
    found = cldr_locale(lang)
    if found is not None:
        return found
    default = (settings or {}).get("DEFAULT_LANG") or "en"
    if default != lang and cldr_locale(default) is not None:
        return locale_of(default, settings)
    return parse_locale("en_US")


def text_direction(lang):
    """ "rtl" for a language CLDR writes right to left (ar, fa, he, ur, ckb, ps, yi…),
    else "ltr"."""
    locale = cldr_locale(lang)
    return "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"


def part_attributes(lang, within):
    """' lang="en" dir="ltr"' for a part of a page in ``lang`` inside text in
    ``within``, or "" when they are the same language."""
    if same_language(lang, within):
        return ""
    return f' lang="{lang}" dir="{text_direction(lang)}"'


def same_language(one, other):
    """Whether two codes name the same language ("pt-BR" and "pt"; "iw" and "he"),
    so that words in one need no mark of their language in the other."""
    first, second = cldr_locale(one), cldr_locale(other)
    if first is None or second is None:
        return str(one).lower() == str(other).lower()
    return (first.language, first.script) == (second.language, second.script)


def _pattern(name, lang, settings):
    given = ((settings or {}).get("LANGUAGE_FORMATS") or {}).get(lang, {})
    return given.get(name) or FORMATS.get(lang, {}).get(name)


def format_date(value, format_name, lang, settings=None):
    """``value`` (a date or datetime) as the named format ("date", "month") or a
    CLDR width ("full", "long") says, in ``lang``."""
    locale = locale_of(lang, settings)
    pattern = _pattern(format_name, lang, settings)
    if pattern:
        if isinstance(value, dt.datetime):
            return babel_datetime(value, pattern, tzinfo=value.tzinfo, locale=locale)
        return babel_date(value, pattern, locale=locale)
    if format_name == "month":
        return format_skeleton("yMMMM", value, locale=locale)
    return babel_date(value, "full" if format_name == "date" else format_name, locale=locale)


def format_datetime(value, format_name, lang, settings=None):
    """An aware ``value`` as the named format says ("datetime": the deadline;
    "posted": the post footer), in its own time zone, in ``lang``."""
    locale = locale_of(lang, settings)
    pattern = _pattern(format_name, lang, settings)
    if pattern:
        return babel_datetime(value, pattern, tzinfo=value.tzinfo, locale=locale)
    if format_name not in FORMAT_NAMES:
        return babel_datetime(value, format_name, tzinfo=value.tzinfo, locale=locale)
    # CLDR's full date, short time and the zone's short name, joined as CLDR joins them.
    date = babel_date(value, "full", locale=locale)
    time = format_time(value, "short", tzinfo=value.tzinfo, locale=locale)
    zone = babel_datetime(value, "z", tzinfo=value.tzinfo, locale=locale)
    joined = get_datetime_format("full", locale=locale).replace("'", "")
    return joined.replace("{0}", f"{time} {zone}").replace("{1}", date)


def format_number(value, lang, settings=None):
    return format_decimal(value, locale=locale_of(lang, settings))


def plural_samples(lang, settings=None):
    """One number for each CLDR plural category of ``lang`` ({"one": 1, "other": 2}),
    to ask the catalogue for each category's form."""
    rule = locale_of(lang, settings).plural_form
    samples = {}
    for number in PLURAL_CANDIDATES:
        samples.setdefault(rule(number), number)
    return samples
