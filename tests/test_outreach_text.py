"""Unit tests of pelican.plugins.outreach.text: plain text out of a post's HTML."""

import pytest
from pelican.plugins.outreach import text
from pelican.plugins.outreach.text import first_words, paragraphs, shorten, squeeze


def test_squeeze_collapses_every_kind_of_whitespace_and_trims():
    assert squeeze("  Members\n\tdecide \u00a0 together \r\n") == "Members decide together"
    assert squeeze("\n \t") == ""


def test_paragraphs_are_the_text_of_each_p_in_order_with_markup_removed():
    html = "<p>First <b>bold</b>\n  line.</p>\n<p>Second &amp; <a href='#'>last</a>.</p>"
    assert paragraphs(html) == ["First bold line.", "Second & last."]


def test_paragraphs_skip_asides_scripts_styles_and_svg():
    html = (
        '<aside class="campaign-banner"><p>Sign by Tuesday</p></aside>'
        "<p>Kept <script>var hidden = 1;</script>words.</p>"
        "<style>p { color: red }</style>"
        "<template><p>template</p></template>"
        "<noscript><p>noscript</p></noscript>"
        '<p>Also <svg viewBox="0 0 1 1"><title>icon</title><path d="M0 0"/></svg>kept.</p>'
    )
    assert paragraphs(html) == ["Kept words.", "Also kept."]


def test_nested_skipped_elements_are_skipped_until_the_outer_one_closes():
    html = "<aside><svg><title>x</title></svg><p>banner</p></aside><p>body</p>"
    assert paragraphs(html) == ["body"]


def test_a_br_is_a_space_and_empty_paragraphs_are_dropped():
    assert paragraphs("<p>one<br>two<br/>three</p><p> </p><p>\n</p>") == ["one two three"]


def test_text_outside_paragraphs_counts_as_one_paragraph():
    assert paragraphs("A summary without paragraphs.") == ["A summary without paragraphs."]
    assert paragraphs("Intro <em>text</em><p>Para</p>tail") == ["Intro text", "Para", "tail"]


def test_paragraphs_of_nothing_is_an_empty_list():
    assert paragraphs("") == []
    assert paragraphs(None) == []
    assert paragraphs(None, limit=1) == []


def test_limit_returns_only_the_first_paragraphs():
    html = "<p>one</p><p>two</p><p>three</p>"
    assert paragraphs(html, limit=1) == ["one"]
    assert paragraphs(html, limit=2) == ["one", "two"]
    assert paragraphs(html, limit=5) == ["one", "two", "three"]


def test_limit_does_not_count_paragraphs_in_skipped_elements():
    html = "<aside><p>banner</p></aside><p>one</p><p>two</p>"
    assert paragraphs(html, limit=1) == ["one"]


def test_limit_stops_reading_after_the_paragraph_asked_for(monkeypatch):
    fed = []
    original = text._Paragraphs.feed

    def feed(self, data):
        fed.append(data)
        return original(self, data)

    monkeypatch.setattr(text._Paragraphs, "feed", feed)
    html = "<p>one</p><p>two</p>" + "<p>rest of a long post</p>" * 1000
    assert paragraphs(html, limit=2) == ["one", "two"]
    assert "".join(fed) == "<p>one</p><p>two</p>"


def test_list_items_outside_paragraphs_stay_separate_words():
    assert paragraphs("<ul><li>one</li><li>two</li></ul>") == ["one two"]
    assert paragraphs("<h2>Title</h2><div>body</div>") == ["Title body"]


def test_shorten_leaves_short_text_alone():
    assert shorten("one two three", 13) == "one two three"
    assert shorten("", 5) == ""


SENTENCE = "Members decide together: we need 100 signatures before the deadline, friends."


@pytest.mark.parametrize("limit", range(len("Members…"), len(SENTENCE)))
def test_shorten_cuts_at_a_word_boundary_within_the_limit(limit):
    result = shorten(SENTENCE, limit)
    assert len(result) <= limit
    assert result.endswith("…")
    kept = result[:-1]
    # Whole words only: the first n words, less the punctuation after the last.
    words = SENTENCE.split(" ")
    count = len(kept.split(" "))
    assert kept == " ".join(words[:count]).rstrip(",:")
    # As many words as fit: one word more, with what follows it, would not have.
    assert len(" ".join(words[: count + 1])) + 1 > limit


def test_shorten_strips_punctuation_before_the_suffix():
    assert shorten("one, two three", 12) == "one, two…"
    assert shorten("one two, three four", 10) == "one two…"
    assert shorten("one two – three four", 10) == "one two…"


def test_shorten_with_a_longer_suffix_still_fits():
    assert shorten("one two three four", 12, suffix="...") == "one two..."
    assert shorten("one two three four", 12, suffix="") == "one two"


@pytest.mark.parametrize(
    "words,limit,expected",
    [
        ("abcdefghijkl", 5, "abcd…"),
        ("Antidisestablishmentarianism rules", 10, "Antidises…"),
        ("保护移民权利" * 10, 8, "保护移民权利保…"),
    ],
)
def test_shorten_cuts_a_word_longer_than_the_limit_inside_it(words, limit, expected):
    assert shorten(words, limit) == expected
    assert len(shorten(words, limit)) == limit


def test_first_words_keeps_the_first_count_words():
    assert first_words("one two three four", 2) == "one two…"
    assert first_words("one,  two\nthree", 1) == "one…"
    assert first_words("one two: three", 2) == "one two…"


def test_first_words_leaves_short_text_untouched():
    assert first_words("one  two", 2) == "one  two"
    assert first_words("one two", 5) == "one two"
    assert first_words("", 3) == ""


def test_first_words_with_another_suffix():
    assert first_words("one two three", 1, suffix=" […]") == "one […]"
