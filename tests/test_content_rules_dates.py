"""Deadline-like dates in a post's text, read in the post's language (English and
Spanish) with CLDR's names, whatever the machine's locale."""

import json
import os
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from conftest import CONTENT, ROOT
from pelican.plugins.content_rules.dates import CUES, deadline_dates

from editorial.check import check_content

DEADLINE = date(2021, 4, 13)  # a Tuesday


def found(text, lang):
    """(words, month, day, year, weekday) of each date ``text`` names as a deadline."""
    return [(d.words, d.month, d.day, d.year, d.weekday) for d in deadline_dates(text, lang)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sign before April 15 to help.", [("before April 15", 4, 15, None, None)]),
        (
            "Please sign by Tuesday, April 13, 2021.",
            [("by Tuesday, April 13, 2021", 4, 13, 2021, 1)],
        ),
        ("Closes on the 13th of April.", [("Closes on the 13th of April", 4, 13, None, None)]),
        ("No later than Sept. 3, 2021", [("No later than Sept. 3, 2021", 9, 3, 2021, None)]),
        ("Deadline: 2021-04-13.", [("Deadline: 2021-04-13", 4, 13, 2021, None)]),
        ("The meeting is on April 20.", []),
    ],
)
def test_english_dates(text, expected):
    assert found(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Firma antes del 15 de abril.", [("antes del 15 de abril", 4, 15, None, None)]),
        (
            "Firma antes del martes 13 de abril de 2021.",
            [("antes del martes 13 de abril de 2021", 4, 13, 2021, 1)],
        ),
        ("Hasta el Miércoles, 14 de Abril", [("Hasta el Miércoles, 14 de Abril", 4, 14, None, 2)]),
        # Accents dropped, as editors write in a hurry; abbreviated names.
        ("a mas tardar el 13 de abr.", [("a mas tardar el 13 de abr", 4, 13, None, None)]),
        ("hasta el miercoles 3 de sept", [("hasta el miercoles 3 de sept", 9, 3, None, 2)]),
        (
            "Fecha límite: 2 de mayo del 2021",
            [("Fecha límite: 2 de mayo del 2021", 5, 2, 2021, None)],
        ),
        ("fecha limite: 2021-04-13", [("fecha limite: 2021-04-13", 4, 13, 2021, None)]),
        (
            "antes de la medianoche del 12 de abril",
            [("antes de la medianoche del 12 de abril", 4, 12, None, None)],
        ),
        # "el 13 de abril" is a deadline only after a cue word.
        ("La reunión es el 13 de abril, en la sede.", []),
        # English words in a Spanish post are not Spanish cues, and the reverse.
        ("before April 15", []),
    ],
)
def test_spanish_dates(text, expected):
    assert found(text, "es") == expected


def test_english_post_does_not_read_spanish():
    assert found("antes del 15 de abril", "en") == []


@pytest.mark.parametrize("lang", ["es_MX", "es-419"])
def test_a_regional_language_reads_its_languages_words(lang):
    assert found("antes del 15 de abril", lang) == [("antes del 15 de abril", 4, 15, None, None)]


def reasons(text, lang):
    return [d.disagreement(DEADLINE) for d in deadline_dates(text, lang)]


def test_disagreements_are_said_in_english_with_the_texts_weekday():
    assert reasons("antes del 13 de abril de 2021", "es") == [None]
    assert reasons("antes del 15 de abril", "es") == ["is not the deadline's date"]
    assert reasons("antes del lunes 13 de abril de 2021", "es") == [
        "calls it a lunes (Monday), but it is a martes (Tuesday)"
    ]
    assert reasons("by Wednesday, April 13", "en") == ["calls it a Wednesday, but it is a Tuesday"]


def test_a_year_that_is_not_the_deadlines():
    assert reasons("antes del 13 de abril de 2022", "es") == ["is not the deadline's date"]
    assert reasons("before April 13, 2020", "en") == ["is not the deadline's date"]


def test_a_day_that_does_not_exist():
    assert reasons("antes del 31 de febrero", "es") == ["is not a real calendar date"]
    assert reasons("before February 30, 2021", "en") == ["is not a real calendar date"]
    # An ISO date that is no date is not read as one.
    assert found("hasta 2021-02-31", "es") == []


def test_text_without_cue_words():
    assert found("Nos vemos el 15 de abril. Abril es un mes.", "es") == []
    assert found("We meet on April 15. April is a month.", "en") == []


@pytest.mark.parametrize("lang", ["fr", "de", "zz", ""])
def test_a_language_without_cue_words_gets_no_date_warnings(lang):
    assert lang not in CUES
    assert found("avant le 15 avril; before April 15; antes del 15 de abril", lang) == []


def test_the_real_posts_both_warn_about_april_15():
    """The original's April 15 / April 13 discrepancy, kept in its translation."""
    findings = [f for f in check_content() if f.check == "date in text"]
    expected = set()
    for path, words in (
        ("2021-04-08-defend-immigrants-rights.md", "before April 15"),
        ("es/2021-04-08-defend-immigrants-rights.md", "antes del 15 de abril"),
    ):
        lines = (CONTENT / path).read_text(encoding="utf-8").splitlines()
        line = next(n for n, text in enumerate(lines, 1) if words in text)
        expected.add((f"content/{path}", line, f"the text says {words!r}"))
    assert {(f.file, f.line, f.message.split(",")[0]) for f in findings} == expected
    assert all("13 de abril de 2021'" not in f.message for f in findings)


# Run in a fresh interpreter where the machine's locale "is German": calendar's
# names are German and setlocale fails. The parser must not notice.
GERMAN_MACHINE = textwrap.dedent(
    """
    import calendar, json, locale, sys

    def refuse(*args):
        raise locale.Error("unsupported locale setting")

    calendar.month_name = ["", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
                           "August", "September", "Oktober", "November", "Dezember"]
    calendar.month_abbr = ["", "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug",
                           "Sep", "Okt", "Nov", "Dez"]
    calendar.day_name = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag",
                         "Samstag", "Sonntag"]
    calendar.day_abbr = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
    locale.setlocale = refuse
    from datetime import date
    from pelican.plugins.content_rules.dates import deadline_dates

    texts = json.loads(sys.stdin.read())
    print(json.dumps([[[d.words, d.disagreement(date(2021, 4, 13))]
                       for d in deadline_dates(text, lang)] for text, lang in texts]))
    """
)


def test_the_machines_locale_changes_nothing():
    texts = [
        ["Sign by Wednesday, April 13, 2021, not before April 15.", "en"],
        ["antes del lunes 13 de abril de 2021 o antes del 15 de abril", "es"],
    ]
    here = [
        [[d.words, d.disagreement(DEADLINE)] for d in deadline_dates(text, lang)]
        for text, lang in texts
    ]
    assert [len(dates) for dates in here] == [2, 2]
    german = subprocess.run(
        [sys.executable, "-c", GERMAN_MACHINE],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"},
        check=False,
    )
    assert german.returncode == 0, german.stderr
    assert json.loads(german.stdout) == here
