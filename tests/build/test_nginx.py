"""The published site on a real nginx (Debian's), under /cong-doan/, with deploy/nginx.conf:
every page, asset and feed answers 200, precompressed files are served, headers are sent."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import brotli
import pytest
from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from conftest import PUBLIC_SITEURL, ROOT
from hosting.rules import SEARCH_CSP, SECURITY_HEADERS, STRICT_CSP
from serving import fetch, free_port, wait_for_port

NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
SUBFOLDER = "/cong-doan/"

pytestmark = pytest.mark.skipif(not NGINX.exists(), reason="nginx is installed by `make test`")


def nginx_config(where: Path, www: Path, port: int) -> str:
    """A whole nginx.conf in a temp folder; the site's location includes the shipped snippet."""
    temp = "\n".join(
        f"  {kind}_temp_path {where / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the pytest temp folder
    return f"""load_module {BROTLI_MODULE};
{user}daemon off;
worker_processes 1;
pid {where / "nginx.pid"};
error_log {where / "error.log"};
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log {where / "access.log"};
{temp}
  server {{
    listen 127.0.0.1:{port};
    root {www};
    error_page 404 {SUBFOLDER}404.html;
    location {SUBFOLDER} {{
      include {ROOT / "deploy" / "nginx.conf"};
    }}
  }}
}}
"""


@pytest.fixture(scope="module")
def nginx_url(public_site, tmp_path_factory) -> Iterator[str]:
    """nginx serving the published fixture site at http://127.0.0.1:PORT/cong-doan/."""
    where = tmp_path_factory.mktemp("nginx")
    www = where / "www"
    shutil.copytree(public_site, www / SUBFOLDER.strip("/"))
    port = free_port()
    config = where / "nginx.conf"
    config.write_text(nginx_config(where, www, port), encoding="utf-8")
    server = subprocess.Popen(
        [str(NGINX), "-c", str(config), "-p", str(where), "-e", str(where / "error.log")]
    )
    wait_for_port(port, server, where / "error.log")
    try:
        yield f"http://127.0.0.1:{port}{SUBFOLDER}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def local_links(base: str, url: str, body: bytes, content_type: str) -> set[str]:
    """Every same-site URL an HTML page, feed or sitemap points to (public addresses mapped here)."""
    if "html" in content_type:
        page = BeautifulSoup(body, "html.parser")
        found = [t.get("href") for t in page.select("[href]")] + [t.get("src") for t in page.select("[src]")]
        found += [t["action"] for t in page.select("form[action]")]
    elif "xml" in content_type:
        with warnings.catch_warnings():  # html.parser reads <loc> and <link href> well enough
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            markup = BeautifulSoup(body, "html.parser")
        found = [t.text for t in markup.find_all("loc")] + [t.get("href") for t in markup.find_all("link")]
        found = [f.replace(PUBLIC_SITEURL + "/", base) for f in found if f]
    else:
        return set()
    links = {urldefrag(urljoin(url, f))[0] for f in found if f}
    return {link for link in links if link.startswith(base)}


def crawl(base: str) -> tuple[set[str], list[str]]:
    """Fetch every reachable URL of the site; return them and the failures."""
    seen, queue, failures = set(), [base, base + "sitemap.xml", base + "robots.txt"], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, headers, body = fetch(url)
        if status != 200:
            failures.append(f"{status} {url}")
            continue
        queue += local_links(base, url, body, headers.get("Content-Type", "")) - seen
    return seen, failures


def test_every_page_asset_and_feed_is_served(nginx_url):
    seen, failures = crawl(nginx_url)
    assert failures == []
    paths = {urlsplit(url).path for url in seen}
    assert len(seen) > 60
    assert f"{SUBFOLDER}feeds/all.atom.xml" in paths and f"{SUBFOLDER}theme/css/main.css" in paths
    assert any(path.endswith(".jpg") for path in paths) and any(path.endswith(".js") for path in paths)


@pytest.mark.parametrize(
    ("path", "accept", "encoding", "decompress"),
    [
        ("", "gzip", "gzip", gzip.decompress),
        ("", "gzip, deflate, br", "br", brotli.decompress),
        ("theme/css/main.css", "gzip", "gzip", gzip.decompress),
        ("feeds/all.atom.xml", "br", "br", brotli.decompress),
    ],
)
def test_precompressed_files_are_served_to_browsers_that_accept_them(
    nginx_url, public_site, path, accept, encoding, decompress
):
    status, headers, body = fetch(nginx_url + path, accept)
    assert status == 200 and headers["Content-Encoding"] == encoding
    assert headers["Vary"] == "Accept-Encoding"
    original = public_site / (path or "index.html")
    assert decompress(body) == original.read_bytes()


def test_plain_request_gets_the_uncompressed_file(nginx_url, public_site):
    status, headers, body = fetch(nginx_url)
    assert "Content-Encoding" not in headers and body == (public_site / "index.html").read_bytes()


@pytest.mark.parametrize(
    ("path", "cache", "content_type"),
    [
        ("", "public, max-age=300, must-revalidate", "text/html; charset=utf-8"),
        ("2019/11/21/", "public, max-age=300, must-revalidate", "text/html; charset=utf-8"),
        ("theme/css/main.css", "public, max-age=86400", "text/css; charset=utf-8"),
        ("images/logo.svg", "public, max-age=2592000", "image/svg+xml; charset=utf-8"),
    ],
)
def test_security_and_cache_headers_from_the_snippet(nginx_url, path, cache, content_type):
    status, headers, _ = fetch(nginx_url + path, "gzip")
    assert status == 200
    assert headers["Content-Security-Policy"] == STRICT_CSP
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value
    assert headers["Cache-Control"] == cache
    assert headers["Content-Type"] == content_type


def test_missing_page_gets_the_vietnamese_404_whose_links_work(nginx_url):
    status, headers, body = fetch(nginx_url + "khong/co/trang/nay/")
    assert status == 404 and headers["Content-Security-Policy"] == STRICT_CSP
    page = BeautifulSoup(body, "html.parser")
    assert "Không tìm thấy trang" in page.h1.text
    origin = nginx_url.removesuffix(SUBFOLDER)
    for link in ["link[rel=stylesheet]", "a.site-header__brand"]:
        assert fetch(origin + page.select_one(link)["href"])[0] == 200


def test_legacy_url_redirect_page_is_served(nginx_url):
    status, _, body = fetch(nginx_url + "tin-tuc/456/hoi-nghi.html")
    assert status == 200 and b'http-equiv="refresh"' in body


@pytest.mark.parametrize("path", ["tim-kiem/", "tim-kiem/index.html"])
def test_only_the_search_page_may_compile_webassembly(nginx_url, path):
    status, headers, _ = fetch(nginx_url + path, "gzip")
    assert status == 200 and headers["Content-Security-Policy"] == SEARCH_CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "public, max-age=300, must-revalidate"
    assert fetch(nginx_url + "so-do-trang/")[1]["Content-Security-Policy"] == STRICT_CSP
