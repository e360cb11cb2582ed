"""sitecheck.policy: the pages' Content-Security-Policy <meta>, inline code, and the
``_headers`` file, on tiny sites written here; each test names the exact problems."""

import pytest

import sitecheck

POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"
GOOD_HEADERS = {
    "Content-Security-Policy": f"{POLICY}; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "interest-cohort=()",
}
MISMATCH = (
    "_headers: its Content-Security-Policy differs from the pages' <meta> policy "
    "(beyond frame-ancestors)"
)


def page(body="<p>Hello.</p>", policy=POLICY):
    """A page whose body starts on line 3."""
    return (
        f'<!doctype html>\n<meta http-equiv="Content-Security-Policy" content="{policy}">\n{body}'
    )


def headers_file(rule="/*", **changes):
    """A `_headers` file: GOOD_HEADERS under ``rule``, with ``changes`` (None drops one)."""
    headers = dict(GOOD_HEADERS)
    for name, value in changes.items():
        name = name.replace("_", "-")
        if value is None:
            del headers[name]
        else:
            headers[name] = value
    return f"{rule}\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())


def site(root, pages=None, headers=None):
    for name, text in (pages or {"index.html": page()}).items():
        root.joinpath(name).write_text(text, encoding="utf-8")
    if headers is not False:
        root.joinpath("_headers").write_text(headers or headers_file(), encoding="utf-8")
    return root


def test_a_strict_site_has_no_problems(tmp_path):
    assert sitecheck.check_security_policy(site(tmp_path)) == []


def test_a_page_without_a_policy_meta(tmp_path):
    site(tmp_path, {"index.html": page(), "other.html": "<!doctype html>\n<p>No policy.</p>"})
    assert sitecheck.check_security_policy(tmp_path) == [
        "other.html: no <meta http-equiv=Content-Security-Policy>"
    ]


def test_loose_sources_and_a_missing_default_src_in_the_meta(tmp_path):
    site(tmp_path, {"index.html": page(policy="default-src 'self' https:; img-src * data:")})
    tmp_path.joinpath("nodefault.html").write_text(page(policy="script-src 'self'"))
    assert sitecheck.check_security_policy(tmp_path) == [
        "index.html: default-src allows https:; only 'self' or 'none'",
        "index.html: img-src allows * data:; only 'self' or 'none'",
        "nodefault.html: the policy has no default-src",
        MISMATCH,
        MISMATCH,
    ]


def test_inline_script_style_and_event_handlers_are_flagged(tmp_path):
    body = "\n".join(
        [
            '<p onclick="go()">event handler</p>',
            '<p style="color: red">style attribute</p>',
            "<style>p { color: red; }</style>",
            "<script>alert(1)</script>",
            '<script src="app.js"></script>',
        ]
    )
    site(tmp_path, {"index.html": page(body)})
    assert sitecheck.check_security_policy(tmp_path) == [
        "index.html:3: event handler attribute onclick, which the policy blocks",
        "index.html:4: style attribute, which the policy blocks",
        "index.html:5: <style> element, which the policy blocks",
        "index.html:6: inline <script>, which the policy blocks",
    ]


def test_a_json_ld_script_is_data_not_code(tmp_path):
    body = '<script type="application/ld+json">{"@type": "Article", "name": "A"}</script>'
    site(tmp_path, {"index.html": page(body)})
    assert sitecheck.check_security_policy(tmp_path) == []


def test_a_missing_headers_file(tmp_path):
    site(tmp_path, headers=False)
    assert sitecheck.check_security_policy(tmp_path) == [
        "_headers: missing; hosts that read it would send no security headers"
    ]


def test_a_headers_file_without_a_rule_for_every_page(tmp_path):
    site(tmp_path, headers=headers_file(rule="/posts/*"))
    assert sitecheck.check_security_policy(tmp_path) == [
        "_headers: no rule for /*, so no page gets the security headers"
    ]


def test_a_headers_file_without_nosniff_or_other_required_headers(tmp_path):
    changes = {"X-Content-Type-Options": None, "Permissions-Policy": None}
    site(tmp_path, headers=headers_file(**changes))
    assert sitecheck.check_security_policy(tmp_path) == [
        "_headers: /* sends no x-content-type-options",
        "_headers: /* sends no permissions-policy",
    ]


def test_nosniff_must_be_nosniff_in_any_case(tmp_path):
    site(tmp_path, headers=headers_file(**{"X-Content-Type-Options": "sniff"}))
    assert sitecheck.check_security_policy(tmp_path) == [
        "_headers: x-content-type-options is 'sniff'; expected 'nosniff'"
    ]
    site(tmp_path, headers=headers_file(**{"X-Content-Type-Options": "NoSniff"}))
    assert sitecheck.check_security_policy(tmp_path) == []


def test_a_headers_file_without_a_policy(tmp_path):
    site(tmp_path, headers=headers_file(**{"Content-Security-Policy": None}))
    assert sitecheck.check_security_policy(tmp_path) == [
        "_headers: /* sends no Content-Security-Policy"
    ]


def test_a_headers_policy_that_differs_from_the_pages(tmp_path):
    csp = "default-src 'self'; frame-ancestors 'none'"
    site(tmp_path, headers=headers_file(**{"Content-Security-Policy": csp}))
    assert sitecheck.check_security_policy(tmp_path) == [MISMATCH]


def test_a_loose_headers_policy(tmp_path):
    csp = "default-src 'self' 'unsafe-inline' https:; frame-ancestors 'none'"
    site(tmp_path, headers=headers_file(**{"Content-Security-Policy": csp}))
    assert sitecheck.check_security_policy(tmp_path) == [
        "_headers: default-src allows 'unsafe-inline' https:; only 'self' or 'none'",
        MISMATCH,
    ]


def test_framing_needs_frame_ancestors_none_or_x_frame_options_deny(tmp_path):
    site(tmp_path, headers=headers_file(**{"Content-Security-Policy": POLICY}))
    assert sitecheck.check_security_policy(tmp_path) == [
        "_headers: other sites may frame the pages; need frame-ancestors 'none' "
        "or X-Frame-Options: DENY"
    ]
    changes = {"Content-Security-Policy": POLICY, "X-Frame-Options": "deny"}
    site(tmp_path, headers=headers_file(**changes))
    assert sitecheck.check_security_policy(tmp_path) == []


def test_a_malformed_headers_file_names_the_line(tmp_path):
    site(tmp_path, headers="# security headers\n/*\n  no colon here\n")
    assert sitecheck.check_security_policy(tmp_path) == [
        f"{tmp_path / '_headers'}:3: expected a path, or an indented 'Name: value'"
    ]


def test_read_headers_file_reads_rules_lower_cases_names_and_skips_comments(tmp_path):
    path = tmp_path / "_headers"
    path.write_text(
        "# comment\n\n/*\n  X-Frame-Options:  DENY \n  Link: </a>; rel=preload\n"
        "/feed.xml\n  Content-Type: application/atom+xml\n"
    )
    assert sitecheck.read_headers_file(path) == {
        "/*": {"x-frame-options": "DENY", "link": "</a>; rel=preload"},
        "/feed.xml": {"content-type": "application/atom+xml"},
    }
    path.write_text("  X-Frame-Options: DENY\n")
    with pytest.raises(ValueError, match=r"_headers:1: expected a path"):
        sitecheck.read_headers_file(path)


def test_parse_policy_lower_cases_directives_and_keeps_the_first():
    policy = "default-src 'self';  Script-Src 'self' 'none' ; ; default-src *"
    assert sitecheck.parse_policy(policy) == {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'none'"],
    }


def test_inline_elements_whose_hashes_the_policy_names_are_allowed(tmp_path):
    style, script = "p{color:red}", "go()"
    hashed = (
        f"default-src 'self'; script-src 'self' {sitecheck.hash_source(script)}; "
        f"style-src 'self' {sitecheck.hash_source(style, 'sha384')}; img-src 'self'"
    )
    body = "\n".join(
        [
            f"<style>{style}</style>",
            f"<script>{script}</script>",
            f"<style>{style} </style>",
            f"<script>{style}</script>",
        ]
    )
    headers = headers_file(content_security_policy=f"{hashed}; frame-ancestors 'none'")
    site(tmp_path, {"index.html": page(body, policy=hashed)}, headers=headers)
    # A byte changed, or a style's hash under script-src, does not count.
    assert sitecheck.check_security_policy(tmp_path) == [
        "index.html:5: <style> element, which the policy blocks",
        "index.html:6: inline <script>, which the policy blocks",
    ]


def test_a_hash_allows_nothing_outside_script_and_style(tmp_path):
    source = sitecheck.hash_source("x")
    policy = f"default-src 'self'; img-src 'self' {source}; style-src 'self' 'sha256-not*base64'"
    site(tmp_path, {"index.html": page(policy=policy)})
    assert sitecheck.check_security_policy(tmp_path) == [
        f"index.html: img-src allows {source}; only 'self' or 'none'",
        "index.html: style-src allows 'sha256-not*base64'; only 'self', 'none' or the "
        "'sha256-…' hash of an inline element",
        MISMATCH,
    ]
