"""Dates an editor writes in a post's text as a deadline ("sign before April 15")."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update(
    {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    sept=9,
)
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
WEEKDAYS.update({name.lower(): number for number, name in enumerate(calendar.day_abbr)})

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_ORDINAL = r"(?:st|nd|rd|th)?"
# Words after which a date is a deadline rather than, say, the day of a meeting.
DEADLINE_WORDS = (
    r"before|by|until|till|through|no\s+later\s+than|deadline(?:\s+is)?|due(?:\s+on)?"
    r"|clos(?:e|es|ed|ing)(?:\s+on)?|ends?(?:\s+on)?|on\s+or\s+before"
)
DEADLINE_DATE_RE = re.compile(
    rf"\b(?P<cue>{DEADLINE_WORDS})\s+(?:the\s+)?(?:midnight\s+(?:on\s+)?)?"
    rf"(?P<date>"
    rf"(?:(?P<weekday>{_WEEKDAY})\.?,?\s+)?"
    rf"(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}){_ORDINAL}"
    rf"|(?P<day_first>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<month_after>{_MONTH})\.?)"
    rf"(?:,?\s+(?P<year>\d{{4}}))?"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NamedDate:
    """A deadline-like date in the text: where it is, its words, what it means."""

    offset: int  # into the text, where the date's words start
    words: str  # as written, with the word before it: "before April 15"
    month: int
    day: int
    year: int | None
    weekday: int | None

    def disagreement(self, deadline_day):
        """Why this date is not ``deadline_day`` (a date), or None if it is."""
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
            return f"calls it a {calendar.day_name[self.weekday]}, but it is a {named:%A}"
        return None


def deadline_dates(text):
    """Every date written after a deadline word ("before", "by", "until"...)."""
    for match in DEADLINE_DATE_RE.finditer(text):
        words = " ".join(match.group(0).split())
        if match["iso"]:
            try:
                day = dt.date.fromisoformat(match["iso"])
            except ValueError:
                continue
            yield NamedDate(match.start("date"), words, day.month, day.day, day.year, None)
            continue
        month = MONTHS[(match["month"] or match["month_after"]).lower()]
        day = int(match["day"] or match["day_first"])
        year = int(match["year"]) if match["year"] else None
        weekday = WEEKDAYS[match["weekday"].lower()] if match["weekday"] else None
        yield NamedDate(match.start("date"), words, month, day, year, weekday)
