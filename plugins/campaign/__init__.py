"""Campaign plugin: signature-form link, deadline banner and live countdown."""

from .campaign import register

__all__ = ["register"]
