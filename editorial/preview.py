"""Live preview: serve the local build and rebuild it, in a new process, on every save.

Each rebuild runs Pelican in a process of its own, so that an edit to plugin
code or settings is read afresh and nothing from one build lingers in the next.
"""

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

    rebuild()
    server = Server(watcher=QuickWatcher())
    for target in watched:
        pattern = str(Path(target) / "**/*") if Path(target).is_dir() else str(target)
        server.watch(pattern, rebuild, ignore=is_bytecode)
    report(f"Preview at http://{host}:{port}/  (Ctrl-C stops)")
    server.serve(host=host, port=int(port), root=str(output), open_url_delay=None)


def serve_folder(folder, host, port, report):
    """Serve ``folder`` as it is, until Ctrl-C."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    RootedHTTPServer.allow_reuse_address = True
    server = RootedHTTPServer(str(folder), (host, port), ComplexHTTPRequestHandler)
    report(f"Serving {Path(folder).name}/ at http://{host}:{port}/  (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()
