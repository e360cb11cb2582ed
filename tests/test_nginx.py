"""Self-hosting: nginx, run with deploy/nginx.conf, serves a publish build correctly."""

import gzip
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import brotli
import pytest
from conftest import ROOT, build_ok

from sitecheck import read_headers_file

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
# The build writes these two from content/extra/_headers, with its policy filled in.
HEADERS_FILES = ("_headers", "_headers.nginx")
BROTLI_MODULE = "ngx_http_brotli_static_module.so"
# Media types by file name ending; nginx's list has changed for scripts over the years.
MEDIA_TYPES = {
    ".html": {"text/html"},
    ".css": {"text/css"},
    ".js": {"application/javascript", "text/javascript"},
    ".svg": {"image/svg+xml"},
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".webp": {"image/webp"},
    ".gif": {"image/gif"},
    ".ico": {"image/x-icon", "image/vnd.microsoft.icon"},
    ".json": {"application/json"},
    ".txt": {"text/plain"},
    ".ics": {"text/calendar"},
    ".xml": {"text/xml", "application/xml"},
}
FEED_TYPE = "application/atom+xml"
TEXT_SUFFIXES = {".html", ".css", ".js", ".svg", ".json", ".txt", ".ics", ".xml"}
# Below this, a gzip copy can be no smaller than the file; nginx's own limit is 20.
GZIP_WORTHWHILE_BYTES = 200


def find_nginx():
    path = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not path:
        pytest.fail(
            "nginx is required for the self-hosting tests: run `make test`, which installs "
            "Debian's nginx package."
        )
    return path


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_paths(nginx):
    """Where this nginx was built to find its configuration and its modules."""
    details = subprocess.run([nginx, "-V"], capture_output=True, text=True).stderr
    conf = re.search(r"--conf-path=(\S+)", details)
    modules = re.search(r"--modules-path=(\S+)", details)
    conf_dir = Path(conf[1]).parent if conf else Path("/etc/nginx")
    return conf_dir, Path(modules[1]) if modules else conf_dir / "modules"


def mime_types_file(nginx):
    """The mime.types beside the nginx.conf this nginx was built to read."""
    return build_paths(nginx)[0] / "mime.types"


def brotli_module(nginx):
    """The brotli module deploy/nginx.conf's `brotli_static` needs; nginx lacks it."""
    conf_dir, modules_dir = build_paths(nginx)
    for folder in (modules_dir, conf_dir / "modules"):
        if (folder / BROTLI_MODULE).is_file():
            return folder / BROTLI_MODULE
    pytest.fail(
        f"nginx's brotli module ({BROTLI_MODULE}) is required for the self-hosting tests: "
        "run `make test`, which installs Debian's libnginx-mod-http-brotli-static package."
    )


def server_block(root, port):
    """deploy/nginx.conf with the test's folder and loopback port in place of the examples."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    text, listens = re.subn(r"(?m)^(\s*)listen 80;$", rf"\1listen 127.0.0.1:{port};", text)
    text, _ = re.subn(r"(?m)^\s*listen \[::\]:80;\n", "", text)
    text, roots = re.subn(r"(?m)^(\s*)root \S+;$", rf"\1root {root};", text)
    text, includes = re.subn(
        r"(?m)^(\s*)include \S+/_headers\.nginx;$", rf"\1include {root}/_headers.nginx;", text
    )
    assert (listens, roots, includes) == (1, 1, 1), (
        "deploy/nginx.conf should have one `listen 80;`, one root and one include of _headers.nginx"
    )
    return text


def start_nginx(workdir, root, port):
    nginx = find_nginx()
    (workdir / "site.conf").write_text(server_block(root, port), encoding="utf-8")
    temp_paths = "\n".join(
        f"    {kind}_temp_path {workdir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would drop to `nobody`, who cannot read pytest's private folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (workdir / "nginx.conf").write_text(
        f"""load_module {brotli_module(nginx)};
{user}daemon off;
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    include {mime_types_file(nginx)};
    default_type application/octet-stream;
    access_log off;
{temp_paths}
    include {workdir / "site.conf"};
}}
""",
        encoding="utf-8",
    )
    command = [nginx, "-p", str(workdir), "-c", str(workdir / "nginx.conf"), "-e", "stderr"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx stopped at start: {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.terminate()
    pytest.fail("nginx did not start listening within 10 seconds")


@pytest.fixture(scope="module")
def nginx_site(tmp_path_factory):
    """A publish build of the real content, served by nginx with deploy/nginx.conf."""
    port = free_port()
    output = build_ok(tmp_path_factory.mktemp("nginx-site"), siteurl=f"http://127.0.0.1:{port}")
    process = start_nginx(tmp_path_factory.mktemp("nginx-run"), output, port)
    yield port, output
    process.terminate()
    process.wait(timeout=10)


def fetch(port, path, gzip_ok=False, encodings=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    encodings = encodings or ("gzip" if gzip_ok else None)
    headers = {"Accept-Encoding": encodings} if encodings else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def site_files(output):
    """Every file a reader may ask for: not the .gz and .br copies, not the headers files."""
    return sorted(
        path.relative_to(output).as_posix()
        for path in output.rglob("*")
        if path.is_file() and path.suffix not in (".gz", ".br") and path.name not in HEADERS_FILES
    )


def expected_types(name):
    if name.startswith("feeds/") and name.endswith(".xml"):
        return {FEED_TYPE}
    suffix = Path(name).suffix
    assert suffix in MEDIA_TYPES, f"{name}: add the media type of {suffix} files to MEDIA_TYPES"
    return MEDIA_TYPES[suffix]


def security_headers(output):
    return read_headers_file(output / "_headers")["/*"]


def test_every_file_is_served_whole_with_its_media_type(nginx_site):
    port, output = nginx_site
    files = site_files(output)
    assert "2021/04/defend-immigrants-rights.html" in files
    wrong = []
    for name in files:
        response, body = fetch(port, f"/{name}")
        media_type, _, parameters = (response.getheader("Content-Type") or "").partition(";")
        if response.status != 200:
            wrong.append(f"{name}: status {response.status}")
        elif media_type.strip() not in expected_types(name):
            wrong.append(f"{name}: Content-Type {response.getheader('Content-Type')}")
        elif Path(name).suffix in TEXT_SUFFIXES and "charset=utf-8" not in parameters.lower():
            wrong.append(f"{name}: no charset=utf-8 in {response.getheader('Content-Type')}")
        elif body != (output / name).read_bytes():
            wrong.append(f"{name}: the body differs from the file")
    assert not wrong, "\n".join(wrong)


def test_folder_addresses_serve_their_index(nginx_site):
    port, output = nginx_site
    for folder in ("/", "/2021/", "/2021/04/"):
        response, body = fetch(port, folder)
        assert response.status == 200, folder
        assert body == (output / folder.lstrip("/") / "index.html").read_bytes(), folder


def test_pages_and_errors_carry_the_security_headers_of_the_headers_file(nginx_site):
    port, output = nginx_site
    expected = security_headers(output)
    # The build's policy, with the inlined assets' hashes, not the placeholder.
    assert "'sha256-" in expected["content-security-policy"]
    paths = [f"/{name}" for name in site_files(output)] + ["/no-such-page.html"]
    wrong = []
    for path in paths:
        response, _ = fetch(port, path)
        for name, value in expected.items():
            if response.getheader(name) != value:
                wrong.append(f"{path}: {name} is {response.getheader(name)!r}, not {value!r}")
    assert not wrong, "\n".join(wrong)


def test_text_is_sent_gzipped_from_the_precompressed_copies(nginx_site):
    port, output = nginx_site
    text_files = [name for name in site_files(output) if Path(name).suffix in TEXT_SUFFIXES]
    assert len(text_files) >= 10
    wrong = []
    for name in text_files:
        data = (output / name).read_bytes()
        copy = output / f"{name}.gz"
        if len(data) >= GZIP_WORTHWHILE_BYTES and not copy.is_file():
            wrong.append(f"{name}: {len(data)} bytes but no .gz copy beside it")
            continue
        if len(data) < 20 and not copy.is_file():
            continue  # too small for nginx to compress on the fly, and rightly so
        response, body = fetch(port, f"/{name}", gzip_ok=True)
        if response.getheader("Content-Encoding") != "gzip":
            wrong.append(f"{name}: Content-Encoding {response.getheader('Content-Encoding')}")
        elif "Accept-Encoding" not in (response.getheader("Vary") or ""):
            wrong.append(f"{name}: no Vary: Accept-Encoding, so caches could mix the two")
        elif gzip.decompress(body) != data:
            wrong.append(f"{name}: the gzipped body is not the file")
        elif copy.is_file() and body != copy.read_bytes():
            wrong.append(f"{name}: compressed on the fly, not sent from {name}.gz")
    assert not wrong, "\n".join(wrong)


def test_a_missing_address_gets_the_404_page(nginx_site):
    port, output = nginx_site
    for path in ("/no-such-page.html", "/2021/04/no-such-post.html", "/no/such/folder/"):
        response, body = fetch(port, path)
        assert response.status == 404, path
        assert response.getheader("Content-Type").startswith("text/html"), path
        assert body == (output / "404.html").read_bytes(), path
        assert b"Page not found" in body


def test_a_missing_address_under_a_language_gets_that_language_s_404_page(nginx_site):
    port, output = nginx_site
    for lang, words in (("es", "Página no encontrada"), ("ar", "Page not found")):
        for path in (f"/{lang}/no-such-page.html", f"/{lang}/2021/04/no-such-post.html"):
            response, body = fetch(port, path)
            assert response.status == 404, path
            assert response.getheader("Content-Type").startswith("text/html"), path
            assert body == (output / lang / "404.html").read_bytes(), path
            assert f'<html lang="{lang}"'.encode() in body
            assert words.encode() in body
    # Existing pages under a language folder are served as before.
    response, body = fetch(port, "/es/")
    assert response.status == 200 and body == (output / "es/index.html").read_bytes()
    # A folder named like no language of the site falls back to the site's 404 page.
    response, body = fetch(port, "/xx/nothing.html")
    assert response.status == 404 and b"<html" in body


def test_text_is_sent_as_brotli_from_the_precompressed_copies(nginx_site):
    port, output = nginx_site
    text_files = [name for name in site_files(output) if Path(name).suffix in TEXT_SUFFIXES]
    copies = [name for name in text_files if (output / f"{name}.br").is_file()]
    assert "2021/04/defend-immigrants-rights.html" in copies
    wrong = [
        f"{name}: no .br copy beside its .gz"
        for name in text_files
        if name not in copies and (output / f"{name}.gz").is_file()
    ]
    for name in copies:
        response, body = fetch(port, f"/{name}", encodings="gzip, deflate, br")
        if response.getheader("Content-Encoding") != "br":
            wrong.append(f"{name}: Content-Encoding {response.getheader('Content-Encoding')}")
        elif "Accept-Encoding" not in (response.getheader("Vary") or ""):
            wrong.append(f"{name}: no Vary: Accept-Encoding, so caches could mix the encodings")
        elif body != (output / f"{name}.br").read_bytes():
            wrong.append(f"{name}: not sent from {name}.br")
        elif brotli.decompress(body) != (output / name).read_bytes():
            wrong.append(f"{name}: the brotli body is not the file")
    assert not wrong, "\n".join(wrong)


def test_the_headers_files_are_not_served(nginx_site):
    port, output = nginx_site
    for name in HEADERS_FILES:
        assert (output / name).is_file(), name
        response, body = fetch(port, f"/{name}")
        assert response.status == 404, name
        assert body == (output / "404.html").read_bytes(), name


def test_pages_are_revalidated_and_assets_cached_long(nginx_site):
    port, output = nginx_site
    for name in ("index.html", "2021/04/defend-immigrants-rights.html", "feeds/all.atom.xml"):
        response, _ = fetch(port, f"/{name}")
        assert response.getheader("Cache-Control") == "no-cache", name
    assets = [
        name
        for name in site_files(output)
        if Path(name).suffix in {".css", ".js", ".svg", ".png", ".jpg", ".webp"}
    ]
    assert assets
    for name in assets:
        response, _ = fetch(port, f"/{name}")
        found = re.fullmatch(r"public, max-age=(\d+)", response.getheader("Cache-Control") or "")
        assert found and int(found[1]) >= 7 * 24 * 3600, (name, response.getheader("Cache-Control"))


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory):
    """The site with a post `make import` brought in, served by nginx: Blogger's
    label addresses of its tags are pages of their own."""
    content = tmp_path_factory.mktemp("imported") / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "2020-01-02-old-post.md").write_text(
        "Title: An old post\nDate: 2020-01-02 10:00\nTags: Know your rights, Marches\n"
        "Save_as: 2020/01/old-post.html\nURL: 2020/01/old-post.html\n"
        "Blogger_id: tag:blogger.com,1999:blog-1.post-1\n\nFrom the old blog.\n",
        encoding="utf-8",
    )
    port = free_port()
    output = tmp_path_factory.mktemp("imported-site")
    build_ok(output, siteurl=f"http://127.0.0.1:{port}", content=content)
    process = start_nginx(tmp_path_factory.mktemp("imported-run"), output, port)
    yield port, output
    process.terminate()
    process.wait(timeout=10)


def test_old_blogger_label_addresses_lead_to_the_tag_page(imported_site):
    port, output = imported_site
    # Only the labels of imported posts: the campaign post's tags have none.
    assert sorted(p.name for p in (output / "search/label").iterdir()) == [
        "Know your rights.html",
        "Know your rights.html.br",
        "Know your rights.html.gz",
        "Marches.html",
        "Marches.html.br",
        "Marches.html.gz",
    ]
    for path in ("/search/label/Know%20your%20rights", "/search/label/Marches?max-results=20"):
        response, body = fetch(port, path)
        name = path.split("/")[-1].split("?")[0].replace("%20", " ")
        assert response.status == 200, path
        assert body == (output / f"search/label/{name}.html").read_bytes(), path
        assert f'content="0; url=http://127.0.0.1:{port}/tag/'.encode() in body
    response, body = fetch(port, "/search/label/Know%20your%20rights")
    assert f"http://127.0.0.1:{port}/tag/know-your-rights.html".encode() in body
    assert (output / "tag/know-your-rights.html").is_file()
    response, _ = fetch(port, "/search/label/no-such-label")
    assert response.status == 404
