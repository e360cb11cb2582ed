"""pelican.plugins.content_rules.errors: the one line each mistake becomes."""

import logging

from pelican.plugins.content_rules.errors import ONE_LINE, ContentError, one_line, shown


def test_a_content_error_names_file_line_field_value_and_expectation():
    error = ContentError("content/a.md", "deadline", "2021-04-31", "is not a date", "a date", 8)
    assert str(error) == "content/a.md:8: deadline '2021-04-31' is not a date; expected a date"
    assert not isinstance(error, SystemExit)


def test_a_long_value_is_shortened_and_the_line_stays_one_line():
    value = "x" * 5000 + "\n" + "y"
    text = str(ContentError("a.md", "title", value, "is long", "short"))
    assert len(text) < 200 and "\n" not in text
    assert shown(value) == repr("x" * 56 + "…" + "x" * 10 + "\ny")


def test_an_unwritable_folder_is_one_line():
    error = PermissionError(13, "Permission denied", "output/index.html")
    assert one_line(error) == (
        "output/index.html: Permission denied; expected a folder this user can write to"
    )


def test_a_programmers_error_keeps_its_traceback():
    assert one_line(ValueError("a bug")) is None
    record = logging.LogRecord("pelican", logging.CRITICAL, __file__, 1, "%s", ("x",), None)
    try:
        raise ValueError("a bug")
    except ValueError as error:
        record.exc_info = (type(error), error, error.__traceback__)
    ONE_LINE.filter(record)
    assert record.exc_info is not None


def test_the_log_filter_turns_a_content_error_into_its_line():
    error = ContentError("content/a.md", "title", "", "is empty", "a title", 1)
    record = logging.LogRecord(
        "pelican", logging.CRITICAL, __file__, 1, "%s: %s", ("ContentError", error), None
    )
    record.exc_info = (type(error), error, None)
    assert ONE_LINE.filter(record)
    assert record.getMessage() == str(error)
    assert record.exc_info is None
