"""The nearest catalogue: a language without its own takes its parent language's
words, then the site's; each phrase says which language it is in."""

import shutil

import pytest
from conftest import ROOT
from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.language.catalogue import nearest_catalogues, translations
from pelican.plugins.language.formats import same_language, text_direction


@pytest.fixture
def settings(tmp_path):
    """The project's catalogues, with a "pt" one made of the Spanish words (a stand-in)."""
    folder = tmp_path / "translations"
    shutil.copytree(ROOT / "theme/translations", folder)
    shutil.copytree(folder / "es", folder / "pt")
    return {"LANGUAGE_CATALOGUES": str(folder), "DEFAULT_LANG": "en"}


@pytest.mark.parametrize(
    ("lang", "nearest"),
    [
        ("pt-BR", ["pt", "en"]),
        ("pt", ["pt", "en"]),
        ("es-419", ["es", "en"]),
        ("zh-Hant-TW", ["en"]),
        ("x-klingon", ["en"]),
        ("en", ["en"]),
    ],
)
def test_the_nearest_catalogues_in_order(settings, lang, nearest):
    assert nearest_catalogues(settings, lang) == nearest


def test_each_phrase_says_its_language(settings):
    words = translations(settings, "pt-BR")
    assert words.find("gettext", "Home") == ("Inicio", "pt")
    assert words.gettext("Home") == "Inicio"
    # A message no catalogue has: the msgid itself, in English.
    assert words.find("gettext", "No such message") == ("No such message", "en")
    assert words.find("ngettext", "%(num)s post", "%(num)s posts", 2) == ("%(num)s entradas", "pt")
    klingon = translations(settings, "x-klingon")
    assert klingon.find("gettext", "Home")[1] == "en" and klingon.shown == "en"


@pytest.mark.parametrize("lang", ["ES", "es_MX", "", "../es", "es es", "e"])
def test_a_code_that_names_no_language_is_refused(settings, lang):
    with pytest.raises(ContentError) as caught:
        translations(settings, lang)
    assert caught.value.field == "lang"


@pytest.mark.parametrize(
    ("lang", "direction"),
    [
        ("ar", "rtl"),
        ("fa", "rtl"),
        ("he", "rtl"),
        ("iw", "rtl"),
        ("ur", "rtl"),
        ("ckb", "rtl"),
        ("yi", "rtl"),
        ("en", "ltr"),
        ("zh-Hant", "ltr"),
        ("x-klingon", "ltr"),
        ("", "ltr"),
    ],
)
def test_the_direction_of_a_language_comes_from_cldr(lang, direction):
    assert text_direction(lang) == direction


def test_a_regional_variant_is_the_same_language_but_another_script_is_not():
    assert same_language("pt-BR", "pt") and same_language("iw", "he")
    assert not same_language("zh-Hant", "zh-Hans") and not same_language("en", "ar")
