"""The printable flyer, in real Chromium: a page of its own beside the post, one page
on paper with a QR code that reads back as the form; the post itself prints as the post."""

import datetime as dt
import io

import pytest
import zxingcpp
from conftest import POST_PATH
from outreach_helpers import (
    DEADLINE_TEXT,
    FLYER_PATH,
    FLYER_TEXT,
    FORM,
    LONG_TITLE,
    SHARE_SERVICES,
    serve_tricky_site,
)
from PIL import Image
from pypdf import PdfReader


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    yield from serve_tricky_site(tmp_path_factory)


# The printable flyer, in Chromium


def open_post(browser, server, path=POST_PATH, now=dt.datetime(2021, 4, 10, tzinfo=dt.UTC)):
    context = browser.new_context(timezone_id="America/New_York")
    context.clock.install(time=now)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server.url}/{path}")
    page.wait_for_load_state("networkidle")
    return page, requests


def pages_printed(page, paper):
    return len(PdfReader(io.BytesIO(page.pdf(format=paper))).pages)


def open_flyer(browser, server, path=FLYER_PATH, now=dt.datetime(2021, 4, 10, tzinfo=dt.UTC)):
    return open_post(browser, server, path, now)


def test_the_post_links_its_flyer_and_carries_none_of_it(browser, served_site):
    server = served_site("open")
    page, requests = open_post(browser, server)
    assert page.locator(".flyer, .flyer-qr").count() == 0
    assert page.locator(".share-links a").count() == len(SHARE_SERVICES)
    assert page.get_by_role("link", name="Share on Bluesky").is_visible()
    assert page.get_by_role("link", name="Add the deadline to your calendar").is_visible()
    link = page.get_by_role("link", name="Printable flyer", exact=True)
    assert link.get_attribute("href") == f"{server.url}/{FLYER_PATH}"
    assert all(url.startswith(server.url) for url in requests), requests
    assert not [url for url in requests if url.endswith((".png", ".ics", ".svg.gz"))]
    assert len(requests) <= 4, requests
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{server.url}/{FLYER_PATH}"
    page.context.close()


def test_printed_the_post_is_the_post(browser, served_site):
    server = served_site("open")
    page, _ = open_post(browser, server)
    page.emulate_media(media="print")
    assert page.locator(".post-title").is_visible()
    assert page.locator(".post-body").is_visible()
    for hidden in (".site-header", ".site-footer", ".post-nav", ".share", ".flyer-link"):
        assert not page.locator(hidden).first.is_visible(), hidden
    page.context.close()


def test_on_screen_the_flyer_page_says_how_to_print_it(browser, served_site):
    server = served_site("open")
    page, requests = open_flyer(browser, server)
    intro = page.locator(".flyer-intro")
    assert intro.get_by_role("heading", level=1).text_content() == "Printable flyer"
    assert "Ctrl+P" in intro.text_content()
    assert intro.get_by_role("link").get_attribute("href") == f"{server.url}/{POST_PATH}"
    assert page.locator(".flyer-qr").is_visible()
    assert all(url.startswith(server.url) for url in requests), requests
    assert len(requests) <= 2, requests
    page.context.close()


def test_printed_the_flyer_page_is_a_one_page_flyer_with_a_qr_code(browser, served_site, artifacts):
    server = served_site("open")
    page, _ = open_flyer(browser, server)
    page.emulate_media(media="print")
    flyer = page.locator(".flyer")
    assert flyer.is_visible()
    assert flyer.locator(".flyer-title").text_content() == "Defend Immigrants Rights"
    assert flyer.locator(".flyer-text").text_content().startswith("As you may know")
    assert DEADLINE_TEXT in flyer.locator(".flyer-deadline").text_content()
    assert flyer.locator(".flyer-url").text_content() == FORM
    assert flyer.locator(".flyer-url").is_visible()
    more = flyer.locator(".flyer-more").text_content()
    assert more == f"More: {server.url}/{POST_PATH}"
    qr = flyer.locator("svg.flyer-qr")
    assert qr.is_visible() and qr.locator("path").count() == 1
    assert qr.bounding_box()["width"] > 200
    assert flyer.locator(".flyer-closed").count() == 0
    for hidden in (".site-header", ".site-footer", ".flyer-intro", ".skip-link"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for paper in ("A4", "Letter"):
        assert pages_printed(page, paper) == 1, paper
    (artifacts / "flyer-a4.pdf").write_bytes(page.pdf(format="A4"))
    page.context.close()


def test_the_printed_qr_code_reads_back_as_the_form_address(browser, served_site, artifacts):
    server = served_site("open")
    page, _ = open_flyer(browser, server)
    page.emulate_media(media="print")
    png = page.locator(".flyer-qr").screenshot()
    (artifacts / "flyer-qr.png").write_bytes(png)
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [(code.format, code.text) for code in found] == [(zxingcpp.BarcodeFormat.QRCode, FORM)]
    page.context.close()


def test_a_long_title_still_prints_on_one_page_with_the_chosen_paragraph(browser, tricky_site):
    page, _ = open_flyer(browser, tricky_site, "2021/04/long-flyer.html")
    page.emulate_media(media="print")
    assert page.locator(".flyer-qr").is_visible()
    assert page.locator(".flyer-title").text_content() == LONG_TITLE
    # Flyer_text is printed as the editor wrote it: words, not markup.
    assert page.locator(".flyer-text").text_content() == FLYER_TEXT
    for paper in ("A4", "Letter"):
        assert pages_printed(page, paper) == 1, paper
    page.context.close()


def test_a_build_after_the_deadline_writes_no_flyer_and_links_none(served_site):
    # A flyer with a QR code to a closed form helps nobody: a closed campaign
    # costs what a plain post costs (its card aside).
    server = served_site("closed")
    assert not (server.root / FLYER_PATH).exists()
    assert (server.root / POST_PATH).is_file()
    linking = [
        page.relative_to(server.root).as_posix()
        for page in server.root.rglob("*.html")
        if FLYER_PATH.rsplit("/", 1)[1] in page.read_text(encoding="utf-8")
    ]
    assert linking == []
