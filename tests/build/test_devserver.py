"""`make devserver`: serves the site, rebuilds on save and tells the browser to reload."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, ROOT, settings_file

ARTICLE_URL = "2019/11/22/tap-huan-atvsld/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


@pytest.fixture
def devserver(tmp_path):
    """A devserver on a free port over a copy of the fixture content; yields (url, content, log)."""
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    settings = tmp_path / "conf.py"
    settings_file(settings, content)
    port = free_port()
    command = [sys.executable, "-u", str(ROOT / "scripts" / "devserver.py"), "--settings", str(settings)]
    command += ["--port", str(port), "--output", str(tmp_path / "output")]
    log = tmp_path / "devserver.log"
    with open(log, "w", encoding="utf-8") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        wait_for(lambda: "Xem trước tại" in log.read_text(encoding="utf-8"), 60)
        yield f"http://localhost:{port}/", content, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def listen_for_reload(url: str, heard: list[str]) -> None:
    """Read the event stream as the browser's EventSource does."""
    with urllib.request.urlopen(url + "__devserver__/events?since=1", timeout=60) as stream:
        for raw in stream:
            heard.append(raw.decode("utf-8").strip())
            if heard[-1] == "data: reload":
                return


def test_edit_is_rebuilt_and_the_browser_told_to_reload(devserver):
    url, content, log = devserver
    page = fetch(url + ARTICLE_URL)
    assert '<script type="module" src="/__devserver__/reload.js?build=1"></script></body>' in page
    assert "EventSource" in fetch(url + "__devserver__/reload.js")
    assert "Chưa xong." in fetch(url + "ban-nhap/ban-nhap/")  # drafts are previewed

    heard: list[str] = []
    listener = threading.Thread(target=listen_for_reload, args=(url, heard), daemon=True)
    listener.start()
    time.sleep(0.5)
    article = content / "tin-tuc" / "a3.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("Title: Tập huấn", "Title: Đã sửa: Tập huấn"),
        encoding="utf-8",
    )
    listener.join(timeout=60)
    assert heard and heard[-1] == "data: reload"
    assert "Đã sửa: Tập huấn" in fetch(url + ARTICLE_URL)
    assert "Đã xây dựng lại trong" in log.read_text(encoding="utf-8").split("Xem trước tại")[1]

    output = log.parent / "output"
    assert not [p for p in output.rglob("*.html") if b"__devserver__" in p.read_bytes()]


def test_site_built_by_make_html_has_no_reload_script(sample_site):
    pages = list(sample_site.rglob("*.html"))
    assert pages and not [p for p in pages if b"__devserver__" in p.read_bytes()]
    assert not (sample_site / "ban-nhap").exists()
