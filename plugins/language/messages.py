"""The catalogue's upkeep (``invoke messages``): extract every message from the
theme and the plugins into ``messages.pot`` and merge it into each ``.po``.

Translators then fill the new ``msgstr`` lines; tests/test_language_catalogue.py
fails while any is empty, or while the ``.pot`` lags behind the sources.
"""

import os
from datetime import UTC, datetime

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from .catalogue import DOMAIN

FOLDER = os.path.join("theme", "translations")
# Besides Babel's own (_, gettext, ngettext, N_, …): plural messages named before use.
KEYWORDS = {**DEFAULT_KEYWORDS, "N_plural": (1, 2)}
PROJECT = "Immigrants' Rights Campaign"
# Where translators send word of a wrong message.
BUGS_ADDRESS = "the Immigrants' Rights Working Group"
HEADER = (
    "# Every word the campaign site writes on its own, in English.\n"
    "# Made by `invoke messages` (theme/translations/babel.cfg): do not edit by hand."
)


def extract(root):
    """A Catalog of every message in the sources ``babel.cfg`` names, under ``root``."""
    folder = os.path.join(root, FOLDER)
    with open(os.path.join(folder, "babel.cfg"), encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    catalog = Catalog(
        project=PROJECT,
        version="1",
        msgid_bugs_address=BUGS_ADDRESS,
        last_translator=BUGS_ADDRESS,
        language_team=BUGS_ADDRESS,
        # A fixed date: the .pot changes only when its messages do.
        creation_date=datetime(2021, 4, 8, tzinfo=UTC),
        fuzzy=False,
        header_comment=HEADER,
    )
    found = extract_from_dir(
        root, method_map, options_map, keywords=KEYWORDS, comment_tags=("Translators:",)
    )
    for _file, _line, message, comments, context in found:
        catalog.add(message, None, [], auto_comments=comments, context=context)
    return catalog


def update(root, new_language=None):
    """Write messages.pot and bring every language's messages.po up to it, starting
    one for ``new_language`` first when given; the languages whose catalogue now
    misses a translation, with how many."""
    folder = os.path.join(root, FOLDER)
    template = extract(root)
    with open(os.path.join(folder, f"{DOMAIN}.pot"), "wb") as file:
        write_po(file, template, width=100, omit_header=False, sort_output=True)
    if new_language:
        start(folder, new_language)
    missing = {}
    for lang in sorted(os.listdir(folder)):
        path = os.path.join(folder, lang, "LC_MESSAGES", f"{DOMAIN}.po")
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as file:
            catalog = read_po(file, locale=lang, domain=DOMAIN)
        # No fuzzy guesses: a new message stays empty until a person translates it.
        catalog.update(template, no_fuzzy_matching=True)
        with open(path, "wb") as file:
            write_po(file, catalog, width=100, sort_output=True, ignore_obsolete=True)
        count = sum(1 for message in catalog if message.id and not all_translated(message))
        if count:
            missing[lang] = count
    return missing


def all_translated(message):
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return all(strings) and not message.fuzzy


def start(folder, lang):
    """An empty messages.po for ``lang`` (a CLDR language code), unless it has one."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        message = f"--lang {lang!r} is not a language CLDR knows (e.g. fr, pt, zh-Hant)"
        raise ValueError(message) from None
    path = os.path.join(folder, lang, "LC_MESSAGES", f"{DOMAIN}.po")
    if os.path.exists(path):
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    catalog = Catalog(locale=locale, domain=DOMAIN, project=PROJECT, fuzzy=False)
    with open(path, "wb") as file:
        write_po(file, catalog, width=100, sort_output=True)


def update_and_count(root, new_language=None):
    """`invoke messages`: update(), then what is left to translate, one line each."""
    missing = update(root, new_language)
    lines = [
        f"theme/translations/{lang}: {n} message(s) to translate" for lang, n in missing.items()
    ]
    return "\n".join(lines) or "Every message is translated."
