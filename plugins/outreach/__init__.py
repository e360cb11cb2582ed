"""Outreach plugin: share links, link previews, a social card, a calendar file and a
printable flyer for every campaign post.

It builds on the campaign plugin (``pelican.plugins.campaign``): it imports its
wording and errors, and reads the ``campaign`` it gives each post, so both go
into PLUGINS, the campaign plugin first.
"""

from .handlers import register

__all__ = ["register"]
