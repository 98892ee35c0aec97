"""A scripted HTTP endpoint on 127.0.0.1 for the error paths a real store will not produce on demand (429, 503):
it answers each request with the next scripted (status, headers, body) and records when each request came."""

from __future__ import annotations

import http.server
import threading
import time
from contextlib import contextmanager

EMPTY_RESULT = b'{"head":{"vars":["x"]},"results":{"bindings":[]}}'


def ok(body: bytes = EMPTY_RESULT) -> tuple[int, dict, bytes]:
    return 200, {"Content-Type": "application/sparql-results+json"}, body


@contextmanager
def scripted_endpoint(*answers: tuple[int, dict, bytes]):
    """Yield (url, call_times); requests past the script get its last answer."""
    calls: list[float] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 — the http.server API
            calls.append(time.monotonic())
            status, headers, body = answers[min(len(calls), len(answers)) - 1]
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/sparql", calls
    finally:
        httpd.shutdown()
        httpd.server_close()
