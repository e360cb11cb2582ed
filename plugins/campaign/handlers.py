"""Pelican signal handlers: read each item's campaign, inject banners and links."""

import logging
import os

from pelican import signals
from pelican.contents import Static
from pelican.generators import StaticGenerator
from pelican.plugins.content_rules.errors import FINDING, report_in_one_line
from pelican.plugins.content_rules.pelican_internals import (
    set_source_html,
    set_summary,
    source_html,
)
from pelican.plugins.content_rules.sources import contents_of, written_here
from pelican.plugins.language import language_of
from pelican.utils import truncate_html_words

from . import markup, words
from .model import resolve_campaigns
from .rules import build_clock
from .signature_count import DEFAULT_KEY_HOSTS, campaign_counts

logger = logging.getLogger(__name__)

STATIC_SOURCE = os.path.join(os.path.dirname(__file__), "static")
DEFAULTS = {
    # Where the script and stylesheet land in the output.
    "CAMPAIGN_STATIC_DIR": "campaign",
    # Put <link>/<script> into the banner, for themes that do not link them.
    "CAMPAIGN_ASSET_TAGS": True,
    # Through the catalogue, in the page's language.
    "CAMPAIGN_SIGN_LABEL": markup.N_("Sign now"),
    # The hosts the OSDI_API_TOKEN key is for (signature_count.py).
    "SIGNATURE_COUNT_KEY_HOSTS": list(DEFAULT_KEY_HOSTS),
    # Seconds a count read by an earlier build is used without asking the source.
    "SIGNATURE_COUNT_MAX_AGE": 0,
}


def set_defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def teaser(item, body, settings):
    """What listings show under the compact banner: the editor's summary or the
    start of the body, without links (their addresses were made for the post's
    own page, not the listing's)."""
    if "summary" in item.metadata:
        return getattr(item, "_campaign_summary", item.metadata["summary"])
    length = settings.get("SUMMARY_MAX_LENGTH")
    if length is None:
        return markup.unlink(body)
    return markup.unlink(truncate_html_words(body, length, settings.get("SUMMARY_END_SUFFIX", "…")))


def inject(item, campaign, is_open, settings, count=None):
    # Keep the editor's text so that injecting twice (cached content) is harmless.
    if not hasattr(item, "_campaign_source"):
        item._campaign_source = source_html(item)
        if "summary" in item.metadata:
            item._campaign_summary = item.metadata["summary"]
    body = markup.replace_form_links(item._campaign_source, campaign, is_open)
    words = markup.Words(settings, language_of(item, settings))
    label = settings["CAMPAIGN_SIGN_LABEL"]
    label = words.gettext(label)
    full = markup.banner(campaign, is_open, item.title, label, words, count=count)
    if settings["CAMPAIGN_ASSET_TAGS"]:
        full += markup.asset_tags(settings["CAMPAIGN_STATIC_DIR"])
    set_source_html(item, full + body)
    compact = markup.banner(campaign, is_open, item.title, label, words, compact=True)
    summary = compact + teaser(item, body, settings)
    set_summary(item, summary)
    item.metadata["summary"] = summary
    item.campaign = campaign
    item.campaign_open = is_open


def apply_campaigns(generators):
    settings = generators[0].settings
    now = build_clock(settings)
    items = [item for item, _status in contents_of(generators)]
    found = resolve_campaigns(items, settings)
    if found.errors:
        # The build stops at the first; `invoke check` lists them all.
        raise found.errors[0]
    for notice in found.notices:
        logger.warning("%s: %s", notice.source, notice.message, extra=FINDING)
    declarers = [(item, found.campaign_of(item)) for item in items if found.declares_campaign(item)]
    counts = campaign_counts([(i, c) for i, c in declarers if c is not None], settings, now)
    for item in items:
        campaign = found.campaign_of(item)
        item.campaign = campaign
        if campaign is not None and written_here(item, settings):
            inject(item, campaign, campaign.is_open(now), settings, counts.get(campaign))
    add_static_files(generators, settings)


def add_static_files(generators, settings):
    """Publish the script and stylesheet through Pelican's static files, so that
    ``{static}`` links to them resolve like any other."""
    static = next((g for g in generators if isinstance(g, StaticGenerator)), None)
    if static is None:
        return
    for name in sorted(os.listdir(STATIC_SOURCE)):
        path = f"{settings['CAMPAIGN_STATIC_DIR']}/{name}"
        if path in static.context["static_content"]:
            continue
        asset = Static(
            content=None,
            metadata={"save_as": path, "url": path},
            settings=settings,
            source_path=os.path.join(STATIC_SOURCE, name),
            context=static.context,
        )
        static.staticfiles.append(asset)
        static.context["static_content"][path] = asset


def register():
    report_in_one_line()
    signals.initialized.connect(set_defaults)
    signals.all_generators_finalized.connect(apply_campaigns)
    # The countdown's words, in the language of each page that runs it.
    signals.generator_init.connect(words.add_countdown_words)
