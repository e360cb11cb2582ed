"""Fake signature-count sources on loopback: an OSDI petition server that checks
the key, a CSV server, and answers that fail each way a real source can."""

import contextlib
import http.server
import json
import threading
import time
from pathlib import Path

from conftest import ROOT, build

KEY = "osdi-test-key-5f1c2a9e"
KEY_SETTINGS = {"SIGNATURE_COUNT_KEY_HOSTS": json.dumps(["127.0.0.1"])}
TEMPLATE_POST = (ROOT / "content" / "2021-04-08-defend-immigrants-rights.md").read_text(
    encoding="utf-8"
)


class FakeSource:
    """One loopback server; ``answers[path]`` is what a GET of ``path`` gets: a
    function of the handler, switchable between builds. Every request's path
    and headers are kept in ``seen``."""

    def __init__(self):
        self.answers, self.seen = {}, []
        source = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                source.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                answer = source.answers.get(self.path)
                if answer is None:
                    return reply(self, 404, b"not here", "text/plain")
                return answer(self)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def keys_seen(self):
        return [headers.get("osdi-api-token") for _path, headers in self.seen]

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def reply(handler, status, body, content_type="application/json", headers=()):
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def osdi(count, key=KEY):
    """An OSDI petition resource that answers only with the right key."""

    def answer(handler):
        if handler.headers.get("OSDI-API-Token") != key:
            return reply(handler, 401, b'{"error": "API Key invalid or not present"}')
        body = {"title": "Petition", "total_signatures": count, "_links": {"self": {}}}
        return reply(handler, 200, json.dumps(body).encode())

    answer.count = count
    return answer


def body(status, data, content_type="application/json", headers=()):
    return lambda handler: reply(handler, status, data, content_type, headers)


def csv_count(text):
    return body(200, text.encode("utf-8"), "text/csv")


def redirect(location, status=302):
    return body(status, b"", "text/plain", [("Location", location)])


def slow(seconds):
    def answer(handler):
        time.sleep(seconds)
        # The build has given up waiting by then, as it should.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            reply(handler, 200, b'{"total_signatures": 1}')

    return answer


def trickle(handler):
    """A 200 that sends its body one byte a second, for a minute: each read
    gets a byte in time, so only a limit on the whole read stops it."""
    handler.send_response(200)
    handler.send_header("Content-Length", "60")
    handler.end_headers()
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        for _second in range(60):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(1)


def cut_off(handler):
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.write(b'{"total_signatures": 5')
    handler.wfile.flush()
    handler.close_connection = True


def post(slug, source=None, extra="", goal=100, deadline="2021-04-13"):
    """A campaign post like the real one, its count read from ``source``."""
    lines = TEMPLATE_POST.replace("Slug: defend-immigrants-rights", f"Slug: {slug}")
    lines = lines.replace(
        "Title: Defend Immigrants Rights", f"Title: Defend Immigrants Rights {slug}"
    )
    lines = lines.replace("Signature_goal: 100\n", f"Signature_goal: {goal}\n" if goal else "")
    lines = lines.replace("Deadline: 2021-04-13", f"Deadline: {deadline}")
    fields = f"Signature_count_from: {source}\n" if source else ""
    head, text = lines.split("\n\n", 1)
    text = text.replace("[here]({filename}/pages/resolution.md)", "here")
    text = text.replace("({filename}/pages/resolution.md)", "")
    return f"{head}\n{fields}{extra}\n{text}"


def write_posts(folder, posts):
    """``posts``: {slug: text}; a content folder with only those posts."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for slug, text in posts.items():
        (folder / f"2021-04-08-{slug}.md").write_text(text, encoding="utf-8")
    return folder


def build_counts(output, content, cache, key=KEY, now="2021-04-10T22:00:00Z", **kwargs):
    """A publish build of ``content`` with the key in the environment (or none)."""
    import os

    extra = {"CACHE_PATH": json.dumps(str(cache)), **KEY_SETTINGS, **kwargs.pop("extra", {})}
    saved = os.environ.pop("OSDI_API_TOKEN", None)
    if key is not None:
        os.environ["OSDI_API_TOKEN"] = key
    try:
        return build(output, content=content, now=now, extra_settings=extra, **kwargs)
    finally:
        os.environ.pop("OSDI_API_TOKEN", None)
        if saved is not None:
            os.environ["OSDI_API_TOKEN"] = saved
