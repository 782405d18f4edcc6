"""The search index on a rebuild (issue 9): reused when nothing it is built from changed,
rebuilt (and right) after an edit, never taken from a cache that is half-written or altered."""

from __future__ import annotations

import gzip
import json
import logging
import shutil
from pathlib import Path

import pytest
from pelican.log import LimitFilter

import search
import search.merging as merging
from browsing import open_page
from building import appended, built_with_paragraph, tree_hashes
from conftest import FIXTURE_CONTENT, build_site
from search import PARTS_REUSED, REUSED
from search.cache import BUNDLE_MANIFEST, PAGES_DIR, PAGES_LIST, POOL_DIR, RECORDS_DIR
from search.parts import PARTS_DIR
from serving import SEARCH_CSP, STRICT_CSP, serve_site

EDITED = "tin-tuc/2019-11-21-day-manh-phong-trao.md"
EDITED_TITLE = "Đẩy mạnh phong trào thi đua cuối năm"
NEW_WORDS = "Đội văn nghệ biểu diễn đàn bầu và khèn Mông."
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

    monkeypatch.setattr("search.write_index", refuse)


def test_unchanged_content_reuses_the_index_without_starting_pagefind(first, no_pagefind, said):
    root, hashes = first
    assert tree_hashes(cached_build(root, "second")) == hashes
    assert any(REUSED in line for line in search_lines(said))
    assert not any(PAGEFIND_STARTED in line for line in search_lines(said))


def pooled_file(root: Path) -> Path:
    """One file of the cached bundle (its files are named by their sha256) that no part's
    bundle shares: the merge wrote it (an index chunk, not a page's fragment)."""
    search_cache = root / "cache" / "search"
    in_parts = {path.stat().st_ino for path in (search_cache / PARTS_DIR).rglob("*") if path.is_file()}
    return next(
        path for path in sorted((search_cache / POOL_DIR).iterdir()) if path.stat().st_ino not in in_parts
    )


def truncate_a_bundle_file(root: Path) -> None:
    """As if a file had been cut short (disk full, a copy stopped half-way)."""
    path = pooled_file(root)
    data = path.read_bytes()
    path.unlink()  # the output of the first build shares the file (a hard link)
    path.write_bytes(data[:10])


def cut_a_bundle_file_in_place(root: Path) -> None:
    """A file of the cached bundle cut short where it is (its inode kept, its size changed)."""
    path = pooled_file(root)
    path.write_bytes(path.read_bytes()[:10])


def lose_a_bundle_file(root: Path) -> None:
    """A file of the cached bundle gone."""
    pooled_file(root).unlink()


def truncate_the_bundle_manifest(root: Path) -> None:
    """The bundle's manifest cut in the middle."""
    manifest = root / "cache" / "search" / BUNDLE_MANIFEST
    manifest.write_bytes(manifest.read_bytes()[:200])


def truncate_the_pages_list(root: Path) -> None:
    """The list of prepared pages cut in the middle."""
    listed = root / "cache" / "search" / PAGES_LIST
    listed.write_bytes(listed.read_bytes()[:300])


def lose_a_prepared_page(root: Path) -> None:
    """One prepared page gone, and a temporary file a stopped build left in its place."""
    page = sorted((root / "cache" / "search" / PAGES_DIR).iterdir())[0]
    page.rename(page.with_name(".tmp-1-" + page.name))


def stop_while_writing_a_page(root: Path) -> None:
    """A build stopped while it wrote a page's prepared form straight under its name: the file
    cut short, its record too, and the list (written last) without its key."""
    search_cache = root / "cache" / "search"
    page = sorted((search_cache / PAGES_DIR).iterdir())[0]
    key = page.name.removesuffix(".html")
    for path in (page, search_cache / RECORDS_DIR / f"{key}.json"):
        data = path.read_bytes()
        path.unlink()  # a new file, as the stopped build's was (the output links the old one)
        path.write_bytes(data[:20])
    listed = json.loads((search_cache / PAGES_LIST).read_text(encoding="utf-8"))
    del listed[key]
    (search_cache / PAGES_LIST).write_text(json.dumps(listed), encoding="utf-8")


def part_bundle(root: Path) -> Path:
    """The one part's bundle, as Pagefind wrote it (the fixture site is one part)."""
    (found,) = [path for path in (root / "cache" / "search" / PARTS_DIR).iterdir() if path.is_dir()]
    return found


def truncate_a_part_file(root: Path) -> None:
    """A file of the part's bundle cut short (and the last bundle unusable, so that the part
    is needed)."""
    truncate_the_bundle_manifest(root)
    path = sorted((part_bundle(root) / "fragment").iterdir())[0]
    data = path.read_bytes()
    path.unlink()  # shared with the outputs (a hard link)
    path.write_bytes(data[:10])


def alter_a_part_file_in_place(root: Path) -> None:
    """A file of the part's bundle changed where it is, its size kept (and the last bundle
    unusable, so that the part is needed)."""
    truncate_the_bundle_manifest(root)
    path = sorted((part_bundle(root) / "fragment").iterdir())[0]
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))


def test_an_index_file_edited_in_place_is_not_patched_from(tmp_path, monkeypatch):
    """The merged bundle's files are hard links into the output: one edited there (its size
    changed) must not be linked into the next merge, nor patched from."""
    monkeypatch.setattr(merging, "PATCH_MAX_SHARE", 1.0)  # the fixture's index is one chunk
    root = tmp_path / "site"
    shutil.copytree(FIXTURE_CONTENT, root / "content")
    chunk = next((cached_build(root, "first") / "pagefind" / "index").iterdir())
    (words,) = merging.read_pagefind_file(chunk)
    # A valid chunk without its first word, written in place: the cache's file too (one inode).
    chunk.write_bytes(gzip.compress(merging.encoded([words[1:]]), mtime=0))
    article = root / "content" / EDITED
    edited = built_with_paragraph(article, NEW_WORDS, lambda: cached_build(root, "edited"))
    clean_content = shutil.copytree(root / "content", tmp_path / "content")
    (clean_content / EDITED).write_text(appended(article, NEW_WORDS), encoding="utf-8")
    clean = build_site(clean_content, tmp_path / "clean", CACHE_PATH=str(tmp_path / "cache"))
    assert tree_hashes(edited) == tree_hashes(clean)


def lose_a_part_list(root: Path) -> None:
    """The list of a part's files gone, as when a build stopped just after Pagefind wrote it
    (and the last bundle unusable, so that the part is needed)."""
    truncate_the_bundle_manifest(root)
    part_bundle(root).with_suffix(".json").unlink()


def leave_a_stopped_mirror(root: Path) -> None:
    """The folder of pages a build stopped during Pagefind left behind (with a stray page)."""
    stray = root / "cache" / "search" / ".partial-mirror-stopped" / "2020" / "bai-la" / "index.html"
    stray.parent.mkdir(parents=True)
    stray.write_text("<html><body data-pagefind-body><p>bài lạ</p></body></html>", encoding="utf-8")


@pytest.mark.parametrize(
    "damage",
    [
        truncate_a_bundle_file,
        cut_a_bundle_file_in_place,
        lose_a_bundle_file,
        truncate_the_bundle_manifest,
        truncate_the_pages_list,
        lose_a_prepared_page,
        stop_while_writing_a_page,
        leave_a_stopped_mirror,
        truncate_a_part_file,
        alter_a_part_file_in_place,
        lose_a_part_list,
    ],
)
def test_a_damaged_or_half_written_cache_is_not_used(first, damage, said):
    root, hashes = first
    damage(root)
    assert tree_hashes(cached_build(root, f"after-{damage.__name__}")) == hashes
    lines = search_lines(said)
    started = any(PAGEFIND_STARTED in line for line in lines)
    if damage in (
        truncate_the_pages_list,
        lose_a_prepared_page,
        stop_while_writing_a_page,
        leave_a_stopped_mirror,
    ):  # bundle intact
        assert any(REUSED in line for line in lines) and not started
    elif damage in (
        truncate_a_bundle_file,
        cut_a_bundle_file_in_place,
        lose_a_bundle_file,
        truncate_the_bundle_manifest,
    ):
        # The last bundle is not used, but the part it was merged from is.
        assert any(PARTS_REUSED in line for line in lines) and not started, lines
    else:
        assert started and not any(REUSED in line for line in lines), lines
    cache = root / "cache" / "search"
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []
    # The cache mended itself: the next build uses it whole.
    said.clear()
    LimitFilter._raised_messages.clear()  # Pelican logs a message once per process
    assert tree_hashes(cached_build(root, f"mended-{damage.__name__}")) == hashes
    assert any(REUSED in line for line in search_lines(said)), search_lines(said)
    listed = json.loads((cache / PAGES_LIST).read_text(encoding="utf-8"))
    for folder in (PAGES_DIR, RECORDS_DIR):
        assert sorted(p.stem for p in (cache / folder).iterdir()) == sorted(k for k, v in listed.items() if v)


def result_titles(page, base: str, query: str) -> list[str]:
    """Search from the URL, as a reader does, and return the result titles in order."""
    page.goto(base + "tim-kiem/?q=" + query)
    page.get_by_role("status").filter(has_text="kết quả").wait_for()
    return page.locator(".search-result__title").all_inner_texts()


def test_after_an_edit_the_rebuilt_index_finds_the_article_by_its_new_words(first, browser, said, tmp_path):
    root, hashes = first
    assert not any("khèn" in p.read_text(encoding="utf-8") for p in (root / "content").rglob("*.md"))
    article = root / "content" / EDITED
    edited = built_with_paragraph(article, NEW_WORDS, lambda: cached_build(root, "edited"))
    assert any(PAGEFIND_STARTED in line for line in search_lines(said))
    clean_content = shutil.copytree(root / "content", tmp_path / "content")
    (clean_content / EDITED).write_text(appended(article, NEW_WORDS), encoding="utf-8")
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


@pytest.fixture
def hashed_pages(monkeypatch) -> list[str]:
    """The written pages the search plugin reads and hashes, in order."""
    hashed, original = [], search.page_key

    def counted(stamp: str, relative: str, data: bytes) -> str:
        hashed.append(relative)
        return original(stamp, relative, data)

    monkeypatch.setattr("search.page_key", counted)
    return hashed


def test_a_rebuild_reads_only_the_pages_the_writer_wrote_again(tmp_path, hashed_pages):
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    output = cached_build(tmp_path, "output")
    first = len(hashed_pages)
    assert first > 0
    cached_build(tmp_path, "output")  # the page writer keeps every page file
    assert len(hashed_pages) == first
    article = tmp_path / "content" / EDITED
    article.write_text(article.read_text(encoding="utf-8") + f"\n{NEW_WORDS}\n", encoding="utf-8")
    cached_build(tmp_path, "output")
    assert hashed_pages[first:] == ["2019/11/21/day-manh-phong-trao/index.html"]
    # A page edited in place (its inode kept) is read again.
    page = output / "2019/12/31/nhin-lai-nam-2019/index.html"
    with page.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    cached_build(tmp_path, "output")
    assert "2019/12/31/nhin-lai-nam-2019/index.html" in hashed_pages[first + 1 :]


def test_pages_prepared_in_two_processes_give_the_same_site_and_cache(tmp_path, monkeypatch, said):
    """Preparing a cold build's pages is shared with a forked process when there are many."""
    for name in ("one", "two"):
        shutil.copytree(FIXTURE_CONTENT, tmp_path / name / "content")
    one = tree_hashes(cached_build(tmp_path / "one", "output"))
    monkeypatch.setattr("search.PARALLEL_MIN_PAGES", 0)
    assert tree_hashes(cached_build(tmp_path / "two", "output")) == one
    listed = [
        json.loads((tmp_path / name / "cache" / "search" / PAGES_LIST).read_text()) for name in ("one", "two")
    ]
    assert listed[0] == listed[1] and any(listed[0].values())
    said.clear()
    LimitFilter._raised_messages.clear()
    assert tree_hashes(cached_build(tmp_path / "two", "again")) == one
    assert any(REUSED in line for line in search_lines(said))


def test_a_bundle_the_forked_child_could_not_keep_is_kept_by_the_build(tmp_path, monkeypatch, said):
    """The new bundle is kept in the cache by a forked child while the records are linked;
    when the child dies first, the build keeps it itself, and the next build reuses it."""
    children = []

    class DeadChild:
        def __init__(self, function, *args):
            children.append(function)

        def result(self, fallback=None):
            return fallback

    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    with monkeypatch.context() as patched:
        patched.setattr(search, "ForkedCall", DeadChild)
        hashes = tree_hashes(cached_build(tmp_path, "first"))
    assert children == [search.store_bundle]
    said.clear()
    assert tree_hashes(cached_build(tmp_path, "second")) == hashes
    assert any(REUSED in line for line in search_lines(said)), search_lines(said)
