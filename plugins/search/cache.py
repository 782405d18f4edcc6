"""What a rebuild reuses from the previous build's search index, kept in <CACHE_PATH>/search/.

- `pages.sqlite`: each written page's prepared form (the small page Pagefind indexes, its
  sha256, and search.js's record), keyed by the sha256 of the page's bytes, its path, the
  exclude selectors and the code that prepares it. An unchanged page is not parsed again.
  SQLite commits in one step: a build stopped half-way leaves the last committed state.
- `bundle-<digest>/`: the last Pagefind bundle as the build put it in the output (after
  ordering, without the records), with `manifest.json` (the digest, each file's sha256, the
  page id of each URL). The digest sums up everything the bundle is made from: the prepared
  pages in order, Pagefind's version and settings, and this plugin's code. The folder is
  filled under a temporary name and renamed when complete, and every file is checked
  against the manifest before it is used, so a half-written or altered cache is never used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import vietnamese.text

logger = logging.getLogger(__name__)

FORMAT = 1
PAGES_DB = "pages.sqlite"
BUNDLE_PREFIX = "bundle-"
PARTIAL_PREFIX = ".partial-"
MANIFEST = "manifest.json"
# Packages whose version changes what Pagefind writes.
PACKAGES = ("pagefind", "pagefind_bin")


def code_stamp() -> str:
    """sha256 of the code that prepares pages and orders the bundle, and of Pagefind's version."""
    digest = hashlib.sha256(f"search-cache {FORMAT}\n".encode())
    sources = sorted(Path(__file__).parent.glob("*.py")) + [Path(vietnamese.text.__file__)]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    for package in PACKAGES:
        digest.update(f"{package}={version(package)}\n".encode())
    return digest.hexdigest()


def page_key(stamp: str, relative: str, data: bytes) -> str:
    """The cache key of one written page: its path and bytes, and the stamp of what prepares it."""
    digest = hashlib.sha256(f"{stamp}\0{relative}\0".encode())
    digest.update(data)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def link_or_copy(source: Path, target: Path) -> None:
    """Hard-link source at target, or copy it where linking fails (another filesystem)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


class PreparedPages:
    """The prepared form of every page, by page key, in SQLite (in memory when there is no cache)."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / PAGES_DB if folder else None
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:
            logger.warning(
                "search: the prepared-pages cache %s cannot be read; starting a new one", self.path
            )
            self.path.unlink()
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        """Connect and create the table (this also reads the file, so a damaged one fails here)."""
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(self.path or ":memory:"), timeout=60)
        db.execute(
            "CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, prepared TEXT, sha256 TEXT, record TEXT)"
        )
        db.execute("SELECT count(*) FROM pages").fetchone()
        return db

    def digest(self, key: str) -> tuple[bool, str | None]:
        """(known, sha256 of the prepared page or None for a page without one)."""
        row = self.db.execute("SELECT sha256 FROM pages WHERE key = ?", (key,)).fetchone()
        return (True, row[0]) if row else (False, None)

    def put(self, key: str, prepared: tuple[str, dict] | None) -> str | None:
        """Store a page's prepared form (None: nothing to index); return the prepared page's sha256."""
        page, record = prepared or (None, None)
        digest = hashlib.sha256(page.encode()).hexdigest() if page is not None else None
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":")) if record else None
        self.db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)", (key, page, digest, text))
        return digest

    def prepared(self, key: str) -> str:
        """The page Pagefind indexes."""
        return self.db.execute("SELECT prepared FROM pages WHERE key = ?", (key,)).fetchone()[0]

    def record(self, key: str) -> str:
        """search.js's record, as JSON text."""
        return self.db.execute("SELECT record FROM pages WHERE key = ?", (key,)).fetchone()[0]

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget the pages this build did not write, and commit."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM used")
        self.db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in keys))
        self.db.execute("DELETE FROM pages WHERE key NOT IN (SELECT key FROM used)")
        self.db.commit()

    def close(self) -> None:
        """Close the connection (uncommitted work is dropped)."""
        self.db.close()


class BundleCache:
    """The last built bundle under <folder>/bundle-<digest>/, or nothing when folder is None."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def find(self, digest: str) -> dict[str, Any] | None:
        """The manifest of a complete, unaltered cached bundle with this digest, or None."""
        if self.folder is None:
            return None
        bundle = self.folder / f"{BUNDLE_PREFIX}{digest}"
        try:
            manifest = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
            intact = manifest["digest"] == digest and all(
                file_sha256(bundle / name) == sha for name, sha in manifest["files"].items()
            )
        except (OSError, ValueError, KeyError, TypeError):
            intact = False
        if not intact:
            if bundle.exists():
                logger.warning("search: cached index %s is incomplete or altered; building a new one", bundle)
                shutil.rmtree(bundle, ignore_errors=True)
            return None
        return manifest

    def put_into(self, digest: str, manifest: dict[str, Any], target: Path) -> None:
        """Link (or copy) the cached bundle's files into target."""
        bundle = self.folder / f"{BUNDLE_PREFIX}{digest}"
        for name in manifest["files"]:
            link_or_copy(bundle / name, target / name)

    def store(self, digest: str, bundle: Path, ids: dict[str, str], skip: str) -> None:
        """Keep bundle's files (all but the `skip` folder) as the cached bundle for digest."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX, dir=self.folder))
        files = {}
        for path in sorted(bundle.rglob("*")):
            name = path.relative_to(bundle).as_posix()
            if path.is_file() and name.split("/", 1)[0] != skip:
                link_or_copy(path, partial / name)
                files[name] = file_sha256(path)
        manifest = {"digest": digest, "files": files, "ids": ids}
        (partial / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        final = self.folder / f"{BUNDLE_PREFIX}{digest}"
        shutil.rmtree(final, ignore_errors=True)
        partial.rename(final)
        self.prune(keep=final)

    def prune(self, keep: Path) -> None:
        """Remove older bundles and folders that a stopped build left unfinished."""
        for entry in self.folder.iterdir():
            if entry != keep and entry.name.startswith((BUNDLE_PREFIX, PARTIAL_PREFIX)):
                shutil.rmtree(entry, ignore_errors=True)
