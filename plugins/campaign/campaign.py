"""Pelican signal handlers: read each post's campaign, inject banners and links."""

import logging
import os

from pelican import signals
from pelican.contents import Static
from pelican.generators import StaticGenerator
from pelican.utils import truncate_html_words

from . import markup
from .rules import (
    build_clock,
    campaign_from_metadata,
    form_link_without_campaign,
    referenced_campaign,
)

logger = logging.getLogger(__name__)

STATIC_SOURCE = os.path.join(os.path.dirname(__file__), "static")
DEFAULTS = {
    # Where the script and stylesheet land in the output.
    "CAMPAIGN_STATIC_DIR": "campaign",
    # Put <link>/<script> into the banner, for themes that do not link them.
    "CAMPAIGN_ASSET_TAGS": True,
    "CAMPAIGN_SIGN_LABEL": "Sign now",
}
# Every list in which Pelican's generators keep content, published or not.
CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def set_defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def contents_of(generators):
    seen = set()
    for generator in generators:
        for name in CONTENT_LISTS:
            for item in getattr(generator, name, None) or []:
                if id(item) not in seen:
                    seen.add(id(item))
                    yield item


def source_name(item):
    relative = os.path.relpath(item.source_path)
    return item.source_path if relative.startswith("..") else relative


def read_campaigns(items, settings):
    """Each item's Campaign (or None), following ``campaign: <slug>`` references."""
    own = {}
    for item in items:
        own[id(item)] = campaign_from_metadata(
            item.metadata,
            source_name(item),
            settings.get("TIMEZONE", "UTC"),
            published=getattr(item, "date", None),
            warn=logger.warning,
        )
    by_slug = {item.slug: own[id(item)] for item in items if own[id(item)]}
    found = {}
    for item in items:
        campaign = own[id(item)]
        reference = item.metadata.get("campaign")
        if reference is not None:
            campaign = referenced_campaign(reference, campaign, by_slug, source_name(item))
        found[id(item)] = campaign
    return found


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


def inject(item, campaign, is_open, settings):
    # Keep the editor's text so that injecting twice (cached content) is harmless.
    if not hasattr(item, "_campaign_source"):
        item._campaign_source = item._content
        if "summary" in item.metadata:
            item._campaign_summary = item.metadata["summary"]
    body = markup.replace_form_links(item._campaign_source, campaign, is_open)
    label = settings["CAMPAIGN_SIGN_LABEL"]
    full = markup.banner(campaign, is_open, item.title, label)
    if settings["CAMPAIGN_ASSET_TAGS"]:
        full += markup.asset_tags(settings["CAMPAIGN_STATIC_DIR"])
    item._content = full + body
    compact = markup.banner(campaign, is_open, item.title, label, compact=True)
    item._summary = item.metadata["summary"] = compact + teaser(item, body, settings)
    item.campaign = campaign
    item.campaign_open = is_open


def apply_campaigns(generators):
    settings = generators[0].settings
    now = build_clock(settings)
    items = list(contents_of(generators))
    campaigns = read_campaigns(items, settings)
    for item in items:
        campaign = campaigns[id(item)]
        if campaign is None:
            if markup.FORM_PLACEHOLDER in (item._content or ""):
                raise form_link_without_campaign(source_name(item))
            item.campaign = None
            continue
        inject(item, campaign, campaign.is_open(now), settings)
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
    signals.initialized.connect(set_defaults)
    signals.all_generators_finalized.connect(apply_campaigns)
