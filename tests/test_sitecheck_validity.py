"""sitecheck.validity: the Nu HTML Checker (vnu.jar from npm's vnu-jar, installed in
tools/vnu) on a tiny valid site and a tiny invalid one. Each vnu run starts Java: a
few seconds."""

import sitecheck
from sitecheck import validity

VALID = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Valid</title>
<link rel="stylesheet" href="site.css">
</head>
<body>
<p id="once"><img src="icon.svg" alt="An icon" width="16" height="16"> Hello.</p>
</body>
</html>
"""
INVALID = VALID.replace("<title>Valid</title>", "<title>Invalid</title>").replace(
    "</body>", '<p id="once">Again.</p>\n</body>'
)
ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle r="8"/></svg>\n'
BAD_ICON = ICON.replace("<circle", "\n<blob/>\n<circle")


def test_the_pinned_checker_is_installed():
    """make test runs `npm ci` in tools/vnu; without it every check below would fail."""
    assert validity.VNU_JAR.is_file(), f"run `npm ci --ignore-scripts` in {validity.VNU_FOLDER}"


def test_a_valid_page_stylesheet_and_icon_pass(tmp_path):
    (tmp_path / "index.html").write_text(VALID)
    (tmp_path / "site.css").write_text("p { color: #222; }\n")
    (tmp_path / "icon.svg").write_text(ICON)
    assert sitecheck.check_html(tmp_path) == []


def test_an_invalid_page_and_stylesheet_are_named_with_the_error(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts/invalid.html").write_text(INVALID)
    (tmp_path / "valid.html").write_text(VALID)
    (tmp_path / "site.css").write_text(
        "main:has([data-state=closed]) p { display: none; }\np { colr: red; }\n"
    )
    (tmp_path / "icon.svg").write_text(BAD_ICON)
    # The lines are the files' own (vnu reports HTML and SVG one short; check_html
    # adds it back), and :has() on line 1 of site.css is valid CSS.
    assert sorted(sitecheck.check_html(tmp_path)) == [
        "icon.svg:2: Element “blob” not allowed as child of element “svg” in this context."
        " (Suppressing further errors from this subtree.)",
        "icon.svg:2: The “blob” element is a completely-unknown element that is not allowed"
        " anywhere in any SVG content.",
        "posts/invalid.html:10: Duplicate ID “once”.",
        "site.css:2: CSS: “colr”: Property “colr” doesn't exist.",
    ]


def test_an_error_on_the_first_line_is_on_line_1(tmp_path):
    (tmp_path / "index.html").write_text(VALID.replace("<!doctype html>\n", ""))
    assert sitecheck.check_html(tmp_path) == [
        "index.html:1: Start tag seen without seeing a doctype first. Expected “<!DOCTYPE html>”."
    ]


def test_a_folder_with_nothing_to_check(tmp_path):
    (tmp_path / "notes.txt").write_text("text")
    assert sitecheck.check_html(tmp_path) == [f"{tmp_path}: no HTML, CSS or SVG files to check"]


def test_without_the_checker(tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text(VALID)
    monkeypatch.setattr(validity, "VNU_JAR", validity.VNU_FOLDER / "absent" / "vnu.jar")
    assert sitecheck.check_html(tmp_path) == [
        "vnu: tools/vnu/absent/vnu.jar is missing; run `npm ci --ignore-scripts` in tools/vnu/"
        " (make test does)"
    ]


def test_without_java(tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text(VALID)
    monkeypatch.setattr("sitecheck.validity.shutil.which", lambda name: None)
    assert sitecheck.check_html(tmp_path) == [
        "java: not found; vnu, the Nu HTML Checker, needs a Java runtime"
    ]
