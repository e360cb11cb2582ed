"""Outreach plugin: share links, link previews, a social card, a calendar file and a
printable flyer for every campaign post."""

from .outreach import register

__all__ = ["register"]
