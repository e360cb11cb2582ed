"""Share links: plain addresses that hand a post's title and address to another
service when, and only when, a reader follows them. No scripts, no tracking."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

# The order the post footer shows them in.
SERVICES = ("email", "bluesky", "mastodon", "facebook", "x", "whatsapp")
# Mastodon has no one home: this page asks readers for their own server, then
# hands the text on. A site whose readers share one server can name it instead
# (https://mastodon.example/share), since Mastodon takes the same ?text= there.
MASTODON_SHARE = "https://s2f.kytta.dev/"


@dataclass(frozen=True)
class ShareLink:
    service: str
    name: str  # the visible text
    label: str  # the accessible name; contains the visible text
    href: str


def query(**fields):
    # Every reserved character escaped and spaces as %20 (mailto: reads "+" as a plus).
    return urlencode(fields, safe="", quote_via=quote)


def share_links(title, url, services=SERVICES, mastodon_share=MASTODON_SHARE, gettext=None):
    """The links for ``title`` at the absolute address ``url``, in ``services`` order,
    their words in the catalogue's language (``gettext``); services keep their names."""
    _ = gettext or (lambda message: message)
    text = f"{title} {url}"
    on = _("Share on %(service)s")
    known = {
        "email": (
            _("Email"),
            _("Share by email"),
            "mailto:?" + query(subject=title, body=f"{title}\r\n\r\n{url}"),
        ),
        "bluesky": (
            "Bluesky",
            on % {"service": "Bluesky"},
            "https://bsky.app/intent/compose?" + query(text=text),
        ),
        "mastodon": (
            "Mastodon",
            on % {"service": "Mastodon"},
            f"{mastodon_share.rstrip('?')}?" + query(text=text),
        ),
        "facebook": (
            "Facebook",
            on % {"service": "Facebook"},
            "https://www.facebook.com/sharer/sharer.php?" + query(u=url),
        ),
        "x": (
            "X",
            on % {"service": "X"},
            "https://x.com/intent/post?" + query(text=title, url=url),
        ),
        "whatsapp": (
            "WhatsApp",
            on % {"service": "WhatsApp"},
            "https://wa.me/?" + query(text=text),
        ),
    }
    links = []
    for service in services:
        if service not in known:
            raise ValueError(service)
        links.append(ShareLink(service, *known[service]))
    return links


def share_hosts(settings=None):
    """The hosts the share links go to, for link checkers' lists of allowed hosts."""
    settings = settings or {}
    links = share_links(
        "",
        "",
        settings.get("OUTREACH_SHARE_SERVICES", SERVICES),
        settings.get("OUTREACH_MASTODON_SHARE", MASTODON_SHARE),
    )
    return {urlsplit(link.href).hostname for link in links if urlsplit(link.href).hostname}
