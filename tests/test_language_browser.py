"""The Spanish countdown in real Chromium whose own language (German) and time zone
(Tokyo) are neither the page's nor the campaign's: every word is Spanish, and the
English page in the same browser is all English. Both close together, live."""

import datetime as dt
import re

import pytest
from conftest import POST_PATH, SiteServer, build_ok
from language_helpers import POST_ES, spanish_content

DEADLINE = dt.datetime(2021, 4, 14, 3, 59, 59, tzinfo=dt.UTC)
GERMAN = ("Mittwoch", "April", " um ", "Uhr", "Tag", "Stunde", "Minute", "noch")
ENGLISH = ("left", "Sign", "day", "hour", "That is", "where you are", "closed")


@pytest.fixture(scope="module")
def spanish_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("spanish-browser")
    server = SiteServer(root / "output")
    build_ok(root / "output", content=spanish_content(root), siteurl=server.url)
    yield server.start()
    server.stop()


def open_at(browser, server, path, at):
    context = browser.new_context(locale="de-DE", timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.clock.install(time=at - dt.timedelta(seconds=1))
    page.clock.pause_at(at)
    page.goto(f"{server.url}/{path}")
    page.wait_for_function("document.querySelector('main .campaign-countdown').textContent")
    return page


def banner_text(page):
    return " ".join(page.locator("main aside.campaign-banner").text_content().split())


def test_the_spanish_countdown_is_all_spanish(browser, spanish_site):
    at = DEADLINE - dt.timedelta(days=1, hours=6, minutes=15)
    page = open_at(browser, spanish_site, POST_ES, at)
    assert page.evaluate("navigator.language") == "de-DE"
    assert page.evaluate("document.documentElement.lang") == "es"
    countdown = page.locator("main .campaign-countdown").text_content()
    # Intl's es-US for the reader's own time in Tokyo (GMT+9).
    assert re.fullmatch(
        r"Tiempo restante: 1 día y 6 horas\. En tu zona horaria: miércoles, 14 de abril"
        r",? 12:59\sp\.\s?m\. GMT\+9\.",
        countdown,
    ), countdown
    whole = banner_text(page)
    assert whole.startswith("Firma a más tardar el martes, 13 de abril de 2021"), whole
    for word in GERMAN + ENGLISH:
        assert word not in whole, (word, whole)
    page.context.close()


@pytest.mark.parametrize(
    "before,expected",
    [
        (dt.timedelta(days=2, hours=1), "Tiempo restante: 2 días y 1 hora."),
        (dt.timedelta(minutes=1, seconds=30), "Tiempo restante: 1 minuto."),
        (dt.timedelta(seconds=1.5), "Tiempo restante: 1 segundo."),
    ],
)
def test_spanish_plurals(browser, spanish_site, before, expected):
    page = open_at(browser, spanish_site, POST_ES, DEADLINE - before)
    assert page.locator("main .campaign-countdown").text_content().startswith(expected)
    page.context.close()


def test_the_english_page_in_the_same_browser_is_all_english(browser, spanish_site):
    at = DEADLINE - dt.timedelta(days=1, hours=6, minutes=15)
    page = open_at(browser, spanish_site, POST_PATH, at)
    whole = banner_text(page)
    assert whole.startswith("Sign by Tuesday, April 13, 2021, 11:59 PM EDT. 1 day, 6 hours left.")
    assert re.search(r"That is Wednesday, April 14(,| at) 12:59\sPM GMT\+9 where you are\.", whole)
    for word in GERMAN[:1] + GERMAN[2:] + ("Firma", "día", "Tiempo"):
        assert word not in whole, (word, whole)
    page.context.close()


def test_both_versions_close_together_live(browser, spanish_site):
    pages = [
        open_at(browser, spanish_site, path, DEADLINE - dt.timedelta(seconds=2))
        for path in (POST_ES, POST_PATH)
    ]
    for page in pages:
        page.clock.run_for(3000)
    spanish, english = pages
    for page in pages:
        banner = page.locator("main aside.campaign-banner")
        assert banner.get_attribute("data-campaign-state") == "closed"
        assert page.locator("main a.campaign-sign").count() == 0
    assert banner_text(spanish).startswith("La recogida de firmas cerró el martes, 13 de abril")
    assert spanish.locator("main [role=status]").text_content() == (
        "La recogida de firmas ha terminado."
    )
    assert english.locator("main [role=status]").text_content() == "Signing has closed."
    for page in pages:
        page.context.close()


@pytest.mark.parametrize("path", [POST_ES, "es/pages/resolution.html"])
def test_the_spanish_pages_pass_axe(browser, spanish_site, path):
    from browser_gates import axe_check

    # The real clock (axe waits on timers a stopped clock would hold): closed by now.
    page = browser.new_context(locale="de-DE", timezone_id="Asia/Tokyo").new_page()
    page.goto(f"{spanish_site.url}/{path}")
    violations, passed, _undecided = axe_check(page)
    assert violations == []
    # The language rules ran: <html lang> and the switch's lang are valid.
    assert {"html-has-lang", "html-lang-valid", "valid-lang"} <= passed
    page.context.close()
