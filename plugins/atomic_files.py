"""Files written in one step: under a hidden temporary name beside the target, then renamed.

A build stopped meanwhile (Ctrl+C, a kill) leaves the previous file whole, never half a file;
the temporary name carries the process id, so two processes never write into one partial file.
The caches' records (render keys, source stamps, the content checks' findings, the search
cache's lists, the related lists) are all written this way.

`write_new_text` is for a file no list names yet (a search cache file named by its key): it
is written under its own name, without the rename (10,000s of them on a cold build), since
a file cut short there is never used: the list that would name it is written after it.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` in one step; a partial file is never left behind."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_new_text(path: Path, text: str) -> None:
    """Write `text` (UTF-8) as a new file at `path`, for a file only a list written later will
    name. A file already at `path` (a stopped build's) is unlinked, never written into: it may
    be a hard link of a file in the output."""
    try:
        handle = path.open("x", encoding="utf-8")
    except FileExistsError:
        path.unlink()
        handle = path.open("x", encoding="utf-8")
    with handle:
        handle.write(text)
