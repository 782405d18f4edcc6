"""The staging folder's directories made ahead, while the site is read.

A rebuild writes or links every page into a fresh staging folder (the previous output stays
as it was until the new one is complete), so every page's directory is made again: 21,000
directories at 10,000 articles, about 3 s on this machine's disk, and Pelican made them one
by one while it queued the pages on one core. Almost every page of the previous output comes
back, and the render keys' record names them. So at `initialized` a small helper process
makes those directories in path order (the oldest years first) while the build's process
reads the site; Pelican's queueing makes, from the other end (the newest articles first), any
the helper has not reached, and each skips what the other made. A cold build has no previous
output to name them: the same helper started once the site was read, with the articles' own
directories, made the cold build at 10,000 articles 2-2.5 s slower (timed against the build
without it), so Pelican makes them there as before.

The helper is a new Python process (a few MiB) that reads the list from a file and prints the
directories it made.

Once the pages are written, the directories made ahead that no page of this build asked for
(a deleted article's) are removed again, deepest first, if empty: the output has the very
folders a clean build gives. If the staging folder is deleted under it (a failed build), the
helper stops at its first missing parent instead of making the folder again.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable


def folders_of(names: Iterable[str]) -> list[str]:
    """Every directory the files `names` (relative paths) sit in, with their parents, parents first."""
    found: set[str] = set()
    for name in names:
        folder = os.path.dirname(name)
        while folder and folder not in found:
            found.add(folder)
            folder = os.path.dirname(folder)
    return sorted(found)  # a path sorts after every prefix of it: parents come first


def make_folders(root: str, folders: list[str]) -> list[str]:
    """Make each folder under root (parents listed first); the ones this call made."""
    made = []
    for folder in folders:
        path = os.path.join(root, folder)
        try:
            os.mkdir(path)
        except FileExistsError:  # made by Pelican meanwhile, or already there
            continue
        except FileNotFoundError:  # the staging folder is gone: the build stopped
            break
        made.append(path)
    return made


def remove_unasked(made: list[str], asked: set[str]) -> int:
    """Remove, deepest first, the folders made ahead that hold no page asked for and are empty."""
    needed = set()
    for folder in asked:
        while folder not in needed and folder != os.path.dirname(folder):
            needed.add(folder)
            folder = os.path.dirname(folder)
    removed = 0
    for path in reversed(made):
        if path in needed:
            continue
        try:
            os.rmdir(path)
        except OSError:  # something else was written there: it stays, as in a clean build
            continue
        removed += 1
    return removed


class FoldersAhead:
    """The page directories of a build's output, made by a helper process from the start."""

    def __init__(self, root: str, page_names: Iterable[str], min_folders: int) -> None:
        """Start the helper, unless there are fewer than `min_folders` folders (not worth it)."""
        self.root = os.path.abspath(root)
        self.folders = folders_of(page_names)
        self.helper, self.listing = None, ""
        if len(self.folders) >= min_folders:
            self.helper, self.listing = start_helper(self.root, self.folders)

    def finish(self, asked: set[str]) -> int:
        """Once every page is written: wait for the helper, remove what no page asked for.

        `asked` holds the absolute directory of every file the writer was asked for.
        """
        if self.helper is None:
            return 0
        printed, _ = self.helper.communicate()
        if self.helper.returncode == 0:
            made = printed.split("\0") if printed else []
        else:  # failed half-way (its list may be left): any listed folder may be one it made
            made = [os.path.join(self.root, folder) for folder in self.folders]
            with contextlib.suppress(OSError):
                os.unlink(self.listing)
        self.helper = None
        return remove_unasked(made, asked)


def start_helper(root: str, folders: list[str]) -> tuple[subprocess.Popen, str]:
    """Run this module in a new Python process over the folders, listed in a file it removes;
    the process and the file's name."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".folders", delete=False) as listing:
        listing.write("\0".join(folders))
    helper = subprocess.Popen(
        [sys.executable, "-S", __file__, root, listing.name],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )
    return helper, listing.name


def main(root: str, listing: str) -> None:
    """The helper: make the listed folders under root; print those it made."""
    with open(listing, encoding="utf-8") as handle:
        folders = handle.read().split("\0")
    os.unlink(listing)
    sys.stdout.write("\0".join(make_folders(root, [folder for folder in folders if folder])))


if __name__ == "__main__":
    main(*sys.argv[1:3])
