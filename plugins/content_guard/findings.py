"""What the checks find in one file alone, kept between builds by the file's sha256.

Most checks look at one file and nothing else: decomposed text, legacy encodings, unsafe
HTML, an empty body, and the links and images the body names. Their findings depend only
on the file's bytes, the checks' code and the settings, so a rebuild after editing one
article need not look at the other 9,999 again. The cache (`content-guard-checks.json` in
CACHE_PATH, written when CACHE_CONTENT is on) holds, for each file's sha256, its problems
as (line, message, severity) and its links as (line, target, alt, from Markdown), under
one stamp: `performance.content_cache.reading_stamp`, the sha256 of the plugins' code, the
settings, the files beside the Markdown and the images. A different stamp empties it.

Problems come back as they were found (same line, same message, the file's current path):
a cache never hides one. What depends on the rest of the site (is a link's target there,
is the category known, is the date in the future) is decided on every build from these
findings.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atomic_files import write_text_atomically
from performance.content_cache import reading_stamp

logger = logging.getLogger(__name__)

CACHE_FILE = "content-guard-checks.json"
CACHE_FORMAT = 1

Found = tuple[int, str, str]  # line, message, severity
Link = tuple[int, str, str | None, bool]  # line, target, alt (None for a link), from Markdown


@dataclass(frozen=True)
class FileFindings:
    """What the one-file checks found in one file: its problems and the links its body names."""

    problems: tuple[Found, ...]
    links: tuple[Link, ...]

    def as_json(self) -> list[Any]:
        """[problems, links] as lists, for the cache file."""
        return [[list(p) for p in self.problems], [list(link) for link in self.links]]

    @classmethod
    def from_json(cls, value: list[Any]) -> FileFindings:
        """The inverse of as_json."""
        problems, links = value
        return cls(
            tuple((int(line), str(message), str(severity)) for line, message, severity in problems),
            tuple((int(line), str(target), alt, bool(md)) for line, target, alt, md in links),
        )


def key_of(data: bytes) -> str:
    """A file's key in the cache: the sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


class FindingsCache:
    """Findings by the sha256 of a file's bytes, loaded from and saved to one JSON file.

    Without a path (caching off) it only remembers within one build.
    """

    def __init__(self, path: Path | None = None, stamp: str = "") -> None:
        self.path, self.stamp = path, stamp
        self.known: dict[str, list[Any]] = self._load() if path else {}
        self.used: dict[str, list[Any]] = {}
        self.ahead: dict[str, FileFindings] = {}  # computed before they were asked for
        self.hits = self.misses = 0

    def _load(self) -> dict[str, list[Any]]:
        """The entries of the last build, when it ran with the same stamp (else none)."""
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        fits = isinstance(record, dict) and record.get("format") == CACHE_FORMAT
        if not fits or record.get("stamp") != self.stamp or not isinstance(record.get("files"), dict):
            return {}
        return record["files"]

    def knows(self, key: str) -> bool:
        """Whether findings for the bytes of this key are at hand (kept, or computed ahead)."""
        return key in self.used or key in self.known or key in self.ahead

    def add_ahead(self, key: str, found: FileFindings) -> None:
        """Findings computed before they are asked for (by another process)."""
        self.ahead[key] = found

    def findings(self, key: str, compute: Callable[[], FileFindings]) -> FileFindings:
        """The findings for the bytes of this key: from the cache, or computed now and remembered."""
        if key in self.ahead:
            self.misses += 1
            found = self.ahead.pop(key)
            self.used[key] = found.as_json()
            return found
        entry = self.used.get(key) or self.known.get(key)
        found = None
        if entry is not None:
            try:
                found = FileFindings.from_json(entry)
            except (TypeError, ValueError):
                found = None  # an entry in another shape: compute it again
        if found is None:
            self.misses += 1
            found = compute()
        else:
            self.hits += 1
        self.used[key] = found.as_json()
        return found

    def save(self) -> None:
        """Write this build's entries only (files removed since drop out), in one step."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = {"format": CACHE_FORMAT, "stamp": self.stamp, "files": self.used}
        write_text_atomically(self.path, json.dumps(record, ensure_ascii=False, sort_keys=True))
        logger.debug("content_guard: %d files checked again, %d from the cache", self.misses, self.hits)


def findings_cache(settings: dict[str, Any]) -> FindingsCache:
    """The cache for this build: kept in CACHE_PATH when CACHE_CONTENT is on, else this build's only."""
    if not settings.get("CACHE_CONTENT") or not settings.get("CACHE_PATH"):
        return FindingsCache()
    return FindingsCache(Path(settings["CACHE_PATH"]) / CACHE_FILE, reading_stamp(settings))
