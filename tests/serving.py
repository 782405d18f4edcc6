"""A local web server for tests: serves a built site from a sub-folder, as a cheap host would."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# The policy the theme must pass (DESIGN §6, issue 4): nothing inline, nothing from other hosts.
STRICT_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'"


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request, plus the headers a test asks for."""

    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve_site(site: Path, host_root: Path, subfolder: str = "cong-doan", headers=None) -> Iterator[str]:
    """Copy `site` into host_root/subfolder, serve host_root, yield the site's base URL."""
    shutil.copytree(site, host_root / subfolder, dirs_exist_ok=True)
    handler_class = type("Handler", (QuietHandler,), {"extra_headers": dict(headers or {})})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler_class, directory=str(host_root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{subfolder}/"
    finally:
        server.shutdown()
        server.server_close()
