"""The HTML the plugin injects: banners and the signature-form links in the body."""

import re
from html import escape

# Editors write [words]({signature_form}) in Markdown; this finds the links
# that come out of it (or out of raw HTML written the same way).
FORM_LINK_RE = re.compile(
    r"<a\b(?P<before>[^>]*?)\s+href=(?P<quote>[\"'])\{signature_form\}(?P=quote)"
    r"(?P<after>[^>]*)>(?P<text>.*?)</a>",
    re.DOTALL | re.IGNORECASE,
)


def human_deadline(moment):
    """'Tuesday, April 13, 2021, 11:59 PM EDT', the same in every locale."""
    hour = moment.hour % 12 or 12
    noon = "AM" if moment.hour < 12 else "PM"
    zone = moment.tzname() or moment.strftime("%z")
    return f"{moment:%A, %B} {moment.day}, {moment.year}, {hour}:{moment:%M} {noon} {zone}"


def _time(campaign):
    iso = escape(campaign.deadline_iso)
    return f'<time datetime="{iso}">{escape(human_deadline(campaign.local_deadline))}</time>'


def _sign_link(campaign, label, title):
    # The title tells screen-reader users which campaign a "Sign now" is for
    # when several banners share a listing page.
    return (
        f'<a class="campaign-sign" href="{escape(campaign.signature_form)}">'
        f'{escape(label)}<span class="campaign-visually-hidden">: {escape(title)}</span></a>'
    )


def banner(campaign, is_open, title, label, compact=False):
    """The deadline banner; ``compact`` for listings of several posts."""
    classes = "campaign-banner campaign-banner-compact" if compact else "campaign-banner"
    state = "open" if is_open else "closed"
    parts = [
        f'<aside class="{classes}" data-campaign-deadline="{escape(campaign.deadline_iso)}"'
        f' data-campaign-state="{state}">'
    ]
    if is_open:
        parts.append(
            f'<p class="campaign-when"><strong>Sign by {_time(campaign)}.</strong>'
            ' <span class="campaign-countdown"></span></p>'
        )
        if campaign.goal and not compact:
            parts.append(f'<p class="campaign-goal">Goal: {campaign.goal:,} signatures.</p>')
        parts.append(f'<p class="campaign-action">{_sign_link(campaign, label, title)}</p>')
    else:
        parts.append(
            f'<p class="campaign-when"><strong>Signing closed on {_time(campaign)}.</strong></p>'
        )
        if campaign.goal and not compact:
            parts.append(f'<p class="campaign-goal">The goal was {campaign.goal:,} signatures.</p>')
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
