"""Pelican signal handlers: once the articles are written, one page per tag at
its old Blogger address (BLOGGER_LABEL_PATH, default search/label/<tag>.html)."""

import html
from pathlib import Path

from pelican import signals
from pelican.plugins.content_rules.rules import NOT_IN_XML_RE, SLUG_MAX_BYTES

DEFAULT_PATH = "search/label"


def page_for(name, target, lang, policy):
    """A page that sends the reader to ``target`` at once, with a link for
    browsers that do not follow the refresh; search engines do not index it."""
    name, target = html.escape(name), html.escape(target)
    policy_meta = (
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">\n'
        if policy
        else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"{policy_meta}<title>{name}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{target}">\n</head>\n'
        f'<body>\n<p><a href="{target}">{name}</a></p>\n</body>\n</html>\n'
    )


def usable_name(name):
    """A label that can be a file name as it is (Blogger allows no / in labels)."""
    return (
        name.strip() == name
        and name
        and not name.startswith(".")
        and not any(character in name for character in "/\\")
        and not NOT_IN_XML_RE.search(name)
        and len(name.encode("utf-8")) <= SLUG_MAX_BYTES
    )


def write_label_pages(generator, writer=None):
    settings = generator.settings
    folder = settings.get("BLOGGER_LABEL_PATH", DEFAULT_PATH)
    if not folder:
        return
    folder = folder.strip("/")
    siteurl = settings.get("SITEURL", "").rstrip("/")
    # From search/label/x.html, the site's root is two folders up.
    up = "/".join([".."] * (folder.count("/") + 1))
    root = siteurl if siteurl and not settings.get("RELATIVE_URLS") else up
    lang = settings.get("DEFAULT_LANG", "en")
    policy = settings.get("CONTENT_SECURITY_POLICY", "")
    output = Path(generator.output_path) / folder
    for tag in generator.tags:
        name = str(tag)
        if not usable_name(name):
            continue
        output.mkdir(parents=True, exist_ok=True)
        text = page_for(name, f"{root}/{tag.url}", lang, policy)
        (output / f"{name}.html").write_text(text, encoding="utf-8", newline="\n")


def register():
    signals.article_writer_finalized.connect(write_label_pages)
