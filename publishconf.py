"""Settings for the production build: absolute addresses, feeds, a clean output."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The deployed address, e.g. https://example.github.io/campaign. CI sets it
# from the hosting configuration; the default suits `invoke preview`.
SITEURL = os.environ.get("SITEURL", "http://127.0.0.1:8000").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
# One feed per language: the default language's articles in all.atom.xml, a
# translation's in all-es.atom.xml and the like.
TRANSLATION_FEED_ATOM = "feeds/all-{lang}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True
# Its own cache, the one CI keeps between runs (.github/workflows/deploy.yml):
# local builds, with other settings, would make it start cold.
CACHE_PATH = "cache/publish"

# A post dated in the future waits for the first build on or after its date
# (CI rebuilds daily). Until then it is a draft, and drafts are not written
# at all: a guessable drafts/ address would publish it early.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""

# A strict policy for hosts that cannot send headers; `extra/_headers` repeats
# it, with the headers a <meta> element cannot carry, for hosts that can. The
# inline assets plugin adds the sha256 hashes of the stylesheet and script it
# puts into the pages (no round trip before the first paint) to style-src and
# script-src, and fills the result into `_headers`.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)
# Hosts read the headers file from the site's root.
EXTRA_PATH_METADATA = {
    **globals().get("EXTRA_PATH_METADATA", {}),
    "extra/_headers": {"path": "_headers"},
}

PLUGINS = [*PLUGINS, "pelican.plugins.inline_assets"]  # noqa: F405

# sitemap.xml (every page, with its language versions) and robots.txt naming it
# by its absolute address: production only, where SITEURL is absolute.
# A gzip and a brotli copy beside every text file (page.html.gz, page.html.br),
# for servers that send them as they are (nginx's gzip_static and brotli_static).
# Both named here, and brotli pinned in requirements.txt, so that whichever
# optional compressors happen to be installed, the output is the same. The
# plugin writes brotli at its best quality (11): pages a fifth smaller than
# gzip's, for about 16 ms of CPU per text file (a 300-post publish: 22 s of
# CPU instead of 9 s).
PLUGINS = [*PLUGINS, "pelican.plugins.search_engines", "precompress"]
PRECOMPRESS_GZIP = PRECOMPRESS_BROTLI = True
PRECOMPRESS_ZOPFLI = PRECOMPRESS_ZSTANDARD = False
PRECOMPRESS_TEXT_EXTENSIONS = {".html", ".css", ".js", ".svg", ".xml", ".json", ".txt", ".ics"}
