"""Live preview: serve the local build, and on every save write first what the
edit can change, then the rest of the site.

Builds run in processes of their own (editorial/preview_build.py), one kept
ready with Pelican and the plugins imported. A save in the content or the theme
writes the edited files' pages and the pages open in a browser, from the whole
site's context, then reloads the browser; the rest of the site follows in the
background, stopped and started again by the next save. An edit to the plugins
or the settings takes the slow way: a process that imports them afresh, and a
whole build that ignores the content cache.
"""

import contextlib
import json
import logging
import posixpath
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

# How long the watcher waits for more changes once it has heard of one (ms).
WATCH_STEP_MS = 20
# How often the server looks whether the background build has finished.
REST_POLL_MS = 500
# How long the rest of the site waits after the first pages, for the browser to
# reload them on cores of its own (s).
REST_DELAY_S = 0.3
FAILED = "The build failed; fix the line above and save again."
# What the live preview watches in the project: words, markup and styles,
# settings and plugin logic.
WATCHED = ("content", "theme", "plugins", "pelicanconf.py")
# Edits here write the edited and open pages first, then the rest; elsewhere
# (plugins, settings) the whole site is built in a fresh process.
FAST = ("content", "theme")


def page_of(url, output):
    """The output file a browser shows at ``url`` (relative to ``output``), or None."""
    path = unquote(urlsplit(url).path).lstrip("/")
    for candidate in (path, f"{path}.html", posixpath.join(path, "index.html")):
        if candidate and not candidate.endswith("/") and (Path(output) / candidate).is_file():
            return candidate
    return None


def pages_handler(files_handler):
    """livereload's handler of files, finding page.html for /page as the hosts and
    nginx do: Blogger's label addresses (/search/label/Immigration) among them."""

    class PagesHandler(files_handler):
        def parse_url_path(self, url_path):
            return super().parse_url_path(page_of(url_path, self.root) or url_path)

    return PagesHandler


class Builds:
    """The preview's builds, each in a process started ahead (the spare)."""

    def __init__(self, content, settings_file, output, cwd, report):
        self.command = [sys.executable, "-m", "editorial.preview_build"]
        self.command += [str(content), str(settings_file), str(output)]
        self.cwd, self.report = cwd, report
        self.folder = Path(tempfile.mkdtemp(prefix="preview-"))
        self.spare = self.rest = None
        # Every process started and not yet seen to end: a Ctrl-C that lands while
        # one is handed over (no longer the spare, not yet the rest) stops it too.
        self.started = []
        self.count = 0
        self.edits = 0  # selected builds so far
        self.sources = {}  # output page: its source file, from the last builds
        self.pending = {}  # the selected build's pages, until the rest is done

    def start_spare(self):
        # Its words go to a log of its own, shown when its build is done (the
        # background build's only if it fails): two builds may run at once.
        self.count += 1
        log_path = self.folder / f"build-{self.count}.log"
        with open(log_path, "w", encoding="utf-8") as log:
            self.spare = subprocess.Popen(
                self.command,
                cwd=self.cwd,
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )
        self.started = [process for process in self.started if process.poll() is None]
        self.started.append(self.spare)
        self.spare.log_path = log_path

    def stop(self, process):
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()

    def restart_spare(self):
        """A fresh process, which imports the plugins and settings as they are now."""
        self.stop(self.spare)
        self.start_spare()

    def run(self, request, next_spare=True):
        """Hand ``request`` to the spare, and start the next spare meanwhile
        (unless it would slow a whole build down)."""
        if self.spare is None or self.spare.poll() is not None:
            self.start_spare()
        process, self.spare = self.spare, None
        # A process that ended early has said why in its log: finish() shows it.
        with contextlib.suppress(BrokenPipeError):
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.close()
        if next_spare:
            self.start_spare()
        return process

    def finish(self, process):
        """Wait for ``process``, say what it said; True when its build succeeded."""
        status = process.wait()
        self.say(process)
        return status == 0

    def say(self, process):
        said = process.log_path.read_text(encoding="utf-8").rstrip()
        process.log_path.unlink(missing_ok=True)
        if said:
            self.report(said)

    def written(self, name):
        try:
            return json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def stop_rest(self):
        if self.rest is not None:
            self.stop(self.rest)
            self.rest.log_path.unlink(missing_ok=True)
            self.rest = None

    def full(self, cold):
        """Build everything and wait; False when the build failed."""
        self.stop_rest()
        report = str(self.folder / "full.json")
        ok = self.finish(self.run({"cold": cold, "report": report}, next_spare=False))
        self.start_spare()
        if ok:
            self.sources.update(self.written("full.json"))
        return ok

    def selected(self, changed, pages):
        """Write the pages of ``changed`` and ``pages`` and wait; start_rest() follows.
        No spare starts meanwhile: the cores are this build's, then the browser's."""
        self.stop_rest()
        self.edits += 1
        open_sources = [self.sources[page] for page in pages if self.sources.get(page)]
        request = {"sources": [str(path) for path in changed] + open_sources, "pages": pages}
        request["find"] = [page for page in pages if page not in self.sources]
        request["report"] = str(self.folder / "selected.json")
        if not self.finish(self.run(request, next_spare=False)):
            self.start_spare()
            return False
        self.pending = self.written("selected.json")
        first = ", ".join(sorted(self.pending)) or "no page"
        self.report(f"Wrote {first}; the rest of the site follows.")
        return True

    def start_rest(self, edit):
        """The rest of the site after edit number ``edit``, unless another came since."""
        if edit != self.edits or self.rest is not None:
            return
        skipped = [source for source in self.pending.values() if source]
        self.rest = self.run(
            {
                "skip_pages": list(self.pending),
                "skip_sources": skipped,
                "report": str(self.folder / "rest.json"),
            }
        )

    def check_rest(self):
        """Once the background build ends: learn its pages (and return them), or
        say it failed."""
        if self.rest is None or self.rest.poll() is None:
            return set()
        rest, self.rest = self.rest, None
        if rest.returncode == 0:
            written = self.written("rest.json")
            self.sources.update(self.pending)
            self.sources.update(written)
            rest.log_path.unlink(missing_ok=True)
            self.report("Wrote the rest of the site.")
            return set(written)
        if rest.returncode > 0:  # not stopped by the next save
            self.say(rest)
            self.report(FAILED)
        return set()

    def close(self):
        for process in {*self.started, self.spare, self.rest} - {None}:
            if process.stdin and not process.stdin.closed:
                with contextlib.suppress(BrokenPipeError):
                    process.stdin.close()
            self.stop(process)
        shutil.rmtree(self.folder, ignore_errors=True)


def watch(watched, deliver, stop):
    """Hand each batch of changed files under ``watched`` (folders and files) to
    ``deliver``, from threads of their own. watchfiles, Pelican's own watcher,
    hears of a save within milliseconds, where polling takes a round of its own;
    it leaves out editors' swap files and __pycache__."""
    import threading

    import watchfiles

    folders = [Path(path) for path in watched if Path(path).is_dir()]
    files = {str(Path(path)) for path in watched if not Path(path).is_dir()}

    def run(paths, recursive, only=None):
        for changes in watchfiles.watch(
            *paths, step=WATCH_STEP_MS, stop_event=stop, recursive=recursive, rust_timeout=1000
        ):
            found = {path for _change, path in changes if only is None or path in only}
            if found:
                deliver(found)

    # A file is watched through its folder, not recursively: editors that save by
    # renaming replace the file itself.
    jobs = [(folders, True, None), ({Path(path).parent for path in files}, False, files)]
    for paths, recursive, only in jobs:
        if paths:
            threading.Thread(target=run, args=(paths, recursive, only), daemon=True).start()


def serve_project(root, content, settings_file, output, host, port, report):
    """`invoke livereload`: serve_live, watching the project at ``root``."""
    watched = [root / path for path in WATCHED]
    fast = [root / path for path in FAST]
    serve_live(content, settings_file, watched, fast, output, host, port, cwd=root, report=report)


def serve_live(content, settings_file, watched, fast, output, host, port, cwd, report):
    """Build, serve ``output``, and build again whenever a file under ``watched``
    changes: under ``fast`` (content, theme) the edited and open pages first, the
    rest after; elsewhere (plugins, settings) everything, in a fresh process. A
    failed build keeps the last good site."""
    import threading

    from livereload import Server
    from livereload.handlers import LiveReloadHandler, StaticFileHandler
    from livereload.watcher import Watcher
    from tornado.ioloop import IOLoop, PeriodicCallback

    class NoPolling(Watcher):
        # Changes come from watch(), not from livereload's polling.
        def start(self, callback):
            return True

    # livereload drops a reload that comes within 3 s of the last one, so an
    # editor who saves twice quickly would not see the second change.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    hello = LiveReloadHandler.on_message

    def on_message(handler, message):
        # livereload.js says which page it is on: that page is written first.
        hello(handler, message)
        data = json.loads(message)
        if data.get("command") == "info" and data.get("url"):
            handler.page = data["url"]

    LiveReloadHandler.on_message = on_message
    builds = Builds(content, settings_file, output, cwd, report)
    pending = set()

    def open_pages():
        urls = {getattr(waiter, "page", None) for waiter in LiveReloadHandler.waiters}
        return sorted({page_of(url, output) for url in urls if url} - {None})

    def rebuild():
        changed = sorted(pending)
        pending.clear()
        if all(any(Path(path).is_relative_to(folder) for folder in fast) for path in changed):
            ok = builds.selected(changed, open_pages())
            if ok:
                # The browser reloads first; the rest of the site after it.
                loop.call_later(REST_DELAY_S, builds.start_rest, builds.edits)
        else:
            builds.restart_spare()
            ok = builds.full(cold=True)
        if not ok:
            report(FAILED)
            return
        # A stylesheet's path lets livereload.js swap the styles without a reload.
        LiveReloadHandler.reload_waiters(changed[0])

    def rest_done():
        # A page open in a browser that the first step did not know of (its
        # address had not reached the server yet) is new only now: reload.
        stale = builds.check_rest() & set(open_pages())
        if stale:
            LiveReloadHandler.reload_waiters(sorted(stale)[0])

    def arrived(paths):
        # Saves that come during a build are built together, after it.
        if not pending:
            loop.add_callback(rebuild)
        pending.update(paths)

    # Only what an editor must act on: livereload and tornado log every request.
    for name in ("livereload", "tornado"):
        logging.getLogger(name).addFilter(lambda record: record.levelno >= logging.WARNING)
    stop = threading.Event()
    try:
        builds.restart_spare()
        if not builds.full(cold=True):
            report(FAILED)
        server = Server(watcher=NoPolling())
        server.SFH = pages_handler(StaticFileHandler)
        loop = IOLoop.current()
        watch(watched, lambda paths: loop.add_callback(arrived, paths), stop)
        PeriodicCallback(rest_done, REST_POLL_MS).start()
        report(f"Preview at http://{host}:{port}/  (Ctrl-C stops)")
        server.serve(host=host, port=int(port), root=str(output), open_url_delay=None)
    finally:
        stop.set()
        builds.close()


def serve_folder(folder, host, port, report):
    """Serve ``folder`` as it is, until Ctrl-C. An address with no file gets the site's
    own 404.html with status 404, as nginx and the hosts serve it (deploy/nginx.conf)."""
    import io
    from http.server import SimpleHTTPRequestHandler

    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class SiteHandler(ComplexHTTPRequestHandler):
        # Pelican's handler finds page.html for /page and index.html for a folder, but
        # closes the connection without a word when it finds nothing: answer instead.
        do_GET = SimpleHTTPRequestHandler.do_GET

        def send_head(self):
            found = self.get_path_that_exists(self.path.split("?", 1)[0].split("#", 1)[0])
            if found is None:
                return self.send_not_found()
            self.path = found
            return super().send_head()

        def send_not_found(self):
            page = Path(self.base_path) / "404.html"
            if not page.is_file():
                self.send_error(404)
                return None
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    RootedHTTPServer.allow_reuse_address = True
    server = RootedHTTPServer(str(folder), (host, port), SiteHandler)
    report(f"Serving {Path(folder).name}/ at http://{host}:{port}/  (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()
