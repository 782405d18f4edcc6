"""Shared helpers: build a site with the project's own settings into a temp folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, sync_playwright

from browsing import CHROMIUM, CHROMIUM_ARGS, PageWatch, open_page
from serving import SEARCH_CSP, STRICT_CSP, serve_site
from sitebuild import build, load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "site" / "content"
SAMPLE_CONTENT = ROOT / "content"


def banner_slides_in(content: Path) -> list[dict]:
    """pelicanconf's banner slides whose image this content folder has (test sites have none)."""
    slides = load_settings(ROOT / "pelicanconf.py")["BANNER_SLIDES"]
    return [slide for slide in slides if (content / slide["src"]).is_file()]


def settings_file(path: Path, content: Path, base: str = "pelicanconf", **extra) -> Path:
    """A settings file for the command-line tools: `base` (pelicanconf or publishconf) at `content`."""
    values = {
        "PATH": str(content),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "BANNER_SLIDES": banner_slides_in(content),
        **extra,
    }
    lines = ["import sys", f"sys.path.insert(0, {str(ROOT)!r})", f"from {base} import *"]
    lines += [f"{name} = {value!r}" for name, value in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_site(content: Path, output: Path, **overrides) -> Path:
    """Build `content` with pelicanconf.py (plus overrides) into `output`; return it."""
    settings = load_settings(
        ROOT / "pelicanconf.py",
        {
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "BANNER_SLIDES": banner_slides_in(content),
            **overrides,
        },
    )
    build(settings)
    return output


def soup(path: Path) -> BeautifulSoup:
    """Parse one output HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(output: Path, url: str) -> BeautifulSoup:
    """Parse the page at a site URL such as '2019/11/21/'."""
    target = output / url
    return soup(target / "index.html" if url.endswith("/") or url == "" else target)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample content of content/, built once for the whole session."""
    return build_site(SAMPLE_CONTENT, tmp_path_factory.mktemp("sample") / "output")


# --- Browser tests (tests/browser): one Chromium, the sample site served under the strict CSP ---


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_url(sample_site, tmp_path_factory) -> Iterator[str]:
    """The sample site under /cong-doan/ of a local server that sends the strict CSP."""
    # Search (issue 8): /tim-kiem/ alone may also compile Pagefind's WebAssembly, as on hosts.
    search_page = {"tim-kiem/": {"Content-Security-Policy": SEARCH_CSP}}
    with serve_site(
        sample_site,
        tmp_path_factory.mktemp("host"),
        headers={"Content-Security-Policy": STRICT_CSP},
        path_headers=search_page,
    ) as url:
        yield url


@pytest.fixture
def reader(browser, site_url) -> Iterator[tuple[Page, PageWatch]]:
    """A desktop reader with JavaScript on, in a fresh context."""
    context, page, watch = open_page(browser, site_url)
    yield page, watch
    context.close()


# --- Publishing (issue 11): the sample site built with publishconf.py for /cong-doan/ ---------
PUBLIC_SITEURL = "https://congdoan.example.vn/cong-doan"
ALIAS_ARTICLE = """Title: Hội nghị cũ chuyển địa chỉ
Date: 2018-03-08 08:00
Category: Tin tức - Sự kiện
Aliases: /tin-tuc/456/hoi-nghi.html; /index.php?option=com_content&id=456; /tin-cu/45/

Bài có địa chỉ cũ trên cổng thông tin trước đây.
"""


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> Path:
    """`make publish` of the sample site (plus one article with Aliases:), once per session."""
    where = tmp_path_factory.mktemp("public")
    content = Path(shutil.copytree(SAMPLE_CONTENT, where / "content"))
    (content / "tin-tuc-su-kien" / "2018-03-08-hoi-nghi-cu.md").write_text(ALIAS_ARTICLE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", PUBLIC_SITEURL)
        settings = load_settings(
            ROOT / "publishconf.py", {"PATH": str(content), "OUTPUT_PATH": str(where / "public")}
        )
    build(settings)
    return where / "public"
