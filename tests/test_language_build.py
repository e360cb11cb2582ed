"""A post and a page in English and Spanish, built by Pelican: each page in its own
language throughout, linked to the other, one campaign shared by both versions."""

import json

import pytest
from bs4 import BeautifulSoup
from conftest import AFTER_DEADLINE, BEFORE_DEADLINE, POST_PATH, RESOLUTION_PATH, build, build_ok
from language_helpers import (
    FLYER_ES,
    POST_ES,
    RESOLUTION_ES,
    SPANISH_POST,
    spanish_content,
    text_of,
)

SITEURL = "http://127.0.0.1:8000"


def soup(path):
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module", params=["open", "closed"])
def site(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"spanish-{request.param}")
    now = BEFORE_DEADLINE if request.param == "open" else AFTER_DEADLINE
    return request.param, build_ok(root / "output", content=spanish_content(root), now=now)


def test_each_page_is_in_its_own_language_and_names_the_other(site):
    _state, output = site
    for own, other, lang, other_lang in (
        (POST_PATH, POST_ES, "en", "es"),
        (POST_ES, POST_PATH, "es", "en"),
        (RESOLUTION_PATH, RESOLUTION_ES, "en", "es"),
        (RESOLUTION_ES, RESOLUTION_PATH, "es", "en"),
    ):
        page = soup(output / own)
        assert page.html["lang"] == lang
        alternates = {
            link["hreflang"]: link["href"] for link in page.find_all("link", hreflang=True)
        }
        assert alternates == {
            lang: f"{SITEURL}/{own}",
            other_lang: f"{SITEURL}/{other}",
            "x-default": f"{SITEURL}/{POST_PATH if 'pages' not in own else RESOLUTION_PATH}",
        }
        switch = page.select_one("nav.language-switch a")
        assert switch["href"] == f"{SITEURL}/{other}"
        assert switch["hreflang"] == switch["lang"] == other_lang
        assert switch.get_text() == {"es": "Español", "en": "English"}[other_lang]
        locales = {"en": "en_US", "es": "es_US"}
        assert page.find("meta", property="og:locale")["content"] == locales[lang]
        alternate = page.find("meta", property="og:locale:alternate")
        assert alternate["content"] == locales[other_lang]


def test_each_list_links_to_its_counterpart_in_the_other_language(site):
    _state, output = site
    for english, spanish in (
        ("index.html", "es/"),
        ("archives.html", "es/archives.html"),
        ("2021/", "es/2021/"),
        ("tag/immigration.html", "es/tag/immigration.html"),
        ("category/immigrants-rights.html", "es/category/immigrants-rights.html"),
    ):
        for own, other, lang, other_lang in (
            (english, spanish, "en", "es"),
            (spanish, english, "es", "en"),
        ):
            page = soup(output / (own + "index.html" if own.endswith("/") else own))
            assert page.html["lang"] == lang
            switch = page.select_one("nav.language-switch a")
            assert switch["href"] == f"{SITEURL}/{other.replace('index.html', '')}", own
            assert switch["hreflang"] == other_lang
            alternates = {
                link["hreflang"]: link["href"] for link in page.find_all("link", hreflang=True)
            }
            english_url = f"{SITEURL}/{english.replace('index.html', '')}"
            assert alternates == {
                "en": english_url,
                "es": f"{SITEURL}/{spanish.replace('index.html', '')}",
                "x-default": english_url,
            }


def test_pages_without_a_translation_have_no_switch(tmp_path):
    content = spanish_content(tmp_path, resolution=None)
    output = build_ok(tmp_path / "output", content=content)
    page = soup(output / RESOLUTION_PATH)
    assert page.html["lang"] == "en"
    assert page.select("nav.language-switch") == []
    assert page.find_all("link", hreflang=True) == []


def test_the_spanish_banner_dates_and_plurals(site):
    state, output = site
    page = soup(output / POST_ES)
    banner = page.select_one("main aside.campaign-banner")
    # Both versions share the original's campaign: same deadline, form and state.
    english = soup(output / POST_PATH).select_one("main aside.campaign-banner")
    assert banner["data-campaign-deadline"] == english["data-campaign-deadline"]
    assert banner["data-campaign-state"] == english["data-campaign-state"] == state
    when = "martes, 13 de abril de 2021, 11:59\u202fp.m. EDT"
    assert banner.time.get_text() == when
    text = " ".join(banner.get_text(" ").split())
    when = " ".join(when.split())  # as the text reads, spaces squeezed
    if state == "open":
        assert text.startswith(f"Firma a más tardar el {when} . Meta: 100 firmas. Firma ahora")
        assert (
            banner.select_one("a.campaign-sign")["href"]
            == english.select_one("a.campaign-sign")["href"]
        )
        words = json.loads(page.find("script", id="campaign-words").string)
        assert words["locale"] == "es-US"
        assert words["d"] == {"one": "# día", "other": "# días"}
        assert words["left"] == "Tiempo restante: {t}."
    else:
        assert text.startswith(f"La recogida de firmas cerró el {when} . La meta era 100 firmas.")
        assert page.select("main a.campaign-sign") == []
        assert page.find("script", id="campaign-words") is None
    date = page.select_one(".date-header time")
    assert date.get_text() == "jueves, 8 de abril de 2021"
    footer = text_of(str(page.select_one(".post-footer")))
    assert "Publicado el jueves, 8 de abril de 2021, 12:00 a.m. EDT" in footer
    # Filed with its original, in the Spanish list of its category: no category of its own.
    category = page.select_one(".post-footer a")
    assert category["href"] == f"{SITEURL}/es/category/immigrants-rights.html"
    # The category's name is the original's English words, marked as such.
    assert category["lang"] == "en"
    assert not (output / "category" / "es.html").exists()
    # The English page keeps the original blog's wording.
    assert soup(output / POST_PATH).select_one(".date-header time").get_text() == (
        "Thursday, April 08, 2021"
    )


def test_the_derived_words_follow_the_language(site):
    state, output = site
    page = soup(output / POST_ES)
    description = page.find("meta", property="og:description")["content"]
    assert description.startswith("Firma a más tardar el" if state == "open" else "La recogida")
    assert page.find("meta", property="og:image:alt")["content"].endswith(
        "Campaña por los Derechos de los Inmigrantes."
    )
    labels = [a["aria-label"] for a in page.select(".share-links a")]
    assert labels[:2] == ["Compartir por correo electrónico", "Compartir en Bluesky"]
    if state != "open":  # no calendar file nor flyer for a closed campaign
        assert not (output / POST_ES.replace(".html", ".ics")).exists()
        assert not (output / FLYER_ES).exists() and page.select_one(".flyer-link") is None
        return
    calendar = (output / POST_ES.replace(".html", ".ics")).read_text("utf-8")
    calendar = calendar.replace("\r\n ", "")
    assert "SUMMARY:Último momento para firmar: Defender los derechos" in calendar
    assert "Queda un día para firmar" in calendar
    assert "Sign by" not in calendar and "More:" not in calendar
    # The flyer: not on the post, which links it, but on a Spanish page of its own.
    assert page.select_one("section.flyer") is None
    link = page.select_one(".flyer-link a")
    assert link.get_text() == "Volante para imprimir"
    assert link["href"].endswith(f"/{FLYER_ES}")
    flyer_page = soup(output / FLYER_ES)
    assert flyer_page.html["lang"] == "es"
    assert "Imprime esta página" in text_of(str(flyer_page.select_one(".flyer-intro")))
    section = flyer_page.select_one("section.flyer")
    assert section["aria-label"] == "Volante para imprimir"
    flyer = text_of(str(section))
    assert "Firma a más tardar el martes, 13 de abril de 2021" in flyer
    assert "La recogida" not in flyer
    assert f"Más información: {link['href'].replace('-flyer.html', '.html')}" in flyer
    assert "Sign by" not in flyer and "More:" not in flyer


def test_the_spanish_chrome(site):
    _state, output = site
    page = soup(output / RESOLUTION_ES)
    nav = [a.get_text() for a in page.select("nav.site-nav a")]
    assert nav == ["Inicio", "La resolución", "Archivo"]
    assert page.select_one(".skip-link").get_text() == "Saltar al contenido"
    assert (
        page.select_one(".site-title").get_text() == "Campaña por los Derechos de los Inmigrantes"
    )
    assert page.select_one("nav.blog-archive time[datetime='2021-04']").get_text() == (
        "abril de 2021"
    )


def failing_build(tmp_path, **changes):
    content = spanish_content(tmp_path, **changes)
    result = build(tmp_path / "output", content=content)
    assert result.returncode != 0
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert not any("Traceback" in line for line in lines), lines
    return " ".join(" ".join(lines).split())


@pytest.mark.parametrize(
    "change,expected",
    [
        (
            ("Translation_of: defend-immigrants-rights", "Translation_of: no-such-post"),
            "content/es/2021-04-08-defend-immigrants-rights.md:5: translation_of "
            "'no-such-post' names no post in the site's language (en); expected the slug "
            "of an existing post, one of: defend-immigrants-rights",
        ),
        (
            ("Lang: es\n", "Lang: es\nSlug: defender-los-derechos\n"),
            "content/es/2021-04-08-defend-immigrants-rights.md:5: slug "
            "'defender-los-derechos' differs from translation_of 'defend-immigrants-rights'; "
            "expected no Slug: line in a translation (it takes its original's slug)",
        ),
        (
            ("Lang: es\n", "Lang: es_US\n"),
            "content/es/2021-04-08-defend-immigrants-rights.md:4: lang 'es_US' is not a "
            "language code; expected a language code (BCP 47) such as es, pt-BR, zh-Hant or ar",
        ),
        (
            ("Lang: es\n", "Lang: es\nDeadline: 2021-04-20\n"),
            "content/es/2021-04-08-defend-immigrants-rights.md:5: deadline '2021-04-20' is "
            "given in a translation; expected no campaign fields: a translation shares its "
            "original's campaign (defend-immigrants-rights)",
        ),
    ],
)
def test_a_wrong_translation_stops_the_build_with_one_line(tmp_path, change, expected):
    old, new = change
    said = failing_build(tmp_path, post=SPANISH_POST.replace(old, new))
    assert expected in said, said


def test_make_check_lists_every_translation_error(tmp_path, monkeypatch):
    from editorial.check import check_content

    post = SPANISH_POST.replace("Lang: es\n", "Lang: es\nSignature_goal: 50\nTags: otra\n")
    resolution = "Title: Sin original\nLang: es\nTranslation_of: no-such-page\n\nTexto.\n"
    content = spanish_content(tmp_path, post=post, resolution=resolution)
    monkeypatch.chdir(tmp_path)
    findings = [str(f) for f in check_content(content=content) if f.severity == "error"]
    assert findings == [
        "content/es/2021-04-08-defend-immigrants-rights.md:5: error: signature_goal '50' is "
        "given in a translation; expected no campaign fields: a translation shares its "
        "original's campaign (defend-immigrants-rights)",
        "content/es/2021-04-08-defend-immigrants-rights.md:6: error: tags 'otra' is given in "
        "a translation; expected no such line: a translation is filed with its original",
        "content/pages/es/resolution.md:3: error: translation_of 'no-such-page' names no page "
        "in the site's language (en); expected the slug of an existing page, one of: 404, "
        "resolution",
    ], findings
