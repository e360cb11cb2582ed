"""A catalogue's mistakes, found when it is read: Babel's own checks (plural
forms, python-format) and the placeholders of every msgstr against its msgid's.

A msgstr is filled with the msgid's values (``%(time)s``) by the site and by
Jinja2's newstyle gettext, so a name of its own (``%(tiempo)s``), another type
(``%(time)d``), a lone ``%`` or a dropped placeholder would stop the build with a
traceback, or silently lose the deadline; each is one line instead. A message
without placeholders is plain text: a ``%`` there is a percent sign."""

import re

from babel.messages.catalog import TranslationError

# A printf-style placeholder as Python's % reads it, or a percent sign.
PLACEHOLDER_RE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?P<spec>[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?)"
    r"(?P<type>[diouxXeEfFgGcrsa%]?)"
)


def placeholders(text):
    """The named placeholders of ``text`` ({"time": "%(time)s"}), and the first
    piece Python's % cannot read (a lone %, an unnamed or unfinished one)."""
    named, wrong = {}, None
    for match in PLACEHOLDER_RE.finditer(text):
        whole = match.group()
        if whole == "%%":
            continue
        if match["name"] and match["type"] and match["type"] != "%":
            named[match["name"]] = whole
        elif wrong is None:
            wrong = whole if match["type"] else text[match.start() : match.end() + 1]
    return named, wrong


def forms(message):
    strings = message.string
    return list(strings) if isinstance(strings, list | tuple) else [strings]


def ids(message):
    return list(message.id) if isinstance(message.id, list | tuple) else [message.id]


def message_problems(message):
    """What is wrong with one message, as (problem, expected) pairs."""
    wanted = {}
    for msgid in ids(message):
        wanted.update(placeholders(msgid)[0])
    shown = ", ".join(sorted(wanted.values())) or "no placeholder"
    expected = f"the msgid's placeholders, each once or more: {shown}"
    if wanted:
        expected += " (write %% for a percent sign)"
    for index, form in enumerate(forms(message)):
        if not form:
            continue  # untranslated: the msgid is shown, and counted elsewhere
        where = f"msgstr[{index}]" if isinstance(message.id, list | tuple) else "msgstr"
        named, wrong = placeholders(form)
        # A message without placeholders is plain text: its % is a percent sign.
        if wrong and wanted:
            yield f"has {where} {form!r} with {wrong!r}, which is no placeholder", expected
            continue
        for name, written in sorted(named.items()):
            if name not in wanted:
                yield f"has {where} {form!r} with {written}, not in the msgid", expected
            elif written != wanted[name]:
                yield f"has {where} {form!r} with {written} for {wanted[name]}", expected
        for name in sorted(set(wanted) - set(named)):
            yield f"has {where} {form!r} without {wanted[name]}", expected


def catalogue_problems(catalog):
    """(message, problem, expected) for every mistake: the placeholders first (the
    clearer word), then Babel's own checks (the number of plural forms, …)."""
    for message in catalog:
        if not message.id:
            continue
        for problem, expected in message_problems(message):
            yield message, problem, expected
    for message, errors in catalog.check():
        for error in errors:
            text = str(error) if isinstance(error, TranslationError) else repr(error)
            yield message, f"has a msgstr Babel refuses: {text}", "a msgstr Babel's checks accept"


def untranslated(catalog):
    """(messages without a translation, messages): an empty or fuzzy msgstr shows the msgid."""
    messages = [message for message in catalog if message.id]
    missing = [m for m in messages if m.fuzzy or not all(forms(m))]
    return len(missing), len(messages)
