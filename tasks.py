"""Workflow tasks: build, serve, preview, test. The Makefile only calls these."""

import os
import shutil
import sys
from pathlib import Path

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
SYSTEM_TOOLS = {"chromium": "chromium", "java": "default-jre-headless"}


def run_pelican(settings_file, output=OUTPUT, extra=()):
    """Build the site in-process; an editor's mistake ends with one line."""
    from pelican import main

    sys.path.insert(0, str(ROOT))
    argv = [str(CONTENT), "-s", str(settings_file), "-o", str(output), *extra]
    try:
        main(argv)
    except SystemExit as stop:
        if stop.code not in (0, None):
            raise Exit(code=1) from None


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

    def rebuild_quietly():
        try:
            run_pelican(SETTINGS["local"])
        except Exit:
            print("The build failed; fix the line above and save again.", file=sys.stderr)

    rebuild_quietly()
    server = Server()
    for path in WATCHED:
        target = ROOT / path
        server.watch(str(target / "**/*") if target.is_dir() else str(target), rebuild_quietly)
    print(f"Preview at http://{HOST}:{port}/  (Ctrl-C stops)")
    server.serve(host=HOST, port=int(port), root=str(OUTPUT), open_url_delay=None)


def ensure_system_tool(c, program):
    """Find a system program the tests need, installing it with apt as root."""
    found = shutil.which(program)
    if found:
        return found
    package = SYSTEM_TOOLS[program]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing {package} with apt-get (needed by the tests)...")
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        c.run("apt-get update -qq", env=env, hide="out")
        c.run(f"apt-get install -y -qq --no-install-recommends {package}", env=env, hide="out")
        found = shutil.which(program)
    if not found:
        raise Exit(
            f"The tests need {program}, and it is not installed. On Debian or Ubuntu: "
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
