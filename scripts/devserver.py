"""Preview while writing: serve the site, rebuild on every save, reload the browser.

    .venv/bin/python scripts/devserver.py [--settings pelicanconf.py] [--port 8000] [--output DIR]

`make devserver` runs it. Each rebuild is the safe build of `make html` (a failed one
prints the Vietnamese report and keeps the previous site) and prints how long it took.
Drafts are built too, at /ban-nhap/<slug>/, for preview only. Served HTML pages get one
`<script type="module" src="/__devserver__/reload.js">` (a file, so the CSP holds); the
files in the output folder never contain it.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pelican.log import init as init_logging
from watchfiles import watch

from content_guard.problems import ContentErrors
from sitebuild import BuildLoggedErrors, build, load_settings
from vietnamese.text import format_number

HERE = Path(__file__).resolve().parent
RELOAD_JS = HERE / "devserver_reload.js"
PREFIX = "/__devserver__/"
# Drafts are previewed here, by the devserver only (`make html` never writes drafts).
PREVIEW_SETTINGS = {"DRAFT_URL": "ban-nhap/{slug}/", "DRAFT_SAVE_AS": "ban-nhap/{slug}/index.html"}


class BuildCounter:
    """How many builds have succeeded; waiters wake when it grows."""

    def __init__(self) -> None:
        self.count = 0
        self._changed = threading.Condition()

    def bump(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def wait_beyond(self, seen: int, timeout: float) -> int:
        """Wait until count > seen (or timeout); return the count."""
        with self._changed:
            self._changed.wait_for(lambda: self.count > seen, timeout=timeout)
            return self.count


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files, plus the reload script, the reload events and the script in HTML."""

    builds: BuildCounter

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path == PREFIX + "reload.js":
            return self._send(RELOAD_JS.read_bytes(), "text/javascript; charset=utf-8")
        if path == PREFIX + "events":
            return self._events()
        target = Path(self.translate_path(path))
        if target.is_dir() and path.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            return self._send(self._with_reload(target.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    def _with_reload(self, html: bytes) -> bytes:
        """The page with the reload module added before </body>."""
        tag = f'<script type="module" src="{PREFIX}reload.js?build={self.builds.count}"></script>'
        return html.replace(b"</body>", tag.encode() + b"</body>", 1)

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: "reload" once a build newer than ?since=N has finished."""
        query = dict(p.split("=", 1) for p in self.path.partition("?")[2].split("&") if "=" in p)
        seen = int(query.get("since", self.builds.count))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            while True:
                now = self.builds.wait_beyond(seen, timeout=15)
                self.wfile.write(b"data: reload\n\n" if now > seen else b": still here\n\n")
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        """Quiet: the console is for build reports."""


def rebuild(settings: dict, builds: BuildCounter) -> None:
    """One safe build; print how long it took, or the report, and keep serving."""
    started = time.monotonic()
    try:
        build(settings)
    except ContentErrors as errors:
        print(errors.report(), flush=True)
        return
    except BuildLoggedErrors as error:
        print(f"Không xây dựng được trang web: {error} Vẫn hiển thị bản cũ.", flush=True)
        return
    except Exception as error:  # a theme or plugin being edited: report, keep serving
        print(f"Không xây dựng được trang web ({type(error).__name__}: {error}). Vẫn hiển thị bản cũ.")
        return
    builds.bump()
    seconds = format_number(round(time.monotonic() - started, 1))
    print(f"Đã xây dựng lại trong {seconds} giây.", flush=True)


def watched_paths(settings: dict, settings_file: str) -> list[str]:
    """Content, theme, plugins and the settings file."""
    paths = [settings["PATH"], settings["THEME"], *settings.get("PLUGIN_PATHS", []), settings_file]
    return [str(Path(p).resolve()) for p in paths if Path(p).exists()]


def serve(settings: dict, port: int, bind: str, builds: BuildCounter) -> ThreadingHTTPServer:
    """Start the HTTP server in a background thread."""
    handler = type("Handler", (PreviewHandler,), {"builds": builds})
    server = ThreadingHTTPServer((bind, port), partial(handler, directory=settings["OUTPUT_PATH"]))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> int:
    """Command line: build, serve, then rebuild on every change until Ctrl+C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="localhost")
    parser.add_argument("--output", help="output folder (default: OUTPUT_PATH of the settings)")
    args = parser.parse_args(argv)
    init_logging(level=logging.WARNING)
    overrides = dict(PREVIEW_SETTINGS)
    if args.output:
        overrides["OUTPUT_PATH"] = str(Path(args.output).resolve())
    settings = load_settings(args.settings, overrides)
    Path(settings["OUTPUT_PATH"]).mkdir(parents=True, exist_ok=True)
    builds = BuildCounter()
    server = serve(settings, args.port, args.bind, builds)
    rebuild(settings, builds)
    print(f"Xem trước tại http://{args.bind}:{args.port}/ (Ctrl+C để dừng).", flush=True)
    try:
        for _changes in watch(*watched_paths(settings, args.settings), debounce=300, step=50):
            rebuild(settings, builds)
    except KeyboardInterrupt:
        pass
    server.shutdown()
    print("Đã dừng xem trước.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
