"""A local web server for tests: serves a built site from a sub-folder, as a cheap host would."""

from __future__ import annotations

import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# The policy the theme must pass (DESIGN §6, issue 4): nothing inline, nothing from other hosts.
# Its one home is the hosting plugin's header table (issue 11), which the hosts are sent.
# Search (issue 8): /tim-kiem/ alone may compile Pagefind's WebAssembly.
from hosting.rules import (
    SEARCH_CSP,  # noqa: E402,F401
    STRICT_CSP,  # noqa: E402,F401
)


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request, plus the headers a test asks for."""

    extra_headers: dict[str, str] = {}
    # (URL path prefix, headers) pairs: for a request under the prefix these replace the same
    # names of extra_headers (e.g. a looser CSP for /tim-kiem/ only). Longest prefix wins.
    path_headers: tuple[tuple[str, dict[str, str]], ...] = ()

    def headers_for(self, path: str) -> dict[str, str]:
        """extra_headers, with those of the longest matching path prefix on top."""
        headers = dict(self.extra_headers)
        for prefix, overrides in sorted(self.path_headers, key=lambda pair: len(pair[0])):
            if path.split("?", 1)[0].startswith(prefix):
                headers.update(overrides)
        return headers

    def end_headers(self) -> None:
        for name, value in self.headers_for(self.path).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve_site(
    site: Path, host_root: Path, subfolder: str = "cong-doan", headers=None, path_headers=None
) -> Iterator[str]:
    """Copy `site` into host_root/subfolder, serve host_root, yield the site's base URL.

    `path_headers` maps a path inside the site ("tim-kiem/") to headers sent for it instead.
    """
    shutil.copytree(site, host_root / subfolder, dirs_exist_ok=True)
    per_path = tuple(
        (f"/{subfolder}/{prefix}", dict(extra)) for prefix, extra in (path_headers or {}).items()
    )
    handler_class = type(
        "Handler", (QuietHandler,), {"extra_headers": dict(headers or {}), "path_headers": per_path}
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler_class, directory=str(host_root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{subfolder}/"
    finally:
        server.shutdown()
        server.server_close()


# --- Publishing (issue 11): real web servers (nginx, Apache) started by the tests ---------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process, log: Path, seconds: float = 20) -> None:
    """Wait until a server process accepts connections; fail with its error log if it died."""
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, log.read_text() if log.exists() else "the server exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"the server did not listen on {port}"
            time.sleep(0.1)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Report a redirect as it is instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, encoding: str = "identity") -> tuple[int, dict[str, str], bytes]:
    """Status, headers and raw body (never decompressed, redirects not followed) of one GET."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
