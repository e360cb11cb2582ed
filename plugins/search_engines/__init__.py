"""Search engines plugin: ``sitemap.xml``, every published page with its
language versions (``xhtml:link rel="alternate" hreflang``), and ``robots.txt``
announcing it by its absolute address.

Enabled in the production build only (publishconf.py): both files need the
site's absolute address.
"""

from .handlers import register

__all__ = ["register"]
