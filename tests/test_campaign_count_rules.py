"""The signature count's fields, as the build and `make check` judge them, what a
source's answer is read as, and the banner's words in English and Spanish."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from count_helpers import FakeSource, osdi, post, write_posts
from pelican.plugins.campaign import markup
from pelican.plugins.campaign.model import campaign_from_metadata
from pelican.plugins.campaign.signature_count import Count, SourceFailed, count_in
from pelican.plugins.content_rules.errors import ContentError

from editorial.check import check_content

NEW_YORK = ZoneInfo("America/New_York")
POSTED = dt.datetime(2021, 4, 8, tzinfo=NEW_YORK)
GOOD = {"signature_form": "https://forms.our-union.org/sign", "deadline": "2021-04-13"}
SOURCE = "https://actionnetwork.org/api/v2/petitions/abc-123"


def campaign(**fields):
    metadata = {key: value for key, value in {**GOOD, **fields}.items() if value is not None}
    return campaign_from_metadata(metadata, "content/post.md", "America/New_York", POSTED)


def refusal(**fields):
    with pytest.raises(ContentError) as caught:
        campaign(**fields)
    return caught.value


def test_a_source_or_a_count_set_by_hand_is_kept():
    assert campaign(signature_count_from=SOURCE).count_source == SOURCE
    sheet = "https://docs.google.com/spreadsheets/d/e/2PACX-1v/pub?gid=0&single=true&output=csv"
    assert campaign(signature_count_from=sheet).count_source == sheet
    assert campaign(signature_count_from="http://127.0.0.1:8000/c").count_source
    hand = campaign(signature_count="57", signature_count_date="2021-04-10 18:00")
    assert hand.count == 57
    assert hand.count_date == dt.datetime(2021, 4, 10, 18, 0, tzinfo=NEW_YORK)
    assert campaign(signature_count="0", signature_count_date="2021-04-10").count_date == (
        dt.date(2021, 4, 10)
    )
    assert campaign(signature_count="57").count_date is None


BAD_SOURCES = {
    "http": ("http://actionnetwork.org/api/v2/petitions/x", "only for this machine"),
    "ftp": ("ftp://example.org/count.csv", "https://"),
    "javascript": ("javascript:alert(1)", "https://"),
    "relative": ("/count.csv", "https://"),
    "empty": ("", "is empty"),
    "user and password": ("https://me:secret@actionnetwork.org/api/v2/petitions/x", "password"),
    "user": ("https://me@actionnetwork.org/api/v2/petitions/x", "password"),
    "key in the query": ("https://actionnetwork.org/api/v2/petitions/x?api_key=abc", "key"),
    "token in the query": ("https://example.org/c.csv?token=abc", "key or token"),
    "spaces": ("https://example.org/a count.csv", "complete"),
    "invisible": ("https://example.org/\u200bcount.csv", "invisible"),
    "bad port": ("https://example.org:99999/c.csv", "no valid port"),
    "port 65536": ("http://127.0.0.1:65536/c.csv", "a number from 1 to 65535"),
    "port 0": ("http://127.0.0.1:0/c.csv", "no valid port"),
    "port not a number": ("https://example.org:https/c.csv", "no valid port"),
    "a file": ("file:///etc/passwd", "https://"),
    "an IDN host over http": ("http://bücher.example/c.csv", "only for this machine"),
    "too long": ("https://example.org/" + "a" * 2000, "longer than 2,000 bytes"),
}


@pytest.mark.parametrize("name", list(BAD_SOURCES))
def test_a_bad_source_address_is_refused_in_one_line(name):
    value, words = BAD_SOURCES[name]
    error = refusal(signature_count_from=value)
    assert error.field == "signature_count_from"
    assert words in error.detail and "expected" in error.detail
    assert "\n" not in str(error)


def test_a_source_address_never_shows_its_password_in_the_error():
    error = refusal(signature_count_from="https://me:hunter2hunter2@example.org/c.csv")
    assert "password" in error.detail
    # The value is quoted as written (the editor's own file), but cut when long.
    long = refusal(signature_count_from="https://me:" + "p" * 200 + "@example.org/c.csv")
    assert "p" * 100 not in str(long)


BAD_COUNTS = {
    "negative": ({"signature_count": "-5"}, "signature_count", "not a whole number"),
    "words": ({"signature_count": "fifty"}, "signature_count", "not a whole number"),
    "commas": ({"signature_count": "1,000"}, "signature_count", "not a whole number"),
    "absurd": ({"signature_count": "99999999999"}, "signature_count", "more than 1,000,000,000"),
    "huge": ({"signature_count": "9" * 5000}, "signature_count", "not a whole number"),
    "date alone": ({"signature_count_date": "2021-04-10"}, "signature_count_date", "without"),
    "date beside a source": (
        {"signature_count_from": SOURCE, "signature_count_date": "2021-04-10"},
        "signature_count_date",
        "without signature_count",
    ),
    "bad date": (
        {"signature_count": "5", "signature_count_date": "April 10"},
        "signature_count_date",
        "ISO 8601",
    ),
    "unreal date": (
        {"signature_count": "5", "signature_count_date": "2021-02-30"},
        "signature_count_date",
        "real calendar date",
    ),
    "DST gap": (
        {"signature_count": "5", "signature_count_date": "2021-03-14 02:30"},
        "signature_count_date",
        "does not exist",
    ),
}


@pytest.mark.parametrize("name", list(BAD_COUNTS))
def test_a_bad_hand_count_is_refused(name):
    fields, field, words = BAD_COUNTS[name]
    error = refusal(**fields)
    assert error.field == field
    assert words in error.detail, error.detail


def test_count_fields_need_a_campaign():
    with pytest.raises(ContentError) as caught:
        campaign_from_metadata(
            {"signature_count": "5"}, "content/post.md", "America/New_York", POSTED
        )
    assert "signature_form" in str(caught.value)


def test_both_a_source_and_a_hand_count_is_an_error_naming_both_lines(tmp_path):
    text = post("both", "https://actionnetwork.org/api/v2/petitions/x", "Signature_count: 57\n")
    content = write_posts(tmp_path / "content", {"both": text})
    findings = [str(f) for f in check_content(content=str(content)) if "signature_count" in str(f)]
    lines = text.split("\n")
    source_line = lines.index("Signature_count_from: https://actionnetwork.org/api/v2/petitions/x")
    count_line = lines.index("Signature_count: 57")
    assert len(findings) == 1
    assert findings[0].endswith(
        f"2021-04-08-both.md:{count_line + 1}: error: signature_count '57' is given beside "
        f"signature_count_from (line {source_line + 1}) "
        "'https://actionnetwork.org/api/v2/petitions/x'; expected either the address the build "
        "reads the count from (signature_count_from) or a count set by hand (signature_count), "
        "not both"
    )


def test_make_check_never_reads_a_source(tmp_path):
    source = FakeSource()
    try:
        source.answers["/petition"] = osdi(57)
        text = post("checked", f"{source.url}/petition")
        content = write_posts(tmp_path / "content", {"checked": text})
        findings = check_content(content=str(content))
        assert not any("signature_count" in str(f) for f in findings), findings
        assert source.seen == []
    finally:
        source.stop()


ANSWERS = {
    "OSDI petition": (b'{"total_signatures": 57, "title": "x"}', 57),
    "OSDI zero": (b'{"total_signatures": 0}', 0),
    "count cell": (b"57\n", 57),
    "header and count": (b"Signatures\n57\n", 57),
    "header and count, CRLF and BOM": (b"\xef\xbb\xbfSignatures\r\n57\r\n", 57),
    "a range with the goal": (b"Signed,Goal\n57,100\n", 57),
    "thousands": (b'"1,234"\n', 1234),
    "a sheet's number format": (b"57.0\n", 57),
    "a trailing comma": (b"57,\n", 57),
}


@pytest.mark.parametrize("name", list(ANSWERS))
def test_a_count_is_read_from_what_the_source_answers(name):
    data, number = ANSWERS[name]
    assert count_in(data) == number


BAD_ANSWERS = {
    "HTML": (b"<!DOCTYPE html><html><body>57</body></html>", "HTML page"),
    "empty": (b"  \n", "empty"),
    "not UTF-8": (b"\xff\xfe\x00\x01", "not UTF-8"),
    "JSON without the field": (b'{"title": "Petition"}', "no total_signatures"),
    "JSON list": (b"[57]", "no total_signatures"),
    "JSON text": (b'{"total_signatures": "57"}', "not a whole number"),
    "JSON float": (b'{"total_signatures": 57.5}', "not a whole number"),
    "JSON true": (b'{"total_signatures": true}', "not a whole number"),
    "JSON broken": (b'{"total_signatures": 5', "not valid JSON"),
    "JSON nested deep": (b"[" * 100000 + b"]" * 100000, "not valid JSON"),
    "JSON number too long": (b'{"total_signatures": ' + b"9" * 5000 + b"}", "not valid JSON"),
    "negative": (b'{"total_signatures": -3}', "the count -3 is negative"),
    "absurd": (b'{"total_signatures": 10000000000}', "is more than 1,000,000,000"),
    "CSV negative": (b"-3\n", "the count -3 is negative"),
    "CSV without a number": (b"Signatures\nmany\n", "no whole number"),
    "responses": (
        b"Timestamp,Name,Email\n2021-04-09 10:00,Ana,ana@example.org\n"
        b"2021-04-09 11:00,Bo,bo@example.org\n",
        "looks like the form's responses",
    ),
    "one response": (b"Name,Email\nAna,ana@example.org\n", "responses"),
    "a responses header alone": (b"Timestamp,Name\n", "responses"),
    "three rows": (b"Count\n57\n58\n", "responses"),
    "one response, no email, a French form": (b"Horodateur,Nom,Code postal\n", "responses"),
    "one response, no email, no header": (b"2021/04/09 10:00:00,Ana,02139\n", "responses"),
    "a decimal point, or a locale's thousands": (b"1.234\n", "no whole number"),
    "an exponent": (b"5.7e1\n", "no whole number"),
    "Arabic-Indic digits": ("١٢٣\n".encode(), "no whole number"),
    "full-width digits": ("５７\n".encode(), "no whole number"),
    "mixed digits": ("1٢3\n".encode(), "no whole number"),
    "a formula, not its result": (b"=COUNTA(A:A)\n", "holds a formula, not its result"),
    "only a header": (b"Signatures\n", "no whole number"),
    "JSON null": (b'{"total_signatures": null}', "not a whole number"),
    "JSON nested": (b'{"total_signatures": {"count": 57}}', "not a whole number"),
    "JSON twice": (b'{"total_signatures": 5, "total_signatures": 57}', "more than once"),
    "JSON huge": (
        b'{"total_signatures": 1' + b"0" * 400 + b"}",
        "the count 100… (401 digits) is more than 1,000,000,000",
    ),
}


@pytest.mark.parametrize("name", list(BAD_ANSWERS))
def test_anything_else_is_refused_with_a_reason(name):
    data, words = BAD_ANSWERS[name]
    with pytest.raises(SourceFailed) as caught:
        count_in(data)
    assert words in str(caught.value)
    # No signer's data, and nothing else the source said, reaches the reason.
    assert "ana" not in str(caught.value).lower()


def test_the_responses_warning_says_why_and_what_to_publish_instead():
    with pytest.raises(SourceFailed) as caught:
        count_in(b"Name,Email\nAna,ana@example.org\n")
    assert "every signer's name and email on the web" in str(caught.value)
    assert "publish a single cell that counts them" in str(caught.value)


def banner(lang, count, goal=100, is_open=True, as_of=None):
    fields = {"signature_goal": str(goal)} if goal else {}
    settings = {"LANGUAGE_CATALOGUES": "theme/translations"}
    words = markup.Words(settings, lang)
    as_of = as_of or dt.datetime(2021, 4, 10, 22, tzinfo=dt.UTC)
    html = markup.banner(campaign(**fields), is_open, "T", "Sign", words, count=Count(count, as_of))
    return BeautifulSoup(html, "html.parser").find(class_="campaign-count")


BANNERS = [
    ("en", 57, 100, True, "57 of 100 signatures as of April 10, 6:00 PM EDT"),
    ("en", 1, 100, True, "1 of 100 signatures as of April 10, 6:00 PM EDT"),
    ("en", 100, 100, True, "Goal reached: 100 signatures of 100 as of April 10, 6:00 PM EDT"),
    ("en", 1234, None, True, "1,234 signatures so far as of April 10, 6:00 PM EDT"),
    ("en", 1, None, True, "1 signature so far as of April 10, 6:00 PM EDT"),
    ("en", 57, 100, False, "57 people signed; the goal was 100. as of April 10, 6:00 PM EDT"),
    ("en", 1, 100, False, "1 person signed; the goal was 100. as of April 10, 6:00 PM EDT"),
    (
        "en",
        120,
        100,
        False,
        "120 people signed: the goal of 100 was reached. as of April 10, 6:00 PM EDT",
    ),  # fmt: skip
    ("en", 57, None, False, "57 people signed. as of April 10, 6:00 PM EDT"),
    ("es", 57, 100, True, "57 de 100 firmas al 10 de abril, 6:00 p.m. EDT"),
    (
        "es",
        100,
        100,
        True,
        "Meta alcanzada: 100 firmas de 100 al 10 de abril, 6:00 p.m. EDT",
    ),  # fmt: skip
    ("es", 1, None, True, "1 firma hasta ahora al 10 de abril, 6:00 p.m. EDT"),
    ("es", 1234, None, True, "1,234 firmas hasta ahora al 10 de abril, 6:00 p.m. EDT"),
    (
        "es",
        1,
        100,
        False,
        "Firmó 1 persona; la meta era 100. al 10 de abril, 6:00 p.m. EDT",
    ),  # fmt: skip
    (
        "es",
        57,
        100,
        False,
        "Firmaron 57 personas; la meta era 100. al 10 de abril, 6:00 p.m. EDT",
    ),  # fmt: skip
]


@pytest.mark.parametrize("lang,count,goal,is_open,text", BANNERS)
def test_the_count_in_each_language_state_and_plural(lang, count, goal, is_open, text):
    shown = banner(lang, count, goal, is_open)
    assert " ".join(shown.get_text(" ").split()) == text
    progress = shown.find("progress")
    if goal and count < goal:
        assert progress["max"] == str(goal) and progress["value"] == str(count)
        assert progress.find_parent("label") is not None  # its accessible name
    else:
        assert progress is None
    assert shown.time["datetime"] == "2021-04-10T18:00:00-04:00"
    assert ("data-closed" in shown.attrs) == is_open


def test_an_open_count_carries_its_closed_sentence_for_the_script():
    assert banner("en", 57)["data-closed"] == "57 people signed; the goal was 100."
    assert banner("es", 1)["data-closed"] == "Firmó 1 persona; la meta era 100."


def test_a_count_from_another_year_says_the_year_and_a_day_count_says_no_time():
    other_year = banner("en", 5, as_of=dt.datetime(2020, 12, 31, 12, tzinfo=dt.UTC))
    said = " ".join(other_year.get_text(" ").split())
    assert said.endswith("as of December 31, 2020, 7:00 AM EST")
    day = banner("en", 5, as_of=dt.date(2021, 4, 10))
    assert " ".join(day.get_text(" ").split()).endswith("signatures as of April 10")
    assert day.time["datetime"] == "2021-04-10"


@pytest.mark.parametrize(
    ("date", "ahead"),
    [
        ("2030-01-01", True),  # a typo in the year
        ("2021-04-11", True),  # tomorrow, in the campaign's zone
        ("2021-04-10", False),  # today
        ("2021-04-10 18:01", True),
        ("2021-04-10 17:59", False),
        ("2021-04-11T07:01+09:00", True),  # 6:01 PM EDT, written in Tokyo time
        ("2021-04-11T06:59+09:00", False),
        ("2021-03-01", False),  # before the post's date: a count made before it was written
    ],
)
def test_make_check_warns_of_a_hand_count_made_in_the_future(tmp_path, monkeypatch, date, ahead):
    monkeypatch.setenv("CAMPAIGN_NOW", "2021-04-10T22:00:30Z")  # 6:00 PM EDT
    extra = f"Signature_count: 57\nSignature_count_date: {date}\n"
    content = write_posts(tmp_path / "content", {"dated": post("dated", extra=extra)})
    findings = [str(f) for f in check_content(content=str(content))]
    findings = [f for f in findings if "signature_count_date" in f]
    assert len(findings) == int(ahead), findings
    if ahead:
        assert ": warning: signature_count_date '" in findings[0]
        assert "is later than now: a count cannot be made in the future" in findings[0]
