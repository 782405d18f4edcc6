"""Compare two built sites file by file: is a change to the build invisible in its output?

    .venv/bin/python scripts/compare_outputs.py OLD_OUTPUT NEW_OUTPUT

Every file must exist in both trees with the same bytes, except Pagefind's files that
Pagefind 1.5.2 writes in hash-map order (their names change from one build to the next,
see tests/building.py PAGEFIND_UNORDERED): those are compared by their unpacked sizes
(their .gz and .br copies from a publish build too).
Prints what differs and exits 1, or prints how many files matched and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import sys
from pathlib import Path

import brotli

# Pagefind 1.5.2 writes these in no fixed order from one build to the next (issue 8 note).
PAGEFIND_UNORDERED = ("pagefind/filter/", "pagefind/pagefind.", "pagefind/pagefind-entry.json")
SHOWN = 20  # differing names printed per kind


def unpacked_size(path: Path) -> int:
    """Size of a Pagefind file once unpacked: Pagefind gzips its files, and a publish build
    adds .gz and .br copies of them (pelican-precompress), compressed once more."""
    data = path.read_bytes()
    if path.suffix == ".br":
        data = brotli.decompress(data)
    while data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return len(data)


def tree_summary(folder: Path) -> tuple[dict[str, str], list[int]]:
    """sha256 of every file by relative path, and the sorted sizes of Pagefind's unordered files."""
    digests: dict[str, str] = {}
    unordered: list[int] = []
    for directory, _, names in os.walk(folder):
        for name in names:
            path = Path(directory, name)
            relative = path.relative_to(folder).as_posix()
            if relative.startswith(PAGEFIND_UNORDERED):
                unordered.append(unpacked_size(path))
            else:
                digests[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests, sorted(unordered)


def differences(old: Path, new: Path) -> dict[str, list[str]]:
    """Names only in old, only in new, and in both with other bytes (Pagefind's as one entry)."""
    old_digests, old_unordered = tree_summary(old)
    new_digests, new_unordered = tree_summary(new)
    found = {
        "only in old": sorted(old_digests.keys() - new_digests.keys()),
        "only in new": sorted(new_digests.keys() - old_digests.keys()),
        "different": sorted(
            name for name in old_digests.keys() & new_digests.keys() if old_digests[name] != new_digests[name]
        ),
    }
    if old_unordered != new_unordered:
        found["different"].append("pagefind unordered files (unpacked sizes)")
    return found


def main(argv: list[str] | None = None) -> int:
    """Command line: print the differences, exit 1 when there is any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    found = differences(args.old, args.new)
    for kind, names in found.items():
        if names:
            print(f"{kind}: {len(names)}")
            for name in names[:SHOWN]:
                print(f"  {name}")
    if any(found.values()):
        return 1
    count = sum(1 for _ in Path(args.new).rglob("*") if _.is_file())
    print(f"identical: {count} files ({args.old} = {args.new})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
