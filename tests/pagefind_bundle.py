"""A Pagefind bundle read back as what it says, independent of page numbers and file names:
each page's URL, word count and fragment; each word's locations on each page (by URL); each
filter value's pages; the index chunks' word ranges. Two bundles that search the same way
read back equal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from search.merging import (
    META_CHUNKS,
    META_FIELDS,
    META_FILTERS,
    META_PAGES,
    meta_path,
    read_entry,
    read_pagefind_file,
    unpack,
)


def pages_by_url(numbers: list[list], urls: list[str]) -> dict[str, tuple]:
    """A word's delta-encoded page list as {URL: (locations, meta locations)}."""
    found, number = {}, 0
    for delta, locations, meta_locations in numbers:
        number += delta
        found[urls[number]] = (locations, meta_locations)
    return found


def bundle_contents(bundle: Path) -> dict[str, Any]:
    """What each language of the bundle holds, keyed by URL (see the module's docstring)."""
    entry, contents = read_entry(bundle), {}
    for language, described in entry["languages"].items():
        meta = read_pagefind_file(meta_path(bundle, entry, language))
        fragments = [
            json.loads(unpack(bundle / "fragment" / f"{name}.pf_fragment"))
            for name, _count in meta[META_PAGES]
        ]
        urls = [fragment["url"] for fragment in fragments]
        words = {}
        for _start, _end, name in meta[META_CHUNKS]:
            for word, pages, variants in read_pagefind_file(bundle / "index" / f"{name}.pf_index")[0]:
                assert word not in words, f"{word!r} in two index chunks"
                words[word] = (
                    pages_by_url(pages, urls),
                    {form: pages_by_url(numbers, urls) for form, numbers in variants},
                )
        filters = {}
        for name, file_hash in meta[META_FILTERS]:
            _name, values = read_pagefind_file(bundle / "filter" / f"{file_hash}.pf_filter")
            filters[name] = {value: sorted(urls[number] for number in numbers) for value, numbers in values}
        contents[language] = {
            "page_count": described["page_count"],
            "pages": {
                url: (count, fragment)
                for url, (_name, count), fragment in zip(urls, meta[META_PAGES], fragments, strict=True)
            },
            "words": words,
            "filters": filters,
            "chunks": [chunk[:2] for chunk in meta[META_CHUNKS]],
            "fields": meta[META_FIELDS],
        }
    return contents
