"""Lighthouse (installed with npm into bench/node_modules) and the Chromium it drives."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .messages import BenchError, log
from .project import BENCH

LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
# The versions bench/package-lock.json pins, exactly; quiet unless something fails.
NPM_CI = ("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--disable-default-apps --disable-extensions --disable-domain-reliability "
    "--disable-client-side-phishing-detection --metrics-recording-only --mute-audio"
)


def install_lighthouse():
    """``npm ci`` in bench/ when Lighthouse is not there yet."""
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        raise BenchError("npm is missing: run `make bench`, which installs it")
    log("Installing Lighthouse (npm ci in bench/)...")
    # Its output goes to stderr, beside the bench's progress; stdout is for the results.
    result = subprocess.run(NPM_CI, cwd=BENCH, stdout=sys.stderr)
    if result.returncode:
        raise BenchError(f"`{' '.join(NPM_CI)}` in bench/ exited with {result.returncode}")
    if not LIGHTHOUSE.exists():
        raise BenchError(f"`{' '.join(NPM_CI)}` in bench/ did not install {LIGHTHOUSE.name}")


def lighthouse_version():
    package = BENCH / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def chromium_path():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        raise BenchError("Chromium is missing: run `make bench`, which installs it")
    return path


def run_lighthouse(url, report):
    env = dict(os.environ, CHROME_PATH=chromium_path())
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=60000",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    if result.returncode or not Path(report).is_file():
        raise BenchError(f"Lighthouse failed on {url}:\n{(result.stderr or result.stdout)[-2000:]}")
    data = json.loads(Path(report).read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise BenchError(f"Lighthouse could not load {url}: {data['runtimeError']['message']}")
    return data


def score_losses(data):
    """Each weighted audit that scored below 1: "category: title (value)"."""
    audits = data["audits"]
    losses = []
    for name in LIGHTHOUSE_CATEGORIES:
        for ref in data["categories"][name]["auditRefs"]:
            audit = audits.get(ref["id"], {})
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                losses.append(f"{name}: {audit['title']} ({audit.get('displayValue') or 'failed'})")
    return losses


def lighthouse_summary(data):
    audits = data["audits"]
    scores = {}
    for name in LIGHTHOUSE_CATEGORIES:
        score = data["categories"][name]["score"]
        scores[name] = None if score is None else round(score * 100)
    requests = audits["network-requests"]["details"]["items"]
    return {
        "scores": scores,
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "requests": [item["url"] for item in requests],
        "losses": score_losses(data),
        "form_factor": data["configSettings"]["formFactor"],
        "throttling": data["configSettings"]["throttlingMethod"],
        "version": data["lighthouseVersion"],
    }
