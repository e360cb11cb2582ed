"""A site with five languages (English, Spanish, Arabic, Persian, Haitian Creole), as
readers see it in Chromium at a phone's and a desktop's width: the language switch
never squeezes the site's name, which used to break mid-word ("Immigrant / s' Rights")
beside four language names at 1280 px."""

import re
import shutil

import pytest
from conftest import CONTENT, POST_PATH, SiteServer, build_ok

ORIGINAL = CONTENT / "ar/2021-04-08-defend-immigrants-rights.md"
TITLES = {"fa": "دفاع از حقوق مهاجران 2021 DSA", "ht": "Defann dwa imigran yo"}
PAGES = [POST_PATH] + [f"{lang}/{POST_PATH}" for lang in ("ar", "fa", "ht", "es")] + ["fa/"]


def many_languages_content(root):
    content = root / "content"
    shutil.copytree(CONTENT, content)
    arabic = ORIGINAL.read_text("utf-8")
    for lang, title in TITLES.items():
        text = re.sub(r"(?m)^Title: .*$", f"Title: {title}", arabic)
        text = re.sub(r"(?m)^Lang: ar$", f"Lang: {lang}", text)
        (content / lang).mkdir()
        (content / lang / ORIGINAL.name).write_text(text, "utf-8")
    return content


@pytest.fixture(scope="module")
def many_languages_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("many-languages")
    server = SiteServer(root / "output")
    build_ok(root / "output", content=many_languages_content(root), siteurl=server.url)
    yield server.start()
    server.stop()


# Each word of the site's name: how many line boxes it takes (2 or more: broken mid-word).
WORD_LINES = """() => {
  const text = document.querySelector('.site-title a').firstElementChild?.firstChild
    || document.querySelector('.site-title a').firstChild;
  const words = [];
  for (const match of text.data.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(text, match.index);
    range.setEnd(text, match.index + match[0].length);
    words.push([match[0], new Set([...range.getClientRects()].map(r => Math.round(r.top))).size]);
  }
  const whole = document.createRange();
  whole.selectNodeContents(text);
  const lines = new Set([...whole.getClientRects()].map(r => Math.round(r.top))).size;
  return {words, lines, overflow: document.documentElement.scrollWidth - innerWidth};
}"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_the_site_name_is_never_broken_mid_word(browser, many_languages_site, path, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{many_languages_site.url}/{path}")
    assert page.locator(".language-switch a").count() == 4, "the other four languages"
    found = page.evaluate(WORD_LINES)
    page.close()
    assert all(lines == 1 for _, lines in found["words"]), found
    assert found["overflow"] <= 0, found
    if width == 1280:
        # The desktop column has room for the name on one line.
        assert found["lines"] == 1, found
