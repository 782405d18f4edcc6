"""The import manifest: which source made which file, so re-runs write nothing new.

`DIR/.import-manifest.json` maps each source (by its content hash) to the file written
and that file's hash at writing time. A file whose hash changed since was edited by
someone and is not overwritten without --force.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = ".import-manifest.json"
VERSION = 1


def sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One imported source: the file it became and the hashes that tell changes apart."""

    source_hash: str
    output: str
    slug: str
    written_hash: str
    source: str = ""  # the source's resolved path, to follow a page saved again with changes


def load(folder: Path) -> dict[str, Entry]:
    """Entries by source hash; an absent or unreadable manifest is empty."""
    path = folder / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        key: Entry(key, item["output"], item["slug"], item["written_hash"], item.get("source", ""))
        for key, item in data.get("sources", {}).items()
    }


def save(folder: Path, entries: dict[str, Entry]) -> bool:
    """Write the manifest when it changed; return whether it was written."""
    data = {
        "version": VERSION,
        "sources": {
            key: {"output": e.output, "slug": e.slug, "written_hash": e.written_hash, "source": e.source}
            for key, e in sorted(entries.items())
        },
    }
    return write_if_changed(folder / MANIFEST_NAME, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def entry_for(
    entries: dict[str, Entry], by_source: dict[str, Entry], source_hash: str, source: str
) -> Entry | None:
    """The entry of a source: by its content, else by its path (a page saved again)."""
    return entries.get(source_hash) or by_source.get(source)


def by_source(entries: dict[str, Entry]) -> dict[str, Entry]:
    """Entries indexed by source path."""
    return {entry.source: entry for entry in entries.values() if entry.source}


def write_if_changed(path: Path, text: str) -> bool:
    """Write text to path unless it already holds exactly that; return whether it wrote."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return True


def edited_since_import(path: Path, entry: Entry | None) -> bool:
    """True when the file exists and differs from what the import wrote."""
    if not path.is_file():
        return False
    return entry is None or sha256(path.read_bytes()) != entry.written_hash
