"""search/merging.py: a merge that patches the last merge's index (an edit changed one part)
writes the very files a full merge of the same parts writes, and reads only what changed."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

import search.merging as merging
from building import tree_hashes
from search.merging import (
    SIGNATURE,
    BundleWriter,
    LastMerge,
    chunk_ranges,
    chunks_of,
    merge_bundles,
)

# Small chunks, so that a few pages make many, and cuts move.
CHUNK_SIZE = 40
VOCABULARY = [f"{first}{second}" for first in "abcdghklmnpqstuvx" for second in "aeiouy"]

# A page: {word: its locations}.
PageWords = dict[str, list[int]]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """Small chunks; a patch whatever share of them it rewrites (a few pages are a small index)."""
    monkeypatch.setattr(merging, "INDEX_CHUNK_SIZE", CHUNK_SIZE)
    monkeypatch.setattr(merging, "PATCH_MAX_SHARE", 1.0)


def random_page(rng: random.Random, words: int = 30) -> PageWords:
    page: PageWords = {}
    for location in range(words):
        page.setdefault(rng.choice(VOCABULARY), []).append(location)
    return page


def write_part(folder: Path, name: str, pages: list[PageWords], variants: str | None = None) -> Path:
    """A part's bundle as Pagefind writes one (index chunks, fragments, meta, entry) for these
    pages; `variants` gives that word a variant form."""
    bundle = folder / name
    writer = BundleWriter(bundle, "vi")
    entries = []
    for word in sorted({word for page in pages for word in page}):
        numbers = [number for number, page in enumerate(pages) if word in page]
        deltas = [numbers[0]] + [after - before for before, after in zip(numbers, numbers[1:], strict=False)]
        listed = [[delta, pages[number][word], []] for delta, number in zip(deltas, numbers, strict=True)]
        forms = [[word.upper(), [list(listed[0])]]] if word == variants else []
        entries.append([word, listed, forms])
    chunks = list(chunks_of(entries))
    names = [writer.write("index", ".pf_index", [chunk]) for chunk, _size in chunks]
    ranges = chunk_ranges([(chunk[0][0], chunk[-1][0]) for chunk, _size in chunks])
    fragments = []
    (bundle / "fragment").mkdir()
    for number, page in enumerate(pages):
        fragment = f"vi_{name}{number}"
        data = SIGNATURE + json.dumps({"url": f"/{name}/{number}/", "words": sorted(page)}).encode()
        (bundle / "fragment" / f"{fragment}.pf_fragment").write_bytes(gzip.compress(data, mtime=0))
        fragments.append([fragment, sum(map(len, page.values()))])
    chunk_list = [[*bounds, chunk] for bounds, chunk in zip(ranges, names, strict=True)]
    meta = writer.write(
        "", ".pf_meta", ["1.5.2", fragments, chunk_list, [], [], ["title"]], prefix="pagefind."
    )
    entry = {"version": "1.5.2", "languages": {"vi": {"hash": meta, "wasm": "vi", "page_count": len(pages)}}}
    (bundle / merging.ENTRY).write_text(json.dumps(entry), encoding="utf-8")
    return bundle


def bundle_files(bundle: Path) -> dict[str, Path]:
    """A merged bundle's files by their path inside it (what the cache keeps as the last files)."""
    return {path.relative_to(bundle).as_posix(): path for path in bundle.rglob("*") if path.is_file()}


class Site:
    """Three parts of pages, merged once in full: the last merge an edit patches."""

    def __init__(self, root: Path, seed: int) -> None:
        self.root, self.rng = root, random.Random(seed)
        self.pages = [[random_page(self.rng) for _ in range(10)] for _ in range(3)]
        self.folders = [
            write_part(root / "parts", f"p{number}", pages) for number, pages in enumerate(self.pages)
        ]
        _renamed, self.plan = merge_bundles(self.folders, root / "last")

    def last(self) -> LastMerge:
        by_name = {folder.name: folder for folder in self.folders}
        return LastMerge(self.plan, bundle_files(self.root / "last"), by_name.get)

    def edit(self, part: int, page: int, change) -> list[Path]:
        """The parts after one page of one part changed (that part's bundle under a new name)."""
        pages = [dict(item) for item in self.pages[part]]
        change(pages[page], self.rng)
        edited = write_part(self.root / "parts", f"p{part}e", pages)
        return [edited if number == part else folder for number, folder in enumerate(self.folders)]


def rewrite_sentence(page: PageWords, rng: random.Random) -> None:
    """Some words gone from the page, some new ones (a few new to the whole site), some moved."""
    for word in rng.sample(sorted(page), 3):
        del page[word]
    for location in range(100, 106):
        page.setdefault(rng.choice(VOCABULARY), []).append(location)
    page[f"zz{rng.randrange(1000)}"] = [200]
    page["aaa"] = [201]  # before every other word
    moved = rng.choice(sorted(page))
    page[moved] = [*page[moved], 300]


def merged_both_ways(site: Site, folders: list[Path], monkeypatch) -> tuple[Path, Path, list]:
    """The same parts merged patching the last merge, and in full; the patch's chunk records."""
    patched_calls = []
    patch = merging.patched_records

    def counted(previous, writer):
        patched_calls.append(previous)
        return patch(previous, writer)

    monkeypatch.setattr(merging, "patched_records", counted)
    merge_bundles(folders, site.root / "patched", last=site.last())
    monkeypatch.setattr(merging, "patched_records", patch)
    merge_bundles(folders, site.root / "full")
    return site.root / "patched", site.root / "full", patched_calls


@pytest.mark.parametrize("seed", range(12))
def test_a_patched_index_is_the_full_merges_byte_for_byte(tmp_path, monkeypatch, seed):
    site = Site(tmp_path, seed)
    folders = site.edit(seed % 3, seed % 10, rewrite_sentence)
    patched, full, calls = merged_both_ways(site, folders, monkeypatch)
    assert len(calls) == 1  # the patch was used, not a full merge
    assert tree_hashes(patched) == tree_hashes(full)
    last = bundle_files(tmp_path / "last")
    linked = [
        name
        for name, path in bundle_files(patched).items()
        if name.startswith("index/") and name in last and path.stat().st_ino == last[name].stat().st_ino
    ]
    chunks = [name for name in bundle_files(patched) if name.startswith("index/")]
    assert 0 < len(linked) < len(chunks)  # most chunks kept from the last merge, a few rewritten


def test_a_patch_reads_only_the_old_chunks_that_hold_a_changed_word(tmp_path, monkeypatch):
    site = Site(tmp_path, 7)

    def one_new_word(page, _rng):
        page["dizz"] = [150]

    folders = site.edit(1, 2, one_new_word)
    read = []
    original = merging.read_pagefind_file

    def counted(path):
        read.append(Path(path))
        return original(path)

    monkeypatch.setattr(merging, "read_pagefind_file", counted)
    merge_bundles(folders, tmp_path / "patched", last=site.last())
    old_chunks = [path for path in read if path.parent.parent == tmp_path / "last"]
    every_chunk = list((tmp_path / "last" / "index").iterdir())
    # The chunk where "dizz" goes, and the next while its end moved; not the whole index.
    assert 1 <= len(old_chunks) <= 3 and len(every_chunk) > 20
    monkeypatch.setattr(merging, "read_pagefind_file", original)
    merge_bundles(folders, tmp_path / "full")
    assert tree_hashes(tmp_path / "patched") == tree_hashes(tmp_path / "full")


def test_a_word_gone_from_the_whole_site_goes_from_the_index(tmp_path, monkeypatch):
    site = Site(tmp_path, 3)
    only_here = [
        word
        for word in site.pages[0][0]
        if not any(word in page for pages in site.pages for page in pages if page is not site.pages[0][0])
    ]

    def drop_own_words(page, _rng):
        for word in only_here:
            del page[word]

    folders = site.edit(0, 0, drop_own_words)
    patched, full, calls = merged_both_ways(site, folders, monkeypatch)
    assert len(calls) == 1 and tree_hashes(patched) == tree_hashes(full)


def test_a_changed_page_count_or_variants_merge_in_full(tmp_path, monkeypatch):
    site = Site(tmp_path, 5)
    added = site.pages[2] + [random_page(site.rng)]
    folders = [*site.folders[:2], write_part(tmp_path / "parts", "p2added", added)]
    patched, full, calls = merged_both_ways(site, folders, monkeypatch)
    assert calls == [] and tree_hashes(patched) == tree_hashes(full)

    word = sorted(site.pages[1][0])[0]
    with_variants = [*site.pages[1]]
    with_variants[0] = {**with_variants[0], word: [*with_variants[0][word], 400]}
    folders = [
        site.folders[0],
        write_part(tmp_path / "parts", "p1v", with_variants, variants=word),
        site.folders[2],
    ]
    for name in ("patched", "full"):
        (tmp_path / name).rename(tmp_path / f"{name}-added")
    patched, full, _calls = merged_both_ways(site, folders, monkeypatch)
    assert tree_hashes(patched) == tree_hashes(full)


def test_a_missing_last_part_bundle_merges_in_full(tmp_path, monkeypatch):
    site = Site(tmp_path, 9)
    folders = site.edit(1, 1, rewrite_sentence)
    last = site.last()
    last.part_bundle = lambda _name: None  # the cache lost it
    patch = merging.patched_records
    calls = []
    monkeypatch.setattr(merging, "patched_records", lambda *args: calls.append(args) or patch(*args))
    merge_bundles(folders, tmp_path / "patched", last=last)
    merge_bundles(folders, tmp_path / "full")
    assert calls == [] and tree_hashes(tmp_path / "patched") == tree_hashes(tmp_path / "full")


def test_an_edit_that_moves_most_of_the_index_merges_in_full(tmp_path, monkeypatch):
    monkeypatch.setattr(merging, "PATCH_MAX_SHARE", 0.25)
    site = Site(tmp_path, 4)

    def new_words_everywhere(page, _rng):
        for word in VOCABULARY[::3]:
            page[word] = [*page.get(word, []), 500]

    folders = site.edit(2, 4, new_words_everywhere)
    patched, full, calls = merged_both_ways(site, folders, monkeypatch)
    assert calls == [] and tree_hashes(patched) == tree_hashes(full)


def test_an_old_chunk_that_cannot_be_read_leaves_a_full_merge_and_no_stray_file(tmp_path, monkeypatch):
    site = Site(tmp_path, 2)
    folders = site.edit(1, 3, rewrite_sentence)
    last = site.last()
    damaged = tmp_path / "damaged.pf_index"
    damaged.write_bytes(b"not gzip")
    # Damaged after the manifest recorded them: the patch links some, then fails to read one.
    last.files = {name: damaged if name.startswith("index/") else path for name, path in last.files.items()}
    merge_bundles(folders, tmp_path / "patched", last=last)
    merge_bundles(folders, tmp_path / "full")
    assert tree_hashes(tmp_path / "patched") == tree_hashes(tmp_path / "full")
