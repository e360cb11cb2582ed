"""A static file server on loopback that gzips text as common static hosts do."""

import gzip
import http.server
import mimetypes
import threading
from pathlib import Path

GZIP_LEVEL = 6  # what common web servers use by default
COMPRESSIBLE = ("text/", "image/svg+xml", "application/javascript", "application/json")


def compressible(content_type):
    return content_type.startswith(COMPRESSIBLE)


def gzip_size(data):
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped for clients that accept it, as common static hosts do."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        encode = compressible(content_type) and "gzip" in self.headers.get("Accept-Encoding", "")
        body = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0) if encode else data
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if encode:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


class SiteServer:
    """Serves a folder on a free loopback port, known before the site is built."""

    def __init__(self, root):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

        def handler(*args):
            return GzipHandler(*args, directory=str(self.root))

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
