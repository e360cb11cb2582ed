"""pelican.plugins.content_rules.summary: an editor's summary keeps safe inline
markup and shows everything else as text."""

import pytest
from pelican.plugins.content_rules.summary import safe_href, sanitize_summary

# The summary sanitizer


KEPT = (
    "<p>Plain <em>and</em> <strong>strong</strong></p>",
    "<p><b>b</b> <i>i</i> <code>x &lt; y</code><br>next</p>",
    '<p><a href="https://example.org/a?x=1&amp;y=2">a</a></p>',
    '<a href="/pages/resolution.html">r</a> <a href="mailto:a@example.org">m</a>',
    # Pelican resolves {filename} links in the summary after the plugins run.
    '<a href="{filename}/pages/resolution.md">r</a>',
    "Tom &amp; Jerry &lt;3 {{ 7*7 }}",
)
CHANGED = {
    "<script>alert(1)</script>": "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<img src=x onerror="alert(1)">': '&lt;img src=x onerror="alert(1)"&gt;',
    "<style>p{}</style><iframe src=//e.test></iframe>": (
        "&lt;style&gt;p{}&lt;/style&gt;&lt;iframe src=//e.test&gt;&lt;/iframe&gt;"
    ),
    "</title><script>x</script>": "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;",
    '<a href="https://example.org" onclick="x()" title="t">a</a>': (
        '<a href="https://example.org">a</a>'
    ),
    '<a href="javascript:alert(1)">a</a>': "<a>a</a>",
    '<a href="JaVa&#x09;Script&colon;alert(1)">a</a>': "<a>a</a>",
    '<a href="\x01 javascript:alert(1)">a</a>': "<a>a</a>",
    '<a href="data:text/html,x">a</a>': "<a>a</a>",
    '<p class="x" style="color:red">p</p>': "<p>p</p>",
    "</div></p><p>x": "&lt;/div&gt;&lt;/p&gt;<p>x</p>",
    "<strong>never closed": "<strong>never closed</strong>",
    "<p>one<p>two": "<p>one</p><p>two</p>",
    "a <!-- note --> b": "a  b",
    "<a href=x": "&lt;a href=x",
    '<a href="https://example.org/" href="javascript:x()">a</a>': '<a href="https://example.org/">a</a>',
    "<em/>x": "<em></em>x",
}


@pytest.mark.parametrize("html, expected", [(html, html) for html in KEPT] + list(CHANGED.items()))
def test_sanitize_summary(html, expected):
    clean = sanitize_summary(html)
    assert clean == expected
    # Sanitizing again changes nothing (content kept between builds).
    assert sanitize_summary(clean) == clean


@pytest.mark.parametrize(
    "href, safe",
    [
        ("https://example.org/", True),
        ("http://example.org/", True),
        ("mailto:a@example.org", True),
        ("/pages/x.html", True),
        ("../x.html#top", True),
        ("?page=2", True),
        ("javascript:alert(1)", False),
        (" JAVASCRIPT:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("vbscript:x", False),
        ("data:text/html,x", False),
        ("ftp://example.org/", False),
        (None, False),
    ],
)
def test_safe_href(href, safe):
    assert (safe_href(href) is not None) is safe
