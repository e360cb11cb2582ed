"""The message catalogues: ``<folder>/<lang>/LC_MESSAGES/messages.po``, read and
compiled in memory with Babel (no ``.mo`` files to keep in step with the ``.po``)."""

import io
import os
from functools import lru_cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from pelican.plugins.content_rules.errors import ContentError

DOMAIN = "messages"


def catalogue_folder(settings):
    """LANGUAGE_CATALOGUES, or the theme's translations/ folder."""
    folder = settings.get("LANGUAGE_CATALOGUES")
    return folder or os.path.join(settings.get("THEME", ""), "translations")


def catalogue_path(settings, lang):
    return os.path.join(catalogue_folder(settings), lang, "LC_MESSAGES", f"{DOMAIN}.po")


def known_languages(settings):
    """The languages that have a catalogue, sorted."""
    folder = catalogue_folder(settings)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(name for name in names if os.path.isfile(catalogue_path(settings, name)))


def translations(settings, lang):
    """The catalogue of ``lang`` as babel.support.Translations (gettext, ngettext,
    pgettext, npgettext). A language without a catalogue is a one-line error."""
    path = catalogue_path(settings, lang)
    try:
        stat = os.stat(path)
    except OSError:
        if lang == settings.get("DEFAULT_LANG") and not known_languages(settings):
            # A theme without catalogues (Pelican's own): the messages as written.
            return NullTranslations()
        known = ", ".join(known_languages(settings)) or "none"
        raise ContentError(
            "settings",
            "lang",
            lang,
            f"has no message catalogue ({path})",
            f"one of the languages with a catalogue: {known}",
        ) from None
    # Compiled again whenever the file changes, once per build otherwise.
    return _compiled(path, lang, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _compiled(path, lang, _changed, _size):
    with open(path, "rb") as file:
        catalog = read_po(file, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries left out, as msgfmt does
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
