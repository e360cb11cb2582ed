"""Settings for building and previewing the site locally."""

import os


def N_(message):
    """Marks a setting's words for the catalogue (invoke messages): the theme
    shows them in each page's language. Pelican reads only upper-case names."""
    return message


SITENAME = N_("Immigrants' Rights Campaign")
SITESUBTITLE = N_("Defending immigrants and refugees, one signature at a time")
SITEURL = ""
AUTHOR = "Immigrants' Rights Working Group"

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["pages"]
STATIC_PATHS = ["images", "extra"]

TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
# As the original Blogger post wrote it: "Thursday, April 08, 2021". The language
# plugin writes the pages' dates with Babel (CLDR) in each page's language, the
# English ones in this same pattern, whatever the building machine's locale.
DEFAULT_DATE_FORMAT = "%A, %B %d, %Y"

THEME = "theme"
# The catalogues of every word the site and its plugins write (invoke messages);
# named here, so that a build with another theme keeps the plugins' words.
LANGUAGE_CATALOGUES = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "theme", "translations"
)
# The project's plugins (plugins/) are installed into .venv by `make`, in
# Pelican's plugin namespace beside the official ones.
PLUGINS = [
    "pelican.plugins.language",
    "pelican.plugins.content_rules",
    "pelican.plugins.campaign",
    "pelican.plugins.neighbors",
    "pelican.plugins.outreach",
    "pelican.plugins.blogger_labels",
]
# The project theme links the countdown script itself and styles the banner in
# its own stylesheet, so the plugin need not put asset tags into the content.
CAMPAIGN_ASSET_TAGS = False

# reST may not pull files from the building machine into the site, nor raw HTML.
DOCUTILS_SETTINGS = {"file_insertion_enabled": False, "raw_enabled": False}

# Titles and metadata are untrusted text: escape everything the templates print.
# jinja2.ext.i18n: {{ _("…") }} from the catalogue of the page's language (the
# language plugin installs the catalogues; Pelican 4.12 installs none).
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
}

# Same addresses as the original blog, so old links keep working.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}.html"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}.html"
PAGE_URL = "pages/{slug}.html"
PAGE_SAVE_AS = "pages/{slug}.html"
# Translations (Lang: es) under the language's folder, beside the original's address.
ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = "{lang}/{date:%Y}/{date:%m}/{slug}.html"
PAGE_LANG_URL = PAGE_LANG_SAVE_AS = "{lang}/pages/{slug}.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "categories", "tags"]

DEFAULT_PAGINATION = 10
# Later pages of a list in a folder of their own (page/2/index.html, tag/x/page/2/
# index.html): Pelican's default names page 5 of tag "x 1" x-15.html, which is the
# first page of tag "x 15".
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 50

# Feeds need absolute addresses: publishconf.py turns them on.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = True

# Pelican's content cache: a build reads again only the files that changed since
# the cache was written, known by their content (a fresh checkout, as in CI,
# gives every file a new time). The content rules plugin drops a cache made with
# other settings or readers. Social cards, calendar files and QR codes are kept
# there too (outreach/).
CACHE_PATH = "cache/local"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha256"
