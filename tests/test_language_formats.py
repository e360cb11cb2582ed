"""CLDR dates, times and plurals (Babel), never the building machine's locale."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from pelican.plugins.language import format_date, format_datetime, plural_samples

NEW_YORK = ZoneInfo("America/New_York")
DEADLINE = dt.datetime(2021, 4, 13, 23, 59, 59, tzinfo=NEW_YORK)
POSTED = dt.datetime(2021, 4, 8, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    "lang,deadline,date,posted",
    [
        (
            "en",
            "Tuesday, April 13, 2021, 11:59 PM EDT",
            "Thursday, April 08, 2021",
            "Thursday, April 08, 2021 at 12:00 AM EDT",
        ),
        (
            "es",
            "martes, 13 de abril de 2021, 11:59\u202fp.m. EDT",
            "jueves, 8 de abril de 2021",
            "jueves, 8 de abril de 2021, 12:00\u202fa.m. EDT",
        ),
    ],
)
def test_dates_in_each_language(lang, deadline, date, posted):
    assert format_datetime(DEADLINE, "datetime", lang) == deadline
    assert format_date(POSTED, "date", lang) == date
    assert format_datetime(POSTED, "posted", lang) == posted


def test_a_date_stays_in_its_own_zone():
    # 23:30 in New York is already the next day in UTC: the header says the 8th.
    late = dt.datetime(2021, 4, 8, 23, 30, tzinfo=NEW_YORK)
    assert format_date(late, "date", "es") == "jueves, 8 de abril de 2021"
    madrid = DEADLINE.astimezone(ZoneInfo("Europe/Madrid"))
    assert format_datetime(madrid, "datetime", "en").startswith(
        "Wednesday, April 14, 2021, 5:59 AM"
    )


def test_plural_categories_from_cldr():
    assert plural_samples("en") == {"other": 0, "one": 1}
    # Spanish has "many" for millions in CLDR: the countdown asks for each category.
    assert plural_samples("es") == {"other": 0, "one": 1, "many": 1000000}
