"""The posts' pictures, fetched once each into content/images/, checked to be
pictures (Pillow) and bounded in size."""

import base64
import hashlib
import io
import re
import time
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from PIL import Image, UnidentifiedImageError

from .export import size_text
from .files import write_new

TIMEOUT_SECONDS = 20
# A server that sends a byte now and then never trips the timeout above: the whole
# picture must come within this.
DEADLINE_SECONDS = 60
MAX_IMAGE_BYTES = 25 * 1024 * 1024
READ_BYTES = 64 * 1024
# What browsers show; anything else (an HTML error page saved as .jpg, SVG) is refused.
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
USER_AGENT = "make-import (Blogger export to Markdown)"


class _SameSchemeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https addresses only."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, "redirect to another scheme", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


OPENER = urllib.request.build_opener(_SameSchemeRedirects)


def short(text):
    """``text`` cut to fit in a one-line message."""
    text = str(text)
    return text if len(text) <= 80 else text[:79] + "…"


def absolute(url):
    return f"https:{url}" if url.startswith("//") else url


def fetch(url):
    """The bytes at ``url`` (http or https only, bounded), or raise ValueError."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("not an http or https address")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    deadline = time.monotonic() + DEADLINE_SECONDS
    try:
        with OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_IMAGE_BYTES:
                limit = size_text(MAX_IMAGE_BYTES)
                raise ValueError(f"{size_text(int(length))}, more than {limit}")
            data = bytearray()
            # read1 returns what has come so far, so the deadline is looked at often.
            while chunk := response.read1(READ_BYTES):
                data += chunk
                if len(data) > MAX_IMAGE_BYTES:
                    raise ValueError(f"more than {size_text(MAX_IMAGE_BYTES)}")
                if time.monotonic() > deadline:
                    raise ValueError(f"still coming after {DEADLINE_SECONDS} seconds; given up")
    except urllib.error.HTTPError as error:
        # urllib (and the handler above) refuse a redirect to file:, ftp: and the like.
        target = error.headers.get("Location") if error.headers else None
        if 300 <= error.code < 400 and target:
            raise ValueError(f"it redirects to {short(target)}, not to a web address") from None
        raise ValueError(f"HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise ValueError(str(getattr(error, "reason", error))) from None
    return bytes(data)


def data_url(url):
    """The bytes of a picture pasted into the post (a data: address), or ValueError."""
    head, _, payload = url.partition(",")
    if not head.startswith("data:image/") or not head.endswith(";base64"):
        raise ValueError("a data: address that is not a base64 picture")
    if len(payload) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        raise ValueError(f"more than {MAX_IMAGE_BYTES} bytes")
    try:
        return base64.b64decode(payload, validate=True)
    except ValueError:
        raise ValueError("a data: address that is not valid base64") from None


def picture_suffix(data):
    """The file name ending of a picture browsers show, or ValueError."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValueError("not a picture") from None
    if kind not in FORMATS:
        raise ValueError(f"a {kind} file, not JPEG, PNG, GIF or WebP")
    return FORMATS[kind]


class Pictures:
    """Fetches each address once into ``content``/images/<folder>/ and gives
    its {static} link."""

    def __init__(self, content, fetch=fetch):
        self.content = Path(content)
        self.fetch = fetch
        self.known = {}  # address: (link, problem)
        self.downloaded = 0

    def __call__(self, url, folder):
        url = absolute(url.strip())
        if url not in self.known:
            self.known[url] = self._get(url, folder)
        return self.known[url]

    def _get(self, url, folder):
        pasted = url.startswith("data:")
        try:
            data = data_url(url) if pasted else self.fetch(url)
            suffix = picture_suffix(data)
        except ValueError as error:
            return None, str(error)
        path = "" if pasted else PurePosixPath(unquote(urlsplit(url).path)).stem.lower()
        stem = re.sub(r"[^a-z0-9]+", "-", path).strip("-")[:60]
        stem = stem or f"picture-{hashlib.sha256(data).hexdigest()[:12]}"
        for number in range(1, 1000):
            name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
            path = self.content / "images" / folder / name
            if path.exists() and path.read_bytes() == data:
                break
            if write_new(path, data):
                self.downloaded += 1
                break
        else:
            return None, "no free file name"
        return f"{{static}}/images/{folder}/{name}", None
