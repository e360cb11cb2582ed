"""Workflow tasks the Makefile calls: each a few lines that call the project's packages."""

import os
import sys
from functools import partial
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit
from pelican.plugins.content_rules.errors import ContentError

from editorial.newpost import NEW_POST_OPTIONS, Answers, start_post
from editorial.preview import serve_folder, serve_project
from importer import IMPORT_OPTIONS
from publishing import WorkflowError
from publishing.build import build_site as build_into
from publishing.build import shell_command as join
from publishing.folders import remove_generated
from publishing.pipeline import PUBLISH_OPTIONS, publish_as_told

ROOT = Path(__file__).resolve().parent
SETTINGS = {"local": ROOT / "pelicanconf.py", "publish": ROOT / "publishconf.py"}
CONTENT, OUTPUT = ROOT / "content", ROOT / "output"
HOST, PORT = "127.0.0.1", 8000
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
    remove_generated(ROOT, OUTPUT)


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
    target = (remote, branch, cname, push)
    one_line(publish_as_told, ROOT, CONTENT, SETTINGS["publish"], OUTPUT, target, say)


@task
def serve(c, port=PORT):
    """Serve output/ at http://127.0.0.1:8000 without rebuilding."""
    serve_folder(OUTPUT, HOST, int(port), report=print)


@task
def livereload(c, port=PORT):
    """Build, serve at http://127.0.0.1:8000, rebuild and reload on every save."""
    serve_project(ROOT, CONTENT, SETTINGS["local"], OUTPUT, HOST, port, report=say)


@task(auto_shortflags=False, help=NEW_POST_OPTIONS)
def new(c, title=None, deadline=None, form=None, goal=None, subtitle=None, date=None,
        timezone=None, slug=None, category=None, draft=False, lang=None, translation_of=None,
        translator=None, count_from=None):  # fmt: skip
    """Start a campaign post in content/ (--lang and --translation-of: a translation)."""
    given = (title, deadline, form, goal, subtitle, date, timezone, slug, category, draft)
    answers = Answers(*given, lang=lang, translation_of=translation_of, translator=translator)
    answers.count_from = count_from
    siteurl = os.environ.get("SITEURL", "")
    print(one_line(start_post, answers, ROOT, f"http://{HOST}:{PORT}", siteurl))


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
    """The site's own words into theme/translations/ (.pot, each .po), for translators."""
    from pelican.plugins.language.messages import update_and_count

    try:
        say(update_and_count(ROOT, lang))
    except ValueError as error:
        raise Exit(f"invoke messages: {error}", code=1) from None


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
    c.run(join([sys.executable, "-m", "pytest", *(["-k", k] if k else [])]), in_stream=False)


@task(help={"runs": "rounds per size (at most 3 at 5,000 posts)", "sizes": "like 100,1000"})
def bench(c, runs=5, sizes="100,1000,5000"):
    """Time builds, the live preview and the pages; writes bench/RESULTS.md (not in test)."""
    provision(c, "chromium", "hugo", "npm")
    c.run(join([sys.executable, "-m", "bench", "--sizes", sizes, "--runs", runs]), in_stream=False)
