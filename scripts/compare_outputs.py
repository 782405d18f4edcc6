"""Compare two built sites file by file: is a change to the build invisible in its output?

    .venv/bin/python scripts/compare_outputs.py OLD_OUTPUT NEW_OUTPUT

Every file must exist in both trees with the same bytes (Pagefind's included: plugins/search
writes them in a fixed order). Prints what differs and exits 1, or prints how many files
matched and exits 0.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

SHOWN = 20  # differing names printed per kind


def tree_digests(folder: Path) -> dict[str, str]:
    """sha256 of every file, by relative path."""
    digests: dict[str, str] = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = Path(directory, name)
            digests[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def differences(old: Path, new: Path) -> dict[str, list[str]]:
    """Names only in old, only in new, and in both with other bytes."""
    old_digests, new_digests = tree_digests(old), tree_digests(new)
    found = {
        "only in old": sorted(old_digests.keys() - new_digests.keys()),
        "only in new": sorted(new_digests.keys() - old_digests.keys()),
        "different": sorted(
            name for name in old_digests.keys() & new_digests.keys() if old_digests[name] != new_digests[name]
        ),
    }
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
