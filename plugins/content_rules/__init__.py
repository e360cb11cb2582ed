"""Content rules plugin: what every post and page must be to be built, campaign or
not (a title, an address of its own, links that resolve, text that is safe to show).

The build stops on the first broken rule with one line; ``invoke check`` reports
every one, through the same functions.
"""

from .handlers import register

__all__ = ["register"]
