"""The campaign metadata rules, one by one, and the deadline parser under Hypothesis."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.plugins.campaign.model import campaign_from_metadata
from pelican.plugins.campaign.rules import build_clock, parse_deadline
from pelican.plugins.content_rules.errors import ContentError

NEW_YORK = ZoneInfo("America/New_York")
POSTED = dt.datetime(2021, 4, 8, tzinfo=NEW_YORK)
FORM = "https://example.org/sign"
GOOD = {"signature_form": FORM, "deadline": "2021-04-13"}


def campaign(warn=None, **fields):
    metadata = {**GOOD, **fields}
    metadata = {key: value for key, value in metadata.items() if value is not None}
    return campaign_from_metadata(
        metadata, "content/post.md", "America/New_York", published=POSTED, warn=warn
    )


# (field overrides, field named in the message, words the message must hold)
BAD_INPUTS = {
    "http form": ({"signature_form": "http://example.org/sign"}, "signature_form", "https://"),
    "javascript form": ({"signature_form": "javascript:alert(1)"}, "signature_form", "https://"),
    "relative form": ({"signature_form": "/sign"}, "signature_form", "https://"),
    "empty form": ({"signature_form": ""}, "signature_form", "is empty"),
    "form without host": ({"signature_form": "https://"}, "signature_form", "complete"),
    "form with spaces": (
        {"signature_form": "https://exa mple.org/x"},
        "signature_form",
        "complete",
    ),
    "form with credentials": (
        {"signature_form": "https://user:pw@example.org/"},
        "signature_form",
        "user name or password",
    ),
    "form with only a password": (
        {"signature_form": "https://:secret@example.org/"},
        "signature_form",
        "user name or password",
    ),
    "form on an odd port": (
        {"signature_form": "https://example.org:8443/"},
        "signature_form",
        "port 8443",
    ),
    "form with a direction mark": (
        {"signature_form": "https://example.org/\u202esign"},
        "signature_form",
        "invisible characters",
    ),
    "missing form": ({"signature_form": None}, "signature_form", "missing"),
    "missing deadline": ({"deadline": None}, "deadline", "missing"),
    "empty deadline": ({"deadline": ""}, "deadline", "ISO 8601"),
    "prose deadline": ({"deadline": "April 13, 2021"}, "deadline", "ISO 8601"),
    "US-style deadline": ({"deadline": "04/13/2021"}, "deadline", "ISO 8601"),
    "February 30": ({"deadline": "2021-02-30"}, "deadline", "real calendar date"),
    "month 13": ({"deadline": "2021-13-01"}, "deadline", "real calendar date"),
    "hour 25": ({"deadline": "2021-04-13 25:00"}, "deadline", "real time of day"),
    "impossible offset": ({"deadline": "2021-04-13T18:00+25:00"}, "deadline", "UTC offset"),
    "inside DST gap": ({"deadline": "2021-03-14 02:30"}, "deadline", "does not exist"),
    "before the post": ({"deadline": "2021-04-01"}, "deadline", "before the post"),
    "unknown zone": ({"deadline_timezone": "Mars/Olympus_Mons"}, "deadline_timezone", "time zone"),
    "the machine's own zone": (
        {"deadline_timezone": "localtime"},
        "deadline_timezone",
        "time zone",
    ),
    "zone as a path": ({"deadline_timezone": "../../etc/passwd"}, "deadline_timezone", "time zone"),
    "zero goal": ({"signature_goal": "0"}, "signature_goal", "positive whole number"),
    "negative goal": ({"signature_goal": "-5"}, "signature_goal", "positive whole number"),
    "fractional goal": ({"signature_goal": "1.5"}, "signature_goal", "positive whole number"),
    "goal in words": ({"signature_goal": "a hundred"}, "signature_goal", "positive whole number"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_refused_with_one_line(name):
    fields, field, words = BAD_INPUTS[name]
    with pytest.raises(ContentError) as raised:
        campaign(**fields)
    error = raised.value
    message = str(error)
    assert error.field == field
    assert message.startswith(f"content/post.md: {field} ")
    assert words in message
    assert "expected" in message
    assert "\n" not in message
    # An error, not a way out of the process: the caller decides how to stop.
    assert not isinstance(error, SystemExit)
    assert error.detail == message.removeprefix("content/post.md: ")


def test_a_goal_alone_is_not_a_campaign():
    with pytest.raises(ContentError, match="signature_form"):
        campaign_from_metadata({"signature_goal": "100"}, "p.md", "UTC")


def test_no_campaign_fields_means_no_campaign():
    assert campaign_from_metadata({"title": "x"}, "p.md", "UTC") is None


def test_date_means_end_of_that_day_in_the_site_zone():
    result = campaign(signature_goal="100")
    assert result.deadline_iso == "2021-04-13T23:59:59-04:00"
    assert result.goal == 100
    assert result.signature_form == FORM


def test_date_time_is_local_to_the_posts_zone():
    result = campaign(deadline="2021-04-13 18:00", deadline_timezone="Asia/Tokyo")
    assert result.deadline_iso == "2021-04-13T18:00:00+09:00"
    assert result.local_deadline.tzname() == "JST"


def test_explicit_offset_wins_over_zones():
    result = campaign(deadline="2021-04-13T18:00+05:30")
    assert result.deadline == dt.datetime(2021, 4, 13, 12, 30, tzinfo=dt.UTC)
    assert result.local_deadline.utcoffset() == dt.timedelta(hours=5, minutes=30)
    assert campaign(deadline="2021-04-13T18:00Z").deadline_iso == "2021-04-13T18:00:00+00:00"


def test_ambiguous_time_takes_the_first_and_says_so():
    notes = []
    result = campaign(deadline="2021-11-07 01:30", warn=notes.append)
    assert result.deadline_iso == "2021-11-07T01:30:00-04:00"
    assert len(notes) == 1 and "happens twice" in notes[0] and "content/post.md" in notes[0]


def test_open_until_the_deadline_instant():
    result = campaign()
    assert result.is_open(result.deadline - dt.timedelta(seconds=1))
    assert not result.is_open(result.deadline)


def test_campaign_now_overrides_the_clock(monkeypatch):
    monkeypatch.setenv("CAMPAIGN_NOW", "2021-04-13T12:00:00Z")
    assert build_clock({}) == dt.datetime(2021, 4, 13, 12, tzinfo=dt.UTC)
    assert build_clock({"CAMPAIGN_NOW": "2022-01-01T00:00:00+01:00"}).year == 2021
    monkeypatch.delenv("CAMPAIGN_NOW")
    assert build_clock({"CAMPAIGN_NOW": "2022-01-01T00:00:00+01:00"}).year == 2022
    assert build_clock({}) > dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    monkeypatch.setenv("CAMPAIGN_NOW", "tomorrow")
    with pytest.raises(ContentError, match="CAMPAIGN_NOW 'tomorrow'"):
        build_clock({})
    monkeypatch.setenv("CAMPAIGN_NOW", "2021-04-13T12:00:00")
    with pytest.raises(ContentError, match="offset"):
        build_clock({})


ZONES = st.sampled_from(
    [
        "America/New_York",
        "America/Los_Angeles",
        "Europe/Paris",
        "Asia/Tokyo",
        "Australia/Lord_Howe",
        "America/Santiago",
        "Asia/Kolkata",
        "UTC",
    ]
)
DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


@given(DAYS, ZONES)
def test_any_date_ends_at_235959_local(day, zone_name):
    zone = ZoneInfo(zone_name)
    result = parse_deadline(day.isoformat(), zone, "p.md")
    local = result.astimezone(zone)
    assert (local.date(), local.time()) == (day, dt.time(23, 59, 59))


@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)), ZONES)
def test_local_times_round_trip_or_are_refused_as_gaps(wall, zone_name):
    zone = ZoneInfo(zone_name)
    wall = wall.replace(second=0, microsecond=0)
    try:
        result = parse_deadline(wall.strftime("%Y-%m-%d %H:%M"), zone, "p.md")
    except ContentError as error:
        assert "does not exist" in str(error)
        shifted = wall.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)
        assert shifted.replace(tzinfo=None) != wall
    else:
        assert result.astimezone(zone).replace(tzinfo=None) == wall


@given(
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_explicit_offsets_are_exact_instants(wall, minutes):
    moment = wall.replace(
        second=0, microsecond=0, tzinfo=dt.timezone(dt.timedelta(minutes=minutes))
    )
    text = moment.isoformat(timespec="minutes")
    assert parse_deadline(text, NEW_YORK, "p.md") == moment


@given(st.text(max_size=40))
def test_any_text_is_a_deadline_or_a_clear_error(text):
    try:
        result = parse_deadline(text, NEW_YORK, "p.md")
    except ContentError as error:
        assert str(error).startswith("p.md: deadline ")
    else:
        assert result.tzinfo is not None


@pytest.mark.parametrize(
    "address,placeholder",
    [
        ("https://example.org/sign", True),
        ("https://forms.example.com/x", True),
        ("https://EXAMPLE.ORG./x", True),
        ("https://sign.test/x", True),
        ("https://127.0.0.1/x", True),
        ("https://[::1]/x", True),
        ("https://192.168.1.10/x", True),
        ("https://forms.real-campaign.org/sign", False),
        ("https://93.184.216.34/x", False),
    ],
)
def test_placeholder_forms_are_those_no_reader_can_reach(address, placeholder):
    from pelican.plugins.campaign.rules import is_placeholder_form

    assert is_placeholder_form(address) is placeholder
