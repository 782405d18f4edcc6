"""Pagefind's filter files and meta file rewritten in a fixed order, so two builds are identical.

Pagefind 1.5.2 writes the values of each filter, and the list of filters in its meta file, in
hash-map order, which changes from run to run; the files' names are hashes of their bytes,
so the meta file and the entry file change names and bytes too. Nothing else differs. Hosts
that upload only changed files (FTP) would send these every build, and the promise "an
unchanged site builds to the same bytes" would not hold. After Pagefind writes the bundle,
this module sorts the values of each filter and the meta's filter list, writes the files
again under names taken from their new bytes, and points the meta and entry files at them.
The data is unchanged: only its order is.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

# Pagefind's files are gzip of this signature followed by CBOR.
SIGNATURE = b"pagefind_dcd"
# Positions in the meta file's CBOR array (Pagefind's MetaIndex) and a filter's (FilterIndex).
META_FILTERS = 3
FILTER_VALUES = 1


def unpack(path: Path) -> bytes:
    """The data inside one of Pagefind's files (gzip, then the signature): CBOR, or a fragment's JSON."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return data[len(SIGNATURE) :]


def read_pagefind_file(path: Path):
    """The CBOR data inside one of Pagefind's index, filter or meta files."""
    return cbor2.loads(unpack(path))


def write_pagefind_file(folder: Path, language: str, suffix: str, data, prefix: str = "") -> str:
    """Write data as Pagefind does (gzip, no time stamp) under a name from its bytes; return the hash."""
    encoded = SIGNATURE + cbor2.dumps(data)
    name = f"{language}_{hashlib.sha256(encoded).hexdigest()[:10]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(encoded, mtime=0))
    return name


def sorted_filter(folder: Path, language: str, old_hash: str) -> str:
    """Rewrite one filter file with its values sorted; return its new hash."""
    path = folder / f"{old_hash}.pf_filter"
    data = read_pagefind_file(path)
    data[FILTER_VALUES] = sorted(data[FILTER_VALUES], key=lambda value: value[0])
    path.unlink()
    return write_pagefind_file(folder, language, ".pf_filter", data)


def order_bundle(bundle: Path) -> None:
    """Sort every language's filters in the bundle and update its meta and entry files."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, index in entry["languages"].items():
        meta_path = bundle / f"pagefind.{index['hash']}.pf_meta"
        meta = read_pagefind_file(meta_path)
        filters = sorted(meta[META_FILTERS], key=lambda item: item[0])
        meta[META_FILTERS] = [
            [name, sorted_filter(bundle / "filter", language, old)] for name, old in filters
        ]
        meta_path.unlink()
        index["hash"] = write_pagefind_file(bundle, language, ".pf_meta", meta, prefix="pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
