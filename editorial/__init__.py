"""Editors' tools: start a campaign post (``invoke new``) and check the content
before publishing (``invoke check``).

They read content with Pelican's own settings, readers and generators, and judge
campaign metadata with the campaign plugin's own rules, so that what they accept
is exactly what the build accepts.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ROOT / "plugins"

# The campaign plugin is loaded by Pelican from PLUGIN_PATHS as the top-level
# package ``campaign``; importing it under the same name keeps a single copy.
if str(PLUGINS) not in sys.path:
    sys.path.insert(0, str(PLUGINS))
