"""Which pages Pagefind indexes together, and each part's bundle, kept between builds.

Pagefind's memory grows with the pages it indexes (about 170 KB a page), and it cannot
update a bundle. So the indexed pages are split into parts of at most SEARCH["PART_PAGES"]
pages, Pagefind indexes each part on its own, and merging.py merges the parts' bundles.

A part is made of whole folders where it can be: the pages are grouped by their first path
segment (a year, van-ban/, a static page), a group too big for one part is split by its next
segment, and consecutive groups share a part while they fit. So an edited article changes
one part, and an article added in 2025 changes the part holding 2025 (and the parts after it
only when that part no longer fits its groups).

In <CACHE_PATH>/search/parts/<digest>/ each part's bundle is kept as Pagefind wrote it, named
by the digest of what it was made from (the bundle digest of the part's pages); a part whose
digest is there is not indexed again. `<digest>.json` beside it, written last, lists each
file's identity (cache.file_identity: device, inode, size, modification time) and each page's
URL by its Pagefind id: a part without it, or with a file that is not the very file listed
(replaced, cut, edited in place through one of its hard links), is indexed again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from atomic_files import write_text_atomically

from .cache import PARTIAL_PREFIX, file_identity
from .merging import fragment_urls

PARTS_DIR = "parts"

Item = TypeVar("Item")


def path_segments(relative: str, depth: int) -> tuple[str, ...]:
    """The first `depth` folders of a page's relative path (fewer for a shallower page)."""
    return tuple(relative.split("/")[:-1][:depth])


def folder_groups(
    items: Sequence[Item], path: Callable[[Item], str], limit: int, depth: int = 1
) -> list[list[Item]]:
    """The items (sorted by path) grouped by folder, `depth` segments deep; a group of more than
    `limit` items split by its next segment, or into runs of `limit` when no folder is left."""
    groups: list[list[Item]] = []
    for item in items:
        key = path_segments(path(item), depth)
        if groups and path_segments(path(groups[-1][-1]), depth) == key:
            groups[-1].append(item)
        else:
            groups.append([item])
    split: list[list[Item]] = []
    for group in groups:
        if len(group) <= limit:
            split.append(group)
        elif any(len(path_segments(path(item), depth + 1)) > depth for item in group):
            split += folder_groups(group, path, limit, depth + 1)
        else:
            split += [group[start : start + limit] for start in range(0, len(group), limit)]
    return split


def split_into_parts(
    items: Sequence[Item], path: Callable[[Item], str], limit: int | None
) -> list[list[Item]]:
    """The items (sorted by path) in parts of at most `limit` (None: one part), whole folders
    where they fit, consecutive groups sharing a part. Always at least one part."""
    if not limit or len(items) <= limit:
        return [list(items)]
    parts: list[list[Item]] = []
    for group in folder_groups(items, path, limit):
        if parts and len(parts[-1]) + len(group) <= limit:
            parts[-1] += group
        else:
            parts.append(list(group))
    return parts


def file_identities(folder: Path) -> dict[str, list[int]]:
    """Each file under folder (relative POSIX path) with its identity."""
    identities = {}
    for root, _folders, names in os.walk(folder):
        prefix = os.path.relpath(root, folder).replace(os.sep, "/")
        for name in names:
            relative = name if prefix == "." else f"{prefix}/{name}"
            identities[relative] = file_identity(os.path.join(root, name))
    return identities


class PartBundles:
    """The parts' bundles by digest, under <folder>/parts/ (a temporary folder without a cache)."""

    def __init__(self, folder: Path | None) -> None:
        self.temporary = folder is None
        base = Path(tempfile.mkdtemp(prefix="search-parts-")) if folder is None else folder
        self.folder = base / PARTS_DIR
        self.folder.mkdir(parents=True, exist_ok=True)
        for leftover in self.folder.glob(f"{PARTIAL_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)  # a stopped build's
        self.used: set[str] = set()
        # digest -> {Pagefind page id: URL} of each part found or built
        self.urls: dict[str, dict[str, str]] = {}

    def find(self, digest: str) -> Path | None:
        """The bundle made from `digest`, if it is there whole (kept for the next build)."""
        listed = self.listing(digest)
        if listed is None:
            return None
        self.urls[digest] = dict(listed["urls"])
        self.used.add(digest)
        return self.folder / digest

    def intact(self, digest: str) -> Path | None:
        """The bundle made from `digest` if it is there whole, to read only (a changed part's
        last bundle: the merge compares it with the new one); forgotten after this build."""
        return self.folder / digest if self.listing(digest) is not None else None

    def listing(self, digest: str) -> dict | None:
        """What `<digest>.json` lists, if every file of the bundle is the very file it lists."""
        try:
            listed = json.loads((self.folder / f"{digest}.json").read_text(encoding="utf-8"))
            if file_identities(self.folder / digest) != listed["files"]:
                return None
            dict(listed["urls"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return listed

    def build(self, digest: str, index: Callable[[Path], None]) -> Path:
        """Let `index` write the bundle for digest into a new folder; keep it under the digest."""
        partial, bundle = self.folder / f"{PARTIAL_PREFIX}{digest}", self.folder / digest
        shutil.rmtree(partial, ignore_errors=True)
        index(partial)
        shutil.rmtree(bundle, ignore_errors=True)  # one left incomplete
        os.replace(partial, bundle)
        self.urls[digest] = fragment_urls(bundle)
        listed = {"files": file_identities(bundle), "urls": self.urls[digest]}
        write_text_atomically(self.folder / f"{digest}.json", json.dumps(listed, sort_keys=True))
        self.used.add(digest)
        return bundle

    def forget_unused(self) -> None:
        """Remove the bundles this build did not use (once the build has its merged bundle)."""
        for entry in os.scandir(self.folder):
            if entry.name.removesuffix(".json") in self.used:
                continue
            if entry.is_dir():
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)

    def close(self) -> None:
        """Remove the temporary folder, if this is one."""
        if self.temporary:
            shutil.rmtree(self.folder.parent, ignore_errors=True)
