"""Shared helpers: build a site with the project's own settings into a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import build, load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "site" / "content"
SAMPLE_CONTENT = ROOT / "content"


def build_site(content: Path, output: Path, **overrides) -> Path:
    """Build `content` with pelicanconf.py (plus overrides) into `output`; return it."""
    settings = load_settings(
        ROOT / "pelicanconf.py",
        {"PATH": str(content), "OUTPUT_PATH": str(output), **overrides},
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
