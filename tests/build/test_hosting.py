"""What `make publish` adds for hosts: precompressed files, .htaccess, _headers, the 404 page,
redirect pages for legacy URLs, and an nginx snippet that matches the header table."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import brotli
import pytest

from conftest import FIXTURE_CONTENT, PUBLIC_SITEURL, ROOT, soup
from content_guard.problems import ContentErrors
from hosting.rules import SEARCH_CSP, STRICT_CSP
from sitebuild import build, load_settings

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


def text_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES]


def test_every_text_file_has_gzip_and_brotli_siblings_with_the_same_content(public_site):
    files = text_files(public_site)
    assert len(files) > 50
    for path in files:
        data = path.read_bytes()
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        if len(data) < 100:  # tiny files may not shrink: then the plugin rightly skips them
            continue
        assert gzip.decompress(gz.read_bytes()) == data, gz
        assert brotli.decompress(br.read_bytes()) == data, br
    assert not list(public_site.rglob("*.jpg.gz")) and not list(public_site.rglob("*.pdf.gz"))


def test_two_publishes_of_the_same_content_give_byte_identical_compressed_files(
    public_site, tmp_path, monkeypatch
):
    monkeypatch.setenv("SITEURL", PUBLIC_SITEURL)
    content = public_site.parent / "content"
    settings = load_settings(
        ROOT / "publishconf.py", {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "again")}
    )
    build(settings)
    for path in [*public_site.rglob("*.gz"), *public_site.rglob("*.br")]:
        relative = path.relative_to(public_site)
        assert (tmp_path / "again" / relative).read_bytes() == path.read_bytes(), path
    # gzip header: no file name (flag byte 0) and no time stamp (mtime 0).
    header = (public_site / "index.html.gz").read_bytes()[:10]
    assert header[3] == 0 and header[4:8] == b"\0\0\0\0"


def test_htaccess_sends_headers_serves_precompressed_files_and_the_404_page(public_site):
    htaccess = (public_site / ".htaccess").read_text(encoding="utf-8")
    assert "ErrorDocument 404 /cong-doan/404.html" in htaccess
    assert f'Header always set Content-Security-Policy "{STRICT_CSP}"' in htaccess
    assert "AddDefaultCharset utf-8" in htaccess
    assert '"$1.$2.br"' in htaccess and '"$1.$2.gz"' in htaccess
    assert 'Header set Cache-Control "public, max-age=300, must-revalidate"' in htaccess


def test_the_search_page_folder_gets_the_csp_that_lets_pagefind_compile(public_site):
    """Apache applies tim-kiem/.htaccess after the root's: its CSP allows the WebAssembly."""
    htaccess = (public_site / "tim-kiem" / ".htaccess").read_text(encoding="utf-8")
    assert f'Header always set Content-Security-Policy "{SEARCH_CSP}"' in htaccess
    assert "'wasm-unsafe-eval'" in SEARCH_CSP and "'wasm-unsafe-eval'" not in STRICT_CSP


def test_htaccess_redirects_legacy_urls_including_query_strings(public_site):
    htaccess = (public_site / ".htaccess").read_text(encoding="utf-8")
    target = "/cong-doan/2018/03/08/hoi-nghi-cu/"
    assert f'RewriteRule "^tin\\-tuc/456/hoi\\-nghi\\.html$" "{target}" [R=301,L,QSD]' in htaccess
    query_rule = 'RewriteCond "%{QUERY_STRING}" "^option=com_content\\&id=456$"\n'
    assert query_rule + f'  RewriteRule "^index\\.php$" "{target}" [R=301,L,QSD]' in htaccess
    # A query-string URL cannot be a static file: no page is written for it.
    assert not (public_site / "index.php").exists()


@pytest.mark.parametrize(
    ("alias", "expected_link"),
    [
        ("tin-tuc/456/hoi-nghi.html", "../../2018/03/08/hoi-nghi-cu/"),
        ("tin-cu/45/index.html", "../../2018/03/08/hoi-nghi-cu/"),
    ],
)
def test_static_redirect_page_for_each_alias(public_site, alias, expected_link):
    page = soup(public_site / alias)
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={expected_link}"
    assert page.find("a")["href"] == expected_link
    assert page.find("link", rel="canonical")["href"] == f"{PUBLIC_SITEURL}/2018/03/08/hoi-nghi-cu/"
    assert not page.find("script") and not page.select("[style]")
    assert (public_site / alias).parent.joinpath(expected_link, "index.html").resolve().is_file()


def test_alias_problems_are_reported_with_file_and_line_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", PUBLIC_SITEURL)
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    (content / "tin-tuc" / "trung.md").write_text(
        "Title: Trùng\nDate: 2018-01-01\nCategory: Tin tức - Sự kiện\n"
        "Aliases: /gioi-thieu/; /tin.asp?id=7; /../../ra-ngoai.html\n\nx\n",
        encoding="utf-8",
    )
    settings = load_settings(
        ROOT / "publishconf.py",
        {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "o"), "BANNER_SLIDES": []},
    )
    with pytest.raises(ContentErrors) as caught:
        build(settings)
    report = [str(problem) for problem in caught.value.problems]
    where = "content/tin-tuc/trung.md:4: "
    assert where + "địa chỉ cũ /gioi-thieu/ trong Aliases: trùng với một trang đang có" in "\n".join(report)
    assert where + "cảnh báo: địa chỉ cũ /tin.asp?id=7 chỉ chuyển hướng được bằng .htaccess" in "\n".join(
        report
    )
    assert where + "địa chỉ cũ /../../ra-ngoai.html trong Aliases: không được có '..'" in "\n".join(report)
    assert not (tmp_path.parent / "ra-ngoai.html").exists()
    assert not (tmp_path / "o").exists()


def test_404_page_is_vietnamese_with_search_and_links_that_work_from_any_depth(public_site):
    page = soup(public_site / "404.html")
    assert page.html["lang"] == "vi" and "Không tìm thấy trang" in page.h1.text
    assert page.select_one("form[role=search]")["action"] == "/cong-doan/tim-kiem/"
    hrefs = {a["href"] for a in page.select("main a")}
    assert {"/cong-doan/", "/cong-doan/so-do-trang/"} <= hrefs
    assert page.select_one("link[rel=stylesheet]")["href"] == "/cong-doan/theme/css/main.css"
    local = [
        a["href"]
        for a in page.select("a[href]")
        if not a["href"].startswith(("http", "mailto:", "tel:", "#"))
    ]
    assert local and all(href.startswith("/cong-doan/") for href in local)


def test_netlify_headers_file_has_the_strict_csp_and_cache_rules(public_site):
    headers = (public_site / "_headers").read_text(encoding="utf-8")
    assert f"/*\n  Content-Security-Policy: {STRICT_CSP}\n" in headers
    assert "/*.css\n  Cache-Control: public, max-age=86400\n" in headers


def test_checked_in_nginx_snippet_matches_the_header_table():
    script = ROOT / "scripts" / "hosting_files.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_published_folder_is_readable_by_the_web_server(public_site):
    # The staging folder comes from mkdtemp (0700); uploaded like that, nginx or Apache get 403.
    assert public_site.stat().st_mode & 0o055 == 0o055
