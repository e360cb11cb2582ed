"""Settings for building and previewing the site locally."""

SITENAME = "Immigrants' Rights Campaign"
SITESUBTITLE = "Defending immigrants and refugees, one signature at a time"
SITEURL = ""
AUTHOR = "Immigrants' Rights Working Group"

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["pages"]
STATIC_PATHS = ["images", "extra"]

TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
# As the original Blogger post wrote it: "Thursday, April 08, 2021".
DEFAULT_DATE_FORMAT = "%A, %B %d, %Y"

THEME = "theme"
# The project's plugins (plugins/) are installed into .venv by `make`, in
# Pelican's plugin namespace beside the official ones.
PLUGINS = [
    "pelican.plugins.content_rules",
    "pelican.plugins.campaign",
    "pelican.plugins.neighbors",
    "pelican.plugins.outreach",
]
# The project theme links the countdown script itself and styles the banner in
# its own stylesheet, so the plugin need not put asset tags into the content.
CAMPAIGN_ASSET_TAGS = False

# reST may not pull files from the building machine into the site, nor raw HTML.
DOCUTILS_SETTINGS = {"file_insertion_enabled": False, "raw_enabled": False}

# Titles and metadata are untrusted text: escape everything the templates print.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Same addresses as the original blog, so old links keep working.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}.html"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}.html"
PAGE_URL = "pages/{slug}.html"
PAGE_SAVE_AS = "pages/{slug}.html"
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
