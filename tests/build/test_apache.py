"""The generated .htaccess on a real Apache (Debian's apache2-bin), site under /cong-doan/:
the file parses, precompressed files are served with the right type, headers are sent,
old URLs redirect (also with a query string) and a missing page gets the Vietnamese 404."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest
from bs4 import BeautifulSoup

from hosting.rules import SEARCH_CSP, STRICT_CSP
from serving import fetch, free_port, wait_for_port

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
SUBFOLDER = "/cong-doan/"
TARGET = "/cong-doan/2018/03/08/hoi-nghi-cu/"

pytestmark = pytest.mark.skipif(not APACHE.exists(), reason="apache2-bin is installed by `make test`")


def apache_config(where: Path, www: Path, port: int) -> str:
    """A minimal httpd.conf with the modules shared hosts have and AllowOverride All."""
    modules = ["mpm_event", "authz_core", "mime", "dir", "rewrite", "headers", "setenvif"]
    loads = "\n".join(f"LoadModule {name}_module {MODULES / f'mod_{name}.so'}" for name in modules)
    user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""
    return f"""{loads}
{user}ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {where / "httpd.pid"}
DefaultRuntimeDir {where}
Mutex file:{where} default
ErrorLog {where / "error.log"}
TypesConfig /etc/mime.types
DocumentRoot {www}
<Directory {www}>
    AllowOverride All
    Require all granted
</Directory>
"""


@pytest.fixture(scope="module")
def apache_url(public_site) -> Iterator[str]:
    """Apache serving the published sample site at http://127.0.0.1:PORT/cong-doan/."""
    where = Path(tempfile.mkdtemp(prefix="apache-"))
    where.chmod(0o755)  # Apache's workers run as nobody when the tests run as root
    www = where / "www"
    shutil.copytree(public_site, www / SUBFOLDER.strip("/"))
    port = free_port()
    config = where / "httpd.conf"
    config.write_text(apache_config(where, www, port), encoding="utf-8")
    server = subprocess.Popen([str(APACHE), "-f", str(config), "-DFOREGROUND"])
    try:
        wait_for_port(port, server, where / "error.log")
        yield f"http://127.0.0.1:{port}{SUBFOLDER}"
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(where, ignore_errors=True)


@pytest.mark.parametrize(
    ("path", "accept", "encoding", "decompress", "content_type"),
    [
        ("", "gzip, deflate, br", "br", brotli.decompress, "text/html; charset=utf-8"),
        ("2019/11/21/", "gzip", "gzip", gzip.decompress, "text/html; charset=utf-8"),
        ("theme/css/main.css", "gzip", "gzip", gzip.decompress, "text/css; charset=utf-8"),
        ("feeds/all.atom.xml", "br", "br", brotli.decompress, "application/xml; charset=utf-8"),
    ],
)
def test_precompressed_files_with_their_own_type(
    apache_url, public_site, path, accept, encoding, decompress, content_type
):
    status, headers, body = fetch(apache_url + path, accept)
    assert status == 200
    assert headers["Content-Encoding"] == encoding and headers["Content-Type"] == content_type
    assert "Accept-Encoding" in headers["Vary"]
    assert (
        decompress(body)
        == (
            public_site / (path or "") / ("index.html" if not path or path.endswith("/") else "")
        ).read_bytes()
    )


def test_plain_request_gets_the_plain_file_and_the_headers(apache_url, public_site):
    status, headers, body = fetch(apache_url)
    assert status == 200 and "Content-Encoding" not in headers
    assert body == (public_site / "index.html").read_bytes()
    assert headers["Content-Security-Policy"] == STRICT_CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "public, max-age=300, must-revalidate"


@pytest.mark.parametrize(
    "old", ["tin-tuc/456/hoi-nghi.html", "index.php?option=com_content&id=456", "tin-cu/45/"]
)
def test_old_urls_redirect_permanently_to_the_article(apache_url, old):
    status, headers, _ = fetch(apache_url + old)
    assert status == 301
    assert headers["Location"].endswith(TARGET) and "?" not in headers["Location"]


def test_other_query_strings_are_not_redirected(apache_url):
    assert fetch(apache_url + "index.php?option=com_content&id=4567")[0] == 404


def test_missing_page_gets_the_vietnamese_404(apache_url):
    status, headers, body = fetch(apache_url + "khong/co/trang/nay/")
    assert status == 404 and headers["Content-Security-Policy"] == STRICT_CSP
    assert "Không tìm thấy trang" in BeautifulSoup(body, "html.parser").h1.text


def test_only_the_search_page_may_compile_webassembly(apache_url):
    status, headers, _ = fetch(apache_url + "tim-kiem/")
    assert status == 200 and headers["Content-Security-Policy"] == SEARCH_CSP
    assert fetch(apache_url + "so-do-trang/")[1]["Content-Security-Policy"] == STRICT_CSP
