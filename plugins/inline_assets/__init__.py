"""Inline assets plugin: the theme's stylesheet and the countdown script inside each
page, allowed by their sha256 hashes in the Content-Security-Policy."""

from .handlers import register

__all__ = ["register"]
