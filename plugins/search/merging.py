"""One Pagefind bundle from the bundles of parts of the site, written in a fixed order.

Why: Pagefind holds every (word, page) pair of the site in memory while it indexes, about
170 KB a page (1.7 GB for 10,000 articles), and it has no incremental mode, so a one-word
edit re-indexed every page. The plugin now runs Pagefind on parts of at most
SEARCH["SHARD_PAGES"] pages (each part's bundle is cached by what it was made from) and this
module merges the parts' bundles into the one bundle search.js loads, with no extra request
for a reader: the same files Pagefind writes, as if one Pagefind run had indexed every page.

Pagefind 1.5.2's files are gzip of b"pagefind_dcd" followed by CBOR (a fragment: JSON):

- meta `pagefind.<lang>_<hash>.pf_meta`: [version, pages, index_chunks, filters, sorts,
  meta_fields]; a page is [fragment hash, word count], its number is its place in `pages`;
  an index chunk is [from, to, hash]: the words from..to are in `index/<hash>.pf_index`;
- index chunk: [words]; a word is [word, pages, variants], a page [page number, locations,
  meta locations], its page numbers delta-encoded (each the difference from the previous);
  a variant is [form, pages];
- filter `filter/<hash>.pf_filter`: [name, [[value, [page numbers]]]];
- fragment `fragment/<hash>.pf_fragment`: one page's URL, text and filters, JSON.

What the merged bundle leaves out: Pagefind's fragments (its JavaScript loads one only for a
result's `data()`, which search.js never calls: it shows the plugin's own records) and its
ready-made interfaces (pagefind-ui.js and the like). At 10,000 articles the fragments were
10,000 of the output's 41,600 files, each one more for an FTP upload and a hard link on every
build. The parts keep theirs: they give each part's page ids their URLs (fragment_urls).

Merging: part k's pages are numbered after those of parts 0..k-1, so each part's list of
pages for a word, already sorted, is appended as it is, only its first delta changed. Words
are merged in order, one index chunk of each part in memory at a time, and cut into chunks
as Pagefind cuts them (INDEX_CHUNK_SIZE locations; the from/to prefixes as Pagefind trims
them). Filter values, the filters and the meta fields are written sorted, so two builds of the
same pages give the same bytes (Pagefind writes filters in hash-map order). Every file is
named by the sha256 of its bytes.

Patching: when only a few parts changed since the last merge, each with the same pages and
fields (an edit), the last merge's index is patched instead of merged again: only the chunks
where a changed word falls are read and written (the section at the end of this module).
"""

from __future__ import annotations

import bisect
import collections
import contextlib
import gc
import gzip
import hashlib
import heapq
import itertools
import json
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import cbrrr
from forked import ForkedCall
from hard_links import link_or_copy

# Pagefind's files are gzip of this signature followed by CBOR.
SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
# Positions in the meta file's CBOR array (Pagefind's MetaIndex).
META_VERSION, META_PAGES, META_CHUNKS, META_FILTERS, META_SORTS, META_FIELDS = range(6)
# Pagefind's index_chunk_size: a chunk is closed once its words hold this many locations
# (each page entry counts its locations, its meta locations, and one).
INDEX_CHUNK_SIZE = 20_000
# Folders of the bundle that merging writes.
MERGED_FOLDERS = ("index", "filter")
# gzip level of the merged files. Pagefind's own index files of 2,000 articles take 1.015 MB;
# at 6 ours take 1.058 MB (4 % more for a query to fetch, a few KB), at 8 1.010 MB but the
# merge of 10,000 articles takes twice as long (8-9 s, not 4-5 s): an edit's rebuild counts more.
COMPRESS_LEVEL = 6


class MergeError(ValueError):
    """The parts' bundles cannot be merged (another Pagefind version, or sort orders)."""


def unpack(path: Path) -> bytes:
    """The data inside one of Pagefind's files (gzip, then the signature): CBOR, or a fragment's JSON."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return data[len(SIGNATURE) :]


def read_pagefind_file(path: Path) -> Any:
    """The CBOR data inside one of Pagefind's index, filter or meta files."""
    return cbrrr.decode_dag_cbor(unpack(path))


def hashed_name(language: str, data: bytes, taken: set[str], length: int = 10) -> str:
    """`<language>_<hex>`: the sha256 of data, cut to `length` hex digits, longer while the
    name is taken by another file."""
    digest = hashlib.sha256(data).hexdigest()
    while f"{language}_{digest[:length]}" in taken and length < len(digest):
        length += 1
    return f"{language}_{digest[:length]}"


# A bundle's files by their path inside it ("index/vi_0123456789.pf_index"): where a
# previous merge's file of that name is kept.
Reusable = dict[str, Path]


class BundleWriter:
    """Writes one language's files into the merged bundle, each named by its bytes. A file a
    previous merge wrote under the same name, with the same bytes before compression, is
    linked from `reusable` instead: compressing is most of the merge's work, and an edit of
    one article leaves most index chunks as they were (215-226 of 232 at 10,000 articles)."""

    def __init__(self, bundle: Path, language: str, reusable: Reusable | None = None) -> None:
        self.bundle, self.language = bundle, language
        self.reusable = reusable or {}
        self.taken: set[str] = set()
        for folder in MERGED_FOLDERS:
            (bundle / folder).mkdir(parents=True, exist_ok=True)

    def write(self, folder: str, suffix: str, data: Any, prefix: str = "") -> str:
        """Write data as Pagefind does (signature, CBOR, gzip without a time stamp); return its name."""
        return self.store(folder, suffix, encoded(data), prefix)

    def store(self, folder: str, suffix: str, data: bytes, prefix: str = "") -> str:
        """Name encoded data by its bytes, compress and write it; return its name. Hashing and
        compressing release the GIL, so write_words runs this in a thread of its own."""
        name = hashed_name(self.language, data, self.taken)
        self.taken.add(name)
        relative = f"{folder}/{prefix}{name}{suffix}" if folder else f"{prefix}{name}{suffix}"
        if not self.reused(relative, data):
            packed = gzip.compress(data, compresslevel=COMPRESS_LEVEL, mtime=0)
            (self.bundle / relative).write_bytes(packed)
        return name

    def keep(self, relative: str, name: str) -> None:
        """Link the previous merge's file at `relative`, unread: its bytes are known to be right."""
        self.taken.add(name)
        link_or_copy(self.reusable[relative], self.bundle / relative)

    def reused(self, relative: str, data: bytes) -> bool:
        """Link the previous merge's file at `relative` if it holds `data`; True when linked.
        The bytes are compared, not only the name (a 10-digit prefix of their sha256)."""
        source = self.reusable.get(relative)
        if source is None:
            return False
        try:
            if gzip.decompress(source.read_bytes()) != data:
                return False
        except (OSError, EOFError, zlib.error):  # gone, or damaged: written anew
            return False
        link_or_copy(source, self.bundle / relative)
        return True


def encoded(data: Any) -> bytes:
    """Pagefind's file contents before compression: its signature, then CBOR."""
    return SIGNATURE + cbrrr.encode_dag_cbor(data)


# Words from `low` (included) to `high` (excluded); None leaves that end open.
WordSpan = tuple[str | None, str | None]
# Below this many index chunks in the largest part, the merge stays in one process.
SPLIT_MIN_CHUNKS = 16


def after_prefix(prefix: str) -> str:
    """The first string after every string that starts with `prefix` (its last character
    moved one on). A chunk's `to` is a prefix of its last word, so its words sort below this."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\U0010ffff"


@dataclass
class Part:
    """One part's bundle, for one language: its meta, and where its pages' numbers start."""

    folder: Path
    language: str
    meta: list
    offset: int

    def words(self, span: WordSpan = (None, None)) -> Iterator[tuple[str, Part, list]]:
        """(word, this part, [word, pages, variants]) for each of the part's words in `span`
        ([low, high), None: open), in order, one index chunk read at a time; chunks that hold
        no word of the span are not read."""
        low, high = span
        for start, end, name in self.meta[META_CHUNKS]:
            if (high is not None and start >= high) or (low is not None and after_prefix(end) <= low):
                continue
            words = read_pagefind_file(self.folder / "index" / f"{name}.pf_index")[0]
            # A chunk's words are at least its `from` and below after_prefix(its `to`).
            if (low is None or start >= low) and (high is None or after_prefix(end) <= high):
                yield from zip(map(itemgetter(0), words), itertools.repeat(self), words)
                continue
            for word in words:
                if (low is None or word[0] >= low) and (high is None or word[0] < high):
                    yield word[0], self, word

    def field_map(self, fields: list[str]) -> list[int] | None:
        """The merged meta field id of each of this part's field ids, or None when they are the same."""
        own = self.meta[META_FIELDS]
        return None if own == fields else [fields.index(field) for field in own]


def read_entry(bundle: Path) -> dict[str, Any]:
    """A bundle's pagefind-entry.json."""
    return json.loads((bundle / ENTRY).read_text(encoding="utf-8"))


def meta_path(bundle: Path, entry: dict[str, Any], language: str) -> Path:
    """The meta file of one language of a bundle."""
    return bundle / f"pagefind.{entry['languages'][language]['hash']}.pf_meta"


def read_parts(folders: list[Path], language: str) -> list[Part]:
    """The parts holding `language`, in order, with their pages' first numbers; checked."""
    parts, offset = [], 0
    for folder in folders:
        entry = read_entry(folder)
        if language not in entry["languages"]:
            continue
        meta = read_pagefind_file(meta_path(folder, entry, language))
        if meta[META_SORTS]:
            raise MergeError(f"{folder}: Pagefind sort orders (data-pagefind-sort) cannot be merged")
        parts.append(Part(folder, language, meta, offset))
        offset += len(meta[META_PAGES])
    versions = {part.meta[META_VERSION] for part in parts}
    if len(versions) > 1:
        raise MergeError(f"the parts were indexed by different Pagefind versions: {sorted(versions)}")
    return parts


def relabel_fields(pages: list[list], field_map: list[int]) -> None:
    """Rewrite the meta-field markers (-(id + 1)) of each page's meta locations to merged ids."""
    for page in pages:
        page[2] = [-(field_map[-value - 1]) - 1 if value < 0 else value for value in page[2]]


def appended(target: list[list], last: int, pages: list[list], offset: int) -> int:
    """Append one part's delta-encoded pages (its numbers shifted by offset) after target's,
    whose last page number is `last`; return the new last page number."""
    if not pages:
        return last
    first = pages[0][0] + offset
    shifted_last = offset + sum(map(itemgetter(0), pages))
    pages[0] = [first - last, pages[0][1], pages[0][2]]
    target.extend(pages)
    return shifted_last


def merged_word(entries: list[tuple[Part, list]], fields: list[str]) -> list:
    """One word's entries from several parts (in part order) as one: [word, pages, variants]."""
    pages: list[list] = []
    variants: dict[str, tuple[list, int]] = {}
    last = 0
    for part, (_word, part_pages, part_variants) in entries:
        field_map = part.field_map(fields)
        if field_map is not None:
            relabel_fields(part_pages, field_map)
        last = appended(pages, last, part_pages, part.offset)
        for form, form_pages in part_variants:
            if field_map is not None:
                relabel_fields(form_pages, field_map)
            merged, form_last = variants.get(form, ([], 0))
            variants[form] = (merged, appended(merged, form_last, form_pages, part.offset))
    return [entries[0][1][0], pages, [[form, merged] for form, (merged, _last) in variants.items()]]


def merged_words(parts: list[Part], fields: list[str], span: WordSpan = (None, None)) -> Iterator[list]:
    """Every word of every part in `span`, in order, each once. A part's words are already in
    order (code point order, which is Pagefind's byte order of UTF-8)."""
    streams = [part.words(span) for part in parts]
    # heapq.merge is stable: equal words come in part order, as the page numbers need.
    first = itemgetter(0)
    for _word, group in itertools.groupby(heapq.merge(*streams, key=first), key=first):
        entries = [(part, word) for _word, part, word in group]
        if len(entries) == 1 and entries[0][0].offset == 0 and entries[0][0].field_map(fields) is None:
            yield entries[0][1]
        else:
            yield merged_word(entries, fields)


def word_size(word: list) -> int:
    """What a word adds to its chunk, as Pagefind counts it: each page's locations and meta
    locations, and one."""
    pages = word[1]
    return sum(map(len, map(itemgetter(1), pages))) + sum(map(len, map(itemgetter(2), pages))) + len(pages)


def chunks_of(words: Iterable[list], limit: int | None = None) -> Iterator[tuple[list[list], int]]:
    """The words cut into index chunks, each with its size: a chunk ends with the word that
    brings it to `limit` (INDEX_CHUNK_SIZE)."""
    limit = limit or INDEX_CHUNK_SIZE
    chunk: list[list] = []
    size = 0
    for word in words:
        chunk.append(word)
        size += word_size(word)
        if size >= limit:
            yield chunk, size
            chunk, size = [], 0
    if chunk:
        yield chunk, size


def common_prefixes(before: str, after: str) -> tuple[str, str]:
    """The shortest prefixes that tell `before` (a chunk's last word) from `after` (the next
    chunk's first): their common prefix and one more character of each."""
    length = len(os.path.commonprefix([before, after]))
    return before[: length + 1], after[: length + 1]


def chunk_ranges(bounds: list[tuple[str, str]]) -> list[list[str]]:
    """Each chunk's [from, to] as Pagefind writes them: trimmed where two chunks meet."""
    ranges = [[first, last] for first, last in bounds]
    for current, following in itertools.pairwise(ranges):
        to, start = common_prefixes(current[1], following[0])
        if to >= current[0]:  # never a range that ends before it starts
            current[1] = to
        following[0] = start
    return ranges


# An index chunk as a merge wrote it: [first word, last word, size as Pagefind counts it, file
# name]. Kept with the merged bundle, so that the next merge can patch it (PreviousMerge).
ChunkRecord = list


def write_words(
    parts: list[Part], fields: list[str], writer: BundleWriter, span: WordSpan
) -> list[ChunkRecord]:
    """Merge the parts' words in `span` into index chunks and write them; return their records.
    The chunks are compressed and written by a second thread while the next ones are merged
    (compressing was a quarter of the merge's time)."""
    records, written = [], []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-merge") as background:
        for chunk, size in chunks_of(merged_words(parts, fields, span)):
            records.append([chunk[0][0], chunk[-1][0], size, None])
            written.append(background.submit(writer.store, "index", ".pf_index", encoded([chunk])))
        for record, future in zip(records, written, strict=True):
            record[3] = future.result()
    return records


def split_word(parts: list[Part]) -> str | None:
    """A word that halves the index (the middle chunk's start in the largest part), or None
    when the index is too small to be worth two processes, or there is one core."""
    chunks = max((part.meta[META_CHUNKS] for part in parts), key=len, default=[])
    if len(chunks) < SPLIT_MIN_CHUNKS or len(os.sched_getaffinity(0)) < 2:
        return None
    return chunks[len(chunks) // 2][0] or None


def index_chunks(
    parts: list[Part], fields: list[str], writer: BundleWriter, pivot: str | None
) -> list[ChunkRecord]:
    """Merge and write the parts' words as index chunks; return their records. With a pivot, a
    forked process merges the words from the pivot on while this one merges those before."""
    if pivot is None:
        return write_words(parts, fields, writer, (None, None))
    upper = ForkedCall(write_words, parts, fields, writer, (pivot, None))
    lower = write_words(parts, fields, writer, (None, pivot))
    found = upper.result(fallback=None)
    if found is None:  # it may have written part of its chunks: the bundle cannot be trusted
        raise MergeError("the process merging the second half of the words failed (see above)")
    names, upper_names = [record[3] for record in lower], [record[3] for record in found]
    if set(names) & set(upper_names):  # two chunks named alike (about 1 in 10^12): in one process
        for name in names + upper_names:
            (writer.bundle / "index" / f"{name}.pf_index").unlink(missing_ok=True)
        return write_words(parts, fields, writer, (None, None))
    writer.taken.update(upper_names)
    return lower + found


def write_index(
    parts: list[Part], fields: list[str], writer: BundleWriter, previous: PreviousMerge | None = None
) -> tuple[list[list[str]], list[ChunkRecord]]:
    """Merge the parts' words into index chunks (patching the previous merge when given);
    return the meta's chunk list and the chunks' records."""
    records = None
    if previous is not None:
        try:
            records = patched_records(previous, writer)
        except (OSError, ValueError, EOFError, zlib.error):  # an old chunk unreadable after all
            forget_index(writer)
    if records is None:
        records = index_chunks(parts, fields, writer, split_word(parts))
    ranges = chunk_ranges([(record[0], record[1]) for record in records])
    return [[start, end, record[3]] for (start, end), record in zip(ranges, records, strict=True)], records


def forget_index(writer: BundleWriter) -> None:
    """Remove the index chunks written so far, and their names, for a full merge to write."""
    for path in (writer.bundle / "index").iterdir():
        writer.taken.discard(path.name.removesuffix(".pf_index"))
        path.unlink()


def write_filters(parts: list[Part], writer: BundleWriter) -> list[list[str]]:
    """Merge the parts' filters (values sorted); return the meta's filter list, sorted."""
    values: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for name, file_hash in part.meta[META_FILTERS]:
            _name, part_values = read_pagefind_file(part.folder / "filter" / f"{file_hash}.pf_filter")
            merged = values.setdefault(name, {})
            for value, numbers in part_values:
                merged.setdefault(value, []).extend(number + part.offset for number in numbers)
    return [
        [
            name,
            writer.write(
                "filter", ".pf_filter", [name, [list(item) for item in sorted(values[name].items())]]
            ),
        ]
        for name in sorted(values)
    ]


def page_list(parts: list[Part], writer: BundleWriter, renamed: dict[Path, dict[str, str]]) -> list[list]:
    """The meta's page list: every part's pages in order, each named by its fragment's name
    (the page id), renamed if two parts chose one name (noted in `renamed`: part folder ->
    {name in the part: name in the bundle}). The fragments themselves are not published."""
    pages = []
    for part in parts:
        for name, word_count in part.meta[META_PAGES]:
            if name in writer.taken:
                fragment = Path(f"{part.folder}/fragment/{name}.pf_fragment").read_bytes()
                own, name = name, hashed_name(part.language, fragment, writer.taken)
                renamed.setdefault(part.folder, {})[own] = name
            writer.taken.add(name)
            pages.append([name, word_count])
    return pages


def merge_language(
    folders: list[Path],
    language: str,
    bundle: Path,
    renamed: dict[Path, dict[str, str]],
    last: LastMerge | None = None,
) -> tuple[str, int, dict[str, Any]]:
    """Write one language's merged files into bundle; return its meta file's hash, its page
    count, and what the next merge needs to patch this one (language_plan)."""
    parts = read_parts(folders, language)
    fields = sorted({field for part in parts for field in part.meta[META_FIELDS]})
    writer = BundleWriter(bundle, language, last.files if last else None)
    pages = page_list(parts, writer, renamed)
    chunks, records = write_index(
        parts, fields, writer, previous_merge(last, folders, parts, fields, language)
    )
    meta = [parts[0].meta[META_VERSION], pages, chunks, write_filters(parts, writer), [], fields]
    meta_hash = writer.write("", ".pf_meta", meta, prefix="pagefind.")
    return meta_hash, len(pages), language_plan(parts, fields, records)


def loaded_by_search_js(name: str) -> bool:
    """Whether search.js needs this file of Pagefind's own: pagefind.js and its wasm (search.js
    runs it without a worker, and uses none of Pagefind's interfaces)."""
    return name == "pagefind.js" or (name.startswith("wasm.") and name.endswith(".pagefind"))


def copy_static_files(folders: list[Path], bundle: Path) -> None:
    """Pagefind's script and wasm files that search.js loads: the same in every part, each taken once."""
    for folder in folders:
        for entry in os.scandir(folder):
            target = bundle / entry.name
            if entry.is_file() and loaded_by_search_js(entry.name) and not target.exists():
                link_or_copy(Path(entry.path), target)


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector. Decoding creates millions of lists (none in a
    cycle: reference counting frees them), and each collection would walk the build's whole
    heap: with it running, merging 10,000 articles took three times as long."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def merge_bundles(
    folders: list[Path], bundle: Path, last: LastMerge | None = None
) -> tuple[dict[Path, dict[str, str]], dict[str, Any]]:
    """Write into `bundle` (a new folder) the one bundle holding every page of the parts'
    bundles, in the parts' order; a file of the last merge (`last.files`) that is the very
    file this merge would write is linked, and the index is patched from it where it can be.
    Return the pages renamed because two parts had named a page alike (part folder -> {page id
    in the part: page id in the bundle}), and this merge's plan (what the next one needs to
    patch it)."""
    with cyclic_gc_paused():
        return write_merged_bundle(folders, bundle, last)


def write_merged_bundle(
    folders: list[Path], bundle: Path, last: LastMerge | None
) -> tuple[dict[Path, dict[str, str]], dict[str, Any]]:
    """merge_bundles' work."""
    if not folders:
        raise MergeError("no Pagefind bundle to merge")
    bundle.mkdir(parents=True)
    entries = [read_entry(folder) for folder in folders]
    first = entries[0]
    languages = sorted({language for entry in entries for language in entry["languages"]})
    merged: dict[str, dict[str, Any]] = {}
    renamed: dict[Path, dict[str, str]] = {}
    plans: dict[str, dict[str, Any]] = {}
    for language in languages:
        wasm = next(
            entry["languages"][language]["wasm"] for entry in entries if language in entry["languages"]
        )
        meta_hash, count, plans[language] = merge_language(folders, language, bundle, renamed, last)
        merged[language] = {"hash": meta_hash, "wasm": wasm, "page_count": count}
    copy_static_files(folders, bundle)
    entry = {**first, "languages": merged}
    (bundle / ENTRY).write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return renamed, {"parts": [folder.name for folder in folders], "languages": plans}


def fragment_urls(bundle: Path) -> dict[str, str]:
    """The URL of each page of a bundle, by its page id (its fragment's name)."""
    return {
        path.name.removesuffix(".pf_fragment"): json.loads(unpack(path))["url"]
        for path in sorted((bundle / "fragment").glob("*.pf_fragment"))
    }


# --- Patching the previous merge ------------------------------------------------------------
#
# An edit changes one part, and in it the entries of the few words of the edited page; the
# rest of the merged index is what the last merge wrote. So a merge records each index chunk
# (ChunkRecord), the cache keeps the records with the merged bundle, and the next merge, when
# its parts are the last merge's but for a few with the same pages and fields each:
# - finds the words whose entries differ between a changed part's old and new bundle;
# - links every chunk whose words hold none of them, unread;
# - rewrites the others from the old merged chunk, each changed word's pages of that part
#   replaced (the other parts' pages are where they were), cutting chunks as a full merge
#   does, until a cut falls again where an old chunk began.
# The files are the very bytes a full merge writes (tests/unit/test_search_patching.py).

# More parts changed than this: a full merge (each changed part is read whole, twice).
PATCH_MAX_CHANGED = 3
# More of the chunks than this to rewrite (words inserted early in a page move the locations of
# every word after them): a full merge, which runs over two cores.
PATCH_MAX_SHARE = 0.25


class Unpatchable(Exception):
    """The last merge cannot be patched into this one: the index is merged in full."""


@dataclass
class LastMerge:
    """The merge the cached bundle came from: its plan ({} if unknown), its files, and where a
    part's bundle it was made from still is (`part_bundle(name)`, None when gone or damaged)."""

    plan: dict[str, Any]
    files: Reusable
    part_bundle: Callable[[str], Path | None] = lambda _name: None


@dataclass
class PreviousMerge:
    """One language of the last merge, and what changed since: the patch's input."""

    records: list[ChunkRecord]
    files: Reusable
    changed: dict[int, dict[str, list | None]]  # part number -> {word: its new entry, or None}
    offsets: list[int]  # each part's first page number, then the page count
    words: list[str]  # every changed word, sorted
    dirty: set[int]  # the old chunks a changed word falls in


def language_plan(parts: list[Part], fields: list[str], records: list[ChunkRecord]) -> dict[str, Any]:
    """What a merge of one language leaves for the next: its parts' page counts, fields, chunks."""
    version = parts[0].meta[META_VERSION] if parts else None
    pages = [len(part.meta[META_PAGES]) for part in parts]
    return {"version": version, "fields": fields, "pages": pages, "chunks": records}


def chunk_file(name: str) -> str:
    """An index chunk's path inside a bundle."""
    return f"index/{name}.pf_index"


def previous_merge(
    last: LastMerge | None, folders: list[Path], parts: list[Part], fields: list[str], language: str
) -> PreviousMerge | None:
    """The last merge of `language`, if this merge can patch it; None: merge in full."""
    if last is None:
        return None
    try:
        return patchable(last, folders, parts, fields, language)
    except (Unpatchable, OSError, ValueError, KeyError, TypeError, IndexError, EOFError, zlib.error):
        return None


def patchable(
    last: LastMerge, folders: list[Path], parts: list[Part], fields: list[str], language: str
) -> PreviousMerge:
    """previous_merge's checks; raises Unpatchable (or a reading error) when a full merge is needed."""
    before, names = last.plan["languages"][language], last.plan["parts"]
    pages = [len(part.meta[META_PAGES]) for part in parts]
    same_shape = (
        len(names) == len(folders) == len(parts)
        and before["pages"] == pages
        and before["fields"] == fields
        and before["version"] == parts[0].meta[META_VERSION]
        and all(part.meta[META_FIELDS] == fields for part in parts)
        and before["chunks"]
    )
    if not same_shape:
        raise Unpatchable("other parts, pages or fields")
    changed_numbers = [number for number, folder in enumerate(folders) if folder.name != names[number]]
    records = before["chunks"]
    if len(changed_numbers) > PATCH_MAX_CHANGED or any(
        chunk_file(record[3]) not in last.files for record in records
    ):
        raise Unpatchable("too many changes, or the last merge's files are gone")
    changed = {}
    for number in changed_numbers:
        folder = last.part_bundle(names[number])
        if folder is None:
            raise Unpatchable("the changed part's last bundle is gone")
        (old,) = read_parts([folder], language)
        if old.meta[META_FIELDS] != fields or len(old.meta[META_PAGES]) != pages[number]:
            raise Unpatchable("the changed part's pages or fields differ")
        changed[number] = changed_words(old, parts[number])
    offsets = [part.offset for part in parts] + [parts[-1].offset + pages[-1]]
    words = sorted({word for words in changed.values() for word in words})
    firsts = [record[0] for record in records]
    dirty = {max(0, bisect.bisect_right(firsts, word) - 1) for word in words}
    if len(dirty) > PATCH_MAX_SHARE * len(records):
        raise Unpatchable("too much of the index changed")
    return PreviousMerge(records, last.files, changed, offsets, words, dirty)


def changed_words(old: Part, new: Part) -> dict[str, list | None]:
    """The words whose entries differ between a part's old and new bundle: {word: new entry,
    or None when the part no longer has it}. Words with variants are not patched."""
    before = {word: entry for word, _part, entry in old.words()}
    after = {word: entry for word, _part, entry in new.words()}
    changed = {
        word: after.get(word) for word in before.keys() | after.keys() if before.get(word) != after.get(word)
    }
    for word, entry in changed.items():
        if (entry and entry[2]) or (word in before and before[word][2]):
            raise Unpatchable(f"the word {word!r} has variants")
    return changed


def patched_records(previous: PreviousMerge, writer: BundleWriter) -> list[ChunkRecord]:
    """The index chunks of this merge: the last merge's, linked where no changed word falls in
    them, rewritten elsewhere; their records, in order. A second thread links, compresses and
    writes, in order, while the next chunks are patched."""
    records, made = previous.records, []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-merge") as background:

        def write(chunk: list[list], size: int) -> None:
            written = background.submit(writer.store, "index", ".pf_index", encoded([chunk]))
            made.append([chunk[0][0], chunk[-1][0], size, written])

        number = 0
        while number < len(records):
            if number in previous.dirty:
                number = rewrite_chunks(previous, number, write)
            else:
                background.submit(writer.keep, chunk_file(records[number][3]), records[number][3])
                made.append(list(records[number]))
                number += 1
        for record in made:
            if not isinstance(record[3], str):
                record[3] = record[3].result()
    return made


def rewrite_chunks(previous: PreviousMerge, start: int, write: Callable[[list[list], int], None]) -> int:
    """Write the chunks from the last merge's chunk `start` on, patched, until a new chunk would
    begin where an old one began; return that old chunk's number (or the count: the end)."""
    chunk: list[list] = []
    size = 0
    for entry, begins in patched_words(previous, start):
        if not chunk and begins is not None and begins > start:
            return begins
        chunk.append(entry)
        size += word_size(entry)
        if size >= INDEX_CHUNK_SIZE:
            write(chunk, size)
            chunk, size = [], 0
    if chunk:
        write(chunk, size)
    return len(previous.records)


def patched_words(previous: PreviousMerge, start: int) -> Iterator[tuple[list, int | None]]:
    """The merged entries from the last merge's chunk `start` on, each changed word patched (a
    new one put in its place, one left without pages dropped), with the number of the old chunk
    an entry began (None for the others)."""
    records = previous.records
    low = records[start][0] if start else None
    pending = collections.deque(word for word in previous.words if low is None or word >= low)
    for number in range(start, len(records)):
        begins: int | None = number
        for entry in read_pagefind_file(previous.files[chunk_file(records[number][3])])[0]:
            while pending and pending[0] < entry[0]:
                added = patched_entry(pending.popleft(), None, previous)
                if added:
                    yield added, None
            if pending and pending[0] == entry[0]:
                pending.popleft()
                entry = patched_entry(entry[0], entry, previous)
            if entry:
                yield entry, begins
            begins = None
    while pending:
        added = patched_entry(pending.popleft(), None, previous)
        if added:
            yield added, None


def patched_entry(word: str, old: list | None, previous: PreviousMerge) -> list | None:
    """A word's merged entry with the changed parts' pages replaced; None when no page is left."""
    if old and old[2]:
        raise Unpatchable(f"the word {word!r} has variants")
    offsets = previous.offsets
    segments = pages_by_part(old[1], offsets) if old else [[] for _ in offsets[1:]]
    for number, changed in previous.changed.items():
        if word in changed:
            entry = changed[word]
            segments[number] = absolute_pages(entry[1], offsets[number]) if entry else []
    pages = delta_pages(segments)
    return [word, pages, []] if pages else None


def pages_by_part(pages: list[list], offsets: list[int]) -> list[list[tuple]]:
    """A merged entry's pages (delta-encoded) as (page number, locations, meta locations) by part."""
    segments: list[list[tuple]] = [[] for _ in offsets[1:]]
    number, part = 0, 0
    for delta, locations, metas in pages:
        number += delta
        while number >= offsets[part + 1]:
            part += 1
        segments[part].append((number, locations, metas))
    return segments


def absolute_pages(pages: list[list], offset: int) -> list[tuple]:
    """A part's entry's pages (delta-encoded) as (page number in the merge, locations, meta locations)."""
    found, number = [], offset
    for delta, locations, metas in pages:
        number += delta
        found.append((number, locations, metas))
    return found


def delta_pages(segments: list[list[tuple]]) -> list[list]:
    """Pages of every part, in order, delta-encoded again as Pagefind writes them."""
    pages, last = [], 0
    for segment in segments:
        for number, locations, metas in segment:
            pages.append([number - last, locations, metas])
            last = number
    return pages
