"""Translations: ``Translation_of: <slug>`` names the original post or page.

It becomes the item's slug, so that Pelican's own translation support (items of
one slug in several languages, ``process_translations``) links the two; the
checks here say when the line contradicts the rest of the file or names nothing.
"""

import copy
import re

from .errors import ContentError

FIELD = "translation_of"
# What a translation takes from its original instead of saying it again.
ORIGINAL_ONLY = ("category", "tags")


def map_translation(generator, metadata):
    """Sent as each file's metadata is read, before Pelican makes its slug."""
    original = metadata.get(FIELD)
    if original is not None and "slug" not in metadata:
        metadata["slug"] = str(original).strip()


def follow_scheduled_originals(generator):
    """Sent once the articles are sorted by status: in a build that leaves future
    posts out (WITH_FUTURE_DATES = False), Pelican makes a future original a
    draft; its translations become drafts with it, whatever their own date, so
    that none goes live before its original (an error would stop every publish
    until that date). An original made a draft by its own Status line is the
    content checks' to report instead."""
    settings = generator.settings
    if settings.get("WITH_FUTURE_DATES", True):
        return
    scheduled = {
        item.slug
        for item in generator.drafts + generator.drafts_translations
        if not is_translation(item) and str(item.metadata.get("status", "")).lower() != "draft"
    }
    moving = [
        item
        for item in generator.articles + generator.translations
        if is_translation(item) and original_slug(item) in scheduled
    ]
    if not moving:
        return
    from pelican.utils import order_content, process_translations

    generator.articles = [item for item in generator.articles if item not in moving]
    generator.translations = [item for item in generator.translations if item not in moving]
    # Copies: Pelican's content cache keeps the items as read, for a later build.
    drafts = []
    for item in moving:
        draft = copy.copy(item)
        draft.status = "draft"
        drafts.append(draft)
        generated = generator.context.get("generated_content", {})
        if generated.get(item.get_relative_source_path()) is item:
            generated[item.get_relative_source_path()] = draft
    found, translations = process_translations(
        generator.drafts + generator.drafts_translations + drafts,
        translation_id=settings["ARTICLE_TRANSLATION_ID"],
    )
    generator.drafts = order_content(found, settings["ARTICLE_ORDER_BY"])
    generator.drafts_translations = translations


def field_errors(sources, default=None):
    """A ContentError for every file whose Translation_of or Lang line cannot
    make a translation (empty, no Lang line, or the site's own language
    ``default``): the cause of what would go wrong next (no slug, no address,
    the original's slug twice, blamed on the original too), said first."""
    found = []
    for source in sources:
        of, lang = _written(source, FIELD), _written(source, "lang")
        if of is None:
            if lang == "":  # any post's empty Lang: gives an address outside the site
                where = source.line_of_field("lang")
                found.append(ContentError.said(source.name, where, "lang", EMPTY_LANG))
            continue
        line = source.line_of_field(FIELD)
        if not of:
            found.append(ContentError.said(source.name, line, FIELD, EMPTY_OF))
        elif lang is None:
            found.append(ContentError.said(source.name, line, "lang", NO_LANG))
        elif not lang:
            where = source.line_of_field("lang")
            found.append(ContentError.said(source.name, where, "lang", EMPTY_LANG))
        elif default and same_language(lang, default):
            found.append(own_language_error(source, lang, default, line))
    return found


def same_language(lang, default):
    """Whether ``lang`` is the site's language ``default`` or a variant of it (en-US,
    EN): its readers read the original."""
    return str(lang).split("-")[0].lower() == str(default).split("-")[0].lower()


def own_language_error(source, lang, default, line):
    own = "the site's own language"
    if str(lang).lower() != str(default).lower():
        own = f"a variant of {own} ({default})"
    return ContentError(
        source.name,
        "lang",
        lang,
        f"is {own}, but translation_of makes this a translation",
        "Lang: the language the translation is written in, like es",
        line=source.line_of_field("lang") or line,
    )


EMPTY_OF = "translation_of is empty; expected the slug of the original"
NO_LANG = (
    "a translation (Translation_of) needs a Lang: line; expected Lang: the language it is "
    "written in, such as es"
)
EMPTY_LANG = "lang is empty; expected a language code such as es"
META_CONTENT_RE = re.compile(r"""content\s*=\s*["']([^"']*)""", re.IGNORECASE)


def _written(source, name):
    """Field ``name`` as the file gives it, stripped; None without such a field.
    Read from the file itself when Pelican could not read it (an empty Lang
    gives an address outside the site)."""
    if source.content is not None:
        value = source.content.metadata.get(name)
        if name == "lang" and value is not None:
            # Pelican fills in the site's language: only the file says if it was given.
            return str(value).strip() if source.line_of_field(name) else None
        return None if value is None else str(value).strip()
    number = source.line_of_field(name)
    if number is None:
        return None
    text = source.lines[number - 1]
    meta = META_CONTENT_RE.search(text) if "<meta" in text.lower() else None
    if meta:
        return meta[1].strip()
    return text.strip().lstrip(":").split(":", 1)[1].strip()


def is_translation(item):
    return FIELD in getattr(item, "metadata", {})


def original_slug(item):
    return str(item.metadata[FIELD]).strip()


def originals_by_slug(sources, settings):
    """{(kind, slug): source} of every item in the site's own language."""
    default = settings.get("DEFAULT_LANG")
    return {
        (source.kind, source.content.slug): source
        for source in sources
        if source.content is not None
        and not is_translation(source.content)
        and getattr(source.content, "lang", default) == default
    }


def translation_errors(sources, settings):
    """(source, ContentError) for every translation that contradicts itself or names
    no original: a Slug: other than Translation_of, the site's own language,
    Category or Tags of its own, or no post (page) of that slug."""
    default = settings.get("DEFAULT_LANG")
    originals = originals_by_slug(sources, settings)
    found = []
    for source in sources:
        item = source.content
        if item is None or not is_translation(item):
            continue
        wanted = original_slug(item)
        line = source.line_of_field(FIELD)
        if item.slug != wanted:
            found.append(
                ContentError(
                    source.name,
                    "slug",
                    item.slug,
                    f"differs from translation_of {wanted!r}",
                    "no Slug: line in a translation (it takes its original's slug)",
                    line=source.line_of_field("slug"),
                )
            )
        elif (source.kind, wanted) not in originals:
            kind = "post" if source.kind == "article" else "page"
            slugs = sorted(slug for kind_, slug in originals if kind_ == source.kind)
            found.append(
                ContentError(
                    source.name,
                    FIELD,
                    wanted,
                    f"names no {kind} in the site's language ({default})",
                    f"the slug of an existing {kind}, one of: {', '.join(slugs) or 'none'}",
                    line=line,
                )
            )
        else:
            found.extend(_unpublished_original(source, originals[(source.kind, wanted)]))
        if same_language(getattr(item, "lang", default), default):
            found.append(own_language_error(source, getattr(item, "lang", None), default, line))
        for name in ORIGINAL_ONLY:
            written = source.line_of_field(name)
            if written:
                found.append(
                    ContentError(
                        source.name,
                        name,
                        _written_value(item.metadata.get(name)),
                        "is given in a translation",
                        "no such line: a translation is filed with its original",
                        line=written,
                    )
                )
    return found


def _unpublished_original(source, original):
    """A translation goes live only with its original: one of a draft stays a
    draft too, and one of a hidden page (the 404 page, served per language) is
    hidden too, so that no menu or sitemap lists it."""
    kind = "post" if source.kind == "article" else "page"
    line = source.line_of_field(FIELD)
    if original.status == "hidden" and source.status != "hidden":
        yield ContentError.said(
            source.name,
            source.line_of_field("status") or line,
            "status",
            f"translation of a hidden {kind}: {original.name} has 'Status: hidden', so nothing "
            "lists it; expected 'Status: hidden' here too",
        )
    elif original.status == "draft" and source.status != "draft":
        yield ContentError.said(
            source.name,
            source.line_of_field("status") or line,
            "status",
            f"translation of a draft: {original.name} is a draft; expected 'Status: draft' "
            "here too until the original is published",
        )


def link_originals(generators):
    """Each translation's ``original`` (for the theme: its category, tags and
    neighbours are the original's)."""
    from .sources import contents_of

    items = [item for item, _status in contents_of(generators)]
    by_slug = {(type(item).__name__, item.slug): item for item in items if not is_translation(item)}
    for item in items:
        if is_translation(item):
            item.original = by_slug.get((type(item).__name__, original_slug(item)))


def _written_value(value):
    """A field as the editor wrote it: tags as "a, b", not Pelican's Tag objects."""
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return None if value is None else str(value)
