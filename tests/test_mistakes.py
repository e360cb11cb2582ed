"""Every kind of mistake an editor can make, tried through the build and through
`make check`: the build stops with one line naming the file, the line, the field,
the value and what is expected, and `make check` says the same thing as an error."""

import pytest
from conftest import build

from editorial.check import check_content

TITLE = "Title: A post"
DATE = "Date: 2021-04-08"
FORM = "Signature_form: https://forms.real-campaign.org/sign"
DEADLINE = "Deadline: 2021-04-13"
BODY = "Members decide together.\n"


def post(*lines, body=BODY):
    return "\n".join(lines) + "\n\n" + body


# name: ({file: text}, the file (or files) the line names, its line, words the line holds)
MISTAKES = {
    "empty title": ({"a.md": post("Title:", DATE)}, "a.md", 1, "the title is empty"),
    "title of spaces": ({"a.md": post("Title:    ", DATE)}, "a.md", 1, "the title is empty"),
    "emoji-only title": (
        {"a.md": post("Title: ✊✊✊", DATE)},
        "a.md",
        1,
        "slug '' is empty (the title has no letters or digits an address can use)",
    ),
    "control character in the title": (
        {"a.md": post("Title: Defend\x07 rights", DATE)},
        "a.md",
        1,
        "title 'Defend\\x07 rights' holds the control character U+0007",
    ),
    "control character in the text": (
        {"a.md": post(TITLE, DATE, body="Sign\x0c today.\n")},
        "a.md",
        4,
        "the text holds the control character U+000C",
    ),
    "245-character title": (
        {"a.md": post("Title: " + "Rights " * 35, DATE)},
        "a.md",
        1,
        "is 244 bytes long; expected at most 200 bytes: a shorter 'Slug:' line",
    ),
    "301-character title": (
        {"a.md": post("Title: " + "x" * 301, DATE, "Slug: x")},
        "a.md",
        1,
        "is 301 characters long; expected at most 300 characters",
    ),
    "long slug": (
        {"a.md": post(TITLE, DATE, "Slug: " + "a" * 201)},
        "a.md",
        3,
        "is 201 bytes long; expected at most 200 bytes",
    ),
    "duplicate slugs": (
        {"a.md": post(TITLE, DATE, "Slug: same"), "b.md": post(TITLE, DATE, "Slug: same")},
        ("a.md", "b.md"),
        3,
        "the slug 'same' is also the slug of",
    ),
    "misspelled link": (
        {"a.md": post(TITLE, DATE, body="See [the resolution]({filename}/pages/resolutoin.md).\n")},
        "a.md",
        4,
        "points to '/pages/resolutoin.md', which is not in the content folder",
    ),
    "unknown link marker": (
        {"a.md": post(TITLE, DATE, body="See [it]({filenmae}/a.md).\n")},
        "a.md",
        4,
        "uses an unknown marker {filenmae}",
    ),
    "image without alt": (
        {"a.md": post(TITLE, DATE, body="![](photo.png)\n")},
        "a.md",
        4,
        "the image 'photo.png' has no alt text",
    ),
    "no title at all": ({"a.md": post(DATE)}, "a.md", 1, "has no title"),
    "C1 control character in the title": (
        {"a.md": post("Title: Defend\x85 rights", DATE)},
        "a.md",
        1,
        "holds the control character U+0085",
    ),
    "control character in the slug": (
        {"a.md": post(TITLE, DATE, "Slug: x\x07y")},
        "a.md",
        3,
        "slug 'x\\x07y' holds the control character U+0007",
    ),
    "slug with spaces and a question mark": (
        {"a.md": post(TITLE, DATE, "Slug: a b?c")},
        "a.md",
        3,
        "slug 'a b?c' holds ' ', which an address cannot hold",
    ),
    "emoji-only tag": (
        {"a.md": post(TITLE, DATE, "Tags: 🔥")},
        "a.md",
        3,
        "tags '🔥' has no letters or digits an address can use",
    ),
    "category too long for its address": (
        {"a.md": post(TITLE, DATE, "Category: " + "c" * 300)},
        "a.md",
        3,
        "makes an address of 300 bytes",
    ),
    "save_as over the home page": (
        {"a.md": post(TITLE, DATE, "Save_as: index.html", "Url: index.html")},
        "a.md",
        3,
        "save_as 'index.html' is a file the site writes on its own",
    ),
    "save_as naming a folder": (
        {"a.md": post(TITLE, DATE, "Save_as: 2021/")},
        "a.md",
        3,
        "save_as '2021/' names no file",
    ),
    "url to a script": (
        {"a.md": post(TITLE, DATE, "Url: javascript:alert(1)")},
        "a.md",
        3,
        "url 'javascript:alert(1)' is an address on another site or a script",
    ),
    "form of emoji longer than a QR code holds": (
        {"a.md": post(TITLE, DATE, "Signature_form: https://forms.gle/" + "🔥" * 300, DEADLINE)},
        "a.md",
        3,
        "is 1218 bytes long, too long for the flyer's QR code",
    ),
    "date that does not exist": (
        {"a.md": post(TITLE, "Date: 2021-02-30")},
        "a.md",
        2,
        "has the date '2021-02-30', which does not exist",
    ),
    "unknown status": (
        {"a.md": post(TITLE, DATE, "Status: drfat")},
        "a.md",
        3,
        "has status 'drfat', which Pelican does not know",
    ),
    "deadline without a form": (
        {"a.md": post(TITLE, DATE, DEADLINE)},
        "a.md",
        3,
        "signature_form (missing) is missing beside the other campaign fields",
    ),
    "not UTF-8": (
        {"a.md": post(TITLE, DATE, body="Se\xf1or.\n").encode("latin-1")},
        "a.md",
        4,  # the line of the byte
        "is not UTF-8 text (byte 0xf1",
    ),
    "save path outside the output": (
        {"a.md": post(TITLE, DATE, "Save_as: ../../escaped.html")},
        "a.md",
        3,
        "would be written to '../../escaped.html', outside the output folder",
    ),
    "form longer than a QR code holds": (
        {"a.md": post(TITLE, DATE, FORM + "/" + "x" * 1200, DEADLINE)},
        "a.md",
        3,
        "bytes long, too long for the flyer's QR code",
    ),
    "form with a password": (
        {"a.md": post(TITLE, DATE, "Signature_form: https://:secret@forms.org/p", DEADLINE)},
        "a.md",
        3,
        "carries a user name or password",
    ),
    "form on an odd port": (
        {"a.md": post(TITLE, DATE, "Signature_form: https://forms.org:8443/p", DEADLINE)},
        "a.md",
        3,
        "names the port 8443",
    ),
    "form with a zero-width space": (
        {"a.md": post(TITLE, DATE, "Signature_form: https://forms\u200b.org/p", DEADLINE)},
        "a.md",
        3,
        "holds invisible characters",
    ),
    "deadline in year 9999": (
        {"a.md": post(TITLE, DATE, FORM, "Deadline: 9999-12-31")},
        "a.md",
        4,
        "deadline '9999-12-31' is in the year 9999; expected a deadline between 1970 and 2999",
    ),
    "deadline in year 1": (
        {"a.md": post(TITLE, DATE, FORM, "Deadline: 0001-01-01")},
        "a.md",
        4,
        "is in the year 1",
    ),
    "goal of thousands of digits": (
        {"a.md": post(TITLE, DATE, FORM, DEADLINE, "Signature_goal: " + "9" * 5000)},
        "a.md",
        5,
        "is more than 1,000,000,000",
    ),
    "time zone beside an offset": (
        {
            "a.md": post(
                TITLE, DATE, FORM, "Deadline: 2021-04-13T18:00-04:00", "Deadline_timezone: UTC"
            )
        },
        "a.md",
        5,
        "deadline_timezone 'UTC' is given, but the deadline '2021-04-13T18:00-04:00' has its "
        "own UTC offset",
    ),
}


def write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("settings", ["pelicanconf.py", "publishconf.py"])
@pytest.mark.parametrize("name", list(MISTAKES))
def test_the_build_stops_with_one_line(tmp_path, name, settings):
    files, file, line, words = MISTAKES[name]
    content = write(tmp_path / "content", files)
    output = tmp_path / "output"
    result = build(output, content=content, settings=settings, fatal="")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    said = [text for text in result.stderr.splitlines() if words in text]
    assert len(said) == 1, result.stderr
    files = file if isinstance(file, tuple) else (file,)
    assert any(said[0].startswith(f"{content / one}:{line}: ") for one in files), said[0]
    assert "expected" in said[0]
    assert not list(output.rglob("*.html"))


@pytest.mark.parametrize("name", list(MISTAKES))
def test_make_check_says_the_same_as_an_error(tmp_path, name):
    files, file, line, words = MISTAKES[name]
    content = write(tmp_path / "content", files)
    errors = [f for f in check_content(content=content) if f.severity == "error"]
    matching = [f for f in errors if words in f.message]
    files = file if isinstance(file, tuple) else (file,)
    assert len(matching) == len(files), [str(f) for f in errors]
    assert {(f.file, f.line) for f in matching} == {(str(content / one), line) for one in files}


def test_make_check_lists_every_mistake_in_one_file(tmp_path):
    text = post(
        TITLE,
        DATE,
        "Signature_form: http://forms.org/a",
        "Deadline: 2021-04-31",
        "Signature_goal: abc",
        "Campaign_status: done",
    )
    content = write(tmp_path / "content", {"a.md": text})
    errors = [(f.line, f.message.split(" ")[0]) for f in check_content(content=content)]
    assert errors == [
        (3, "signature_form"),
        (4, "deadline"),
        (5, "signature_goal"),
        (6, "campaign_status"),
    ]


def test_restructuredtext_cannot_pull_files_from_the_machine_into_the_site(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-ON-THE-BUILD-MACHINE\n", encoding="utf-8")
    text = (
        "A post\n######\n\n:date: 2021-04-08\n\n"
        f".. include:: {secret}\n   :literal:\n\n"
        f".. raw:: html\n   :file: {secret}\n"
    )
    content = write(tmp_path / "content", {"a.rst": text})
    output = tmp_path / "output"
    build(output, content=content, settings="pelicanconf.py", fatal="")
    written = b"".join(path.read_bytes() for path in output.rglob("*") if path.is_file())
    assert b"SECRET-ON-THE-BUILD-MACHINE" not in written
