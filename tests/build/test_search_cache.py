"""The search index on a rebuild (issue 9): reused when nothing it is built from changed,
rebuilt (and right) after an edit, never taken from a cache that is half-written or altered."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

import pytest
from pelican.log import LimitFilter

from browsing import open_page
from building import tree_hashes
from conftest import FIXTURE_CONTENT, build_site
from search.cache import MANIFEST, PAGES_DB
from serving import SEARCH_CSP, STRICT_CSP, serve_site

EDITED = "tin-tuc/2019-11-21-day-manh-phong-trao.md"
EDITED_TITLE = "Đẩy mạnh phong trào thi đua cuối năm"
NEW_WORDS = "Đội văn nghệ biểu diễn đàn bầu và khèn Mông."
REUSED = "dùng lại chỉ mục trước"
PAGEFIND_STARTED = "(Pagefind)"


def cached_build(root: Path, output: str) -> Path:
    """Build root/content into root/<output> with the caches in root/cache."""
    return build_site(root / "content", root / output, CACHE_PATH=str(root / "cache"))


@pytest.fixture
def said(monkeypatch, caplog):
    """The caplog of a build; Pelican's log filter drops a message already logged in this process."""
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
    caplog.set_level(logging.INFO)
    return caplog


def search_lines(caplog) -> list[str]:
    """The progress lines of the search phase."""
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("Lập chỉ mục tìm kiếm")]


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A copy of the fixture content built once (the cache filled); its output's hashes."""
    root = tmp_path_factory.mktemp("search-cache")
    shutil.copytree(FIXTURE_CONTENT, root / "content")
    return root, tree_hashes(cached_build(root, "first"))


@pytest.fixture
def no_pagefind(monkeypatch):
    """Starting Pagefind fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("Pagefind was started")

    monkeypatch.setattr("pagefind.index.PagefindIndex", refuse)


def test_unchanged_content_reuses_the_index_without_starting_pagefind(first, no_pagefind, said):
    root, hashes = first
    assert tree_hashes(cached_build(root, "second")) == hashes
    assert any(REUSED in line for line in search_lines(said))
    assert not any(PAGEFIND_STARTED in line for line in search_lines(said))


def cached_bundle(root: Path) -> Path:
    """The one cached bundle folder."""
    (bundle,) = (root / "cache" / "search").glob("bundle-*")
    return bundle


def truncate_an_index_file(root: Path) -> None:
    """As if a file had been cut short (disk full, a copy stopped half-way)."""
    index = sorted((cached_bundle(root) / "index").iterdir())[0]
    index.write_bytes(index.read_bytes()[:10])


def remove_the_manifest(root: Path) -> None:
    """A bundle folder without its manifest (the manifest is written last)."""
    (cached_bundle(root) / MANIFEST).unlink()


def truncate_the_pages_database(root: Path) -> None:
    """The prepared pages' database cut in the middle."""
    database = root / "cache" / "search" / PAGES_DB
    database.write_bytes(database.read_bytes()[:3000])


def leave_a_partial_bundle(root: Path) -> None:
    """A complete-looking copy under the temporary name of a stopped build, and no finished one."""
    bundle = cached_bundle(root)
    bundle.rename(bundle.with_name(".partial-stopped"))


@pytest.mark.parametrize(
    "damage",
    [truncate_an_index_file, remove_the_manifest, leave_a_partial_bundle, truncate_the_pages_database],
)
def test_a_damaged_or_half_written_cache_is_not_used(first, damage, said):
    root, hashes = first
    damage(root)
    assert tree_hashes(cached_build(root, f"after-{damage.__name__}")) == hashes
    lines = search_lines(said)
    if damage is truncate_the_pages_database:  # the pages are prepared again; the bundle is intact
        assert any(REUSED in line for line in lines)
    else:
        assert any(PAGEFIND_STARTED in line for line in lines) and not any(
            REUSED in line for line in lines
        ), lines
    assert [p.name for p in (root / "cache" / "search").iterdir() if p.name.startswith(".partial-")] == []
    with sqlite3.connect(root / "cache" / "search" / PAGES_DB) as database:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def result_titles(page, base: str, query: str) -> list[str]:
    """Search from the URL, as a reader does, and return the result titles in order."""
    page.goto(base + "tim-kiem/?q=" + query)
    page.get_by_role("status").filter(has_text="kết quả").wait_for()
    return page.locator(".search-result__title").all_inner_texts()


def test_after_an_edit_the_rebuilt_index_finds_the_article_by_its_new_words(first, browser, said, tmp_path):
    root, hashes = first
    assert not any("khèn" in p.read_text(encoding="utf-8") for p in (root / "content").rglob("*.md"))
    article = root / "content" / EDITED
    original = article.read_text(encoding="utf-8")
    article.write_text(original + f"\n{NEW_WORDS}\n", encoding="utf-8")
    try:
        edited = cached_build(root, "edited")
    finally:
        article.write_text(original, encoding="utf-8")
    assert any(PAGEFIND_STARTED in line for line in search_lines(said))
    clean_content = shutil.copytree(root / "content", tmp_path / "content")
    (clean_content / EDITED).write_text(original + f"\n{NEW_WORDS}\n", encoding="utf-8")
    clean = build_site(clean_content, tmp_path / "clean", CACHE_PATH=str(tmp_path / "cache"))
    assert tree_hashes(edited) == tree_hashes(clean)
    assert tree_hashes(edited) != hashes
    headers, search_page = (
        {"Content-Security-Policy": STRICT_CSP},
        {"tim-kiem/": {"Content-Security-Policy": SEARCH_CSP}},
    )
    with serve_site(edited, tmp_path / "host", headers=headers, path_headers=search_page) as url:
        context, page, _watch = open_page(browser, url)
        try:
            assert result_titles(page, url, "khen Mong") == [EDITED_TITLE]
            assert result_titles(page, url, "đàn bầu")[0] == EDITED_TITLE
        finally:
            context.close()
