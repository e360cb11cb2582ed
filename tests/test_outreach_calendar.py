"""Unit tests of pelican.plugins.outreach.calendar_file: the deadline's iCalendar
file, read back with the icalendar library as a calendar application would."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from pelican.plugins.outreach.calendar_file import PRODID, deadline_calendar

NEW_YORK = ZoneInfo("America/New_York")
# 2021-04-13 23:59:59 in New York (EDT, UTC-4).
DEADLINE = dt.datetime(2021, 4, 14, 3, 59, 59, tzinfo=dt.UTC)
FORM = "https://example.org/sign/resolution"
PAGE = "https://example.org/2021/04/defend-immigrants-rights.html"
DEADLINE_TEXT = "Tuesday, April 13, 2021, 11:59 PM EDT"


def make(**changes):
    fields = {
        "uid": "defend-immigrants-rights-deadline@example.org",
        "title": "Defend Immigrants Rights",
        "page_url": PAGE,
        "deadline": DEADLINE,
        "display_zone": NEW_YORK,
        "is_open": True,
        "deadline_text": DEADLINE_TEXT,
        "form": FORM,
        "stamp": dt.datetime(2021, 4, 1, 8, 30, tzinfo=NEW_YORK),
    }
    fields.update(changes)
    return deadline_calendar(**fields)


def parse(data):
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_file_is_bytes_of_one_calendar_with_one_event():
    data = make()
    assert isinstance(data, bytes)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.rstrip().endswith(b"END:VCALENDAR")
    calendar, event = parse(data)
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "Defend Immigrants Rights"
    assert str(event["UID"]) == "defend-immigrants-rights-deadline@example.org"
    assert str(event["URL"]) == PAGE


def test_dtstart_is_the_deadline_in_the_named_zone():
    calendar, event = parse(make())
    start = event["DTSTART"]
    assert start.params["TZID"] == "America/New_York"
    assert start.dt.replace(tzinfo=None) == dt.datetime(2021, 4, 13, 23, 59, 59)
    assert start.dt == DEADLINE
    assert b"DTSTART;TZID=America/New_York:20210413T235959\r\n" in make()


def test_the_event_is_an_instant_without_an_end():
    _, event = parse(make())
    assert "DTEND" not in event
    assert "DURATION" not in event


def test_the_named_zone_comes_with_its_rules_for_the_deadlines_year():
    calendar, _ = parse(make())
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/New_York"
    daylight = zone.walk("DAYLIGHT")
    assert daylight and all(
        part["TZOFFSETTO"].td == dt.timedelta(hours=-4) and str(part["TZNAME"]) == "EDT"
        for part in daylight
    )
    # Rules for the years around the deadline, not for half a century.
    years = set()
    for part in zone.walk():
        if part.name in ("STANDARD", "DAYLIGHT"):
            years.add(part["DTSTART"].dt.year)
            rdates = part.get("RDATE", [])
            for rdate in rdates if isinstance(rdates, list) else [rdates]:
                years.update(moment.dt.year for moment in rdate.dts)
    assert years and years <= {2020, 2021, 2022}
    assert calendar.get_missing_tzids() == set()


def test_dtstamp_is_the_revision_time_in_utc():
    _, event = parse(make())
    assert event["DTSTAMP"].dt == dt.datetime(2021, 4, 1, 12, 30, tzinfo=dt.UTC)
    assert b"DTSTAMP:20210401T123000Z\r\n" in make()


def test_the_same_inputs_give_the_same_bytes():
    assert make() == make()


def test_an_open_campaign_asks_to_sign_with_the_form_and_page():
    _, event = parse(make(is_open=True))
    assert str(event["SUMMARY"]) == "Last moment to sign: Defend Immigrants Rights"
    assert str(event["DESCRIPTION"]) == f"Sign by {DEADLINE_TEXT}.\n{FORM}\n\nMore: {PAGE}"


def test_an_open_campaign_reminds_one_day_before():
    _, event = parse(make(is_open=True))
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "One day left to sign: Defend Immigrants Rights"
    assert alarm["TRIGGER"].dt == dt.timedelta(days=-1)
    assert b"TRIGGER:-P1D\r\n" in make(is_open=True)


def test_a_closed_campaign_says_so_and_has_no_alarm():
    data = make(is_open=False)
    _, event = parse(data)
    assert str(event["SUMMARY"]) == "Signing closed: Defend Immigrants Rights"
    assert str(event["DESCRIPTION"]) == f"Signing closed on {DEADLINE_TEXT}.\n\nMore: {PAGE}"
    assert event.walk("VALARM") == []
    assert b"VALARM" not in data
    assert FORM.encode() not in data


@pytest.mark.parametrize("hours", [-4, 0, 5.5])
def test_a_bare_offset_zone_goes_in_as_utc(hours):
    offset = dt.timezone(dt.timedelta(hours=hours))
    data = make(display_zone=offset, deadline=DEADLINE.astimezone(offset))
    calendar, event = parse(data)
    assert b"DTSTART:20210414T035959Z\r\n" in data
    assert "TZID" not in event["DTSTART"].params
    assert event["DTSTART"].dt == DEADLINE
    assert event["DTSTART"].dt.utcoffset() == dt.timedelta(0)
    assert calendar.walk("VTIMEZONE") == []


def test_another_named_zone_is_used_as_given():
    berlin = ZoneInfo("Europe/Berlin")
    data = make(display_zone=berlin)
    calendar, event = parse(data)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    # 03:59:59 UTC is 05:59:59 summer time in Berlin.
    assert event["DTSTART"].dt.replace(tzinfo=None) == dt.datetime(2021, 4, 14, 5, 59, 59)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_titles_with_ical_special_characters_round_trip():
    title = "Rights, dignity; respect\\now — ¡Sí, se puede! Защитим Ελευθερία " + "x" * 80
    data = make(title=title)
    _, event = parse(data)
    assert str(event["SUMMARY"]) == f"Last moment to sign: {title}"
    assert max(len(line) for line in data.split(b"\r\n")) <= 75


@pytest.mark.parametrize(
    "zone,deadline",
    [
        (NEW_YORK, DEADLINE),
        (NEW_YORK, dt.datetime(2033, 11, 6, 5, 30, tzinfo=dt.UTC)),  # the night clocks go back
        (ZoneInfo("Europe/Paris"), DEADLINE),
        (ZoneInfo("Australia/Lord_Howe"), dt.datetime(2024, 1, 1, tzinfo=dt.UTC)),
    ],
)
def test_the_zone_rules_made_once_per_year_are_those_icalendar_adds(zone, deadline):
    """Each file has the rules icalendar's add_missing_timezones() gives for the
    deadline's year and the years around it, though they are made once a year."""
    data = make(display_zone=zone, deadline=deadline)
    calendar = icalendar.Calendar.from_ical(data)
    expected = icalendar.Calendar()
    for component in calendar.walk("VEVENT"):
        expected.add_component(component)
    year = deadline.astimezone(zone).year
    expected.add_missing_timezones(
        first_date=dt.date(year - 1, 1, 1), last_date=dt.date(year + 1, 12, 31)
    )
    [zone_rules] = calendar.walk("VTIMEZONE")
    [their_rules] = expected.walk("VTIMEZONE")
    assert zone_rules.to_ical() == their_rules.to_ical()
    assert str(zone_rules["TZID"]) == zone.key
    # Before the event that names it.
    assert data.index(b"BEGIN:VTIMEZONE") < data.index(b"BEGIN:VEVENT")
    assert make(display_zone=zone, deadline=deadline) == data
