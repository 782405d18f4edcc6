"""A Pagefind bundle read back as what it says, independent of page numbers and file names:
each page's URL and word count; each word's locations on each page (by URL); each filter
value's pages; the index chunks' word ranges. Two bundles that search the same way read back
equal. A merged bundle has no fragments: a page's URL comes from its record, or, for a merge
outside a build, from the parts' fragments (part_urls)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from search import RECORDS_DIR
from search.merging import (
    META_CHUNKS,
    META_FIELDS,
    META_FILTERS,
    META_PAGES,
    fragment_urls,
    meta_path,
    read_entry,
    read_pagefind_file,
)


def pages_by_url(numbers: list[list], urls: list[str]) -> dict[str, tuple]:
    """A word's delta-encoded page list as {URL: (locations, meta locations)}."""
    found, number = {}, 0
    for delta, locations, meta_locations in numbers:
        number += delta
        found[urls[number]] = (locations, meta_locations)
    return found


def page_ids(bundle: Path, language: str = "vi") -> list[str]:
    """The bundle's page ids (its fragments' names), in page-number order."""
    meta = read_pagefind_file(meta_path(bundle, read_entry(bundle), language))
    return [name for name, _count in meta[META_PAGES]]


def part_urls(folders: list[Path], renamed: dict[Path, dict[str, str]]) -> dict[str, str]:
    """The URL of each page id of a merge of these parts' bundles (`renamed`: what the merge returned)."""
    return {
        renamed.get(folder, {}).get(page_id, page_id): url
        for folder in folders
        for page_id, url in fragment_urls(folder).items()
    }


def record_url(bundle: Path, page_id: str) -> str:
    """The URL of a page id in a built site's bundle: its record's (search.js's link)."""
    return json.loads((bundle / RECORDS_DIR / f"{page_id}.json").read_text(encoding="utf-8"))["url"]


def bundle_contents(bundle: Path, urls: dict[str, str] | None = None) -> dict[str, Any]:
    """What each language of the bundle holds, keyed by URL (see the module's docstring); the
    URLs from `urls` (page id -> URL), else from the bundle's records."""
    entry, contents = read_entry(bundle), {}
    for language, described in entry["languages"].items():
        meta = read_pagefind_file(meta_path(bundle, entry, language))
        urls_in_order = [
            urls[page_id] if urls is not None else record_url(bundle, page_id)
            for page_id in page_ids(bundle, language)
        ]
        words = {}
        for _start, _end, name in meta[META_CHUNKS]:
            for word, pages, variants in read_pagefind_file(bundle / "index" / f"{name}.pf_index")[0]:
                assert word not in words, f"{word!r} in two index chunks"
                words[word] = (
                    pages_by_url(pages, urls_in_order),
                    {form: pages_by_url(numbers, urls_in_order) for form, numbers in variants},
                )
        filters = {}
        for name, file_hash in meta[META_FILTERS]:
            _name, values = read_pagefind_file(bundle / "filter" / f"{file_hash}.pf_filter")
            filters[name] = {
                value: sorted(urls_in_order[number] for number in numbers) for value, numbers in values
            }
        contents[language] = {
            "page_count": described["page_count"],
            "pages": {
                url: count for url, (_name, count) in zip(urls_in_order, meta[META_PAGES], strict=True)
            },
            "words": words,
            "filters": filters,
            "chunks": [chunk[:2] for chunk in meta[META_CHUNKS]],
            "fields": meta[META_FIELDS],
        }
    return contents
