"""Files written in one step: under a hidden temporary name beside the target, then renamed.

A build stopped meanwhile (Ctrl+C, a kill) leaves the previous file whole, never half a file;
the temporary name carries the process id, so two processes never write into one partial file.
The caches' records (render keys, source stamps, the content checks' findings, the search
cache's lists, the related lists) are all written this way.
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
