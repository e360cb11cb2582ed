"""Dates an editor writes in a post's text as a deadline ("sign before April 15",
"firma antes del 15 de abril"), read in the post's own language.

Month and weekday names come from CLDR (Babel), never from the machine's locale
(Python's ``calendar`` follows whatever ``setlocale`` Pelican made from LOCALE).
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

# Per language: the words after which a date is a deadline rather than, say, the
# day of a meeting (``cue``), and how that language writes a day and a month
# (``shape``, with the named groups weekday, day, month, year). To read a new
# language, add its entry; a language with no entry gets no date warnings, since
# guessing its cue words would warn about dates that are not deadlines.
# Accented letters also match their plain letter ("mas tardar"), as editors drop them.
CUES = {
    "en": {
        "cue": r"before|by|until|till|through|no\s+later\s+than|deadline(?:\s+is)?:?"
        r"|due(?:\s+on)?|clos(?:e|es|ed|ing)(?:\s+on)?|ends?(?:\s+on)?|on\s+or\s+before",
        "article": r"(?:the\s+)?(?:midnight\s+(?:on\s+)?)?",
        "shape": r"(?:(?P<weekday>{weekday})\.?,?\s+)?"
        r"(?:(?P<month>{month})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
        r"|(?P<day_first>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month_after>{month})\.?)"
        r"(?:,?\s+(?P<year>\d{{4}}))?",
        # "Sept" is common in English writing; CLDR's abbreviation is "Sep".
        "extra_months": {"sept": 9},
    },
    "es": {
        "cue": r"antes\s+del?|hasta|a\s+más\s+tardar|no\s+más\s+tarde\s+del?"
        r"|como\s+máximo|fecha\s+límite(?:\s+es)?:?|plazo(?:\s+vence)?:?|vence|cierra|termina",
        # "hasta el 13", "antes de la medianoche del 13": the date follows.
        "article": r"(?:(?:la\s+)?medianoche\s+del?\s+|el\s+)?",
        "shape": r"(?:(?P<weekday>{weekday})\.?,?\s+)?"
        r"(?P<day_first>\d{{1,2}})(?:\.?º|°)?\s+(?:de\s+)?(?P<month_after>{month})\.?"
        r"(?:,?\s+del?\s+(?P<year>\d{{4}}))?",
        # Older and Latin American spellings of September.
        "extra_months": {"set": 9, "setiembre": 9},
    },
}
ISO_DATE = r"(?P<iso>\d{4}-\d{2}-\d{2})"


def fold(word):
    """``word`` without case or accents: "Miércoles" and "miercoles" are one key."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _loose(pattern):
    """``pattern`` with each accented letter also matching its plain letter."""
    return "".join(
        f"[{c}{fold(c)}]" if c.isalpha() and fold(c) != c.lower() else c for c in pattern
    )


def _names(locale, kind):
    """Every CLDR name of ``kind`` ("months", "days") in ``locale``, wide and
    abbreviated, format and stand-alone: {name as CLDR writes it: number}."""
    found = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in getattr(locale, kind)[context][width].items():
                found[name.rstrip(".")] = number
    return found


def _alternatives(names):
    # Longest first, so "mar" does not stop "marzo" short.
    return "|".join(_loose(re.escape(name)) for name in sorted(names, key=len, reverse=True))


@dataclass(frozen=True)
class Reader:
    """How one language writes a deadline: its pattern and its names."""

    locale: Locale
    pattern: re.Pattern
    months: dict
    weekdays: dict


@cache
def reader(lang, locale=None):
    """The Reader for ``lang`` (names from CLDR ``locale``, else ``lang``'s own), or
    None for a language with no cue table or one CLDR does not know."""
    # "es_MX" and "es-MX" are read with Spanish's cue words.
    table = CUES.get(lang) or CUES.get(re.split(r"[-_]", lang or "")[0].lower())
    if table is None:
        return None
    try:
        cldr = Locale.parse((locale or lang).replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    months = _names(cldr, "months") | table.get("extra_months", {})
    weekdays = _names(cldr, "days")
    shape = table["shape"].format(month=_alternatives(months), weekday=_alternatives(weekdays))
    # Looked up without case or accents, as the pattern matches them.
    months = {fold(name): number for name, number in months.items()}
    weekdays = {fold(name): number for name, number in weekdays.items()}
    pattern = re.compile(
        rf"\b(?P<cue>{_loose(table['cue'])})\s+{table['article']}"
        rf"(?P<date>{shape}|{ISO_DATE})\b",
        re.IGNORECASE,
    )
    return Reader(cldr, pattern, months, weekdays)


def weekday_name(number, locale):
    """CLDR's wide name of weekday ``number`` (0 is Monday) in ``locale``."""
    return Locale.parse(locale).days["format"]["wide"][number]


@dataclass(frozen=True)
class NamedDate:
    """A deadline-like date in the text: where it is, its words, what it means."""

    offset: int  # into the text, where the date's words start
    words: str  # as written, with the word before it: "before April 15"
    month: int
    day: int
    year: int | None
    weekday: int | None
    locale: str = "en"  # the CLDR locale the text is written in

    def disagreement(self, deadline_day):
        """Why this date is not ``deadline_day`` (a date), or None if it is. In
        English (for editors); a weekday is also named in the text's language."""
        year = self.year or deadline_day.year
        try:
            named = dt.date(year, self.month, self.day)
        except ValueError:
            return "is not a real calendar date"
        if (named.month, named.day) != (deadline_day.month, deadline_day.day) or (
            self.year is not None and self.year != deadline_day.year
        ):
            return "is not the deadline's date"
        if self.weekday is not None and self.weekday != named.weekday():
            said, actual = self._weekday(self.weekday), self._weekday(named.weekday())
            return f"calls it a {said}, but it is a {actual}"
        return None

    def _weekday(self, number):
        english = weekday_name(number, "en")
        if Locale.parse(self.locale).language == "en":
            return english
        return f"{weekday_name(number, self.locale)} ({english})"


def deadline_dates(text, lang, locale=None):
    """Every date written after a deadline word of ``lang`` ("before", "antes de"...);
    nothing for a language with no cue table. ``locale``: the CLDR locale ``lang``
    is written in (LANGUAGE_LOCALES), for its names; ``lang``'s own if not given."""
    found = reader(lang, str(locale) if locale else None)
    if found is None:
        return
    for match in found.pattern.finditer(text):
        words = " ".join(match.group(0).split())
        if match["iso"]:
            try:
                day = dt.date.fromisoformat(match["iso"])
            except ValueError:
                continue
            yield NamedDate(
                match.start("date"), words, day.month, day.day, day.year, None, str(found.locale)
            )
            continue
        groups = match.groupdict()
        month = found.months[fold((groups.get("month") or groups["month_after"]).rstrip("."))]
        day = int(groups.get("day") or groups["day_first"])
        year = int(match["year"]) if match["year"] else None
        weekday = found.weekdays[fold(match["weekday"])] if match["weekday"] else None
        yield NamedDate(match.start("date"), words, month, day, year, weekday, str(found.locale))
