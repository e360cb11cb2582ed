"""The signature count: read at build time from the source a campaign names
(``signature_count_from``), or set by hand (``signature_count``).

A source is told apart by what it answers, never by its address: JSON with an
integer ``total_signatures`` (an OSDI petition, such as Action Network's), or a
CSV whose first number is the count (a sheet's count cell, published). A CSV of
the form's responses is refused: publishing it puts every signer on the web.

Every source is read at once, within TIMEOUT seconds in all. The last good
count of each source is kept in CACHE_PATH between builds; a failure is never
kept: the build warns in one line and shows the last good count, or none.
The API key comes from the environment (OSDI_API_TOKEN) and goes only to the
source's own address (scheme, host and port) on a host SIGNATURE_COUNT_KEY_HOSTS
names; it is never written anywhere.
"""

import csv
import datetime as dt
import http
import http.client
import json
import logging
import os
import re
import socket
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.content_rules.pelican_internals import warning_that_never_stops
from pelican.plugins.content_rules.sources import field_line, read_lines, source_name

from . import rules

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds, in all, for every source of a build together
MAX_BYTES = 256 * 1024  # a count is a few bytes; an OSDI petition a few kilobytes
MAX_REDIRECTS = 3
KEY_VARIABLE = "OSDI_API_TOKEN"
KEY_HEADER = "OSDI-API-Token"
# What a key can be: visible ASCII, as a header carries it unchanged.
KEY_RE = re.compile(r"[\x21-\x7e]+")
# The hosts the key is meant for: it is never sent to any other.
DEFAULT_KEY_HOSTS = ("actionnetwork.org",)
CACHE_FILE = Path("campaign") / "signature-counts.json"
# Signs that a CSV holds people, not a count: an email address, a form's
# timestamp column, or more rows than a header and its count.
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# ASCII digits only, as a sheet publishes them and a hand-set count is written.
# A Google Form's first column, in the form's language, and what it holds.
TIMESTAMP_HEADERS = (
    "timestamp",
    "marca temporal",
    "horodateur",
    "zeitstempel",
    "carimbo de data/hora",
    "informazioni cronologiche",
)
TIMESTAMP_RE = re.compile(
    r"[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?"
)
NUMBER_RE = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0+)?")
RESPONSES_ADVICE = (
    "publishing the responses puts every signer's name and email on the web: unpublish "
    "that sheet and publish a single cell that counts them instead (EDITING.md, "
    "'Show the signature count')"
)


@dataclass(frozen=True)
class Count:
    """How many have signed, and when that was so: an aware datetime, a date
    (a count set by hand on a day), or None."""

    number: int
    as_of: dt.date | None = None


class SourceFailed(Exception):
    """Why a source gave no count, in words fit for a warning line."""


def key_hosts(settings):
    return tuple(h.lower() for h in settings.get("SIGNATURE_COUNT_KEY_HOSTS", DEFAULT_KEY_HOSTS))


def _origin(url):
    parts = urlsplit(url)
    default = 443 if parts.scheme == "https" else 80
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or default


def _host(url):
    parts = urlsplit(url)
    return parts.netloc.rsplit("@", 1)[-1].lower()


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects as the rules allow sources (https://, http:// on this machine),
    at most MAX_REDIRECTS, with the key only on a request to the source's own origin."""

    def __init__(self, source, key):
        super().__init__()
        self.source, self.key = source, key
        self.max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        newurl = urljoin(req.full_url, newurl)
        if _origin(req.full_url)[0] == "https" and _origin(newurl)[0] != "https":
            raise SourceFailed(f"redirected (HTTP {code}) from https:// to http://")
        # urllib carries over headers, not unredirected ones such as the key:
        # it goes on again only to the source's own origin.
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and self.key and _origin(newurl) == _origin(self.source):
            new.add_unredirected_header(KEY_HEADER, self.key)
        return new

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("Location") or headers.get("URI") or ""
        try:
            rules.check_count_source(urljoin(req.full_url, location), "redirect")
        except ContentError:
            raise SourceFailed(f"redirected (HTTP {code}) to an address not allowed") from None
        if sum(getattr(req, "redirect_dict", {}).values()) >= MAX_REDIRECTS:
            raise SourceFailed(f"redirected more than {MAX_REDIRECTS} times")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def fetch(source, key, key_is_set=None):
    """The body ``source`` answers (bytes, at most MAX_BYTES), or SourceFailed.
    ``key`` is the key for this source ("" when it is not sent to it);
    ``key_is_set`` whether OSDI_API_TOKEN holds one at all."""
    key_is_set = bool(key) if key_is_set is None else key_is_set
    # http.client would refuse such a key with an error that could hold it; a
    # source that needs no key (a CSV) is still read.
    unusable = bool(key) and not KEY_RE.fullmatch(key)
    key = "" if unusable else key
    # No proxy from the environment: the key goes to the source, not through anyone.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _Redirects(source, key))
    request = urllib.request.Request(source, headers={"Accept": "application/json, text/csv"})
    if key:
        request.add_unredirected_header(KEY_HEADER, key)
    # The build stops waiting after TIMEOUT; this thread stops reading then too,
    # not when a trickling source is done (a preview rebuilds on every save).
    stop_at = time.monotonic() + TIMEOUT
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            body = _read_until(response, stop_at)
            declared = response.headers.get("Content-Length", "")
    except urllib.error.HTTPError as error:
        error.close()
        sent = bool(key) and _origin(error.url or source) == _origin(source)
        raise SourceFailed(_status_reason(error.code, key_is_set, sent, unusable)) from None
    except urllib.error.URLError as error:
        raise SourceFailed(_network_reason(error.reason)) from None
    except (http.client.HTTPException, OSError) as error:
        raise SourceFailed(_network_reason(error)) from None
    if len(body) > MAX_BYTES:
        raise SourceFailed(f"answered more than {MAX_BYTES // 1024} KB; a count is a few bytes")
    if declared.isdigit() and int(declared) > len(body):
        raise SourceFailed("the answer was cut off")
    return body


def _read_until(response, stop_at):
    """At most MAX_BYTES + 1 bytes of ``response``, read as they come, until ``stop_at``."""
    body = b""
    while len(body) <= MAX_BYTES:
        if time.monotonic() > stop_at:
            raise SourceFailed(f"no answer within {TIMEOUT} s")
        chunk = response.read1(MAX_BYTES + 1 - len(body))
        if not chunk:
            break
        body += chunk
    return body


def _status_reason(code, key_is_set, sent, unusable=False):
    try:
        phrase = http.HTTPStatus(code).phrase  # never the server's own words
    except ValueError:
        phrase = "unknown status"
    reason = f"HTTP {code} {phrase}"
    if code in (401, 403) and unusable:
        reason += (
            f"; {KEY_VARIABLE} holds a space, a line break or a character other than "
            "ASCII letters, digits and signs, so the key was not sent"
        )
    elif code in (401, 403) and sent:
        reason += "; the key was refused"
    elif code in (401, 403) and key_is_set:
        reason += (
            "; the key was not sent: it goes only to the source's own address, "
            "on a host SIGNATURE_COUNT_KEY_HOSTS names"
        )
    elif code in (401, 403):
        reason += f"; {KEY_VARIABLE} is not set"
    return reason


def _network_reason(error):
    if isinstance(error, SourceFailed):
        return str(error)
    if isinstance(error, TimeoutError | socket.timeout):
        return f"no answer within {TIMEOUT} s"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "host not found"
    if isinstance(error, ssl.SSLCertVerificationError):
        return "its certificate could not be verified"
    if isinstance(error, ssl.SSLError):
        return "the secure connection failed"
    if isinstance(error, http.client.IncompleteRead):
        return "the answer was cut off"
    if isinstance(error, http.client.RemoteDisconnected | ConnectionResetError):
        return "the connection closed without an answer"
    if isinstance(error, http.client.HTTPException):
        return "the answer is not HTTP"
    return f"the connection failed ({type(error).__name__})"


def count_in(body):
    """The count a source's answer holds, told by what it is, or SourceFailed."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceFailed("the answer is not UTF-8 text") from None
    text = text.strip()
    if not text:
        raise SourceFailed("the answer is empty")
    if text.startswith("<"):
        raise SourceFailed("the answer is an HTML page, not a count (OSDI JSON or CSV)")
    if text.startswith(("{", "[")):
        return _count_in_json(text)
    return _count_in_csv(text)


def _count_in_json(text):
    try:
        data = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except (ValueError, RecursionError):
        raise SourceFailed("the answer is not valid JSON") from None
    if not isinstance(data, dict) or "total_signatures" not in data:
        raise SourceFailed("the JSON has no total_signatures (not an OSDI petition)")
    number = data["total_signatures"]
    if isinstance(number, bool) or not isinstance(number, int):
        raise SourceFailed("total_signatures is not a whole number")
    return _sane(number)


def _count_in_csv(text):
    try:
        rows = list(csv.reader(text.splitlines()))
    except csv.Error:
        raise SourceFailed("the answer is neither JSON nor readable CSV") from None
    rows = [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
    cells = [cell for row in rows for cell in row if cell]
    responses = (
        len(rows) > 2
        or any(EMAIL_RE.search(cell) for cell in cells)
        or (rows and rows[0][0].lower() in TIMESTAMP_HEADERS)
        or any(TIMESTAMP_RE.fullmatch(row[0]) for row in rows)
    )
    if responses:
        raise SourceFailed(f"the CSV looks like the form's responses: {RESPONSES_ADVICE}")
    for cell in cells:
        if NUMBER_RE.fullmatch(cell):
            return _sane(int(cell.split(".")[0].replace(",", "")))
    if any(cell.startswith("=") for cell in cells):
        raise SourceFailed(
            "the CSV holds a formula, not its result: publish the sheet with "
            "File → Share → Publish to web, as CSV"
        )
    raise SourceFailed("the CSV holds no whole number to read as the count")


def _sane(number):
    if number < 0:
        raise SourceFailed(f"the count {_shown(number)} is negative")
    if number > rules.COUNT_MAX:
        raise SourceFailed(f"the count {_shown(number)} is more than {rules.COUNT_MAX:,}")
    return number


def _shown(number):
    """A number for a warning line: whole if short, else its size (a line, not a page)."""
    digits = str(abs(number))
    if len(digits) <= 15:
        return str(number)
    return f"{'-' if number < 0 else ''}{digits[:3]}… ({len(digits)} digits)"


def _refuse_duplicates(pairs):
    if sum(name == "total_signatures" for name, _value in pairs) > 1:
        raise SourceFailed("the JSON gives total_signatures more than once")
    return dict(pairs)


def read_sources(sources, key_for, key_is_set=False):
    """{source: count or SourceFailed}, every source read at once, TIMEOUT in all.
    A source still reading when time is up is left to its (daemon) thread."""
    results = {}

    def read(source):
        try:
            results[source] = count_in(fetch(source, key_for(source), key_is_set))
        except SourceFailed as failure:
            results[source] = failure
        except Exception as error:  # noqa: BLE001 (a source never stops a build)
            results[source] = SourceFailed(f"the source could not be read ({type(error).__name__})")

    threads = [threading.Thread(target=read, args=(s,), daemon=True) for s in sources]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    late = SourceFailed(f"no answer within {TIMEOUT} s")
    return {source: results.get(source, late) for source in sources}


class CountCache:
    """The last good count of each source, in CACHE_PATH: {source: [count, iso time]}."""

    def __init__(self, settings):
        self.path = Path(settings.get("CACHE_PATH", "cache")) / CACHE_FILE
        self.counts = self._load()

    def _load(self):
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return dict(filter(None, map(_cached, data.items())))
        except (OSError, ValueError, TypeError, AttributeError, RecursionError):
            return {}  # no cache, or one this code cannot read: start afresh

    def get(self, source):
        return self.counts.get(source)

    def put(self, source, count):
        """Keep ``count``; a cache that cannot be written warns, never stops a build."""
        self.counts[source] = count
        try:
            self._write()
        except OSError as error:
            warning_that_never_stops(
                logger,
                f"{self.path}: warning: the signature count cache could not be written "
                f"({error.strerror or type(error).__name__}); this build shows the count it "
                "read, and the next one reads it again",
            )

    def _write(self):
        data = {s: [c.number, c.as_of.isoformat()] for s, c in sorted(self.counts.items())}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Whole or not at all: a build stopped half-way leaves the last cache.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self.path.parent, delete=False, suffix=".tmp"
        ) as out:
            try:
                json.dump(data, out, indent=1)
            except BaseException:
                Path(out.name).unlink()
                raise
        try:
            os.replace(out.name, self.path)
        except BaseException:  # the cache's place is taken, or Ctrl-C: leave no litter
            Path(out.name).unlink(missing_ok=True)
            raise


def _cached(item):
    """(source, Count) from one cache entry, or None for one this code did not write."""
    source, entry = item
    if not isinstance(entry, list) or len(entry) != 2:
        return None
    number, as_of = entry
    if type(number) is not int or not 0 <= number <= rules.COUNT_MAX:
        return None
    try:
        as_of = dt.datetime.fromisoformat(as_of) if isinstance(as_of, str) else None
    except ValueError:
        return None  # one bad entry costs that entry, not every source's last count
    if as_of is None or as_of.tzinfo is None:
        return None
    return source, Count(number, as_of)


def _is_final(count, campaign, now):
    """Once signing has closed, a count read after the deadline is final."""
    return not campaign.is_open(now) and count.as_of >= campaign.deadline


def _is_recent(count, now, max_age):
    return dt.timedelta(0) <= now - count.as_of < max_age


def campaign_counts(declarers, settings, now):
    """{campaign: Count or None} for every campaign with a count, given
    ``declarers``, the items whose own fields hold each campaign."""
    counts, to_read = {}, {}
    cache = CountCache(settings)
    # A count this recent is used without asking (the preview's saves, not a publish).
    max_age = dt.timedelta(seconds=settings.get("SIGNATURE_COUNT_MAX_AGE", 0))
    for item, campaign in declarers:
        if campaign.count is not None:
            counts[campaign] = Count(campaign.count, campaign.count_date)
        elif campaign.count_source:
            last = cache.get(campaign.count_source)
            if last and (_is_final(last, campaign, now) or _is_recent(last, now, max_age)):
                counts[campaign] = last
            else:
                to_read.setdefault(campaign.count_source, []).append((item, campaign))
    if not to_read:
        return counts
    key = os.environ.get(KEY_VARIABLE, "").strip()
    hosts = key_hosts(settings)

    def key_for(source):
        return key if key and _origin(source)[1] in hosts else ""

    for source, result in read_sources(list(to_read), key_for, bool(key)).items():
        if isinstance(result, int):
            cache.put(source, Count(result, now))
        last = cache.get(source)
        for item, campaign in to_read[source]:
            counts[campaign] = last
            if isinstance(result, SourceFailed):
                _warn(item, campaign, source, str(result), last, key)
    return counts


def _warn(item, campaign, source, reason, last, key):
    name = source_name(item.source_path)
    line = field_line(read_lines(item.source_path), "signature_count_from")
    where = f"{name}:{line}" if line else name
    if last is None:
        shown = "the page shows no count until a build reads one"
    else:
        as_of = last.as_of.astimezone(campaign.display_zone).strftime("%Y-%m-%d %H:%M %Z")
        shown = f"showing the last good count, {last.number}, read {as_of}"
    message = f"{where}: warning: signature count not read from {_host(source)}: {reason}; {shown}"
    if key:
        message = message.replace(key, f"[{KEY_VARIABLE}]")
    warning_that_never_stops(logger, message)
