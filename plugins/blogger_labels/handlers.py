"""Pelican signal handlers: once the articles are written, one page per tag of
the imported posts (those with a Blogger_id) at its old Blogger address
(BLOGGER_LABEL_PATH, default search/label/<tag>.html), from the theme's
blogger_label.html."""

import logging

from pelican import signals
from pelican.generators import PelicanTemplateNotFound
from pelican.plugins.content_rules.rules import NOT_IN_XML_RE, SLUG_MAX_BYTES

logger = logging.getLogger(__name__)
DEFAULT_PATH = "search/label"


def usable_name(name):
    """A label that can be a file name as it is (Blogger allows no / in labels)."""
    return bool(
        name
        and name.strip() == name
        and not name.startswith(".")
        and not any(character in name for character in "/\\")
        and not NOT_IN_XML_RE.search(name)
        and len(name.encode("utf-8")) <= SLUG_MAX_BYTES
    )


def write_label_pages(generator, writer):
    folder = (generator.settings.get("BLOGGER_LABEL_PATH", DEFAULT_PATH) or "").strip("/")
    if not folder:
        return
    try:
        template = generator.get_template("blogger_label")
    except PelicanTemplateNotFound:
        logger.info("The theme has no blogger_label.html template: no label pages written")
        return
    for tag, articles in generator.tags.items():
        # Only the old blog's labels: tags of posts an import brought in.
        imported = any(article.metadata.get("blogger_id") for article in articles)
        if imported and usable_name(str(tag)):
            # `noindex` keeps them out of the sitemap: each only points at a tag's page.
            address = f"{folder}/{tag}.html"
            writer.write_file(
                address,
                template,
                generator.context,
                relative_urls=generator.settings["RELATIVE_URLS"],
                url=address,
                tag=tag,
                noindex=True,
            )


def register():
    signals.article_writer_finalized.connect(write_label_pages)
