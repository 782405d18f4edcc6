"""Empty a retired output of its files, keep its folders, and rename it for the next build to reuse.

    python -S scripts/empty_output.py LOCK_FD RETIRED REUSABLE

Run by sitebuild.py in the background once a build has replaced the output. Every file under
RETIRED is unlinked (almost all are hard links the new output or the caches share, so no
data goes), the folders stay, their list (deepest first) is written to FOLDER_LIST inside,
and RETIRED is renamed to REUSABLE. The next build writes into that folder instead of making
the site's folders again (why: sitebuild.staging_folder).

LOCK_FD is an open descriptor of RETIRED on which sitebuild took an exclusive `flock`; this
process holds it to its end, so that a build starting meanwhile neither deletes RETIRED nor
takes it for the old output. Stopped half-way, or failing to unlink a file, it leaves RETIRED
under its name, and the next build deletes it. No imports beyond the standard library's `os`:
it starts in a few milliseconds.
"""

from __future__ import annotations

import os
import sys

# The list of the folders kept, inside the folder (sitebuild.py reads it under this name).
FOLDER_LIST = ".reused-folders"


def empty_folder(root: str) -> list[str]:
    """Unlink every file (and link) under root; the folders left, relative, deepest first."""
    folders: list[str] = []

    def empty(path: str, relative: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                name = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    empty(entry.path, name)
                    folders.append(name)  # after everything inside it
                else:
                    os.unlink(entry.path)

    empty(root, "")
    return folders


def main(retired: str, reusable: str) -> int:
    """Empty `retired`, list its folders inside it, rename it to `reusable`; 0 once done."""
    try:
        folders = empty_folder(retired)
        with open(os.path.join(retired, FOLDER_LIST), "w", encoding="utf-8") as listing:
            listing.write("\0".join(folders))
        os.rename(retired, reusable)
    except OSError:
        return 1
    return 0


if __name__ == "__main__":
    _lock_held_until_exit = int(sys.argv[1])
    sys.exit(main(sys.argv[2], sys.argv[3]))
