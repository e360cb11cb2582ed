"""Reference B: the project's site settings, but Pelican's stock theme and no plugins.

Only what the project adds is taken away (theme, plugins, the autoescaping the
project theme relies on), so that timing A against B shows what they cost.
"""

import os
import sys

# The bench builds from the project folder, as publishconf.py expects too.
sys.path.append(os.curdir)

# BENCH_BASE=publishconf gives the production variant, for the reader-cost page.
if os.environ.get("BENCH_BASE") == "publishconf":
    from publishconf import *  # noqa: E402,F403
else:
    from pelicanconf import *  # noqa: E402,F403

THEME = "notmyidea"
PLUGINS = []
# Pelican's default environment: the stock theme expects content unescaped.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True}
# Pelican's defaults: no content cache. pelicanconf.py turns it on, and its
# relative CACHE_PATH would land beside this file (bench/cache/local), kept from
# one run to the next: B would read its posts from a warm cache while Acold
# reads every post.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
