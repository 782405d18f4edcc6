"""Source files' sha256 remembered by their identity: a rebuild need not read every file to hash it.

Pelican's content cache (CHECK_MODIFIED_METHOD = "sha256") finds a file's parsed form by
the sha256 of its bytes, so every build read every source file to hash it, and did so
twice: the generators' own cache layer asks for the stamp too, even when (the cache being
at the reader layer) it keeps nothing. At 10,000 articles that is 20,000 reads of 46 MB:
about 1 s of an edit's rebuild when the files have left the system's file cache, as they
have a few minutes after the last build.

The stamp stays the sha256 of the file's bytes; the memo only tells which files cannot have
changed since they were hashed. A file is hashed again unless its device, inode, size,
modification and change times (ns) are those recorded when it was hashed. The change time
(ctime) is set by the system on every write and cannot be set back by a program (a
modification time can: `touch -d`, tar, rsync). A file whose change time was less than
STABLE_NS before it was hashed is not remembered: saved again within the same tick of the
file system's clock, it could keep the recorded identity with other bytes (what git calls a
"racy" file). A git checkout gives files new times: they are hashed again, once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from atomic_files import write_text_atomically

MEMO_FILE = "source-stamps.json"
MEMO_FORMAT = 1
# A file changed less than this before it was hashed is hashed again at the next build.
STABLE_NS = 2_000_000_000
# Pelican's stamp is this hash of the file's bytes (pelican.cache.FileStampDataCacher).
METHOD = "sha256"


def identity(status: os.stat_result) -> list[int]:
    """What tells a file from another and from its own edited self."""
    return [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def file_sha256(filename: str) -> bytes:
    """The stamp Pelican computes: sha256 of the file's bytes."""
    with open(filename, "rb") as handle:
        return hashlib.sha256(handle.read()).digest()


class SourceStamps:
    """The stamps of one build's source files, with those a previous build recorded."""

    def __init__(self, memo_file: Path) -> None:
        self.memo_file = memo_file
        self.known = load_memo(memo_file)
        self.seen: dict[str, list[Any]] = {}

    def stamp(self, filename: str) -> bytes:
        """sha256 of the file's bytes: remembered while the file's identity is the recorded one."""
        status = os.stat(filename)
        found_identity = identity(status)
        for table in (self.seen, self.known):
            found = table.get(filename)
            if found is not None and found[0] == found_identity:
                self.seen[filename] = found
                return bytes.fromhex(found[1])
        hashed_at = time.time_ns()
        digest = file_sha256(filename)
        if status.st_ctime_ns < hashed_at - STABLE_NS:
            self.seen[filename] = [found_identity, digest.hex()]
        return digest

    def save(self) -> None:
        """Record the files stamped in this build (a file gone from the site goes from the memo)."""
        if not self.seen:
            return
        record = {"format": MEMO_FORMAT, "files": self.seen}
        with contextlib.suppress(OSError):  # only the next build's speed depends on it
            self.memo_file.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(self.memo_file, json.dumps(record, separators=(",", ":")))


def load_memo(memo_file: Path) -> dict[str, list[Any]]:
    """The stamps a previous build recorded, by file name; nothing if missing or damaged."""
    try:
        record = json.loads(memo_file.read_text(encoding="utf-8"))
        if record.get("format") != MEMO_FORMAT or not isinstance(record.get("files"), dict):
            return {}
        return {
            name: entry
            for name, entry in record["files"].items()
            if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], str)
        }
    except (OSError, ValueError, AttributeError):
        return {}


def applies(settings: dict[str, Any]) -> bool:
    """True when Pelican's content cache stamps files by their sha256 (the memo's own stamp)."""
    return bool(
        settings.get("CACHE_CONTENT")
        and settings.get("CACHE_PATH")
        and settings.get("CHECK_MODIFIED_METHOD") == METHOD
    )


def memo_file(settings: dict[str, Any]) -> Path:
    return Path(settings["CACHE_PATH"]) / MEMO_FILE


def use_stamps(generator: Any, stamps: SourceStamps) -> None:
    """Let a generator's two cache layers (its own and its readers') stamp files from the memo.

    A layer that keeps nothing (Pelican caches at the readers' layer) still asks for each
    file's stamp twice, to compare it with what it does not hold: it is given one that
    matches no file's, without a look at the file (20,000 stat calls at 10,000 articles)."""
    for cacher in (generator, generator.readers):
        if getattr(cacher, "_filestamp_func", None) is not None:
            keeps = getattr(cacher, "_cache_data_policy", True)
            cacher._filestamp_func = stamps.stamp if keeps else no_stamp


def no_stamp(_filename: str) -> bytes:
    """The stamp of a layer that keeps nothing: never a sha256, so nothing it loaded is taken."""
    return b""
