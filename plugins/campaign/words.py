"""The countdown's words, for the script to read from the page it runs on: each
message in the page's language, each plural message once per CLDR plural
category of that language (the script picks one with Intl.PluralRules)."""

from jinja2 import pass_context
from pelican.plugins.language import context_language, locale_of, plural_samples, translations

from .markup import CLOSED_ON, N_plural

# The units of the time left: (key, (singular, plural)).
UNITS = (
    ("d", N_plural("%(num)s day", "%(num)s days")),
    ("h", N_plural("%(num)s hour", "%(num)s hours")),
    ("m", N_plural("%(num)s minute", "%(num)s minutes")),
    ("s", N_plural("%(num)s second", "%(num)s seconds")),
)
# The script fills #, {a}, {b} and {t}: short, so the page stays small.
PLACEHOLDERS = {"num": "#", "larger": "{a}", "smaller": "{b}", "time": "{t}"}


def _short(text):
    return text % PLACEHOLDERS


def countdown_words(settings, lang):
    """{"locale": "es-US", "d": {"one": "# día", "other": "# días"}, …, "left": …}:
    a form is left out where it is the same as "other"."""
    catalogue = translations(settings, lang)
    samples = plural_samples(lang, settings)
    words = {"locale": str(locale_of(lang, settings)).replace("_", "-")}
    for key, (singular, plural) in UNITS:
        forms = {
            category: _short(catalogue.ngettext(singular, plural, number))
            for category, number in samples.items()
        }
        other = forms.get("other")
        words[key] = {c: form for c, form in forms.items() if c == "other" or form != other}
    gettext = catalogue.gettext
    words.update(
        pair=_short(gettext("%(larger)s, %(smaller)s")),
        left=_short(gettext("%(time)s left.")),
        where=_short(gettext("That is %(time)s where you are.")),
        closed=_short(gettext(CLOSED_ON)),
        status=gettext("Signing has closed."),
    )
    return words


def add_countdown_words(generator):
    """``campaign_words()`` in templates: the words for the page being written."""
    settings = generator.settings

    @pass_context
    def campaign_words(context):
        return countdown_words(settings, context_language(context))

    generator.env.globals["campaign_words"] = campaign_words
