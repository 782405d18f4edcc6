"""Putting a file the build already has at a second place: a hard link, or a copy.

A hard link costs a fraction of writing the file again and no disk; where linking fails
(another filesystem, a host that forbids it) the file is copied. Used by the page writer
(unchanged pages from the previous output), the images (derivatives from their cache) and
the search index (prepared pages, records, cached bundles).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Hard-link source at target, or copy it where linking fails. The target's folder must exist.

    Never writes into a file already at target (FileExistsError): it may be a link to another
    file (a page of the previous output, a cache file), which a copy would change too. A
    missing source or folder raises FileNotFoundError, as a copy would.
    """
    try:
        os.link(source, target)
    except (FileExistsError, FileNotFoundError):
        raise
    except OSError:  # another filesystem, a host that forbids links
        shutil.copyfile(source, target)


def linked(source: Path | str, target: Path | str) -> bool:
    """Hard-link source at target; False where no link was made (a file already there, another
    filesystem, a host that forbids links): the caller then takes its slower way. A link is
    made whole or not at all, so it needs no temporary name."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
