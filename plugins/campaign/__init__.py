"""Campaign plugin: signature-form link, deadline banner and live countdown."""

from .handlers import register

__all__ = ["register"]
