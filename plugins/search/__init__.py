"""Search plugin: a Pagefind index of the articles' and documents' text, written after the build.

At the end of the build (Pelican's `finalized`, still inside the staging folder, so a failed
index leaves the previous output alone) every written HTML page with a `data-pagefind-body`
element is given to Pagefind (Python package, binary inside the wheel) as a small page of
its own (indexing.py: the text folded, each word once, document numbers as tokens), and the
bundle is written to SEARCH["BUNDLE_DIR"] (pagefind/). Beside it, RECORDS_DIR holds one JSON
record a page (title, date, category, number, the reader's text), named by the page's
Pagefind id, so search.js fetches a result's record straight from the id Pagefind returns.
theme/static/js/search.js queries both.

Pagefind indexes the pages in parts of at most SEARCH["PART_PAGES"] (parts.py: its memory
grows with the pages it holds, about 170 KB a page), and the parts' bundles are merged into
one (merging.py), which search.js loads as if one Pagefind run had written it.

On a rebuild (cache.py, in <CACHE_PATH>/search/): a page whose bytes did not change is not
prepared again; a part whose prepared pages did not change is not indexed again (an edited
article re-indexes its part only); and when the prepared pages are those the cached bundle
was built from, that bundle is linked into the output and neither Pagefind nor the merge
runs. The records are linked in on every build (they carry the reader's text, which can
change while the indexed words do not).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pagefind_bin
from forked import ForkedCall, map_forked
from hard_links import link_or_copy
from pelican import signals
from progress import announce

from plugin_settings import merged_settings
from vietnamese.text import format_number

from .cache import (
    PARTIAL_PREFIX,
    BundleCache,
    PreparedPages,
    code_stamp,
    file_identity,
    page_key,
    walk_files,
)
from .indexing import mirror_name, page_url, prepare_page, selector_pattern
from .merging import LastMerge, merge_bundles
from .parts import PartBundles, split_into_parts

logger = logging.getLogger(__name__)

# Inside the bundle: one record a page, <Pagefind page id>.json (search.js mirrors the name).
RECORDS_DIR = "record"
# Under the build's CACHE_PATH: what a rebuild reuses (cache.py).
CACHE_DIR = "search"
# The folder of prepared pages Pagefind reads (in the cache folder; BundleCache removes leftovers).
MIRROR_PREFIX = f"{PARTIAL_PREFIX}mirror-"
# The progress line's words when the cached bundle is used (tests look for them).
REUSED = "dùng lại chỉ mục của lần trước (không chạy Pagefind)"
# ... and when unchanged parts are merged again without Pagefind.
PARTS_REUSED = "không chạy lại Pagefind"
# Pagefind's settings (besides where it writes); part of the cached bundle's digest.
PAGEFIND_CONFIG = {"force_language": "vi"}
# Only pages holding this can have an element to index (indexing.BODY_OPEN decides).
BODY_MARK = b"data-pagefind-body"
# Below this many pages to read, the search phase reads them in one process.
PARALLEL_MIN_PAGES = 400
# (relative path, page key in the cache, sha256 of the prepared page or None: nothing to index)
Page = tuple[str, str, str | None]

DEFAULTS: dict[str, Any] = {
    # Build the index (False skips it, e.g. for quick previews).
    "INDEX": True,
    # Folder of the Pagefind bundle inside the output; search.js loads it relatively.
    "BUNDLE_DIR": "pagefind",
    # Parts of the indexed element that are not the text: date line, tools, byline and tags.
    # Simple selectors only: a tag, .class, #id, or tag.class / tag#id.
    "EXCLUDE_SELECTORS": [".dateline", ".article-tools", ".article__footer"],
    # Keep the prepared pages, each part's bundle and the last bundle in <CACHE_PATH>/search/
    # and reuse them (False: prepare every page and run Pagefind on every build).
    "CACHE": True,
    # Pagefind indexes at most this many pages at a time (about 170 KB of memory a page);
    # the parts are merged into one bundle. None: every page in one Pagefind run. An edit
    # indexes its part again: 250 pages take about 0.35 s, 1,000 about 1.2 s; a cold build
    # pays the 0.05 s Pagefind takes to start once more for each further part.
    "PART_PAGES": 250,
    # Parts Pagefind indexes at the same time (one process each; a part of 250 pages needs
    # about 50 MB, of 1,000 pages about 175 MB). Pagefind gains little from a second core on
    # one part; two parts at a time keep both of a 2-core machine's cores busy.
    "PARALLEL_PARTS": 2,
}


class SearchIndexError(RuntimeError):
    """Pagefind stopped with an error."""


class SearchSettingsError(ValueError):
    """A wrong key or value in the SEARCH setting."""


def search_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """SEARCH from pelicanconf merged over DEFAULTS, checked."""
    merged = merged_settings(settings, "SEARCH", DEFAULTS, "search", SearchSettingsError)
    if not str(merged["BUNDLE_DIR"]).strip("/"):
        raise SearchSettingsError("search plugin: SEARCH['BUNDLE_DIR'] must name a folder")
    part_pages = merged["PART_PAGES"]
    if part_pages is not None and (
        not isinstance(part_pages, int) or isinstance(part_pages, bool) or part_pages < 1
    ):
        raise SearchSettingsError(
            f"search plugin: SEARCH['PART_PAGES'] is {part_pages!r}; give a whole number of pages "
            "(at least 1), or None for one Pagefind run"
        )
    parallel = merged["PARALLEL_PARTS"]
    if not isinstance(parallel, int) or isinstance(parallel, bool) or parallel < 1:
        raise SearchSettingsError(
            f"search plugin: SEARCH['PARALLEL_PARTS'] is {parallel!r}; give a whole number (at least 1) "
            "of Pagefind runs at a time"
        )
    for selector in merged["EXCLUDE_SELECTORS"]:
        try:
            selector_pattern(selector)
        except ValueError:
            raise SearchSettingsError(
                f"search plugin: SEARCH['EXCLUDE_SELECTORS'] holds {selector!r}; use simple selectors "
                "only: a tag, .class, #id, tag.class or tag#id"
            ) from None
    return merged


def cache_folder(settings: dict[str, Any], config: dict[str, Any]) -> Path | None:
    """<CACHE_PATH>/search, or None when SEARCH["CACHE"] is off or the build has no CACHE_PATH."""
    if not config["CACHE"] or not settings.get("CACHE_PATH"):
        return None
    return Path(settings["CACHE_PATH"]) / CACHE_DIR


def written_pages(output: Path, skip: set[str]) -> list[str]:
    """Relative paths of the HTML files in output, outside the `skip` top folders, sorted."""
    return sorted(relative for relative, _path in walk_files(output, skip) if relative.endswith(".html"))


def read_page(output: Path, stamp: str, patterns: list, store: PreparedPages, relative: str) -> tuple:
    """(page key, prepared page's sha256) of one written page, prepared and stored unless the
    cache holds it; (None, None) for a page with nothing to index."""
    data = Path(f"{output}/{relative}").read_bytes()
    if BODY_MARK not in data:
        return None, None
    key = page_key(stamp, relative, data)
    known, digest = store.digest(key)
    if not known:
        digest = store.put(key, prepare_page(data.decode("utf-8"), relative, patterns))
    return key, digest


def read_pages(read: Callable[[str], tuple], relatives: list[str]) -> list[tuple]:
    """read(relative) for each page, in order; with many pages, every other page in a forked
    process (preparing 10,000 pages takes 15-30 s of a cold build on one core)."""
    return map_forked(read, relatives, PARALLEL_MIN_PAGES)


def prepared_pages(output: Path, skip: set[str], exclude: list[str], store: PreparedPages) -> list[Page]:
    """(relative path, page key, prepared page's sha256 or None) of every page that may be
    indexed, sorted; a page not in the cache is prepared and stored (only keys stay in memory).
    A page file the writer kept from the last build (the same file: cache.py) is not read."""
    patterns = [selector_pattern(selector) for selector in exclude]
    stamp = f"{code_stamp()}\0{json.dumps(exclude)}"
    before = store.written_before(stamp)
    found, unread = [], []
    for relative in written_pages(output, skip):
        identity = file_identity(f"{output}/{relative}")
        remembered = before.get(relative)
        if remembered is not None and remembered[:-1] == identity:
            key = remembered[-1]
            known, digest = store.digest(key) if key is not None else (True, None)
            if known:
                store.saw(relative, identity, key)
                if key is not None:
                    found.append((relative, key, digest))
                continue
        unread.append((relative, identity))
    read = functools.partial(read_page, output, stamp, patterns, store)
    results = read_pages(read, [relative for relative, _identity in unread])
    for (relative, identity), (key, digest) in zip(unread, results, strict=True):
        store.saw(relative, identity, key)
        if key is not None:
            store.use(key, digest)  # also for pages read in the other process
            found.append((relative, key, digest))
    return sorted(found)


def bundle_digest(pages: list[Page], part_pages: int | None = None) -> str:
    """sha256 of everything a bundle is made from: code, Pagefind's settings, the pages in order
    (and for the merged bundle, the size of the parts, which decides its pages' order)."""
    settings = json.dumps([PAGEFIND_CONFIG, part_pages], sort_keys=True)
    digest = hashlib.sha256(f"{code_stamp()}\0{settings}\n".encode())
    for relative, _key, prepared in pages:
        if prepared is not None:
            digest.update(f"{relative}\0{prepared}\n".encode())
    return digest.hexdigest()


def write_mirror(pages: list[Page], store: PreparedPages, mirror: Path) -> None:
    """Link each prepared page into the mirror folder under its mirror_name, for Pagefind to read."""
    for relative, key, prepared in pages:
        if prepared is not None:
            link_or_copy(store.page_file(key), mirror / mirror_name(relative))


@functools.cache
def pagefind_executable() -> str:
    """The pinned pagefind_bin's binary: what `python -m pagefind` runs, without starting a
    Python for it (70 ms a part: 45 parts at 10,000 articles)."""
    found = pagefind_bin.get_executable()
    if found is None:
        raise SearchIndexError(
            "Không tìm thấy chương trình Pagefind (gói pagefind_bin). Hãy chạy «make html» để cài lại."
        )
    return str(found)


def pagefind_command(mirror: Path, bundle: Path) -> list[str]:
    """The Pagefind command (the pinned pagefind_bin's binary) over the mirror folder."""
    options = [f"--{name.replace('_', '-')}={value}" for name, value in sorted(PAGEFIND_CONFIG.items())]
    return [
        pagefind_executable(),
        "--site",
        str(mirror),
        "--output-path",
        str(bundle),
        *options,
        "--quiet",
    ]


def write_index(mirror: Path, bundle: Path) -> None:
    """Index the prepared pages of the mirror folder with Pagefind and write the bundle.

    The command, not Pagefind's Python API: the API's service answers "written" and is
    stopped at once, and under load it left files cut short (pagefind-component-ui.js at
    128 KiB of 171). The command writes every file before it exits.
    """
    result = subprocess.run(pagefind_command(mirror, bundle), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(
            f"Pagefind không lập được chỉ mục tìm kiếm (mã {result.returncode}): "
            f"{(result.stderr or result.stdout).strip()[-2000:]}"
        )


def part_ids(part: list[Page], urls: dict[str, str], renamed: dict[str, str]) -> dict[str, str]:
    """The page id in the merged bundle of each page's URL of one part (`urls`: the part bundle's
    mirror URL by page id; `renamed`: ids the merge changed); checked against the pages the
    part was given."""
    given = {page_url(mirror_name(relative)): page_url(relative) for relative, _key, _prepared in part}
    ids = {}
    for page_id, url in urls.items():
        if url not in given:
            raise RuntimeError(f"search plugin: Pagefind indexed a page it was not given: {url} ({page_id})")
        ids[given[url]] = renamed.get(page_id, page_id)
    return ids


def write_records(bundle: Path, pages: list[Page], ids: dict[str, str], store: PreparedPages) -> None:
    """Link each indexed page's record as <bundle>/record/<its Pagefind id>.json."""
    folder = bundle / RECORDS_DIR
    folder.mkdir(exist_ok=True)
    for relative, key, prepared in pages:
        page_id = ids.get(page_url(relative)) if prepared is not None else None
        if page_id is not None:
            link_or_copy(store.record_file(key), folder / f"{page_id}.json")


def index_part(part: list[Page], store: PreparedPages, target: Path) -> None:
    """Run Pagefind over one part's prepared pages into the bundle folder `target`."""
    # Next to the prepared pages, so that they can be linked; a stopped build's is removed later.
    with tempfile.TemporaryDirectory(prefix=MIRROR_PREFIX, dir=store.folder) as mirror:
        write_mirror(part, store, Path(mirror))
        write_index(Path(mirror), target)


def part_progress(number: int, parts: list[list[Page]]) -> str:
    """The progress line before Pagefind indexes one part."""
    count = format_number(len(parts[number - 1]))
    if len(parts) == 1:
        return f"Lập chỉ mục tìm kiếm: {count} bài viết và văn bản (Pagefind)…"
    return f"Lập chỉ mục tìm kiếm: phần {number}/{len(parts)}, {count} bài viết và văn bản (Pagefind)…"


def merge_progress(count: int, reused: int) -> str | None:
    """The progress line before the parts are merged (None for one part indexed just now)."""
    if count == 1:
        return f"Lập chỉ mục tìm kiếm: ghi lại chỉ mục, phần đã lập {PARTS_REUSED}…" if reused else None
    line = f"Lập chỉ mục tìm kiếm: gộp {format_number(count)} phần thành một chỉ mục"
    if reused:
        line += f" ({format_number(reused)} phần không đổi, {PARTS_REUSED})"
    return line + "…"


@dataclass
class Indexing:
    """What one build's search phase works with."""

    store: PreparedPages  # the prepared pages
    folder: Path | None  # <CACHE_PATH>/search, None without a cache
    settings: dict[str, Any]  # Pelican's (progress lines go through them)
    part_pages: int | None  # SEARCH["PART_PAGES"]
    parallel_parts: int = 1  # SEARCH["PARALLEL_PARTS"]


def build_bundle(
    pages: list[Page], bundle: Path, run: Indexing, last: LastMerge | None = None
) -> tuple[dict, dict]:
    """Index the prepared pages part by part (a part unchanged since the last build is not
    indexed again; up to PARALLEL_PARTS at a time) and merge the parts into bundle, patching
    the last merge where it can; return the page ids and the merge's plan."""
    indexed = [page for page in pages if page[2] is not None]
    parts = split_into_parts(indexed, lambda page: page[0], run.part_pages)
    bundles = PartBundles(run.folder)
    try:
        digests = [bundle_digest(part) for part in parts]
        folders = [bundles.find(digest) for digest in digests]
        missing = [number for number, found in enumerate(folders) if found is None]

        def build_part(number: int) -> Path:
            announce(run.settings, part_progress(number + 1, parts))
            part = parts[number]
            return bundles.build(digests[number], lambda target: index_part(part, run.store, target))

        # Threads only wait for Pagefind's processes (and read what each wrote).
        with ThreadPoolExecutor(max_workers=max(1, min(run.parallel_parts, len(missing)))) as pool:
            for number, found in zip(missing, pool.map(build_part, missing), strict=True):
                folders[number] = found
        line = merge_progress(len(parts), len(parts) - len(missing))
        if line:
            announce(run.settings, line)
        if last is not None:  # a changed part's last bundle, while it is intact
            last.part_bundle = bundles.intact
        renamed, plan = merge_bundles(folders, bundle, last=last)
        ids = {}
        for part, folder, digest in zip(parts, folders, digests, strict=True):
            ids.update(part_ids(part, bundles.urls[digest], renamed.get(folder, {})))
        bundles.forget_unused()
    finally:
        bundles.close()
    return ids, plan


def bundle_for(pages: list[Page], bundle: Path, run: Indexing, records: Callable[[dict], None]) -> dict:
    """Put the bundle for these pages at `bundle`: the cached one if it was built from the same
    pages (neither Pagefind nor the merge run), else a new one (then cached), and give the page
    ids to `records`, which links the pages' records; return the ids.

    A new bundle is kept in the cache by a forked child while `records` runs: both are mostly
    hard links and `stat` calls (0.2-0.3 s each at 10,000 articles) into different folders,
    which two threads would take turns at. A child that fails leaves it to the build."""
    digest, cached = bundle_digest(pages, run.part_pages), BundleCache(run.folder)
    manifest = cached.find(digest)
    if manifest is None:
        ids, plan = build_bundle(pages, bundle, run, cached.last_merge())
        storing = ForkedCall(store_bundle, cached, digest, bundle, ids, plan) if run.folder else None
        records(ids)
        if storing is None or storing.result(fallback=False) is not True:
            store_bundle(cached, digest, bundle, ids, plan)
        return ids
    count = format_number(len(manifest["ids"]))
    announce(run.settings, f"Lập chỉ mục tìm kiếm: {count} bài viết và văn bản không đổi, {REUSED}.")
    cached.put_into(manifest, bundle)
    records(manifest["ids"])
    return manifest["ids"]


def store_bundle(cached: BundleCache, digest: str, bundle: Path, ids: dict, plan: dict) -> bool:
    """Keep the new bundle (all but its records) in the cache; True once done."""
    cached.store(digest, bundle, ids, skip=RECORDS_DIR, merge=plan)
    return True


def index_site(output: Path, settings: dict[str, Any]) -> int:
    """Write the search bundle and records for the site in `output`; return how many pages it holds."""
    config = search_settings(settings)
    if not config["INDEX"]:
        return 0
    bundle_dir = str(config["BUNDLE_DIR"]).strip("/")
    skip = {bundle_dir, settings.get("THEME_STATIC_DIR", "theme")}
    folder = cache_folder(settings, config)
    announce(settings, "Lập chỉ mục tìm kiếm: đọc các trang đã ghi…")
    store = PreparedPages(folder)
    try:
        pages = prepared_pages(output, skip, list(config["EXCLUDE_SELECTORS"]), store)
        shutil.rmtree(output / bundle_dir, ignore_errors=True)
        run = Indexing(store, folder, settings, config["PART_PAGES"], config["PARALLEL_PARTS"])
        target = output / bundle_dir
        ids = bundle_for(pages, target, run, lambda ids: write_records(target, pages, ids, store))
        store.save()
    finally:
        store.close()
    logger.info("search: %d pages indexed into %s/", len(ids), bundle_dir)
    return len(ids)


def resolve_settings(pelican) -> None:
    """Pelican `initialized` handler: SEARCH checked and completed, so templates read BUNDLE_DIR."""
    pelican.settings["SEARCH"] = search_settings(pelican.settings)


def build_index(pelican) -> None:
    """Pelican `finalized` handler: index the output just written (the staging folder)."""
    index_site(Path(pelican.settings["OUTPUT_PATH"]), pelican.settings)


def register() -> None:
    """Check the settings at start; index the site once every page is written."""
    signals.initialized.connect(resolve_settings)
    signals.finalized.connect(build_index)
