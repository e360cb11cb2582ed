"""Translations: ``Translation_of: <slug>`` names the original post or page.

It becomes the item's slug, so that Pelican's own translation support (items of
one slug in several languages, ``process_translations``) links the two; the
checks here say when the line contradicts the rest of the file or names nothing.
"""

from .errors import ContentError

FIELD = "translation_of"
# What a translation takes from its original instead of saying it again.
ORIGINAL_ONLY = ("category", "tags")


def map_translation(generator, metadata):
    """Sent as each file's metadata is read, before Pelican makes its slug."""
    original = metadata.get(FIELD)
    if original is not None and "slug" not in metadata:
        metadata["slug"] = str(original).strip()


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
        if getattr(item, "lang", default) == default:
            found.append(
                ContentError(
                    source.name,
                    "lang",
                    getattr(item, "lang", None),
                    "is the site's own language, but translation_of makes this a translation",
                    "Lang: the language the translation is written in, like es",
                    line=source.line_of_field("lang") or line,
                )
            )
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
