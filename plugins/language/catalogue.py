"""The message catalogues: ``<folder>/<lang>/LC_MESSAGES/messages.po``, read and
compiled in memory with Babel (no ``.mo`` files to keep in step with the ``.po``)."""

import gettext as gettext_module
import io
import os
import re
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


# The language every msgid is written in (theme/translations/messages.pot).
SOURCE_LANG = "en"
# A language code as BCP 47 writes one (RFC 5646): a language, then script, region
# and variant subtags ("es", "pt-BR", "zh-Hant-TW"), or a private-use "x-..." tag.
# Pelican puts it into addresses ({lang}/...), so nothing else may pass.
LANG_CODE_RE = re.compile(r"(?:[A-Za-z]{2,8}|x)(?:-[A-Za-z0-9]{1,8})*\Z")
LANG_CODE_EXPECTED = "a language code (BCP 47) such as es, pt-BR, zh-Hant or ar"


def is_language_code(lang):
    return isinstance(lang, str) and bool(LANG_CODE_RE.match(lang))


def nearest_catalogues(settings, lang):
    """The languages whose catalogues serve ``lang``, nearest first: the language
    itself, then without its last subtag each time ("pt-BR", "pt"), the same for
    the language CLDR says it is an old name of ("iw" is "he"), then the site's
    language."""
    known = set(known_languages(settings))
    wanted = []
    for code in (lang, _cldr_name(lang)):
        parts = (code or "").split("-")
        wanted += ["-".join(parts[:end]) for end in range(len(parts), 0, -1)]
    wanted.append(settings.get("DEFAULT_LANG") or SOURCE_LANG)
    found = []
    for code in wanted:
        if code in known and code not in found:
            found.append(code)
    return found


def _cldr_name(lang):
    """CLDR's own code for ``lang`` ("iw" → "he"), or None."""
    from .formats import cldr_locale

    locale = cldr_locale(lang)
    return None if locale is None else str(locale).replace("_", "-")


class Interface:
    """The site's words for pages in one language, from the nearest catalogues
    (``nearest_catalogues``): gettext, ngettext, pgettext and npgettext as
    babel.support.Translations has them, and ``find``, which also says which
    language the words it gives are in (a catalogue's, or the msgids' English)."""

    def __init__(self, lang, catalogues):
        self.lang = lang
        self.catalogues = catalogues  # [(lang, Translations)], nearest first
        # The language most of its words are in: the nearest catalogue's.
        self.shown = catalogues[0][0] if catalogues else SOURCE_LANG

    def find(self, method, *args):
        """(the words, the language they are in)."""
        asked = [arg for arg in args if isinstance(arg, str)]
        for lang, catalogue in self.catalogues:
            found = getattr(catalogue, method)(*args)
            # gettext gives back the very msgid object it was asked for when its
            # catalogue has no translation: the next catalogue may have one.
            if not any(found is msgid for msgid in asked):
                return found, lang
        return getattr(NullTranslations(), method)(*args), SOURCE_LANG

    def gettext(self, message):
        return self.find("gettext", message)[0]

    def ngettext(self, singular, plural, number):
        return self.find("ngettext", singular, plural, number)[0]

    def pgettext(self, context, message):
        return self.find("pgettext", context, message)[0]

    def npgettext(self, context, singular, plural, number):
        return self.find("npgettext", context, singular, plural, number)[0]


def translations(settings, lang):
    """The site's words for pages in ``lang`` (an ``Interface``): its own catalogue,
    else the nearest ("pt-BR" → "pt" → the site's language). A code that is no
    language, or one written in another case than its catalogue, is a one-line error."""
    if not is_language_code(lang):
        raise ContentError("settings", "lang", lang, "is not a language code", LANG_CODE_EXPECTED)
    known = {name.lower(): name for name in known_languages(settings)}
    if lang not in known.values() and lang.lower() in known:
        # Pelican compares languages as written: "ES" is not "es".
        raise ContentError(
            "settings",
            "lang",
            lang,
            "has no message catalogue",
            f"language codes written as their catalogue is named: {known[lang.lower()]}",
        )
    found = []
    for code in nearest_catalogues(settings, lang):
        path = catalogue_path(settings, code)
        stat = os.stat(path)
        # Compiled again whenever the file changes, once per build otherwise.
        found.append((code, _compiled(path, code, stat.st_mtime_ns, stat.st_size)[0]))
    return Interface(lang, found)


def has_catalogue(settings, lang):
    return lang in known_languages(settings)


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
