"""Editors' tools: start a campaign post (``invoke new``), check the content
before publishing (``invoke check``) and preview it as it is written.

They read content with Pelican's own settings, readers and generators, and judge
campaign metadata with the campaign plugin's own model, so that what they accept
is exactly what the build accepts.
"""

from pathlib import Path

# The project folder: its settings files, content and theme.
ROOT = Path(__file__).resolve().parent.parent
