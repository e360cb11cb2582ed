"""Live preview: serve the local build and rebuild it, in a new process, on every save.

Each rebuild runs Pelican in a process of its own, so that an edit to plugin
code or settings is read afresh and nothing from one build lingers in the next.
"""

import logging
import subprocess
from pathlib import Path

# livereload's own poll is 800 ms, too slow to show a change within two
# seconds when the build takes one.
POLL_MS = 200


def is_bytecode(path):
    # Building imports the plugins, which writes __pycache__: not a change.
    return "__pycache__" in Path(path).parts


def serve_live(build_command, watched, output, host, port, cwd, report):
    """Build with ``build_command``, serve ``output``, and build again whenever a
    file under ``watched`` changes; a failed build keeps the last good site."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado.ioloop import PeriodicCallback

    class QuickWatcher(Watcher):
        def start(self, callback):
            PeriodicCallback(callback, POLL_MS).start()
            return True

    # livereload drops a reload that comes within 3 s of the last one, so an
    # editor who saves twice quickly would not see the second change.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0

    def rebuild():
        if subprocess.run(build_command, cwd=cwd).returncode != 0:
            report("The build failed; fix the line above and save again.")

    # Only what an editor must act on: livereload and tornado log every request.
    for name in ("livereload", "tornado"):
        logging.getLogger(name).addFilter(lambda record: record.levelno >= logging.WARNING)
    rebuild()
    server = Server(watcher=QuickWatcher())
    for target in watched:
        pattern = str(Path(target) / "**/*") if Path(target).is_dir() else str(target)
        server.watch(pattern, rebuild, ignore=is_bytecode)
    report(f"Preview at http://{host}:{port}/  (Ctrl-C stops)")
    server.serve(host=host, port=int(port), root=str(output), open_url_delay=None)


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
