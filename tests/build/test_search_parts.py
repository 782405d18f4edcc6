"""The search index built in parts (issue 9): Pagefind indexes at most SEARCH["PART_PAGES"]
pages at a time, the parts are merged into one bundle that searches exactly as one Pagefind
run's, and an edit re-indexes only the part that holds the edited article."""

from __future__ import annotations

import gc
import gzip
import shutil
import threading
import time
from pathlib import Path

import cbrrr
import pytest
from pagefind_bundle import bundle_contents, page_ids, part_urls

import search
import search.merging as merging
from browsing import open_page
from building import appended, built_with_paragraph, tree_hashes
from conftest import FIXTURE_CONTENT, build_site
from search.merging import META_PAGES, SIGNATURE, merge_bundles, meta_path, read_entry, read_pagefind_file
from search.parts import PARTS_DIR
from serving import SEARCH_CSP, STRICT_CSP, serve_site

PART_PAGES = 2
EDITED = "tin-tuc/2019-11-21-day-manh-phong-trao.md"
NEW_WORDS = "Đội văn nghệ biểu diễn đàn bầu và khèn Mông."


def parted_build(root: Path, output: str, part_pages: int | None = PART_PAGES, cache: bool = True) -> Path:
    """Build root/content into root/<output>, the index in parts of `part_pages`."""
    caches = {"CACHE_PATH": str(root / "cache")} if cache else {}
    return build_site(root / "content", root / output, SEARCH={"PART_PAGES": part_pages}, **caches)


@pytest.fixture
def pagefind_runs(monkeypatch) -> list[Path]:
    """The folders Pagefind is started on, in order (it still runs)."""
    started, run = [], search.write_index

    def counted(mirror: Path, bundle: Path) -> None:
        started.append(mirror)
        run(mirror, bundle)

    monkeypatch.setattr("search.write_index", counted)
    return started


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The fixture site built once in parts of two pages, and once with one Pagefind run."""
    root = tmp_path_factory.mktemp("search-parts")
    shutil.copytree(FIXTURE_CONTENT, root / "content")
    return {
        "root": root,
        "parts": parted_build(root, "parts"),
        "one run": parted_build(root, "one-run", part_pages=None, cache=False),
    }


def test_the_merged_bundle_searches_as_one_pagefind_run(sites):
    merged = bundle_contents(sites["parts"] / "pagefind")
    single = bundle_contents(sites["one run"] / "pagefind")
    assert merged == single
    assert merged["vi"]["page_count"] == len(merged["vi"]["pages"]) > PART_PAGES
    kept = [path for path in (sites["root"] / "cache" / "search" / PARTS_DIR).iterdir() if path.is_dir()]
    assert len(kept) >= len(merged["vi"]["pages"]) / PART_PAGES  # Pagefind ran on each part


def test_every_file_the_reader_loads_is_the_same_from_parts_or_one_run(sites):
    """Pagefind's scripts and wasm and every page come out identical; only the index files differ."""
    merged, single = tree_hashes(sites["parts"]), tree_hashes(sites["one run"])
    assert {name for name in merged if not name.startswith("pagefind/")} == {
        name for name in single if not name.startswith("pagefind/")
    }
    for name, digest in single.items():
        if not name.startswith("pagefind/") and not name.startswith("tim-kiem"):
            assert merged[name] == digest, name
    # (.json: a publish build earlier in the same test process leaves pelican-precompress's
    # signal handler connected, so later builds also write .gz and .br siblings.)
    records = [name for name in merged if name.startswith("pagefind/record/") and name.endswith(".json")]
    assert len(records) == len(bundle_contents(sites["parts"] / "pagefind")["vi"]["pages"])


def result_titles(page, base: str, query: str) -> list[str]:
    """Search from the URL, as a reader does, and return the result titles."""
    page.goto(base + "tim-kiem/?q=" + query)
    page.get_by_role("status").filter(has_text="kết quả").wait_for()
    return page.locator(".search-result__title").all_inner_texts()


def test_a_reader_finds_the_same_articles_in_a_merged_index(sites, browser, tmp_path):
    headers = {"Content-Security-Policy": STRICT_CSP}
    search_page = {"tim-kiem/": {"Content-Security-Policy": SEARCH_CSP}}
    found = {}
    for name in ("parts", "one run"):
        with serve_site(sites[name], tmp_path / name, headers=headers, path_headers=search_page) as url:
            context, page, _watch = open_page(browser, url)
            try:
                found[name] = {
                    query: result_titles(page, url, query) for query in ("cong doan", "thi đua", "tết")
                }
            finally:
                context.close()
    assert found["parts"] == found["one run"]
    assert all(found["parts"].values()) and len(found["parts"]["cong doan"]) > PART_PAGES


def test_an_edit_re_indexes_only_the_part_that_holds_the_article(sites, pagefind_runs, tmp_path, monkeypatch):
    root = sites["root"]
    article = root / "content" / EDITED
    patched, patch = [], merging.patched_records
    monkeypatch.setattr(merging, "patched_records", lambda *args: patched.append(args) or patch(*args))
    monkeypatch.setattr(merging, "PATCH_MAX_SHARE", 1.0)  # the fixture's index is one chunk
    edited = built_with_paragraph(article, NEW_WORDS, lambda: parted_build(root, "edited"))
    assert len(pagefind_runs) == 1
    assert len(patched) == 1  # the merged index patched from the last merge, not merged again
    (mirror,) = pagefind_runs
    assert not mirror.exists()  # the folder of pages given to Pagefind is gone
    clean_content = shutil.copytree(root / "content", tmp_path / "content")
    (clean_content / EDITED).write_text(appended(article, NEW_WORDS), encoding="utf-8")
    clean = build_site(clean_content, tmp_path / "clean", SEARCH={"PART_PAGES": PART_PAGES})
    assert tree_hashes(edited) == tree_hashes(clean)
    assert "khen" in bundle_contents(edited / "pagefind")["vi"]["words"]


def pagefind_bundle(folder: Path, pages: dict[str, str]) -> Path:
    """Pagefind's bundle of small pages {relative path: text}, written under folder."""
    site = folder / "site"
    for relative, text in pages.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(
            f'<html lang="vi"><body><div data-pagefind-body><h1>{text}</h1><p>{text}</p></div></body></html>',
            encoding="utf-8",
        )
    search.write_index(site, folder / "bundle")
    return folder / "bundle"


def rename_page(bundle: Path, old: str, new: str) -> None:
    """Give a page's fragment another name, as Pagefind would have named it."""
    entry = read_entry(bundle)
    path = meta_path(bundle, entry, "vi")
    meta = read_pagefind_file(path)
    meta[META_PAGES] = [[new if name == old else name, count] for name, count in meta[META_PAGES]]
    (bundle / "fragment" / f"{old}.pf_fragment").rename(bundle / "fragment" / f"{new}.pf_fragment")
    path.write_bytes(gzip.compress(SIGNATURE + cbrrr.encode_dag_cbor(meta), mtime=0))


def test_two_parts_that_named_a_page_alike_keep_both_pages(tmp_path):
    """Pagefind names a page by 7 hex digits of a hash: across 20,000 pages in parts, two
    pages of different parts share a name about every other build."""
    first = pagefind_bundle(tmp_path / "a", {"2019/a/index.html": "cong doan co so"})
    second = pagefind_bundle(tmp_path / "b", {"2020/b/index.html": "cong doan nganh"})
    (taken,) = page_ids(first)
    (own,) = page_ids(second)
    rename_page(second, own, taken)
    renamed, _plan = merge_bundles([first, second], tmp_path / "merged")
    assert list(renamed) == [second] and list(renamed[second]) == [taken]
    assert page_ids(tmp_path / "merged") == [taken, renamed[second][taken]]
    merged = bundle_contents(tmp_path / "merged", part_urls([first, second], renamed))["vi"]
    assert set(merged["pages"]) == {"/2019/a/", "/2020/b/"}
    assert set(merged["words"]["doan"][0]) == {"/2019/a/", "/2020/b/"}
    assert set(merged["words"]["nganh"][0]) == {"/2020/b/"}


def test_merging_in_two_processes_gives_the_same_index(sites, tmp_path, monkeypatch):
    folders = sorted(
        path for path in (sites["root"] / "cache" / "search" / PARTS_DIR).iterdir() if path.is_dir()
    )
    renamed, _plan = merge_bundles(folders, tmp_path / "one")
    monkeypatch.setattr(merging, "split_word", lambda parts: "m")  # the other process from "m" on
    merge_bundles(folders, tmp_path / "two")
    assert gc.get_freeze_count() == 0  # the fork froze the objects for itself only
    urls = part_urls(folders, renamed)
    one, two = (bundle_contents(tmp_path / name, urls)["vi"] for name in ("one", "two"))
    assert {key: value for key, value in one.items() if key != "chunks"} == {
        key: value for key, value in two.items() if key != "chunks"
    }
    assert any(word < "m" for word in two["words"]) and any(word >= "m" for word in two["words"])
    assert len(two["chunks"]) == len(one["chunks"]) + 1  # the halves end and start a chunk at "m"


def test_a_merge_links_the_files_an_earlier_merge_wrote_alike(sites, tmp_path):
    folders = sorted(
        path for path in (sites["root"] / "cache" / "search" / PARTS_DIR).iterdir() if path.is_dir()
    )
    merge_bundles(folders, tmp_path / "earlier")
    earlier = {
        path.relative_to(tmp_path / "earlier").as_posix(): path
        for path in (tmp_path / "earlier").rglob("*")
        if path.is_file() and path.parent.name in ("index", "filter")
    }
    damaged = sorted(name for name in earlier if name.startswith("index/"))[0]
    earlier[damaged].write_bytes(gzip.compress(b"pagefind_dcd not the same bytes", mtime=0))
    merge_bundles(folders, tmp_path / "clean")
    merge_bundles(folders, tmp_path / "again", last=merging.LastMerge({}, earlier))
    assert tree_hashes(tmp_path / "again") == tree_hashes(tmp_path / "clean")
    linked = {
        name
        for name, path in earlier.items()
        if (tmp_path / "again" / name).stat().st_ino == path.stat().st_ino
    }
    assert linked == set(earlier) - {damaged}  # the damaged one written anew, with the right bytes
    assert len(linked) >= 2


def test_parts_indexed_two_at_a_time_give_the_same_bundle(sites, tmp_path, monkeypatch):
    running, most, lock, run = [0], [0], threading.Lock(), search.write_index

    def overlapping(mirror: Path, bundle: Path) -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.2)  # long enough for the other thread to start its run
            run(mirror, bundle)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr("search.write_index", overlapping)
    content = sites["root"] / "content"

    def parted(name: str, parallel: int) -> Path:  # each with its own cache: every part indexed
        search = {"PART_PAGES": PART_PAGES, "PARALLEL_PARTS": parallel}
        return build_site(content, tmp_path / name, SEARCH=search, CACHE_PATH=str(tmp_path / f"cache-{name}"))

    one = parted("one", 1)
    assert most[0] == 1
    two = parted("two", 2)
    assert most[0] == 2
    assert tree_hashes(one) == tree_hashes(two)
