"""A site per language: the home page, the archive (years and months), the tag
and category pages and the 404 page of every language with posts or pages of its
own, under the language's folder (``es/index.html``, ``es/tag/x.html``…), each
listing that language's posts and saying how many exist only in other languages.

One more generator in the same build (the i18n_subsites plugin builds the whole
site again per language instead): it writes the lists Pelican's articles
generator writes, from the same templates and the same addresses with the
language's folder in front, after every post has been read and checked once.
"""

import logging
from dataclasses import dataclass, field
from functools import partial

from pelican import signals
from pelican.generators import Generator
from pelican.paginator import Paginator
from pelican.plugins.content_rules.archive import archive_nav
from pelican.plugins.content_rules.pelican_internals import period_archives_of
from pelican.plugins.content_rules.translations import is_translation

from .handlers import PAGE_LANG_KEY, SITES_KEY, language_of

logger = logging.getLogger(__name__)

# The page a static host serves for a missing address (nginx's error_page).
NOT_FOUND_SAVE_AS = "404.html"


@dataclass
class LanguageSite:
    """The list pages of one language: what they list, and where they are."""

    lang: str
    prefix: str  # "es/"; "" for the site's own language, whose lists Pelican writes
    articles: list = field(default_factory=list)  # newest first
    tags: list = field(default_factory=list)  # [(Tag, [articles])], as Pelican's context
    categories: list = field(default_factory=list)
    period_archives: dict = field(default_factory=dict)
    archive_nav: object = None
    others: int = 0  # posts with no version in this language
    not_found: object = None  # the 404 page in this language, or the site's
    paths: set = field(default_factory=set)  # the list pages written, unprefixed

    def url(self, path):
        """The address of list page ``path`` ("tag/x.html") in this language."""
        return self.prefix + path


def filed(item, original):
    """What a post is filed under: a translation (Translation_of) is filed with
    its original; a version with its own Category and Tags, under those."""
    return original if is_translation(item) else item


def version_in(original, lang, settings):
    """The published version of ``original`` in ``lang``, or None."""
    for item in [original, *getattr(original, "translations", [])]:
        if language_of(item, settings) == lang and item.status == "published":
            return item
    return None


def list_paths(settings, site):
    """Every list page (unprefixed) written for ``site``'s lists, later pages of
    paginated ones included (page/2/index.html): where a language switch can lead."""
    paths = set()
    lists = [(template, None, site.articles) for template in settings.get("DIRECT_TEMPLATES", ())]
    lists += [("tag", tag, items) for tag, items in site.tags]
    lists += [("category", category, items) for category, items in site.categories]
    for template, value, items in lists:
        if value is None:
            save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
            url = settings.get(f"{template.upper()}_URL", save_as)
        else:
            save_as, url = value.save_as, value.url
        if save_as:
            paths.update(paginated(settings, template, save_as, url, items))
    for periods in site.period_archives.values():
        paths.update(period["save_as"] for period in periods)
    return paths


def paginated(settings, template, save_as, url, items):
    """The files of a list's pages, as Pelican's writer names them."""
    if template not in settings.get("PAGINATED_TEMPLATES", {}):
        return [save_as]
    per_page = settings["PAGINATED_TEMPLATES"][template] or settings.get("DEFAULT_PAGINATION")
    pages = Paginator(save_as, url, items, settings, per_page)
    return [pages.page(number).save_as for number in range(1, pages.num_pages + 1)]


def plan_sites(generators):
    """LANGUAGE_SITES, in the context every template reads: one LanguageSite per
    language with published posts or pages, the site's own language included."""
    from pelican.generators import ArticlesGenerator, PagesGenerator

    articles_generator = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_generator = next((g for g in generators if isinstance(g, PagesGenerator)), None)
    settings = articles_generator.settings
    default = settings.get("DEFAULT_LANG") or "en"
    originals = articles_generator.articles
    pages = pages_generator.pages if pages_generator else []
    hidden = pages_generator.hidden_pages if pages_generator else []
    for item in [*originals, *pages, *articles_generator.hidden_articles, *hidden]:
        # In language order, whatever order the files were read in: a feed lists
        # the versions of one date in this order, the same from build to build.
        item.translations.sort(key=lambda version: version.lang)
    langs = {default}
    for item in [*originals, *pages]:
        langs.update(
            language_of(version, settings)
            for version in [item, *getattr(item, "translations", [])]
            if version.status == "published"
        )
    not_found = next((page for page in hidden if page.save_as == NOT_FOUND_SAVE_AS), None)
    sites = {}
    for lang in sorted(langs):
        if lang == default:
            site = LanguageSite(lang, "", list(originals), not_found=not_found)
            site.tags = list(articles_generator.tags.items())
            site.categories = list(articles_generator.categories)
            site.period_archives = articles_generator.period_archives
            site.archive_nav = articles_generator.context.get("ARCHIVE_NAV")
        else:
            site = language_site(articles_generator, lang, not_found)
        site.paths = list_paths(settings, site)
        sites[lang] = site
    for generator in generators:
        generator.context[SITES_KEY] = sites
    return sites


def language_site(articles_generator, lang, not_found):
    settings = articles_generator.settings
    site = LanguageSite(lang, f"{lang}/")
    tags, categories = {}, {}
    for original in articles_generator.articles:
        item = version_in(original, lang, settings)
        if item is None:
            site.others += 1
            continue
        site.articles.append(item)
        category = getattr(filed(item, original), "category", None)
        if category is not None:
            categories.setdefault(category, []).append(item)
        for tag in getattr(filed(item, original), "tags", None) or []:
            tags.setdefault(tag, []).append(item)
    site.tags = sorted(tags.items())
    site.categories = sorted(categories.items(), reverse=settings["REVERSE_CATEGORY_ORDER"])
    dates = sorted(
        site.articles, key=lambda item: item.date, reverse=settings["NEWEST_FIRST_ARCHIVES"]
    )
    site.period_archives = period_archives_of(articles_generator, dates, site.articles)
    site.archive_nav = archive_nav(site.articles, site.period_archives)
    if not_found is not None:
        version = version_in_any_status(not_found, lang, settings)
        site.not_found = version or not_found
        if version is not None:
            # Where a static host looks for it (deploy/nginx.conf): es/404.html.
            version.override_save_as = version.override_url = site.url(NOT_FOUND_SAVE_AS)
    # Newer and older posts in the same language: a Spanish post's links stay Spanish.
    for index, item in enumerate(site.articles):
        newer = site.articles[index - 1] if index else None
        older = site.articles[index + 1] if index + 1 < len(site.articles) else None
        item.next_article, item.prev_article = newer, older
    return site


def version_in_any_status(original, lang, settings):
    for item in getattr(original, "translations", []):
        if language_of(item, settings) == lang:
            return item
    return None


class LanguageSitesGenerator(Generator):
    """Writes each language's list pages and 404 page (LANGUAGE_SITES)."""

    def generate_context(self):
        pass  # planned once every generator has read its content (plan_sites)

    def generate_output(self, writer):
        sites = self.context.get(SITES_KEY) or {}
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        for site in sites.values():
            if site.prefix:
                self.write_site(site, write)

    def write_site(self, site, write):
        context = {
            **self.context,
            PAGE_LANG_KEY: site.lang,
            "ARCHIVE_NAV": site.archive_nav,
            "tags": site.tags,
            "categories": site.categories,
            "period_archives": site.period_archives,
            "articles": site.articles,
        }
        lists = {"articles": site.articles, "dates": site.articles, "blog": True}
        for template in self.settings.get("DIRECT_TEMPLATES", ()):
            save_as = self.settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
            url = self.settings.get(f"{template.upper()}_URL", save_as)
            if save_as:
                write(
                    site.url(save_as),
                    self.get_template(template),
                    context,
                    template_name=template,
                    page_name=template,
                    url=site.url("" if url == "index.html" else url),
                    **lists,
                )
        for kind in ("tag", "category"):
            for value, items in site.tags if kind == "tag" else site.categories:
                write(
                    site.url(value.save_as),
                    self.get_template(kind),
                    context,
                    url=site.url(value.url),
                    template_name=kind,
                    page_name=value.page_name,
                    articles=items,
                    dates=items,
                    blog=True,
                    **{kind: value},
                )
        for periods in site.period_archives.values():
            for period in periods:
                write(
                    site.url(period["save_as"]),
                    self.get_template("period_archives"),
                    {**context, "period": period["period"], "period_num": period["period_num"]},
                    articles=period["articles"],
                    dates=period["dates"],
                    template_name="period_archives",
                    blog=True,
                    url=site.url(period["url"]),
                )
        page = site.not_found
        if page is not None and language_of(page, self.settings) != site.lang:
            # No 404 page in this language: the site's, in this language's frame.
            write(
                site.url(NOT_FOUND_SAVE_AS),
                self.get_template(page.template),
                context,
                page=page,
                url=site.url(NOT_FOUND_SAVE_AS),
            )


def get_generators(pelican):
    return LanguageSitesGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(plan_sites)
