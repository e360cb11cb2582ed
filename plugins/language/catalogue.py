"""The message catalogues: ``<folder>/<lang>/LC_MESSAGES/messages.po``, read and
compiled in memory with Babel (no ``.mo`` files to keep in step with the ``.po``)."""

import gettext as gettext_module
import io
import os
from functools import lru_cache

from babel import UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations
from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.content_rules.sources import source_name

from .placeholders import catalogue_problems, forms

DOMAIN = "messages"
POT = f"{DOMAIN}.pot"


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
        expected = f"one of the languages with a catalogue: {known}"
        if lang.lower() in known_languages(settings):
            # Pelican compares languages as written: "ES" is not "es".
            expected = f"language codes are lower case: {lang.lower()}"
        raise ContentError(
            "settings",
            "lang",
            lang,
            f"has no message catalogue ({path})",
            expected,
        ) from None
    # Compiled again whenever the file changes, once per build otherwise.
    return _compiled(path, lang, stat.st_mtime_ns, stat.st_size)[0]


def untranslated(settings, lang):
    """(messages shown in English, messages) of ``lang``'s catalogue, counted
    against the template (messages.pot) when there is one: an empty .po misses all."""
    path = catalogue_path(settings, lang)
    if not os.path.isfile(path):
        return 0, 0
    translations(settings, lang)  # a broken catalogue is an error first
    stat = os.stat(path)
    return _compiled(path, lang, stat.st_mtime_ns, stat.st_size)[1]


def untranslated_warning(settings, lang):
    """(the catalogue's name, what it leaves in English), or None when complete."""
    missing, total = untranslated(settings, lang)
    if not missing:
        return None
    name = source_name(catalogue_path(settings, lang))
    said = f"{missing} of {total} messages untranslated: pages in {lang} show them in English"
    return name, said


def _read(path, lang):
    name = source_name(path)
    try:
        with open(path, "rb") as file:
            catalog = read_po(file, locale=lang, domain=DOMAIN, abort_invalid=True)
    except PoFileError as error:
        line = (error.lineno or 0) + 1
        raise ContentError.said(
            name, line, "catalogue", f"{error}; expected a valid .po file (see msgfmt --check)"
        ) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ContentError.said(
            name, None, "catalogue", f"cannot be read ({error}); expected a UTF-8 .po file"
        ) from None
    plural_problem(catalog, name, header_line(path), lang)
    for message, problem, expected in catalogue_problems(catalog):
        msgid = message.id[0] if isinstance(message.id, list | tuple) else message.id
        raise ContentError(name, "msgid", msgid, problem, expected, line=message.lineno)
    return catalog


def header_line(path):
    with open(path, encoding="utf-8", errors="replace") as file:
        for number, text in enumerate(file, 1):
            if text.startswith('"Plural-Forms:'):
                return number
    return None


def plural_problem(catalog, name, line, lang):
    """The Plural-Forms header must read, and choose the forms CLDR's rule for the
    language does (gettext's table of them in Babel): a wrong one says "1 días"."""
    written = catalog.plural_forms
    try:
        wanted = get_plural(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return
    numbers = [*range(0, 1001), 1_000_000, 2_000_000]
    try:
        choose = gettext_module.c2py(catalog.plural_expr)
        agrees = catalog.num_plurals == wanted.num_plurals and all(
            choose(n) == gettext_module.c2py(wanted.plural_expr)(n) for n in numbers
        )
    except (ValueError, SyntaxError, RecursionError):
        said = f"Plural-Forms {written!r} cannot be read; expected {wanted.plural_forms!r}"
        raise ContentError.said(name, line, "Plural-Forms", said) from None
    if not agrees:
        raise ContentError.said(
            name,
            line,
            "Plural-Forms",
            f"Plural-Forms {written!r} is not the plural rule of {lang}; "
            f"expected {wanted.plural_forms!r}",
        )


def _template_ids(path):
    template = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(path))), POT)
    try:
        with open(template, "rb") as file:
            return [(m.id, m.context) for m in read_po(file, domain=DOMAIN) if m.id]
    except (OSError, PoFileError, ValueError):
        return None


@lru_cache(maxsize=16)
def _compiled(path, lang, _changed, _size):
    catalog = _read(path, lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries left out, as msgfmt does
    buffer.seek(0)
    wanted = _template_ids(path) or [(m.id, m.context) for m in catalog if m.id]
    done = 0
    for msgid, context in wanted:
        key = msgid[0] if isinstance(msgid, list | tuple) else msgid
        message = catalog.get(key, context)
        done += bool(message and not message.fuzzy and all(forms(message)))
    return Translations(buffer, domain=DOMAIN), (len(wanted) - done, len(wanted))
