"""A small Blogger blog, written out in Blogger's two export schemas, and a
loopback server for its pictures: what the importer's tests read."""

import functools
import http.server
import io
import threading
import time
from dataclasses import dataclass, field
from html import escape

from PIL import Image

BLOG_HOST = "immigrants-rights-wg.blogspot.com"
BLOG = f"https://{BLOG_HOST}"


@dataclass
class Entry:
    kind: str  # post, page, comment
    title: str
    published: str  # as Blogger writes it
    html: str = ""
    address: str | None = None  # /2021/03/name.html
    labels: list = field(default_factory=list)
    draft: bool = False
    number: int = 0


def small_blog(images):
    """The blog's entries; ``images`` is the loopback address of its pictures."""
    march = f"""<div dir="ltr" style="text-align: left;" trbidi="on">
<div style="font-family: Georgia;">We marched from the park to city hall on Saturday.</div>
<div><br /></div>
<div>More than <span style="font-weight: bold;">three hundred</span> neighbors came.<br />
Some came from two towns away.</div>
<br /><br />
The city council heard us.
<div class="separator" style="clear: both; text-align: center;"><a
 href="{images}/s1600/march-crowd.png" imageanchor="1" style="margin-left: 1em;"><img border="0"
 height="240" src="{images}/s320/march-crowd.png" width="320" /></a></div>
<table class="tr-caption-container" align="center"><tbody>
<tr><td><img src="{images}/banner.png" alt="Our banner at the steps" /></td></tr>
<tr><td class="tr-caption">The banner we painted together.</td></tr></tbody></table>
<p>Read <a href="{BLOG}/2021/05/know-your-rights.html">Know your rights</a> before the next one,
see <a href="http://{BLOG_HOST}/search/label/Immigration">every post on immigration</a>,
and sign <a href="{BLOG}/2021/04/defend-immigrants-rights.html?m=1">the resolution</a>.</p>
<p>A picture that is gone: <img src="{images}/missing.png" alt="A lost picture" /></p>
</div>"""
    rights = f"""<h2>At the door</h2>
<p>You do not have to open the door.<br><br>Ask to see a warrant signed by a judge.</p>
<ul><li>Stay calm.</li><li>Do not sign anything.</li></ul>
<blockquote>Everyone in the country has rights.</blockquote>
<iframe width="320" height="266" src="https://www.youtube.com/embed/dQw4w9WgXcQ"
 frameborder="0" allowfullscreen></iframe>
<script type="text/javascript">document.write("counter");</script>
<p>Back to <a href="{BLOG}/2021/03/march-for-immigrant-justice.html#more">the march</a>
and <a href="{BLOG}/p/about-us.html">about us</a>.</p>"""
    return [
        Entry("post", "March for Immigrant Justice", "2021-03-14T15:30:00.000-04:00", march,
              "/2021/03/march-for-immigrant-justice.html", ["Immigration", "Marches"]),
        Entry("comment", "", "2021-03-15T09:00:00.000-04:00", "<p>Great march!</p>"),
        Entry("comment", "", "2021-03-16T09:00:00.000-04:00", "<p>See you next time.</p>"),
        # 02:30 UTC on May 1 is 10:30 PM on April 30 in New York: the old
        # address says May, the site's zone April.
        Entry("post", "Know your rights", "2021-05-01T02:30:00.000Z", rights,
              "/2021/05/know-your-rights.html", ["Immigration", "Know your rights"]),
        Entry("comment", "", "2021-05-02T09:00:00.000Z", "<p>Thank you.</p>"),
        Entry("post", "", "2021-02-20T18:00:00.000-05:00",
              "<div>We met at the library on Saturday and planned the spring.</div>"
              "<div>Twenty people came, and six of them were new.</div>",
              "/2021/02/blog-post.html", ["Meetings"]),
        Entry("page", "About us", "2020-11-01T12:00:00.000-05:00",
              "<p>We are the Immigrants' Rights Working Group.</p>"
              f'<p><img src="{images}/group.png" /></p>',
              "/p/about-us.html"),
        Entry("post", "Ideas for the newsletter", "2021-06-01T10:00:00.000-04:00",
              "<p>A column on the new law, and one on the food drive.</p>", None, [], True),
        # The campaign post is on the old blog too, and already on this site.
        Entry("post", "Defend Immigrants Rights", "2021-04-08T10:00:00.000-04:00",
              "<p>Old copy of the campaign post.</p>",
              "/2021/04/defend-immigrants-rights.html", ["resolutions"]),
    ]  # fmt: skip


def _numbered(entries):
    for number, entry in enumerate(entries, 1):
        entry.number = number
    return entries


def takeout_feed(entries):
    """Google Takeout's feed.atom (the 2018 schema)."""
    parts = [
        "<?xml version='1.0' encoding='utf-8'?>",
        "<feed xmlns='http://www.w3.org/2005/Atom' "
        "xmlns:blogger='http://schemas.google.com/blogger/2018'>",
        "  <id>tag:blogger.com,1999:blog-1234567890</id>",
        "  <title>Immigrants' Rights Working Group</title>",
    ]
    posts = {}
    for entry in _numbered(entries):
        kind = entry.kind.upper()
        parts.append("  <entry>")
        parts.append(f"    <id>tag:blogger.com,1999:blog-1234567890.post-{entry.number}</id>")
        parts.append(f"    <blogger:type>{kind}</blogger:type>")
        parts.append(f"    <blogger:status>{'DRAFT' if entry.draft else 'LIVE'}</blogger:status>")
        parts.append("    <author><name>Working Group</name>"
                     "<blogger:type>BLOGGER</blogger:type></author>")  # fmt: skip
        parts.append(f"    <title>{escape(entry.title)}</title>")
        parts.append(f"    <content type='html'>{escape(entry.html)}</content>")
        parts.append(f"    <published>{entry.published}</published>")
        for label in entry.labels:
            parts.append(f"    <category scheme='tag:blogger.com,1999:blog-1234567890' "
                         f"term='{escape(label)}'/>")  # fmt: skip
        if entry.kind == "comment":
            parent = posts.get("last", 1)
            parts.append(
                f"    <blogger:parent>tag:blogger.com,1999:blog-1234567890.post-{parent}"
                "</blogger:parent>"
            )
        elif entry.address:
            posts["last"] = entry.number
            parts.append(f"    <blogger:filename>{entry.address}</blogger:filename>")
        parts.append("  </entry>")
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def classic_feed(entries):
    """The classic export of Settings → Back up content (the 2008 schema)."""
    kind = "http://schemas.google.com/blogger/2008/kind#"
    parts = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<?xml-stylesheet href="http://www.blogger.com/styles/atom.css" type="text/css"?>',
        "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch="
        "'http://a9.com/-/spec/opensearchrss/1.0/' xmlns:gd='http://schemas.google.com/g/2005' "
        "xmlns:thr='http://purl.org/syndication/thread/1.0'>",
        "<id>tag:blogger.com,1999:blog-1234567890.archive</id>",
        "<updated>2021-06-01T10:00:00.000-04:00</updated>",
        "<title type='text'>Immigrants' Rights Working Group</title>",
        f"<link rel='alternate' type='text/html' href='{BLOG}/'/>",
        "<generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>",
        "<entry><id>tag:blogger.com,1999:blog-1234567890.settings.BLOG_NAME</id>"
        "<published>2021-06-01T10:00:00.000-04:00</published>"
        f"<category scheme='http://schemas.google.com/g/2005#kind' term='{kind}settings'/>"
        "<title type='text'>Blog name</title><content type='text'>Our blog</content></entry>",
        "<entry><id>tag:blogger.com,1999:blog-1234567890.layout</id>"
        "<published>2021-06-01T10:00:00.000-04:00</published>"
        f"<category scheme='http://schemas.google.com/g/2005#kind' term='{kind}template'/>"
        "<title type='text'>Template</title>"
        "<content type='text'>&lt;html&gt;&lt;b:skin/&gt;&lt;/html&gt;</content></entry>",
    ]
    last_post = None
    for entry in _numbered(entries):
        parts.append("<entry>")
        parts.append(f"<id>tag:blogger.com,1999:blog-1234567890.post-{entry.number}</id>")
        parts.append(f"<published>{entry.published}</published>")
        if entry.draft:
            parts.append("<app:control xmlns:app='http://purl.org/atom/app#'>"
                         "<app:draft>yes</app:draft></app:control>")  # fmt: skip
        parts.append(f"<category scheme='http://schemas.google.com/g/2005#kind' "
                     f"term='{kind}{entry.kind}'/>")  # fmt: skip
        for label in entry.labels:
            parts.append(f"<category scheme='http://www.blogger.com/atom/ns#' "
                         f"term='{escape(label)}'/>")  # fmt: skip
        parts.append(f"<title type='text'>{escape(entry.title)}</title>")
        parts.append(f"<content type='html'>{escape(entry.html)}</content>")
        if entry.kind == "comment":
            parts.append(f"<thr:in-reply-to href='{BLOG}{last_post}' ref='x' type='text/html'/>")
        elif entry.address and not entry.draft:
            last_post = entry.address
            parts.append(f"<link rel='alternate' type='text/html' href='{BLOG}{entry.address}' "
                         f"title='{escape(entry.title)}'/>")  # fmt: skip
        parts.append("<author><name>Working Group</name></author>")
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def png(colour, size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


class _Pictures(http.server.BaseHTTPRequestHandler):
    pictures = {}
    asked = []

    def do_GET(self):  # noqa: N802 (the handler's name)
        self.asked.append(self.path)
        if self.path == "/to-file.png":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        if self.path == "/drip.png":
            self._drip()
            return
        data = self.pictures.get(self.path)
        if data is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _drip(self):
        """A byte now and then, never enough for a read to time out: 60 s in all."""
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        try:
            for _ in range(600):
                self.wfile.write(b"\0")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass  # the importer gave up, as it should

    def log_message(self, *args):
        pass


class PictureServer:
    """Serves the blog's pictures on a free loopback port; /missing.png is a 404,
    /to-file.png redirects to a file: address, /drip.png sends a byte every 0.1 s."""

    def __init__(self):
        pictures = {
            "/s1600/march-crowd.png": png("red", (160, 120)),
            "/s320/march-crowd.png": png("red"),
            "/banner.png": png("blue"),
            "/group.png": png("green"),
            "/not-a-picture.png": b"<html>Not found</html>",
        }
        handler = type("Handler", (_Pictures,), {"pictures": pictures, "asked": []})
        self.handler = handler
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def asked(self):
        return self.handler.asked

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


serve = functools.partial(PictureServer)
