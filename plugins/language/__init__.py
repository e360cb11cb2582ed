"""Language plugin: one gettext catalogue for every word the site writes on its own,
and CLDR dates, times and plurals (Babel), in the language of the page being written.

The catalogues live in the theme (``translations/<lang>/LC_MESSAGES/messages.po``) and
are compiled in memory when first asked for, so an edited ``.po`` shows in the next
build and no compiled file is kept in the project.
"""

from . import handlers, sites
from .catalogue import known_languages, translations
from .formats import (
    format_date,
    format_datetime,
    format_number,
    locale_of,
    part_attributes,
    plural_samples,
    text_direction,
)
from .handlers import context_language, language_of

__all__ = [
    "context_language",
    "format_date",
    "format_datetime",
    "format_number",
    "known_languages",
    "language_of",
    "locale_of",
    "part_attributes",
    "text_direction",
    "plural_samples",
    "register",
    "translations",
]


def register():
    handlers.register()
    sites.register()
