"""deploy/nginx/koinotita.conf, rendered by deploy/render.py, checked by the real ``nginx -t``
inside Debian's own nginx.conf, then served on loopback in front of two stand-in web machines:
what an operator relies on (HTTPS only, the visitor's address passed on, a page cache that
never holds a personal page and is purged by Wagtail's HTTP backend, static files cached for a
year, no media but image renditions) is checked by requests, not by reading the file."""

import gzip
import http.client
import os
import re
import signal
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from deploy.render import render
from tests.deploy.conftest import DEPLOY, free_port, require_tool
from tests.deploy.stub_upstream import Upstream

DEBIAN_NGINX_CONF = Path("/etc/nginx/nginx.conf")
INSTALL = "run 'make browser-deps' (.ci/install-nginx.sh installs Debian's nginx, as root)."
SERVER_NAME = "portal.test"
FINGERPRINTED = "css/site.0123456789ab.css"


def main_configuration(site: Path, scratch: Path) -> str:
    """Debian's nginx.conf, with its state, logs and temporary files moved to ``scratch`` and
    our site in place of sites-enabled, so the check includes everything Debian's http block
    already declares (a directive we repeated there would fail here as it would in
    production)."""
    text = DEBIAN_NGINX_CONF.read_text()
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read the scratch folder
    replacements = [
        (r"(?m)^user .*;$", user),
        (r"(?m)^worker_processes .*;$", "worker_processes 1;"),
        (r"(?m)^pid .*;$", f"pid {scratch}/nginx.pid;"),
        (r"(?m)^error_log .*;$", f"error_log {scratch}/error.log;"),
        (r"(?m)^(\s*)access_log .*;$", rf"\1access_log {scratch}/access.log;"),
        (r"(?m)^(\s*)include /etc/nginx/sites-enabled/\*;$", rf"\1include {site};"),
        (
            r"(?m)^http \{$",
            "http {\n"
            + "".join(
                f"\t{kind}_temp_path {scratch}/{kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            ),
        ),
    ]
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text)
        assert count == 1, f"Debian's nginx.conf has changed: no single match for {pattern}"
    return text


@pytest.fixture(scope="module")
def nginx():
    path = require_tool("nginx", INSTALL)
    if not DEBIAN_NGINX_CONF.exists():
        pytest.fail(f"{DEBIAN_NGINX_CONF} is missing: {INSTALL}")
    return path


@pytest.fixture(scope="module")
def installation(nginx, tmp_path_factory):
    """The rendered site in a scratch folder: a self-signed certificate made now, static files
    and media on disk, free loopback ports, two upstreams."""
    openssl = require_tool("openssl", "apt-get install openssl")
    scratch = tmp_path_factory.mktemp("nginx")
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", f"/CN={SERVER_NAME}", "-keyout", scratch / "key.pem"]
        + ["-out", scratch / "cert.pem"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    static = scratch / "staticfiles"
    (static / "css").mkdir(parents=True)
    css = b"body { color: #222; }\n" * 200
    (static / FINGERPRINTED).write_bytes(css)
    (static / (FINGERPRINTED + ".gz")).write_bytes(gzip.compress(css))
    (static / (FINGERPRINTED + ".br")).write_bytes(b"brotli-bytes")  # served as they are
    (static / "css/site.css").write_bytes(css)
    media = scratch / "media"
    for folder, name in (("images", "a.fill-10x10.jpg"), ("documents", "private.pdf")):
        (media / folder).mkdir(parents=True)
        (media / folder / name).write_bytes(b"file")
    (media / "original_images").mkdir()
    (media / "original_images" / "a.jpg").write_bytes(b"exif and all")
    (scratch / "cache").mkdir()
    ports = {name: free_port() for name in ("http", "https", "purge", "web1", "web2")}
    environ = {
        "KOINOTITA_SERVER_NAME": SERVER_NAME,
        "KOINOTITA_UPSTREAMS": f"127.0.0.1:{ports['web1']},127.0.0.1:{ports['web2']}",
        "KOINOTITA_TLS_CERTIFICATE": str(scratch / "cert.pem"),
        "KOINOTITA_TLS_CERTIFICATE_KEY": str(scratch / "key.pem"),
        "KOINOTITA_STATIC_ROOT": str(static),
        "KOINOTITA_MEDIA_ROOT": str(media),
        "KOINOTITA_CACHE_DIR": str(scratch / "cache"),
        "KOINOTITA_LOG_DIR": str(scratch),
        "KOINOTITA_HTTP_LISTEN": f"127.0.0.1:{ports['http']}",
        "KOINOTITA_HTTPS_LISTEN": f"127.0.0.1:{ports['https']}",
        "KOINOTITA_PURGE_LISTEN": f"127.0.0.1:{ports['purge']}",
        "KOINOTITA_PURGE_ALLOW": "127.0.0.1",
    }
    site = scratch / "koinotita.conf"
    site.write_text(render((DEPLOY / "nginx" / "koinotita.conf").read_text(), environ))
    conf = scratch / "nginx.conf"
    conf.write_text(main_configuration(site, scratch))
    return {"scratch": scratch, "conf": conf, "ports": ports, "nginx": nginx}


def nginx_command(installation, *args):
    scratch = installation["scratch"]
    return [installation["nginx"], "-c", installation["conf"], "-e", scratch / "error.log", *args]


def test_nginx_accepts_the_rendered_configuration(installation):
    result = subprocess.run(
        nginx_command(installation, "-t"), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.fixture(scope="module")
def serving(installation):
    """nginx in the foreground on loopback, in front of two stand-in web machines."""
    ports = installation["ports"]
    upstreams = [Upstream(ports["web1"]).start(), Upstream(ports["web2"]).start()]
    process = subprocess.Popen(
        nginx_command(installation, "-g", "daemon off;"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", ports["https"], timeout=1).connect()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(process.stderr.read().decode())
                time.sleep(0.1)
        yield {"ports": ports, "upstreams": upstreams}
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        for upstream in upstreams:
            upstream.stop()


def fetch(serving, path, method="GET", headers=None, port="https", body=None):
    """One request; the response with its body read."""
    if port == "https":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the certificate was made a minute ago
        connection = http.client.HTTPSConnection(
            "127.0.0.1", serving["ports"]["https"], context=context, timeout=10
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", serving["ports"][port], timeout=10)
    connection.request(method, path, body=body, headers={"Host": SERVER_NAME, **(headers or {})})
    response = connection.getresponse()
    response.content = response.read()
    connection.close()
    return response


def hits(serving, path):
    return sum(upstream.hits(path) for upstream in serving["upstreams"])


def last_request(serving, path):
    requests = [r for u in serving["upstreams"] for r in u.requests if r["path"] == path]
    return requests[-1]


def test_plain_http_is_redirected_to_https(serving):
    response = fetch(serving, "/kentra/?q=61200", port="http")
    assert response.status == 301
    assert response.getheader("Location") == f"https://{SERVER_NAME}/kentra/?q=61200"


def test_the_portal_is_told_the_scheme_the_visitor_and_the_request_id(serving):
    fetch(
        serving,
        "/no-headers/",
        headers={"X-Forwarded-For": "203.0.113.9", "Accept-Encoding": "gzip, br"},
    )
    seen = last_request(serving, "/no-headers/")
    assert "accept-encoding" not in seen  # nginx compresses; a cached copy is never gzip
    assert seen["x-forwarded-proto"] == "https"
    # nginx appends the address it saw; core/proxy.py reads the chain from the right.
    assert seen["x-forwarded-for"] == "203.0.113.9, 127.0.0.1"
    assert seen["host"] == SERVER_NAME
    assert re.fullmatch(r"[0-9a-f]{32}", seen["x-request-id"])


def test_requests_are_spread_over_every_web_machine_on_kept_alive_connections(serving):
    before = [len(u.requests) for u in serving["upstreams"]]
    for _ in range(8):
        fetch(serving, "/no-headers/")
    after = [len(u.requests) for u in serving["upstreams"]]
    assert all(a > b for a, b in zip(after, before, strict=True)), "a web machine got nothing"
    connections = sum(len(u.connections) for u in serving["upstreams"])
    requests = sum(after)
    assert connections < requests, "every request opened a new connection to gunicorn"


def test_an_anonymous_page_is_served_from_the_cache_until_the_portal_says_otherwise(serving):
    first = fetch(serving, "/page/", headers={"Accept-Language": "el"})
    second = fetch(serving, "/page/", headers={"Accept-Language": "el"})
    assert first.getheader("X-Cache-Status") == "MISS"
    assert second.getheader("X-Cache-Status") == "HIT"
    assert second.content == first.content
    assert hits(serving, "/page/") == 1


@pytest.mark.parametrize(
    "cookie", ["sessionid=abc", "theme=dark; csrftoken=xyz", "dismissed_alerts=heatwave"]
)
def test_a_signed_in_or_form_filling_visitor_always_reaches_the_portal(serving, cookie):
    fetch(serving, "/en/page/")  # cached for anonymous visitors
    before = hits(serving, "/en/page/")
    response = fetch(serving, "/en/page/", headers={"Cookie": cookie})
    assert response.getheader("X-Cache-Status") == "BYPASS"
    assert hits(serving, "/en/page/") == before + 1
    # ...and what they were shown was not stored for the next anonymous visitor.
    assert fetch(serving, "/en/page/").getheader("X-Cache-Status") == "HIT"


@pytest.mark.parametrize("path", ["/private/", "/sets-cookie/", "/no-headers/"])
def test_a_private_response_is_never_stored(serving, path):
    before = hits(serving, path)
    fetch(serving, path)
    fetch(serving, path)
    assert hits(serving, path) == before + 2


@pytest.mark.parametrize(
    "path", ["/healthz", "/readyz", "/admin/", "/documents/1/leaflet.pdf", "/api/hsds/services/"]
)
def test_health_admin_documents_and_the_api_are_never_answered_from_the_cache(serving, path):
    before = hits(serving, path)
    fetch(serving, path)
    fetch(serving, path)
    assert hits(serving, path) == before + 2


def test_the_portals_purge_backend_purges_the_page_for_every_browser(serving):
    """The page varies by Accept-Language (as Django's pages say they do): one purge must still
    reach what browsers in any language were given."""
    from home.cdn_purge import TimedHTTPBackend

    browsers = [{"Accept-Language": "el-GR,el;q=0.9,en;q=0.8"}, {"Accept-Language": "en-GB"}, {}]
    for browser in browsers:
        fetch(serving, "/page/?purge-test", headers=browser)
    for browser in browsers:
        assert fetch(serving, "/page/?purge-test", headers=browser).getheader("X-Cache-Status") == (
            "HIT"
        )
    purge_url = f"http://127.0.0.1:{serving['ports']['purge']}"
    TimedHTTPBackend({"LOCATION": purge_url}).purge(f"https://{SERVER_NAME}/page/?purge-test")
    statuses = [
        fetch(serving, "/page/?purge-test", headers=browser).getheader("X-Cache-Status")
        for browser in browsers
    ]
    assert statuses == ["MISS", "HIT", "HIT"]  # refilled once, then shared


def test_purging_a_page_that_was_not_cached_is_not_an_error(serving, caplog):
    from home.cdn_purge import TimedHTTPBackend

    response = fetch(serving, "/never-visited/", method="PURGE", port="purge")
    assert response.status == 204
    purge_url = f"http://127.0.0.1:{serving['ports']['purge']}"
    TimedHTTPBackend({"LOCATION": purge_url}).purge(f"https://{SERVER_NAME}/never-visited/")
    assert "Could not purge" not in caplog.text


def test_the_purge_listener_only_purges(serving):
    assert fetch(serving, "/page/", port="purge").status == 405


def test_fingerprinted_static_files_are_kept_for_a_year_and_sent_compressed(serving):
    response = fetch(serving, f"/static/{FINGERPRINTED}", headers={"Accept-Encoding": "br"})
    assert response.status == 200
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Encoding") == "br"
    assert response.content == b"brotli-bytes"
    response = fetch(serving, f"/static/{FINGERPRINTED}", headers={"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert hits(serving, f"/static/{FINGERPRINTED}") == 0


def test_unfingerprinted_static_files_are_kept_briefly(serving):
    response = fetch(serving, "/static/css/site.css")
    assert response.status == 200
    assert response.getheader("Cache-Control") == "max-age=3600"


def test_pages_are_compressed(serving):
    response = fetch(serving, "/no-headers/", headers={"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert b'"path": "/no-headers/"' in gzip.decompress(response.content)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/media/images/a.fill-10x10.jpg", 200),
        ("/media/documents/private.pdf", 404),
        ("/media/original_images/a.jpg", 404),
    ],
)
def test_only_image_renditions_are_served_from_the_media_folder(serving, path, status):
    assert fetch(serving, path).status == status
    assert hits(serving, path) == 0


def test_uploads_up_to_twenty_megabytes_reach_the_portal(serving):
    response = fetch(serving, "/admin/upload/", method="POST", body=b"x" * 1_000_000)
    assert response.status == 200
    assert hits(serving, "/admin/upload/") == 1


def test_larger_uploads_are_refused_by_nginx(serving):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection(
        "127.0.0.1", serving["ports"]["https"], context=context, timeout=10
    )
    # The declared length is enough: nginx answers before reading a byte of the body.
    connection.putrequest("POST", "/admin/too-big/", skip_host=True)
    connection.putheader("Host", SERVER_NAME)
    connection.putheader("Content-Length", str(21 * 1024 * 1024))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    connection.close()
    assert hits(serving, "/admin/too-big/") == 0
