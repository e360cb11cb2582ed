"""The quality gates that need a browser, as plain functions over a Playwright page.

``inspect_page`` visits one address and measures everything the gates judge,
so the real site and the deliberately broken pages go through the same code.
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
LAYOUT_WIDTHS = (320, 768, 1280)
PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
MIN_FONT_PX = 16
MAX_LINE_CHARS = 75

_axe = Axe()

# Runs before any page script; CDP-injected, so the page's own policy does not block it.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
      + (event.lineNumber ? ` at line ${event.lineNumber}` : "")
  );
});
"""

# Text smaller than the minimum, ignoring the visually hidden (1px, clipped) labels.
SMALL_TEXT_JS = """(minimum) => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    if (!text || !element) continue;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width <= 1 || box.height <= 1 || style.visibility !== "visible") continue;
    const size = parseFloat(style.fontSize);
    const name = element.tagName.toLowerCase();
    if (size < minimum) small.push(`${size}px: ${name} "${text.slice(0, 40)}"`);
  }
  return small;
}"""

# Characters per line of the main column: its content width over the average
# width of a character of its longest paragraph, in that paragraph's own font.
# The stylesheet sets the column in ch, the width of "0" in the column's font;
# the same width in those units is returned too, with which paragraph was measured.
LINE_LENGTH_JS = """() => {
  const main = document.querySelector("main") || document.body;
  const style = getComputedStyle(main);
  const width = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const paragraphs = [...main.querySelectorAll("p, li")];
  const paragraph = [...paragraphs].sort(
    (a, b) => b.textContent.length - a.textContent.length)[0] || main;
  const text = paragraph.textContent.replace(/\\s+/g, " ").trim();
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const columnCh = width / context.measureText("0").width;
  context.font = getComputedStyle(paragraph).font;
  return {
    chars: text ? width / (context.measureText(text).width / text.length) : 0,
    columnCh: columnCh,
    paragraph: paragraphs.indexOf(paragraph),
  };
}"""

OVERFLOW_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

# Where the banner and its call to sign are, relative to the first screen.
BANNER_JS = """() => {
  const banner = document.querySelector(".campaign-banner");
  if (!banner) return null;
  const box = (element) => {
    if (!element) return null;
    const r = element.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
  };
  return {
    state: banner.getAttribute("data-campaign-state"),
    banner: box(banner),
    sign: box(banner.querySelector(".campaign-sign")),
    screen: {width: window.innerWidth, height: window.innerHeight},
  };
}"""


def line_length(page):
    """(characters a line, the column's width in ch, the fonts the longest paragraph
    was drawn in): what the reading-width gate measured, and in which font."""
    measured = page.evaluate(LINE_LENGTH_JS)
    return measured["chars"], measured["columnCh"], rendered_fonts(page, measured["paragraph"])


def rendered_fonts(page, paragraph):
    """The fonts Chromium drew the text of the ``paragraph``-th p or li of the main
    column in, most glyphs first: the installed fonts, not the names in the stylesheet."""
    if paragraph < 0:
        return []
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        document = cdp.send("DOM.getDocument")["root"]["nodeId"]
        main = cdp.send("DOM.querySelector", {"nodeId": document, "selector": "main"})["nodeId"]
        found = cdp.send("DOM.querySelectorAll", {"nodeId": main or document, "selector": "p, li"})
        node = found["nodeIds"][paragraph]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return [font["familyName"] for font in sorted(fonts, key=lambda font: -font["glyphCount"])]


def line_length_problem(label, report):
    """Why the column is too wide to read, or None. The figure is not rounded: 75.9
    characters is over 75, and a message saying 76, or 75, would hide why."""
    if 0 < report.line_chars <= MAX_LINE_CHARS:
        return None
    if report.line_chars <= 0:
        return f"{label}: no paragraph in the main column to measure its lines on"
    font = f" in {', '.join(report.text_fonts)}" if report.text_fonts else ""
    return (
        f"{label}: {report.line_chars} characters a line{font}, more than {MAX_LINE_CHARS} "
        f"(the column is {report.column_ch:.2f}ch)"
    )


def _origin(url):
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


class Watch:
    """Records, for one browser context, what the console, the policy and the
    network report. Requests to any other origin are recorded and refused."""

    def __init__(self, context, origin_url):
        self.origin = _origin(origin_url)
        self.console_errors = []
        self.requests = []
        self.foreign_requests = []
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        context.route(self._is_foreign, self._refuse)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.console_errors.append(f"uncaught: {error.error}"))
        context.on("request", self._request)

    def _is_foreign(self, url):
        return urlsplit(url).scheme in ("http", "https") and _origin(url) != self.origin

    def _refuse(self, route):
        route.abort("blockedbyclient")

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def _request(self, request):
        self.requests.append(request.url)
        if self._is_foreign(request.url):
            self.foreign_requests.append(request.url)

    def take(self):
        """Everything recorded since the last call, and start afresh."""
        taken = (self.console_errors, self.requests, self.foreign_requests)
        self.console_errors, self.requests, self.foreign_requests = [], [], []
        return taken


def axe_check(page):
    """(violations as readable lines, ids of the rules that passed, ids of those axe
    could not decide, such as contrast over an image)."""
    results = _axe.run(page, options=AXE_OPTIONS).response
    violations = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}; "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
    ]
    passed = {rule["id"] for rule in results["passes"]}
    return violations, passed, {rule["id"] for rule in results["incomplete"]}


@dataclass
class PageReport:
    """What the gates measured on one page."""

    url: str
    axe: list = field(default_factory=list)
    axe_passed: set = field(default_factory=set)
    axe_undecided: set = field(default_factory=set)
    console_errors: list = field(default_factory=list)
    csp_violations: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    foreign_requests: list = field(default_factory=list)
    web_fonts: int = 0
    overflow: dict = field(default_factory=dict)
    small_text: list = field(default_factory=list)
    line_chars: float = 0.0
    column_ch: float = 0.0
    text_fonts: list = field(default_factory=list)
    banner: dict | None = None
    screenshots: dict = field(default_factory=dict)


def banner_problems(report):
    """Why the banner (and, while open, its call to sign) is not on the first phone screen."""
    if report.banner is None:
        return []
    height, width = report.banner["screen"]["height"], report.banner["screen"]["width"]
    problems = []
    boxes = [("banner", report.banner["banner"])]
    if report.banner["state"] == "open":
        boxes.append(("call to sign", report.banner["sign"]))
    for name, box in boxes:
        if box is None:
            problems.append(f"{report.url}: the open banner has no {name}")
        elif box["top"] < 0 or box["bottom"] > height or box["right"] > width:
            problems.append(
                f"{report.url}: the {name} spans {box['top']:.0f}-{box['bottom']:.0f}px, "
                f"beyond the {width}x{height} screen"
            )
    return problems


def inspect_page(page, watch, url, countdown=False, screenshots=False, load=True):
    """Visit ``url`` and measure every browser gate on it, on a desktop and a phone screen.
    With ``load=False`` the page is measured as it is now, without loading it again."""
    report = PageReport(url)
    page.set_viewport_size(DESKTOP)
    if load:
        watch.take()
        page.goto(url, wait_until="load")
    if countdown and page.locator(".campaign-countdown").count():
        page.wait_for_function(
            "document.querySelector('.campaign-countdown').textContent.trim() !== ''"
        )
    report.axe, report.axe_passed, report.axe_undecided = axe_check(page)
    report.small_text = page.evaluate(SMALL_TEXT_JS, MIN_FONT_PX)
    report.line_chars, report.column_ch, report.text_fonts = line_length(page)
    report.web_fonts = page.evaluate("document.fonts.size")
    for width in LAYOUT_WIDTHS:
        page.set_viewport_size({"width": width, "height": DESKTOP["height"]})
        report.overflow[width] = page.evaluate(OVERFLOW_JS)
        if screenshots:
            report.screenshots[f"{width}px-full"] = page.screenshot(full_page=True)
    page.set_viewport_size(PHONE)
    page.evaluate("window.scrollTo(0, 0)")
    report.banner = page.evaluate(BANNER_JS)
    phone_violations, _, _ = axe_check(page)
    report.axe += [f"on a phone screen: {line}" for line in phone_violations]
    if screenshots:
        report.screenshots["360x640"] = page.screenshot()
    report.csp_violations = page.evaluate("window.__cspViolations || []")
    report.console_errors, report.requests, report.foreign_requests = watch.take()
    return report


# A reader in another zone than the campaign's sees the longest countdown text.
READER_ZONE = "America/Los_Angeles"


def instant(text):
    return dt.datetime.fromisoformat(text)


def reader_context(browser, origin_url, now):
    """A reader's browser with its clock at ``now``, watched by the gates."""
    context = browser.new_context(timezone_id=READER_ZONE)
    context.clock.install(time=now)
    return context, Watch(context, origin_url)
