"""A stand-in for one gunicorn machine behind nginx: it answers like the portal would (the
caching headers of a public page, a private page, a page setting a cookie, the health
endpoints) and records what reached it, so a test can tell what nginx passed on, what it
answered from its cache, and over how many connections."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# path → the response headers the portal would send with it
RESPONSES = {
    "/page/": {"Cache-Control": "max-age=300", "Vary": "Accept-Language, Cookie"},
    "/en/page/": {"Cache-Control": "max-age=300", "Vary": "Accept-Language, Cookie"},
    "/private/": {"Cache-Control": "private, max-age=300"},
    "/sets-cookie/": {"Cache-Control": "max-age=300", "Set-Cookie": "csrftoken=abc; Path=/"},
    "/no-headers/": {},
    "/healthz": {"Cache-Control": "max-age=300"},
    "/readyz": {"Cache-Control": "max-age=300"},
    "/admin/": {"Cache-Control": "max-age=300"},
    "/documents/1/leaflet.pdf": {"Cache-Control": "max-age=300"},
    "/api/hsds/services/": {"Cache-Control": "max-age=300", "Vary": "Accept-Language"},
}


class Upstream:
    def __init__(self, port: int):
        self.port = port
        self.requests: list[dict] = []
        self.connections: set[tuple] = set()
        self.lock = threading.Lock()
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn's gthread workers

            def log_message(self, *args):
                pass

            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with upstream.lock:
                    upstream.connections.add(self.client_address)
                    upstream.requests.append(
                        {
                            "method": self.command,
                            "path": self.path,
                            **{name.lower(): value for name, value in self.headers.items()},
                        }
                    )
                    count = len(upstream.requests)
                body = json.dumps(
                    {"port": upstream.port, "count": count, "path": self.path}
                ).encode()
                body += b" " * 2048  # big enough for gzip to bother
                self.send_response(200)
                for name, value in RESPONSES.get(self.path.split("?")[0], {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = answer

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for request in self.requests if request["path"] == path)
