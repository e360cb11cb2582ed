"""Unit tests of pelican.plugins.outreach.share: share links and their hosts."""

from urllib.parse import urlsplit

import pytest
from outreach_helpers import query_fields
from pelican.plugins.outreach.share import (
    MASTODON_SHARE,
    SERVICES,
    ShareLink,
    query,
    share_hosts,
    share_links,
)

TITLE = "Defend Immigrants Rights"
URL = "https://example.org/2021/04/defend-immigrants-rights.html"
ENCODED_URL = "https%3A%2F%2Fexample.org%2F2021%2F04%2Fdefend-immigrants-rights.html"
TEXT = f"Defend%20Immigrants%20Rights%20{ENCODED_URL}"


def by_service(links):
    return {link.service: link for link in links}


def test_every_service_in_the_footer_order_by_default():
    links = share_links(TITLE, URL)
    assert [link.service for link in links] == list(SERVICES)
    assert SERVICES == ("email", "bluesky", "mastodon", "facebook", "x", "whatsapp")
    assert all(isinstance(link, ShareLink) for link in links)


def test_each_service_has_its_exact_address():
    links = by_service(share_links(TITLE, URL))
    assert links["email"].href == (
        f"mailto:?subject=Defend%20Immigrants%20Rights&body=Defend%20Immigrants%20Rights"
        f"%0D%0A%0D%0A{ENCODED_URL}"
    )
    assert links["bluesky"].href == f"https://bsky.app/intent/compose?text={TEXT}"
    assert links["mastodon"].href == f"https://s2f.kytta.dev/?text={TEXT}"
    assert links["facebook"].href == f"https://www.facebook.com/sharer/sharer.php?u={ENCODED_URL}"
    assert links["x"].href == (
        f"https://x.com/intent/post?text=Defend%20Immigrants%20Rights&url={ENCODED_URL}"
    )
    assert links["whatsapp"].href == f"https://wa.me/?text={TEXT}"


@pytest.mark.parametrize(
    "service,name,label",
    [
        ("email", "Email", "Share by email"),
        ("bluesky", "Bluesky", "Share on Bluesky"),
        ("mastodon", "Mastodon", "Share on Mastodon"),
        ("facebook", "Facebook", "Share on Facebook"),
        ("x", "X", "Share on X"),
        ("whatsapp", "WhatsApp", "Share on WhatsApp"),
    ],
)
def test_each_service_has_its_visible_name_inside_its_accessible_name(service, name, label):
    (link,) = share_links(TITLE, URL, [service])
    assert (link.service, link.name, link.label) == (service, name, label)
    # WCAG 2.5.3 (label in name): the accessible name contains the visible text.
    assert link.name.lower() in link.label.lower()


TRICKY_TITLE = "Rights & \"Dignity\" + 'Respect' = 100% #ICE — ¡Sí, se puede!\r\nЗащитим"
TRICKY_URL = "https://example.org/a b/café?x=1&y=2#top"


@pytest.mark.parametrize("service", SERVICES)
def test_reserved_characters_spaces_newlines_and_non_ascii_are_escaped(service):
    (link,) = share_links(TRICKY_TITLE, TRICKY_URL, [service])
    query_string = urlsplit(link.href).query
    # Nothing in the title or address leaks into the link's own syntax.
    for raw in (" ", "#", "+", "\r", "\n", '"', "'", "/", "?", "é", "í", "З", "—"):
        assert raw not in query_string, (raw, link.href)
    assert urlsplit(link.href).fragment == ""
    assert query_string.count("=") == len(query_fields(link.href))
    # Spaces as %20, never "+", which mailto: and some services read as a plus;
    # non-ASCII letters as UTF-8.
    assert "%20" in query_string
    assert "caf%C3%A9" in query_string
    if service != "facebook":
        assert "100%25%20%23ICE" in query_string
        assert "%0D%0A" in query_string
    # Decoded, the fields hold the title and address exactly.
    expected = {
        "email": {"subject": TRICKY_TITLE, "body": f"{TRICKY_TITLE}\r\n\r\n{TRICKY_URL}"},
        "bluesky": {"text": f"{TRICKY_TITLE} {TRICKY_URL}"},
        "mastodon": {"text": f"{TRICKY_TITLE} {TRICKY_URL}"},
        "facebook": {"u": TRICKY_URL},
        "x": {"text": TRICKY_TITLE, "url": TRICKY_URL},
        "whatsapp": {"text": f"{TRICKY_TITLE} {TRICKY_URL}"},
    }[service]
    assert query_fields(link.href) == expected


def test_the_ampersand_in_a_title_cannot_start_a_new_field():
    (link,) = share_links("Tom & Jerry&url=https://evil.example", URL, ["x"])
    assert query_fields(link.href) == {"text": "Tom & Jerry&url=https://evil.example", "url": URL}


def test_query_escapes_everything_reserved():
    assert query(a="1 2", b="&=#?/+%") == "a=1%202&b=%26%3D%23%3F%2F%2B%25"
    assert query(text="ü\n") == "text=%C3%BC%0A"


def test_services_come_in_the_order_asked_for():
    links = share_links(TITLE, URL, ["whatsapp", "email"])
    assert [link.service for link in links] == ["whatsapp", "email"]
    assert share_links(TITLE, URL, []) == []


@pytest.mark.parametrize("services", [["myspace"], ["email", "myspace"], ["Email"]])
def test_an_unknown_service_raises_value_error_naming_it(services):
    with pytest.raises(ValueError) as raised:
        share_links(TITLE, URL, services)
    assert raised.value.args == (services[-1],)


@pytest.mark.parametrize(
    "given",
    ["https://social.example/share", "https://social.example/share?"],
)
def test_a_mastodon_server_of_the_sites_own(given):
    (link,) = share_links(TITLE, URL, ["mastodon"], mastodon_share=given)
    assert link.href == f"https://social.example/share?text={TEXT}"


def test_the_default_mastodon_page_asks_readers_for_their_server():
    assert MASTODON_SHARE == "https://s2f.kytta.dev/"


def test_share_hosts_by_default_are_the_web_services_hosts():
    expected = {"bsky.app", "s2f.kytta.dev", "www.facebook.com", "x.com", "wa.me"}
    assert share_hosts() == expected
    assert share_hosts({}) == expected
    assert share_hosts(None) == expected


def test_share_hosts_follow_the_settings():
    settings = {
        "OUTREACH_SHARE_SERVICES": ["email", "mastodon", "x"],
        "OUTREACH_MASTODON_SHARE": "https://social.example/share",
    }
    assert share_hosts(settings) == {"social.example", "x.com"}


def test_email_alone_has_no_host():
    assert share_hosts({"OUTREACH_SHARE_SERVICES": ["email"]}) == set()


def test_share_hosts_with_an_unknown_service_raises_value_error():
    with pytest.raises(ValueError, match="myspace"):
        share_hosts({"OUTREACH_SHARE_SERVICES": ["myspace"]})
