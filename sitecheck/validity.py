"""The validity check: errors the Nu HTML Checker (vnu) finds in a built site's
HTML, CSS and SVG files.

vnu.jar comes from npm's ``vnu-jar`` package, pinned in tools/vnu/package-lock.json
and installed by ``npm ci --ignore-scripts`` in tools/vnu (the Makefile does it).
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VNU_FOLDER = ROOT / "tools" / "vnu"
VNU_JAR = VNU_FOLDER / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# What the Nu HTML Checker reads.
CHECKED_SUFFIXES = (".html", ".css", ".svg")
VNU_OPTIONS = (
    "--format",
    "json",
    "--stdout",
    "--exit-zero-always",
    "--also-check-css",
    "--also-check-svg",
)


def check_html(output, files=None):
    """Errors the Nu HTML Checker (vnu) finds in the site's HTML, CSS and SVG files."""
    output = Path(output)
    if files is None:
        files = [p for suffix in CHECKED_SUFFIXES for p in sorted(output.rglob(f"*{suffix}"))]
    if not files:
        return [f"{output}: no HTML, CSS or SVG files to check"]
    java = shutil.which("java")
    if java is None:
        return ["java: not found; vnu, the Nu HTML Checker, needs a Java runtime"]
    if not VNU_JAR.is_file():
        return [
            f"vnu: {VNU_JAR.relative_to(ROOT)} is missing; run "
            f"`npm ci --ignore-scripts` in {VNU_FOLDER.relative_to(ROOT)}/ (make test does)"
        ]
    command = [java, "-jar", str(VNU_JAR), *VNU_OPTIONS, *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        output_text = (result.stdout or result.stderr).strip()
        return [f"vnu: exit status {result.returncode}, unreadable output: {output_text[:200]}"]
    problems = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
        name = path.relative_to(output).as_posix() if path.is_relative_to(output) else url
        line = message.get("lastLine")
        if line is not None and path.suffix != ".css":
            # With CSS checking on, vnu shifts every line it reports by -1 (its
            # setLineOffset(-1)) and counts only CSS lines back up: HTML and SVG
            # lines come out one short, as line 0 for line 1.
            line += 1
        where = f"{name}:{line}" if line else name
        problems.append(f"{where}: {message.get('message', 'error')}")
    return problems
