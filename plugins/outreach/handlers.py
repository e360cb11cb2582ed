"""Pelican signal handlers: give every post and page what it takes to be passed on.

Each written article and page gets an ``outreach`` attribute for the theme:
its address, a description for link previews and share links. A campaign post
(an article with the campaign plugin's ``campaign``) also gets a social card
PNG, a calendar file and a printable flyer page, written beside the post.
"""

import logging
import os
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup
from pelican import signals
from pelican.generators import PelicanTemplateNotFound
from pelican.plugins.campaign.markup import Words
from pelican.plugins.content_rules.errors import FINDING, ContentError
from pelican.plugins.content_rules.sources import field_line, read_lines, source_name
from pelican.plugins.language import language_of

from . import calendar_file, card, qr, share, text
from .cache import DerivedFiles, derive
from .workers import Jobs, Later, worker_count

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Which share links the post footer shows, in order.
    "OUTREACH_SHARE_SERVICES": share.SERVICES,
    "OUTREACH_MASTODON_SHARE": share.MASTODON_SHARE,
    # A font family installed with fontpkg, or the path of a font file.
    "OUTREACH_CARD_FONT": "Noto Sans",
    # {"ink": …, "muted": …, "accent": …, "wash": …, "paper": …}; None takes
    # them from the :root of the theme's static/style.css.
    "OUTREACH_CARD_COLOURS": None,
    # Keep social cards, calendar files and QR codes in CACHE_PATH, so that a
    # build (into a new output folder too) makes only those whose post changed.
    "OUTREACH_CACHE": True,
    # Processes that draw cards and make calendar files and QR codes while
    # Pelican writes pages: None is one per core (none for a few posts), 0 none;
    # a number above twice the cores counts as twice the cores.
    "OUTREACH_WORKERS": None,
    # Link previews show about this many characters of a description.
    "OUTREACH_DESCRIPTION_LENGTH": 200,
    # The flyer's paragraph, when the post names none, is the start of its first.
    "OUTREACH_FLYER_WORDS": 70,
    # Where a campaign post's printable flyer is written: {base} is the post's
    # save_as without .html, so each language version gets its own flyer.
    "OUTREACH_FLYER_SAVE_AS": "{base}-flyer.html",
    "OUTREACH_AUTHOR_TYPE": "Organization",
}
# The plugin's folder under CACHE_PATH.
CACHE_FOLDER = "outreach"


@dataclass(frozen=True)
class Card:
    url: str  # relative to the site
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Flyer:
    text: str
    deadline: str
    is_open: bool
    form: str
    qr: Markup | Later | None  # Later: a worker is making it
    page: str | None  # the post's absolute address, when the build knows it
    url: str = ""  # the flyer page's, relative to the site


@dataclass
class Outreach:
    url: str  # absolute when SITEURL is
    description: str
    share: list = field(default_factory=list)
    card: Card | None = None
    calendar: str | None = None  # relative to the site
    flyer: Flyer | None = None
    structured_data: dict | None = None


def set_defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def description(content, deadline, is_open, limit, words):
    """The editor's ``description``, or the words of the summary without the
    campaign banner; a campaign's deadline first."""
    given = content.metadata.get("description")
    said = text.squeeze(str(given)) if given else " ".join(text.paragraphs(content.summary))
    if deadline:
        said = f"{words.sentence(is_open, deadline)} {said}".strip()
    return text.shorten(said or content.title, limit)


def card_colours(settings):
    given = settings.get("OUTREACH_CARD_COLOURS")
    if given:
        return {**card.DEFAULT_COLOURS, **given}
    return card.theme_colours(os.path.join(settings.get("THEME", ""), "static", "style.css"))


def derived_files(settings):
    folder = os.path.join(settings["CACHE_PATH"], CACHE_FOLDER)
    return DerivedFiles(folder if settings["OUTREACH_CACHE"] else None)


def card_words(content, deadline, is_open, settings, language):
    """What a campaign post's card says: title, deadline sentence, site name."""
    title = text.squeeze(content.title)
    # Through a name: Babel would take the key in gettext(settings["…"]) for a message.
    site = settings["SITENAME"]
    site = language.gettext(site)
    return card.CardText(title, language.sentence(is_open, deadline).rstrip("."), site, not is_open)


def card_font_problem(words, settings):
    """The build's warning about a card whose font lacks some of its characters,
    without the file's name, or None; `make check` says the same."""
    font = settings.get("OUTREACH_CARD_FONT", DEFAULTS["OUTREACH_CARD_FONT"])
    path = card.font_file(font)
    missing = card.left_out(words, path)
    if not missing:
        return None
    return (
        f"the social card's font ({font}) has no glyphs for {' '.join(missing)} in its text, "
        f"nor has its fallback ({', '.join(card.FALLBACK_FAMILIES)}): left out of the card; "
        "expected a title in scripts those fonts cover, or OUTREACH_CARD_FONT set to a font "
        "that has them"
    )


def make_card(content, output_path, base, deadline, is_open, settings, language, jobs):
    title = text.squeeze(content.title)
    words = card_words(content, deadline, is_open, settings, language)
    path = card.font_file(settings["OUTREACH_CARD_FONT"])
    problem = card_font_problem(words, settings)
    if problem:
        # A warning of `make check`'s own: publishing goes on.
        line = field_line(read_lines(content.source_path), "title") or 1
        where = f"{source_name(content.source_path)}:{line}"
        logger.warning("%s: warning: %s", where, problem, extra=FINDING)
    cache = derived_files(settings).folder_for("cards")

    def report(outcome):
        if outcome == "drawn":
            logger.info("Drew the social card %s.png", base)
        elif outcome == "copied":
            logger.debug("Copied the social card %s.png from %s", base, cache)

    target = Path(output_path) / f"{base}.png"
    colours = card_colours(settings)
    cached = (
        cache is not None and (cache / f"{card.inputs_digest(words, colours, path)}.png").exists()
    )
    jobs.add(card.write_card, target, words, colours, path, cache, then=report, here=cached)
    return Card(
        url=f"{base}.png",
        width=card.WIDTH,
        height=card.HEIGHT,
        alt=f"{title}. {words.deadline}. {words.site}.",
    )


def make_calendar(content, output_path, base, deadline, is_open, url, settings, language, jobs):
    campaign = content.campaign
    host = urlsplit(settings.get("SITEURL", "")).hostname or "localhost"
    fields = {
        "uid": f"{content.slug}-deadline@{host}",
        "title": text.squeeze(content.title),
        "page_url": url,
        "deadline": campaign.deadline,
        "display_zone": campaign.display_zone,
        "is_open": is_open,
        "deadline_text": deadline,
        "form": campaign.signature_form,
        "stamp": getattr(content, "modified", None) or content.date,
        "words": calendar_file.calendar_words(language.gettext),
    }
    # The zone's kind too: a named zone and a bare offset make different files.
    inputs = {key: f"{type(value).__name__}:{value}" for key, value in fields.items()}
    files = derived_files(settings)
    target = Path(output_path) / f"{base}.ics"
    make = calendar_file.deadline_calendar
    cached = files.has("calendars", inputs)
    jobs.add(derive, files.folder, "calendars", inputs, make, fields, target, here=cached)
    return f"{base}.ics"


def qr_bytes(address, label):
    return qr.qr_svg(address, label).encode()


def make_flyer(content, base, deadline, is_open, url, settings, language, jobs):
    campaign = content.campaign
    given = content.metadata.get("flyer_text")
    if given:
        words = text.squeeze(str(given))
    else:
        found = text.paragraphs(content.content, limit=1)
        words = text.first_words(found[0], settings["OUTREACH_FLYER_WORDS"]) if found else ""
    code = None
    if is_open:
        address = campaign.signature_form
        label = language.gettext("QR code for the signature form")
        files, inputs = derived_files(settings), [address, label]
        # Made first, by a worker unless it is cached: the page waits for it.
        job = jobs.add(
            derive,
            files.folder,
            "qr",
            inputs,
            qr_bytes,
            {"address": address, "label": label},
            first=True,
            here=files.has("qr", inputs),
        )
        code = Later(job)
    absolute = urlsplit(url).scheme in ("http", "https")
    page = settings["OUTREACH_FLYER_SAVE_AS"].format(base=base)
    form = campaign.signature_form
    return Flyer(words, deadline, is_open, form, code, url if absolute else None, page)


def structured_data(content, outreach, settings, language):
    """schema.org data for the article, as JSON-LD."""
    siteurl, site = settings.get("SITEURL", ""), settings["SITENAME"]
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": text.squeeze(content.title),
        "description": outreach.description,
        "url": outreach.url,
        "mainEntityOfPage": outreach.url,
        "datePublished": content.date.isoformat(),
        "dateModified": (getattr(content, "modified", None) or content.date).isoformat(),
        "inLanguage": content.lang,
        "publisher": {
            "@type": "Organization",
            "name": language.gettext(site),
            "url": f"{siteurl}/",
        },
    }
    author = getattr(content, "author", None)
    if author:
        data["author"] = {"@type": settings["OUTREACH_AUTHOR_TYPE"], "name": str(author)}
    if outreach.card:
        data["image"] = {
            "@type": "ImageObject",
            "url": f"{siteurl}/{outreach.card.url}",
            "width": outreach.card.width,
            "height": outreach.card.height,
        }
    return data


def prepare(generator, content, is_article, jobs=None):
    settings = generator.settings
    url = f"{settings.get('SITEURL', '')}/{content.url}"
    campaign = getattr(content, "campaign", None)
    is_open = bool(getattr(content, "campaign_open", False))
    # The campaign plugin's wording in the item's language, so that banner,
    # previews, card, calendar and flyer agree: once per language and build.
    lang = language_of(content, settings)
    words = getattr(generator, "outreach_words", None)
    if words is None:
        words = generator.outreach_words = {}
    if lang not in words:
        words[lang] = Words(settings, lang)
    language = words[lang]
    deadline = language.deadline(campaign) if campaign else None
    try:
        links = share.share_links(
            text.squeeze(content.title),
            url,
            settings["OUTREACH_SHARE_SERVICES"],
            settings["OUTREACH_MASTODON_SHARE"],
            gettext=language.gettext,
        )
    except ValueError as error:
        raise ContentError(
            "settings",
            "OUTREACH_SHARE_SERVICES",
            error.args[0],
            "is not a share service",
            f"some of: {', '.join(share.SERVICES)}",
        ) from None
    outreach = Outreach(
        url=url,
        description=description(
            content, deadline, is_open, settings["OUTREACH_DESCRIPTION_LENGTH"], language
        ),
        share=links,
    )
    if is_article and campaign:
        base = os.path.splitext(content.save_as)[0]
        output = generator.output_path
        own = jobs is None
        jobs = Jobs() if own else jobs
        args = (deadline, is_open)
        outreach.card = make_card(content, output, base, *args, settings, language, jobs)
        # A reminder of a past deadline and a flyer with a closed form help nobody:
        # a closed campaign costs what a plain post costs, but for its card (cached).
        if is_open:
            outreach.calendar = make_calendar(
                content, output, base, *args, url, settings, language, jobs
            )
            outreach.flyer = make_flyer(content, base, *args, url, settings, language, jobs)
        if own:
            jobs.finish()
    if is_article:
        outreach.structured_data = structured_data(content, outreach, settings, language)
    content.outreach = outreach
    # The files written for it beside its page, which leave the site with it.
    content.derived_outputs = [
        name
        for name in (
            outreach.card and outreach.card.url,
            outreach.calendar,
            outreach.flyer and outreach.flyer.url,
        )
        if name
    ]


def written_articles(generator):
    """The articles Pelican writes, in the order it writes them."""
    return [
        *generator.translations,
        *generator.articles,
        *generator.hidden_translations,
        *generator.hidden_articles,
    ]


def prepare_article(generator, content):
    """Before the first post is written, every post of the build: their files are
    made by workers while the pages are written (finish_articles waits for them)."""
    jobs = getattr(generator, "outreach_jobs", None)
    if jobs is None:
        jobs = generator.outreach_jobs = Jobs()
        articles = written_articles(generator)
        for article in articles:
            prepare(generator, article, is_article=True, jobs=jobs)
        jobs.start(worker_count(generator.settings["OUTREACH_WORKERS"], jobs.to_hand_out))
        generator.outreach_prepared = {id(article) for article in articles}
    if id(content) not in generator.outreach_prepared:
        prepare(generator, content, is_article=True, jobs=jobs)


def finish_articles(generator, writer):
    jobs = getattr(generator, "outreach_jobs", None)
    if jobs is not None:
        jobs.finish()


def prepare_page(generator, content):
    prepare(generator, content, is_article=False)


def write_flyers(generator, writer):
    """Each campaign post's flyer on a page of its own (template flyer.html), in
    the post's language: the post page does not carry it, nor its print rules."""
    try:
        template = generator.get_template("flyer")
    except PelicanTemplateNotFound:
        # A theme of its own (Pelican's, say) has no flyer page to fill.
        logger.info("The theme has no flyer.html template: no flyer pages written")
        return
    written = (generator.articles, generator.translations)
    hidden = (generator.hidden_articles, generator.hidden_translations)
    for article in chain(*written, *hidden):
        outreach = getattr(article, "outreach", None)
        if outreach and outreach.flyer:
            # `article` gives the page its language; `noindex` keeps a print copy
            # of the post out of search engines (robots meta, sitemap).
            writer.write_file(
                outreach.flyer.url,
                template,
                generator.context,
                relative_urls=generator.settings["RELATIVE_URLS"],
                url=outreach.flyer.url,
                article=article,
                noindex=True,
            )


def register():
    signals.initialized.connect(set_defaults)
    # Sent just before each post or page is written: after every plugin's
    # all_generators_finalized, so the campaign plugin has set ``campaign``.
    signals.article_generator_write_article.connect(prepare_article)
    signals.article_writer_finalized.connect(finish_articles)
    signals.page_generator_write_page.connect(prepare_page)
    signals.article_writer_finalized.connect(write_flyers)
