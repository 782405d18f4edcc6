"""publishconf.py: the public address comes from the environment; pages stay relative."""

from __future__ import annotations

import feedparser
import pytest

from conftest import FIXTURE_CONTENT, ROOT, page
from sitebuild import build, load_settings


def test_publish_build_has_absolute_feeds_and_relative_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", "https://congdoan.example.vn/")
    settings = load_settings(
        ROOT / "publishconf.py",
        {"PATH": str(FIXTURE_CONTENT), "OUTPUT_PATH": str(tmp_path / "out"), "BANNER_SLIDES": []},
    )
    build(settings)
    output = tmp_path / "out"
    feed = feedparser.parse((output / "feeds/all.atom.xml").read_bytes())
    assert feed.entries[0].link == "https://congdoan.example.vn/2020/01/01/thu-chuc-mung-nam-moi/"
    assert "<loc>https://congdoan.example.vn/gioi-thieu/</loc>" in (output / "sitemap.xml").read_text()
    stylesheet = page(output, "2019/11/21/").select_one("link[rel=stylesheet]")["href"]
    assert stylesheet == "../../../theme/css/main.css"


def test_publish_without_siteurl_says_what_to_do(monkeypatch):
    monkeypatch.delenv("SITEURL", raising=False)
    with pytest.raises(SystemExit, match="SITEURL"):
        load_settings(ROOT / "publishconf.py")
