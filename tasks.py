"""Workflow tasks: build, serve, preview, test. The Makefile only calls these."""

import contextlib
import ctypes
import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
SETTINGS = {"local": ROOT / "pelicanconf.py", "publish": ROOT / "publishconf.py"}
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
HOST, PORT = "127.0.0.1", 8000
# What the live preview watches: words, markup and styles, and plugin logic.
WATCHED = ("content", "theme", "plugins", "pelicanconf.py")
# System programs the test suite drives, and the Debian package of each.
SYSTEM_TOOLS = {"chromium": "chromium", "java": "default-jre-headless", "nginx": "nginx"}
# What `invoke bench` drives besides: Hugo as the speed reference, npm for Lighthouse.
BENCH_TOOLS = {"chromium": "chromium", "hugo": "hugo", "npm": "npm"}
BENCH = ROOT / "bench"


def run_pelican(settings_file, output=OUTPUT, extra=()):
    """Build the site in-process; an editor's mistake ends with one line."""
    from pelican import main

    sys.path.insert(0, str(ROOT))
    argv = [str(CONTENT), "-s", str(settings_file), "-o", str(output), *extra]
    try:
        main(argv)
    except SystemExit as stop:
        if stop.code not in (0, None):
            # Pelican's command line prints a SystemExit's message; in-process we must.
            message = stop.code if isinstance(stop.code, str) else None
            raise Exit(message, code=1) from None


@task
def clean(c):
    """Remove the generated site."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task
def build(c):
    """Build the local site into output/."""
    run_pelican(SETTINGS["local"])


@task
def rebuild(c):
    """Build from scratch, ignoring anything already in output/."""
    clean(c)
    build(c)


@task
def preview(c):
    """Build with the production settings (publishconf.py), then serve it."""
    run_pelican(SETTINGS["publish"])
    serve(c)


# Where `invoke publish` pushes the site unless told otherwise.
PUBLISH_REMOTE, PUBLISH_BRANCH = "origin", "gh-pages"
HOST_NAME_RE = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", re.I)


def publish_siteurl():
    """The address the published site lives at; links and feeds are made absolute with it."""
    value = os.environ.get("SITEURL", "").strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        shown = repr(value) if value else "(not set)"
        raise Exit(
            f"publish: SITEURL {shown} is not a web address; expected the address the site "
            "will be served from, like SITEURL=https://example.github.io/campaign",
            code=1,
        )
    return value.rstrip("/")


def checked_cname(value):
    """A custom domain for the CNAME file, or None when there is none."""
    value = (value or "").strip()
    if value and not HOST_NAME_RE.fullmatch(value):
        raise Exit(
            f"publish: CNAME {value!r} is not a host name; expected a domain like "
            "campaign.example.org (no scheme, no path)",
            code=1,
        )
    return value or None


def linked_hosts(settings_file):
    """Other sites the pages link to on purpose: the share links of the outreach plugin."""
    from pelican.settings import read_settings

    if str(ROOT / "plugins") not in sys.path:
        sys.path.insert(0, str(ROOT / "plugins"))
    from outreach.share import share_hosts

    return share_hosts(read_settings(str(settings_file)))


def site_problems(folder, siteurl):
    """The quality gates that need no browser: links, security policy, page budget, HTML."""
    import sitecheck

    allowed = sitecheck.allowed_hosts(CONTENT, extra=linked_hosts(SETTINGS["publish"]))
    problems = sitecheck.check_links(folder, siteurl, allowed)
    problems += sitecheck.check_security_policy(folder)
    for page in sitecheck.html_pages(folder):
        problems += sitecheck.check_budget(folder, page, siteurl)
    return problems + sitecheck.check_html(folder)


def exchange_paths(first, second):
    """Swap two paths in one atomic rename (Linux renameat2 with RENAME_EXCHANGE).

    Returns False where the system cannot, so that the caller can fall back."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if sys.platform != "linux" or renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange):
        code = ctypes.get_errno()
        if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
            return False
        raise OSError(code, os.strerror(code), str(second))
    return True


def replace_folder(new, target):
    """Put ``new`` where ``target`` is, so that readers see the old or the new
    folder whole, never a mix; the old one ends up at ``new``'s path."""
    if not target.exists():
        new.rename(target)
    elif not exchange_paths(new, target):
        aside = new.with_name(new.name + "-old")
        target.rename(aside)
        new.rename(target)
        aside.rename(new)


def source_commit():
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return found.stdout.strip() if found.returncode == 0 else "an uncommitted tree"


def push_to_branch(folder, remote, branch, cname):
    """Commit ``folder`` as the whole of ``branch`` and push it to ``remote``."""
    from ghp_import import GhpError, ghp_import

    message = f"Publish {os.environ['SITEURL']} from {source_commit()}"
    try:
        with contextlib.chdir(ROOT):
            ghp_import(
                str(folder),
                remote=remote,
                branch=branch,
                mesg=message,
                nojekyll=True,
                cname=cname,
                push=True,
            )
    except (GhpError, subprocess.CalledProcessError) as error:
        if isinstance(error, subprocess.CalledProcessError):
            error = f"git {error.cmd[1]} exited with status {error.returncode}"
        raise Exit(
            f"publish: could not push branch {branch} to {remote} ({error}); "
            f"{folder.name}/ holds the checked site, so running again retries the push",
            code=1,
        ) from None


@task(
    help={
        "remote": f"git remote, by name or address, to push the site to [{PUBLISH_REMOTE}]",
        "branch": f"branch of the remote that holds the site [{PUBLISH_BRANCH}]",
        "push": "push after building; --no-push only builds and checks into output/",
        "cname": "custom domain to write into a CNAME file [the CNAME variable]",
    }
)
def publish(c, remote=PUBLISH_REMOTE, branch=PUBLISH_BRANCH, push=True, cname=None):
    """Build with publishconf.py, check it, swap it into output/, push it to a git branch.

    The build goes to a new folder first: a failed build or check leaves output/
    as it was and pushes nothing."""
    os.environ["SITEURL"] = siteurl = publish_siteurl()
    cname = checked_cname(os.environ.get("CNAME") if cname is None else cname)
    staging = Path(tempfile.mkdtemp(prefix=".publish-", dir=ROOT))
    try:
        staging.chmod(0o755)  # mkdtemp's folder is private; a web server must read it
        run_pelican(SETTINGS["publish"], output=staging, extra=("--fatal", "warnings"))
        problems = site_problems(staging, siteurl)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            raise Exit(
                f"publish: {len(problems)} problem(s) above; {OUTPUT.name}/ is unchanged "
                "and nothing was pushed",
                code=1,
            )
        replace_folder(staging, OUTPUT)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"Built and checked {siteurl} into {OUTPUT.name}/")
    if push:
        push_to_branch(OUTPUT, remote, branch, cname)
        print(f"Pushed {OUTPUT.name}/ to branch {branch} of {remote}")


@task
def serve(c, port=PORT):
    """Serve output/ at http://127.0.0.1:8000 without rebuilding."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    RootedHTTPServer.allow_reuse_address = True
    server = RootedHTTPServer(str(OUTPUT), (HOST, int(port)), ComplexHTTPRequestHandler)
    print(f"Serving {OUTPUT.name}/ at http://{HOST}:{port}/  (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task
def livereload(c, port=PORT):
    """Build, serve at http://127.0.0.1:8000, rebuild and reload on every save."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado.ioloop import PeriodicCallback

    class QuickWatcher(Watcher):
        """Looks for saved files every 200 ms; livereload's own poll is 800 ms,
        too slow to show a change within two seconds when the build takes one."""

        def start(self, callback):
            PeriodicCallback(callback, 200).start()
            return True

    # livereload drops a reload that comes within 3 s of the last one, so an
    # editor who saves twice quickly would not see the second change.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0

    def bytecode(path):
        # Building imports the plugins, which writes __pycache__: not a change.
        return "__pycache__" in Path(path).parts

    def rebuild_quietly():
        try:
            run_pelican(SETTINGS["local"])
        except Exit as failure:
            # Keep serving the last good build; say what to fix.
            if failure.message:
                print(failure.message, file=sys.stderr)
            print("The build failed; fix the line above and save again.", file=sys.stderr)

    rebuild_quietly()
    server = Server(watcher=QuickWatcher())
    for path in WATCHED:
        target = ROOT / path
        pattern = str(target / "**/*") if target.is_dir() else str(target)
        server.watch(pattern, rebuild_quietly, ignore=bytecode)
    print(f"Preview at http://{HOST}:{port}/  (Ctrl-C stops)")
    server.serve(host=HOST, port=int(port), root=str(OUTPUT), open_url_delay=None)


@task(
    auto_shortflags=False,
    help={
        "title": "the post's title, in any language",
        "deadline": "when signing closes: 2021-04-13, 2021-04-13 18:00 or 2021-04-13T18:00-04:00",
        "form": "the https:// address of the signature form",
        "goal": "how many signatures are needed (optional)",
        "subtitle": "a line under the title (optional)",
        "date": "the post's date: 2021-04-08 or 2021-04-08 09:30 (default: now)",
        "timezone": "the deadline's time zone, like Europe/Paris (default: the site's)",
        "slug": "the words of the post's address (default: made from the title)",
        "category": "the post's category (optional)",
        "draft": "write it as a draft, left out of the published site",
    },
)
def new(
    c,
    title=None,
    deadline=None,
    form=None,
    goal=None,
    subtitle=None,
    date=None,
    timezone=None,
    slug=None,
    category=None,
    draft=False,
):
    """Start a campaign post in content/, asking for whatever is not given."""
    from editorial.newpost import Answers, NewPostError, create_post

    answers = Answers(title, deadline, form, goal, subtitle, date, timezone, slug, category, draft)
    # Ask only a person at a terminal; a script gets an error instead of a hang.
    ask = input if sys.stdin is not None and sys.stdin.isatty() else None
    try:
        post = create_post(answers, ask=ask)
    except NewPostError as error:
        raise Exit(f"invoke new: {error}", code=1) from None
    for warning in post.warnings:
        print(f"warning: {warning}")
    siteurl = os.environ.get("SITEURL", "").rstrip("/") or "(the site's address)"
    print(f"Wrote {post.path.relative_to(ROOT) if post.path.is_relative_to(ROOT) else post.path}")
    print(f"Preview: make serve, then open http://{HOST}:{PORT}/{post.url}")
    print(f"Published address: {siteurl}/{post.published_url}")
    if draft:
        print("It is a draft: delete the line 'Status: draft' when it is ready to publish.")


@task
def check(c):
    """Read all content, write nothing, and list every problem as file:line: message."""
    from editorial.check import ERROR, check_content, summary

    findings = check_content(SETTINGS["local"])
    for finding in findings:
        print(finding)
    print(f"invoke check: {summary(findings)}")
    if any(finding.severity == ERROR for finding in findings):
        raise Exit(code=1)


def ensure_system_tool(c, program, tools=SYSTEM_TOOLS, purpose="the tests"):
    """Find a system program the tests (or ``purpose``) need, installing it with apt as root."""
    # Daemons such as nginx live in sbin, which is not on every user's PATH.
    found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    if found:
        return found
    package = tools[program]
    # Root installs directly; elsewhere (a CI runner, say) sudo if it needs no password.
    as_root = "" if os.geteuid() == 0 else "sudo -n " if shutil.which("sudo") else None
    if as_root is not None and shutil.which("apt-get"):
        print(f"Installing {package} with apt-get (needed by {purpose})...")
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        apt = f"{as_root}env DEBIAN_FRONTEND=noninteractive apt-get"
        if c.run(f"{apt} update -qq", env=env, hide="both", warn=True).ok:
            c.run(f"{apt} install -y -qq --no-install-recommends {package}", env=env, hide="out")
        found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    if not found:
        raise Exit(
            f"{purpose.capitalize()} need {program}, and it is not installed. On Debian or Ubuntu: "
            f"sudo apt-get install {package}; elsewhere install it and put it on PATH.",
            code=1,
        )
    return found


@task
def lint(c):
    """ruff check and ruff format --check over the Python code."""
    c.run("ruff check .")
    c.run("ruff format --check .")


@task
def test(c, k=""):
    """Run the whole test suite (installs Chromium and Java first when missing)."""
    for program in SYSTEM_TOOLS:
        ensure_system_tool(c, program)
    selection = f" -k {k!r}" if k else ""
    c.run(f"{sys.executable} -m pytest{selection}", pty=False)


@task(help={"runs": "timed builds per site size and variant (at least 5 for RESULTS.md)"})
def bench(c, runs=5):
    """Time builds against stock Pelican and Hugo, measure the campaign page; writes
    bench/RESULTS.md. Takes about a quarter of an hour; not part of `invoke test`."""
    for program in BENCH_TOOLS:
        ensure_system_tool(c, program, BENCH_TOOLS, purpose="the benchmarks")
    if not (BENCH / "node_modules" / ".bin" / "lighthouse").exists():
        with c.cd(str(BENCH)):
            c.run("npm ci --no-audit --no-fund --loglevel=error")
    c.run(f"{sys.executable} {BENCH / 'run.py'} --runs {int(runs)}", pty=False)
