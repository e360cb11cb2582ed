"""Workflow tasks the Makefile calls: each a few lines that call the project's packages."""

import os
import shutil
import sys
from functools import partial
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit
from pelican.plugins.content_rules.errors import ContentError

from editorial.newpost import NEW_POST_OPTIONS
from importer import IMPORT_OPTIONS
from publishing import WorkflowError
from publishing.build import build_site as build_into
from publishing.build import shell_command as join
from publishing.pipeline import PUBLISH_OPTIONS

ROOT = Path(__file__).resolve().parent
SETTINGS = {"local": ROOT / "pelicanconf.py", "publish": ROOT / "publishconf.py"}
CONTENT, OUTPUT = ROOT / "content", ROOT / "output"
HOST, PORT = "127.0.0.1", 8000
CACHES = ("cache", "test-artifacts", ".pytest_cache", ".ruff_cache", ".hypothesis")
# What the live preview watches: words, markup and styles, settings and plugin logic.
WATCHED = ("content", "theme", "plugins", "pelicanconf.py")
# Edits here write the edited and open pages first, then the rest; elsewhere
# (plugins, settings) the whole site is built in a fresh process.
FAST = ("content", "theme")
say = partial(print, file=sys.stderr)


def provision(c, *programs):
    c.run(join(["sh", ROOT / "scripts" / "provision.sh", *programs]), in_stream=False)


def one_line(action, *args, **kwargs):
    """Run ``action``; a mistake it reports becomes one line and exit status 1."""
    try:
        return action(*args, **kwargs)
    except (WorkflowError, ContentError) as error:
        raise Exit(str(error) or None, code=1) from None


def build_site(settings="local"):
    one_line(build_into, CONTENT, SETTINGS[settings], OUTPUT)


@task
def clean(c):
    """Remove the generated site and every cache the project makes (not .venv)."""
    for folder in (OUTPUT, *map(ROOT.joinpath, CACHES), *ROOT.glob(".publish-*")):
        shutil.rmtree(folder, ignore_errors=True)


@task
def build(c):
    """Build the local site into output/."""
    build_site()


@task
def preview(c):
    """Build with the production settings (publishconf.py), then serve it."""
    build_site("publish")
    serve(c)


@task(help=PUBLISH_OPTIONS)
def publish(c, remote="origin", branch="gh-pages", push=True, cname=None):
    """Build with publishconf.py, check it, swap it into output/, push it to a git branch."""
    from publishing import address, pipeline

    siteurl = one_line(address.checked_siteurl, os.environ.get("SITEURL"))
    cname = one_line(address.checked_cname, os.environ.get("CNAME") if cname is None else cname)
    target = (remote, branch, cname) if push else None
    one_line(pipeline.publish, ROOT, CONTENT, SETTINGS["publish"], OUTPUT, siteurl, target, say)


@task
def serve(c, port=PORT):
    """Serve output/ at http://127.0.0.1:8000 without rebuilding."""
    from editorial.preview import serve_folder

    serve_folder(OUTPUT, HOST, int(port), report=print)


@task
def livereload(c, port=PORT):
    """Build, serve at http://127.0.0.1:8000, rebuild and reload on every save."""
    from editorial.preview import serve_live

    watched = [ROOT / path for path in WATCHED]
    fast = [ROOT / path for path in FAST]
    serve_live(CONTENT, SETTINGS["local"], watched, fast, OUTPUT, HOST, port, cwd=ROOT, report=say)


@task(auto_shortflags=False, help=NEW_POST_OPTIONS)
def new(c, title=None, deadline=None, form=None, goal=None, subtitle=None, date=None,
        timezone=None, slug=None, category=None, draft=False, lang=None, translation_of=None,
        translator=None):  # fmt: skip
    """Start a campaign post in content/ (or, with --lang and --translation-of, the
    translation of a post or page), asking for whatever is not given."""
    from editorial.newpost import Answers, NewPostError, create_post, describe

    given = (title, deadline, form, goal, subtitle, date, timezone, slug, category, draft)
    answers = Answers(*given, lang=lang, translation_of=translation_of, translator=translator)
    try:
        post = create_post(answers, ask=input if sys.stdin and sys.stdin.isatty() else None)
    except NewPostError as error:
        raise Exit(f"invoke new: {error}", code=1) from None
    siteurl = os.environ.get("SITEURL", "").rstrip("/")
    print("\n".join(describe(post, ROOT, f"http://{HOST}:{PORT}", siteurl)))


@task(name="import", help=IMPORT_OPTIONS)
def import_blog(c, path, domain=None, category=None):
    """Bring a Blogger export into content/: posts and pages at their old addresses."""
    from importer import ImportRefused, blog

    try:
        blog.run(path, SETTINGS["local"], domain=domain, category=category)
    except ImportRefused as error:
        raise Exit(f"invoke import: {error}", code=1) from None


@task
def check(c):
    """Read all content, write nothing, and list every problem as file:line: message."""
    from editorial.check import report

    if not report(SETTINGS["local"], print):
        raise Exit(code=1)


@task(help={"lang": "start a catalogue for this language too, e.g. fr"})
def messages(c, lang=None):
    """Extract the site's own words into theme/translations/messages.pot and add any
    new ones to each language's messages.po (and start --lang's), for translators."""
    from pelican.plugins.language.messages import update

    try:
        missing = update(ROOT, lang)
    except ValueError as error:
        raise Exit(f"invoke messages: {error}", code=1) from None
    for lang, count in missing.items():
        say(f"theme/translations/{lang}: {count} message(s) to translate")


@task
def docs(c):
    """Take the screenshots in EDITING.md (docs/screenshots/) again, from fresh builds."""
    provision(c, "chromium")
    c.run(join([sys.executable, ROOT / "tests" / "guide_screenshots.py"]), in_stream=False)


@task
def lint(c):
    """ruff check and ruff format --check over the Python code."""
    c.run(join([sys.executable, "-m", "ruff", "check", ROOT]), in_stream=False)
    c.run(join([sys.executable, "-m", "ruff", "format", "--check", ROOT]), in_stream=False)


@task
def test(c, k=""):
    """Run the whole test suite (installs Chromium, Java and nginx first when missing)."""
    provision(c, "chromium", "java", "nginx")
    selection = ["-k", k] if k else []
    c.run(join([sys.executable, "-m", "pytest", *selection]), in_stream=False)


@task(
    help={
        "runs": "timed builds per site size and variant (5 for RESULTS.md; 3 at 5,000 posts)",
        "sizes": "post counts, comma-separated (100,1000,5000 for RESULTS.md)",
    }
)
def bench(c, runs=5, sizes="100,1000,5000"):
    """Time builds against stock Pelican and Hugo, the live preview, the page budget
    and the campaign page; writes bench/RESULTS.md. 20 to 25 minutes on two cores;
    not part of `invoke test`."""
    provision(c, "chromium", "hugo", "npm")
    runs = int(runs)
    large_runs = min(runs, 3)
    command = [sys.executable, "-m", "bench", "--sizes", sizes, "--runs", runs]
    command += ["--large-runs", large_runs, "--saves", runs]
    c.run(join(command), in_stream=False)
