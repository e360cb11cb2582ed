"""The HTML the plugin injects: banners and the signature-form links in the body."""

import datetime as dt
import re
from html import escape

from babel.dates import format_date, format_skeleton, format_time, get_datetime_format
from babel.dates import format_datetime as babel_datetime
from pelican.plugins.language import (
    format_datetime,
    format_number,
    locale_of,
    part_attributes,
    translations,
)


def N_(message):
    """Marks a message for the catalogue (invoke messages); translated where it is used."""
    return message


def N_plural(singular, plural):
    """Marks a plural message for the catalogue (invoke messages)."""
    return singular, plural


# Editors write [words]({signature_form}) in Markdown; this finds the links
# that come out of it (or out of raw HTML written the same way).
FORM_LINK_RE = re.compile(
    r"<a\b(?P<before>[^>]*?)\s+href=(?P<quote>[\"'])\{signature_form\}(?P=quote)"
    r"(?P<after>[^>]*)>(?P<text>.*?)</a>",
    re.DOTALL | re.IGNORECASE,
)


def human_deadline(moment, lang="en", settings=None):
    """The deadline in words of ``lang``, from CLDR whatever the machine's locale:
    'Tuesday, April 13, 2021, 11:59 PM EDT', 'martes, 13 de abril de 2021, 11:59 p.m. EDT'."""
    return format_datetime(moment, "datetime", lang, settings)


class Words:
    """What the campaign says in one language: the catalogue and the CLDR formats."""

    def __init__(self, settings, lang):
        self.settings, self.lang = settings, lang
        self.catalogue = translations(settings, lang)
        self.gettext, self.ngettext = self.catalogue.gettext, self.catalogue.ngettext
        # A language without a catalogue of its own shows the nearest one's words,
        # and its dates and numbers in that language too: one language per sentence.
        self.shown = getattr(self.catalogue, "shown", lang)
        self.format_lang = self.shown if part_attributes(self.shown, lang) else lang

    def deadline(self, campaign):
        return human_deadline(campaign.local_deadline, self.format_lang, self.settings)

    def number(self, number):
        return format_number(number, self.format_lang, self.settings)

    def count_time(self, as_of, campaign):
        """When a count was read, short, in the campaign's zone: 'April 10, 6:00 PM
        EDT', with the year when it is not the deadline's; a date alone for a count
        set by hand on a day."""
        locale = locale_of(self.format_lang, self.settings)
        if isinstance(as_of, dt.datetime):
            as_of = as_of.astimezone(campaign.display_zone)
        same_year = as_of.year == campaign.local_deadline.year
        day = format_skeleton("MMMMd", as_of, locale=locale) if same_year else None
        day = day or format_date(as_of, "long", locale=locale)
        if not isinstance(as_of, dt.datetime):
            return day
        clock = format_time(as_of, "short", tzinfo=as_of.tzinfo, locale=locale)
        zone = babel_datetime(as_of, "z", tzinfo=as_of.tzinfo, locale=locale)
        joined = get_datetime_format("medium", locale=locale).replace("'", "")
        return joined.replace("{0}", f"{clock} {zone}").replace("{1}", day)

    def sentence(self, is_open, deadline):
        """'Sign by <deadline>.' or 'Signing closed on <deadline>.', plain text."""
        message = SIGN_BY if is_open else CLOSED_ON
        return self.gettext(message) % {"time": deadline}


# Said by the banner, the countdown, previews, the card, the calendar and the flyer.
SIGN_BY = N_("Sign by %(time)s.")
CLOSED_ON = N_("Signing closed on %(time)s.")


def _time(campaign, words):
    iso = escape(campaign.deadline_iso)
    return f'<time datetime="{iso}">{escape(words.deadline(campaign))}</time>'


def _sentence(message, campaign, words):
    # The translation escaped first, then filled with the time's markup.
    return escape(words.gettext(message)) % {"time": _time(campaign, words)}


def _sign_link(campaign, label, title):
    # The title tells screen-reader users which campaign a "Sign now" is for
    # when several banners share a listing page.
    return (
        f'<a class="campaign-sign" href="{escape(campaign.signature_form)}">'
        f'{escape(label)}<span class="campaign-visually-hidden">: {escape(title)}</span></a>'
    )


def count_sentence(count, goal, is_open, words):
    """'57 of 100 signatures', 'Goal reached: …', '57 signatures so far', or after
    the deadline '57 people signed; the goal was 100.' (plain text)."""
    values = {"num": words.number(count), "goal": words.number(goal or 0)}
    if not is_open:
        if goal and count >= goal:
            message = N_plural(
                "%(num)s person signed: the goal of %(goal)s was reached.",
                "%(num)s people signed: the goal of %(goal)s was reached.",
            )
        elif goal:
            message = N_plural(
                "%(num)s person signed; the goal was %(goal)s.",
                "%(num)s people signed; the goal was %(goal)s.",
            )
        else:
            message = N_plural("%(num)s person signed.", "%(num)s people signed.")
        return words.ngettext(*message, count) % values
    if goal and count >= goal:
        return (
            words.ngettext(
                "Goal reached: %(num)s signature of %(goal)s",
                "Goal reached: %(num)s signatures of %(goal)s",
                count,
            )
            % values
        )
    if goal:
        return (
            words.ngettext("%(num)s of %(goal)s signature", "%(num)s of %(goal)s signatures", goal)
            % values
        )
    return words.ngettext("%(num)s signature so far", "%(num)s signatures so far", count) % values


def _count(campaign, count, is_open, words):
    """The count with its bar (a native <progress>, named by its label) and when it
    was read. An open banner carries its closed sentence for the script."""
    said = escape(count_sentence(count.number, campaign.goal, is_open, words))
    closed = ""
    if is_open:
        closed = escape(count_sentence(count.number, campaign.goal, False, words), quote=True)
        closed = f' data-closed="{closed}"'
    text = f"<span>{said}</span>"
    # A bar toward a goal not yet reached; a reached goal is said in words, which
    # keeps the banner on a phone's first screen.
    has_bar = bool(campaign.goal) and count.number < campaign.goal
    if has_bar:
        bar = f'<progress max="{campaign.goal}" value="{count.number}"></progress>'
        text = f"<label>{text}{bar}</label>"
    when = ""
    if count.as_of is not None:
        as_of = count.as_of
        if isinstance(as_of, dt.datetime):
            as_of = as_of.astimezone(campaign.display_zone)
        iso = escape(as_of.isoformat())
        time = f'<time datetime="{iso}">{escape(words.count_time(count.as_of, campaign))}</time>'
        as_of_time = escape(words.gettext("as of %(time)s")) % {"time": time}
        # A closed banner's sentence ends with a full stop: the time goes below it.
        when = f"{' ' if is_open or has_bar else '<br>'}{as_of_time}"
    return f'<p class="campaign-count"{closed}>{text}{when}</p>'


def banner(campaign, is_open, title, label, words, compact=False, count=None):
    """The deadline banner in ``words``' language; ``compact`` for listings; with
    ``count`` (a signature_count.Count) the count toward the goal."""
    classes = "campaign-banner campaign-banner-compact" if compact else "campaign-banner"
    state = "open" if is_open else "closed"
    parts = [
        f'<aside class="{classes}" data-campaign-deadline="{escape(campaign.deadline_iso)}"'
        f' data-campaign-state="{state}"{part_attributes(words.shown, words.lang)}>'
    ]
    if is_open:
        parts.append(
            f'<p class="campaign-when"><strong>{_sentence(SIGN_BY, campaign, words)}</strong>'
            ' <span class="campaign-countdown"></span></p>'
        )
        if count is not None and not compact:
            parts.append(_count(campaign, count, is_open, words))
        elif campaign.goal and not compact:
            goal = words.ngettext(
                "Goal: %(num)s signature.", "Goal: %(num)s signatures.", campaign.goal
            ) % {"num": words.number(campaign.goal)}
            parts.append(f'<p class="campaign-goal">{escape(goal)}</p>')
        parts.append(f'<p class="campaign-action">{_sign_link(campaign, label, title)}</p>')
    else:
        parts.append(
            f'<p class="campaign-when"><strong>{_sentence(CLOSED_ON, campaign, words)}</strong></p>'
        )
        if count is not None and not compact:
            parts.append(_count(campaign, count, is_open, words))
        elif campaign.goal and not compact:
            goal = words.ngettext(
                "The goal was %(num)s signature.", "The goal was %(num)s signatures.", campaign.goal
            ) % {"num": words.number(campaign.goal)}
            parts.append(f'<p class="campaign-goal">{escape(goal)}</p>')
    # Announced once, when the script closes an open campaign; silent otherwise.
    parts.append('<p class="campaign-status" role="status"></p>')
    parts.append("</aside>")
    return "".join(parts)


def replace_form_links(html, campaign, is_open):
    """Point the editor's {signature_form} links at the form, or unlink them once closed."""

    def replace(match):
        text = match["text"]
        if not is_open:
            return f'<span class="campaign-sign-closed">{text}</span>'
        attributes = f"{match['before']}{match['after']}"
        return (
            f'<a class="campaign-sign" href="{escape(campaign.signature_form)}"{attributes}>'
            f"{text}</a>"
        )

    return FORM_LINK_RE.sub(replace, html)


def unlink(html):
    """Keep the words of links, drop the links: for teasers shown out of place."""
    return re.sub(r"</?a\b[^>]*>", "", html, flags=re.IGNORECASE)


def asset_tags(static_dir):
    """Stylesheet and script for themes that do not link them themselves."""
    return (
        f'<link rel="stylesheet" href="{{static}}/{static_dir}/campaign.css">'
        f'<script defer src="{{static}}/{static_dir}/campaign.js"></script>'
    )
