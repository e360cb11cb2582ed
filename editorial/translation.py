"""``invoke new --lang es --translation-of SLUG``: start the translation of a post
or page, with the fields a translation has and the original's text to translate."""

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pelican.plugins.content_rules.sources import field_line, source_name
from pelican.plugins.content_rules.versions import original_version
from pelican.plugins.language.catalogue import has_catalogue, nearest_catalogues

from .answers import check_line
from .site import SETTINGS_FILE, load_settings, read_site

# The options that make a post of its own: a translation shares its original's
# campaign, date, address and category.
NOT_FOR_TRANSLATIONS = ("deadline", "form", "goal", "timezone", "slug", "category", "date")
# Fields a translation carries over from its original, in the original's words
# until translated (Title is left empty: the build refuses a translation whose
# title nobody wrote).
TRANSLATED_FIELDS = ("subtitle", "summary", "menu_title")
# BCP 47's shape: a language, then script, region or variant subtags.
LANGUAGE_TAG_RE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
EXPECTED_LANG = "a BCP 47 language code that CLDR knows, like es, fr or pt-BR"
FILENAME_LINK_RE = re.compile(r"\{filename\}/?([^)\s\"'>]+)")


class TranslationError(Exception):
    """A value ``invoke new --translation-of`` cannot use: one line for the editor."""


@dataclass
class Started:
    path: Path
    original: str  # the original's file, as editors name it
    lang: str
    url: str  # where the preview shows it now
    published_url: str
    warnings: list


# BCP 47 codes that name no language, and what they stand for.
NO_LANGUAGE = {
    "und": "undetermined",
    "mul": "several languages",
    "zxx": "no linguistic content",
    "mis": "a language without a code",
}


def language_tag(value):
    """``value`` as a BCP 47 tag in its usual case (es, pt-BR, zh-Hant-TW), if
    CLDR (through Babel) knows the language; otherwise a TranslationError."""
    from babel import Locale, UnknownLocaleError

    text = str(value).strip()
    # A pasted paragraph is named by its start, so the error stays one line.
    value = text if len(text) <= 40 else f"{text[:40]}…"
    if not LANGUAGE_TAG_RE.fullmatch(text):
        hint = f" (written {text.replace('_', '-')!r})" if "_" in text else ""
        raise TranslationError(
            f"--lang {value!r} is not a language code; expected {EXPECTED_LANG}{hint}"
        )
    if text.split("-")[0].lower() in NO_LANGUAGE:
        # CLDR reads "und" as its likeliest language, English: say what it is instead.
        raise TranslationError(
            f"--lang {value!r} names no language ({NO_LANGUAGE[text.split('-')[0].lower()]}); "
            f"expected {EXPECTED_LANG}"
        )
    try:
        locale = Locale.parse(text, sep="-")
    except (UnknownLocaleError, ValueError):
        raise TranslationError(
            f"--lang {value!r} is no language CLDR knows; expected {EXPECTED_LANG}"
        ) from None
    # The subtags as written, in their usual case: CLDR fills in likely ones
    # ("zh-TW" is zh_Hant_TW to it), and names an old code by its new one ("iw": he).
    subtags = [locale.language]
    for subtag in text.split("-")[1:]:
        if len(subtag) == 4 and subtag.isalpha():
            subtags.append(subtag.title())  # script: Hant
        elif len(subtag) == 2 or (len(subtag) == 3 and subtag.isdigit()):
            subtags.append(subtag.upper())  # region: TW, 419
        else:
            subtags.append(subtag.lower())  # variant
    return "-".join(subtags)


def check_options(answers):
    """The mistakes a translation's options can hold, before anything is read."""
    if answers.translation_of and not answers.lang:
        raise TranslationError(
            "--translation-of needs --lang, the language of the translation, like --lang es"
        )
    if answers.lang and not answers.translation_of:
        raise TranslationError(
            "--lang starts a translation and needs --translation-of, the slug of the post "
            "or page to translate, like --translation-of defend-immigrants-rights"
        )
    for option in NOT_FOR_TRANSLATIONS:
        if getattr(answers, option) not in (None, ""):
            raise TranslationError(
                f"--{option} does not go with --translation-of: a translation shares its "
                "original's date, address, category and campaign"
            )


def create_translation(answers, asker, settings_file=SETTINGS_FILE, content=None):
    """Write the translation's file and say where it will appear (a Started).
    ``asker.value(option, prompt, given, check)`` asks for what is not given."""
    check_options(answers)
    settings = load_settings(settings_file, content)
    lang = language_tag(answers.lang)
    default = settings.get("DEFAULT_LANG", "en")
    if lang.lower() == default.lower():
        raise TranslationError(
            f"--lang {lang} is the site's own language (DEFAULT_LANG); "
            "a translation needs another one, like --lang es"
        )
    if lang.split("-")[0].lower() == default.split("-")[0].lower():
        raise TranslationError(
            f"--lang {lang} is a variant of the site's own language ({default}, DEFAULT_LANG): "
            "its readers read the original; a translation needs another language, like --lang es"
        )
    sources = [s for s in read_site(settings).sources if s.content is not None]
    original = find_original(answers.translation_of.strip(), sources)
    if original.content.lang.lower() == lang.lower():
        raise TranslationError(f"{original.name} is already in {lang}; nothing to translate")
    already = existing_translation(original, lang, sources)
    if already is not None:
        raise TranslationError(
            f"{already.name} is already the {lang} translation of {original.content.slug!r}; "
            "edit it, or delete it to start again"
        )
    path = translation_path(original.path, original.kind, lang, settings)
    if path.exists():
        raise TranslationError(
            f"{source_name(path)} already exists; edit it, or delete it to start again"
        )

    hint = original.content.title
    prompt = f"Title in {lang} (the original's: {hint}; Enter to write it later)"
    title = asker.value("title", prompt, answers.title, check_line)
    translator = asker.value(
        "translator",
        "Translator, who may revise it (a person or a group; Enter to write it later)",
        answers.translator,
        check_line,
    )
    subtitle = check_line(answers.subtitle) if answers.subtitle else None
    text = translation_text(
        original, lang, title, translator, answers.draft, settings, subtitle=subtitle
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise TranslationError(f"{source_name(path)} already exists") from None
    warnings = []
    if not has_catalogue(settings, lang):
        nearest = (nearest_catalogues(settings, lang) or [settings.get("DEFAULT_LANG", "en")])[0]
        warnings.append(
            f"the site has no {lang} catalogue yet, so its own words around the text "
            f"(banner, buttons, menus) are the {nearest} catalogue's, marked as {nearest} for "
            f"screen readers; to translate them, run make messages ARGS='--lang {lang}' "
            "(EDITING.md says how)"
        )
    url, published_url = _addresses(original, lang, path, answers.draft, settings)
    return Started(path, original.name, lang, url, published_url, warnings)


def find_original(slug, sources):
    """The post or page with ``slug`` that is not itself a translation."""
    originals = [s for s in sources if "translation_of" not in s.content.metadata]
    for source in originals:
        if source.content.slug == slug:
            return source
    slugs = sorted({s.content.slug for s in originals})
    near = difflib.get_close_matches(slug, slugs, n=3, cutoff=0.5)
    if near:
        hint = "did you mean " + " or ".join(repr(s) for s in near) + "?"
    elif slugs:
        shown = ", ".join(repr(s) for s in slugs[:5]) + (", ..." if len(slugs) > 5 else "")
        hint = f"expected the slug of a post or page: {shown}"
    else:
        hint = "there are no posts or pages to translate yet"
    raise TranslationError(f"--translation-of {slug!r} names no post or page; {hint}")


def existing_translation(original, lang, sources):
    slug = original.content.slug
    for source in sources:
        item = source.content
        if source is not original and item.lang.lower() == lang.lower():
            named = item.metadata.get("translation_of")
            if named == slug or (named is None and item.slug == slug):
                return source
    return None


def translation_path(original, kind, lang, settings):
    """Where the ``lang`` translation of the file ``original`` goes:
    content/<lang>/<file> for a post, <page folder>/<lang>/<file> for a page."""
    content = Path(settings["PATH"])
    folder = content
    page_folder = _page_folder(original, settings)
    if kind == "page" and page_folder:
        folder = content / page_folder
    return folder / lang / f"{Path(original).stem}.md"


def _page_folder(path, settings):
    """The PAGE_PATHS folder ``path`` is in, or None."""
    content = Path(settings["PATH"]).resolve()
    try:
        relative = Path(path).resolve().relative_to(content).as_posix()
    except ValueError:
        return None
    folders = [folder.strip("/") for folder in settings.get("PAGE_PATHS", [])]
    return next((f for f in folders if relative.startswith(f"{f}/")), None)


def translation_text(original, lang, title, translator, draft, settings, subtitle=None):
    markdown = original.path.suffix == ".md"
    lines = original.lines
    blank = [number for number, line in enumerate(lines) if not line.strip()]
    header_end = blank[0] if markdown and blank else 0
    header = lines[:header_end]
    fields = [f"Title: {title or ''}".rstrip()]
    if markdown and field_line(header, "date"):
        fields += _field_lines(header, "date")
    elif hasattr(original.content, "date") and "date" in original.content.metadata:
        fields.append(f"Date: {original.content.date:%Y-%m-%d %H:%M}")
    fields += [
        f"Lang: {lang}",
        f"Translation_of: {original.content.slug}",
        f"Translator: {translator or ''}".rstrip(),
        f"Original_version: {original_version(_source_text(original))}",
    ]
    if subtitle:
        fields.append(f"Subtitle: {subtitle}")
    copied = [name for name in TRANSLATED_FIELDS if field_line(header, name)]
    copied = [name for name in copied if not (subtitle and name == "subtitle")]
    for name in copied:
        fields += _field_lines(header, name)
    if draft:
        fields.append("Status: draft")
    elif original.status == "hidden":
        # The 404 page: hidden in every language (each language's folder has its own).
        fields.append("Status: hidden")

    notes = []
    if not title:
        notes.append(f"Title: write it in {lang}; the original's is: {original.content.title}")
    if not translator:
        notes.append("Translator: who may revise this translation, a person or a working group")
    if copied:
        names = " and ".join(name.capitalize() for name in copied)
        notes.append(f"{names}: still the original's words, to translate")
    if markdown:
        body = "\n".join(lines[header_end + 1 :]).strip("\n")
        body = _link_translations(body, lang, original, settings)
        notes.append("Translate the original's text below in place, then delete these notes.")
    else:
        body = ""
        notes.append(f"The original, {original.name}, is not Markdown: write the text here.")
    comment = "\n".join(f'[//]: # "{note}"' for note in notes)
    return "\n".join(fields) + "\n\n" + comment + "\n\n" + body + "\n"


def _field_lines(header, name):
    """A metadata field's line and its continuation lines (indented), as written."""
    start = field_line(header, name) - 1
    end = start + 1
    while end < len(header) and header[end].startswith(("    ", "\t")):
        end += 1
    return [line.rstrip() for line in header[start:end]]


def _source_text(original):
    with open(original.path, encoding="utf-8", newline="") as file:
        return file.read()


def _link_translations(body, lang, original, settings):
    """{filename} links to files that already have a translation in ``lang`` lead
    to the translation; the others keep leading to the original language."""
    content = Path(settings["PATH"])

    def replace(match):
        target = match.group(1)
        if match.group(0).startswith("{filename}/"):
            linked = content / target  # from the content folder
        else:
            linked = Path(original.path).parent / target
        kind = "page" if _page_folder(linked, settings) else "article"
        candidate = translation_path(linked, kind, lang, settings)
        if not candidate.exists():
            return match.group(0)
        return "{filename}/" + candidate.resolve().relative_to(content.resolve()).as_posix()

    return FILENAME_LINK_RE.sub(replace, body)


def _addresses(original, lang, path, draft, settings):
    """The translation's address as Pelican makes it (ARTICLE_LANG_URL and the like)."""
    from pelican.contents import Article, Page

    cls = Page if original.kind == "page" else Article
    metadata = {"title": "-", "slug": original.content.slug, "lang": lang}
    if hasattr(original.content, "date"):
        metadata["date"] = original.content.date

    def item(status):
        return cls("", {**metadata, "status": status}, settings=settings, source_path=str(path))

    published = item("published").url
    return (item("draft").url if draft else published), published
