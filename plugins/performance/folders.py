"""The staging folder's directories made ahead, while the site is read.

A rebuild writes or links every page into a fresh staging folder (the previous output stays
as it was until the new one is complete), so every page's directory is made again: 21,000
directories at 10,000 articles, about 3 s on this machine's disk, and Pelican makes them one
by one while it queues the pages on one core. Almost every page of the previous output comes
back, and the render keys' record names them. So at `initialized` a forked child makes those
directories in path order (the oldest years first) while the build's process reads the site;
Pelican's queueing makes, from the other end (the newest articles first), any the child has
not reached, and each skips what the other made.

Once the pages are written, the directories made ahead that no page of this build asked for
(a deleted article's) are removed again, deepest first, if empty: the output has the very
folders a clean build gives. If the staging folder is deleted under it (a failed build), the
child stops at its first missing parent instead of making the folder again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from forked import ForkedCall


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
    """The previous output's page directories, made in the staging folder by a forked child."""

    def __init__(self, root: str, page_names: Iterable[str], min_folders: int) -> None:
        """Start the child, unless there are fewer than `min_folders` folders (not worth a fork)."""
        self.root = os.path.abspath(root)
        folders = folders_of(page_names)
        self.call = ForkedCall(make_folders, self.root, folders) if len(folders) >= min_folders else None

    def finish(self, asked: set[str]) -> int:
        """Once every page is written: wait for the child, remove what no page asked for.

        `asked` holds the absolute directory of every file the writer was asked for.
        """
        if self.call is None:
            return 0
        made = self.call.result(fallback=[])
        self.call = None
        return remove_unasked(made, asked)
