"""The calendar reminder: an iCalendar (RFC 5545) file with the campaign's deadline."""

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

PRODID = "-//Pelican outreach plugin//Campaign deadline//EN"


def calendar_words(gettext=None):
    """The file's sentences in the catalogue's language, %(name)s left to fill."""
    gettext = gettext or (lambda message: message)
    return {
        "open": gettext("Last moment to sign: %(title)s"),
        "sign_by": gettext("Sign by %(time)s."),
        "alarm": gettext("One day left to sign: %(title)s"),
        "closed": gettext("Signing closed: %(title)s"),
        "closed_on": gettext("Signing closed on %(time)s."),
        "more": gettext("More: %(url)s"),
    }


def deadline_calendar(
    *, uid, title, page_url, deadline, display_zone, is_open, deadline_text, form, stamp,
    words=None,
):  # fmt: skip
    """The calendar file's bytes: one event at the deadline, in its own time zone.

    ``stamp`` is when the post was last revised: RFC 5545's DTSTAMP for files
    published without a METHOD, and the same on every build of the same post."""
    # Imported here: a build whose calendar files are all cached never needs it.
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)

    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    # Only a named zone gives calendars the rules to show the time anywhere;
    # a deadline written with a bare UTC offset goes in as UTC.
    if isinstance(display_zone, ZoneInfo):
        start = deadline.astimezone(display_zone)
    else:
        start = deadline.astimezone(dt.UTC)
    # No DTEND: the event is the instant signing closes (RFC 5545, 3.6.1).
    event.add("dtstart", start)
    event.add("url", page_url)
    words = words or calendar_words()
    said = {"title": title, "time": deadline_text, "url": page_url}
    more = words["more"] % said
    if is_open:
        event.add("summary", words["open"] % said)
        event.add("description", f"{words['sign_by'] % said}\n{form}\n\n{more}")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", words["alarm"] % said)
        alarm.add("trigger", dt.timedelta(days=-1))
        event.add_component(alarm)
    else:
        event.add("summary", words["closed"] % said)
        event.add("description", f"{words['closed_on'] % said}\n\n{more}")
    if isinstance(display_zone, ZoneInfo):
        # Before the event that names it, as add_missing_timezones() puts it.
        calendar.add_component(zone_rules(display_zone.key, start.year))
    calendar.add_component(event)
    return calendar.to_ical()


@lru_cache(maxsize=64)
def zone_rules(key, year):
    """The VTIMEZONE of zone ``key`` around ``year`` (not half a century of rules),
    made once for every deadline of that year."""
    import icalendar

    first, last = dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31)
    return icalendar.Timezone.from_tzid(key, first_date=first, last_date=last)
