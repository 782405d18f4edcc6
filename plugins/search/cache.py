"""What a rebuild reuses from the previous build's search index, kept in <CACHE_PATH>/search/.

- `pages/<key>.html` and `records/<key>.json`: each written page's prepared form (the small
  page Pagefind indexes, search.js's record), named by the page key: the sha256 of the page's
  bytes, its path, the exclude selectors and the code that prepares it. An unchanged page is
  not parsed again, and its files are hard-linked where they are needed (linking a file costs
  a fraction of writing it). `pages.json` lists the keys of the last finished build with the
  sha256 of each prepared page. The list is written last, under a temporary name and
  renamed; a page's two files are written straight under their names (a file cut short
  there is not on any list), except those of a key the last list names, which are renamed
  into place as the lists are.
- `written.json`: each written page of the last finished build with its file's identity
  (device, inode, size, modification time in ns) and its page key. The page writer keeps an
  unchanged page by hard-linking the previous output's file, so the same identity means the
  same bytes, and the page is neither read nor hashed again (reading and hashing 31,000
  written pages took 2-3 s at 10,000 articles). A file written anew has a new inode; one
  edited in place, a new modification time. Without the same stamp, nothing is taken.
- `bundle/<sha256>` and `bundle.json`: the last merged bundle as the build put it in the
  output (without the records): its files named by their sha256, and the manifest (the
  digest, each file's name and sha256, the page id of each URL), written last, under a
  temporary name then renamed. The digest sums up everything the bundle is made
  from: the prepared pages in order, Pagefind's version and settings, and this plugin's
  code. The manifest also records each pool file's identity (device, inode, size,
  modification time): a file is used only while it is that very file, unchanged, so a
  half-written, replaced or altered cache is never used, and the pool is not hashed again on
  every build (10,000 fragments: 0.6-1.5 s). A bundle file that is already a pool file (a
  fragment linked from a part) is not hashed either.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

from atomic_files import write_new_text, write_text_atomically
from hard_links import link_or_copy, linked

import vietnamese.text

from .merging import MERGED_FOLDERS, LastMerge

logger = logging.getLogger(__name__)

FORMAT = 1
PAGES_LIST = "pages.json"
WRITTEN_LIST = "written.json"
PAGES_DIR = "pages"
RECORDS_DIR = "records"
TEMPORARY_PREFIX = ".tmp-"
POOL_DIR = "bundle"
BUNDLE_MANIFEST = "bundle.json"
PARTIAL_PREFIX = ".partial-"
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


def file_identity(path: Path | str) -> list[int]:
    """What tells one file from another and from its own edited self: device, inode, size and
    modification time (ns)."""
    stat = os.stat(path)
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns]


def same_file(path: Path, identity: list[int]) -> bool:
    """True when path is the file whose identity was recorded (not gone, replaced or edited)."""
    try:
        return file_identity(path) == identity
    except OSError:
        return False


class PreparedPages:
    """Each page's prepared form as files named by its page key, and the list of keys with the
    sha256 of each prepared page. Without a cache folder, a temporary one (removed by close)."""

    def __init__(self, folder: Path | None) -> None:
        self.temporary = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="search-prepared-")) if folder is None else folder
        self.pages, self.records = self.folder / PAGES_DIR, self.folder / RECORDS_DIR
        for made in (self.pages, self.records):
            made.mkdir(parents=True, exist_ok=True)
        for leftover in self.folder.glob(f"{PARTIAL_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)  # a stopped build's mirror folder
        self.known = self._read_list()
        self.stored: set[str] | None = None  # the names in the two folders, listed once
        self.used: dict[str, str | None] = {}
        self.written: dict[str, list] = {}
        self.stamp = ""

    def _read_list(self) -> dict[str, str | None]:
        """The keys the last finished build left, with their prepared pages' sha256."""
        try:
            known = json.loads((self.folder / PAGES_LIST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return known if isinstance(known, dict) else {}

    def written_before(self, stamp: str) -> dict[str, list]:
        """The last finished build's written pages, {path: [device, inode, size, mtime_ns, page
        key or None for a page with nothing to index]}, if it used this stamp; remember the stamp."""
        self.stamp = stamp
        try:
            written = json.loads((self.folder / WRITTEN_LIST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(written, dict) or written.get("stamp") != stamp:
            return {}
        pages = written.get("pages")
        return pages if isinstance(pages, dict) else {}

    def saw(self, relative: str, identity: list, key: str | None) -> None:
        """Remember a written page's file identity and key for the next build."""
        self.written[relative] = [*identity, key]

    def page_file(self, key: str) -> Path:
        """The page Pagefind indexes."""
        return self.pages / f"{key}.html"

    def record_file(self, key: str) -> Path:
        """search.js's record, JSON."""
        return self.records / f"{key}.json"

    def digest(self, key: str) -> tuple[bool, str | None]:
        """(known, sha256 of the prepared page or None for a page without one)."""
        if key not in self.known:
            return False, None
        digest = self.known[key]
        if digest is not None and not {f"{key}.html", f"{key}.json"} <= self.stored_names():
            return False, None
        self.used[key] = digest
        return True, digest

    def stored_names(self) -> set[str]:
        """The prepared pages' and records' file names, as the folders held them when first asked
        (two listings, where a look at each page's two files took 20,000 `stat` calls)."""
        if self.stored is None:
            self.stored = {
                entry.name for folder in (self.pages, self.records) for entry in os.scandir(folder)
            }
        return self.stored

    def use(self, key: str, digest: str | None) -> None:
        """Count a page key as this build's (one prepared in another process included)."""
        self.used[key] = digest

    def put(self, key: str, prepared: tuple[str, dict] | None) -> str | None:
        """Store a page's prepared form (None: nothing to index); return the prepared page's sha256."""
        digest = None
        if prepared is not None:
            page, record = prepared
            digest = hashlib.sha256(page.encode()).hexdigest()
            # A key the last list names is trusted while its files are there: rewrite those whole.
            write = write_text_atomically if key in self.known else write_new_text
            write(self.page_file(key), page)
            write(self.record_file(key), json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        self.used[key] = digest
        return digest

    def save(self) -> None:
        """Keep the list of this build's pages and remove the files of the others."""
        write_text_atomically(self.folder / PAGES_LIST, json.dumps(self.used, sort_keys=True))
        written = {"stamp": self.stamp, "pages": self.written}
        write_text_atomically(self.folder / WRITTEN_LIST, json.dumps(written, sort_keys=True))
        for folder, suffix in ((self.pages, ".html"), (self.records, ".json")):
            for entry in os.scandir(folder):
                if entry.name.removesuffix(suffix) not in self.used:
                    os.unlink(entry.path)

    def close(self) -> None:
        """Remove the temporary folder, if this is one."""
        if self.temporary:
            shutil.rmtree(self.folder, ignore_errors=True)


class BundleCache:
    """The last built bundle: its files in a pool named by their sha256 (an edit changes a few of
    them; the others are kept, not linked again) and bundle.json naming them. Nothing without a
    folder."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.pool = folder / POOL_DIR if folder else None
        self.read: Any = None  # bundle.json as read once (several MB at 20,000 articles)

    def manifest(self) -> Any:
        """bundle.json, read at the first call; None when there is none (or no folder)."""
        if self.read is None and self.folder is not None:
            manifest_file = self.folder / BUNDLE_MANIFEST
            if manifest_file.is_file():
                self.read = json.loads(manifest_file.read_text(encoding="utf-8"))
        return self.read

    def find(self, digest: str) -> dict[str, Any] | None:
        """The manifest of the cached bundle if it was built from digest and every file is intact."""
        try:
            manifest = self.manifest()
            if manifest is None:
                return None
            if manifest["digest"] != digest:
                return None
            identities = manifest["identities"]
            intact = all(
                same_file(self.pool / sha, identities[sha]) for sha in set(manifest["files"].values())
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            intact = False
        if not intact:
            # Said to editors: the build goes on and only takes longer.
            logger.warning(
                "Tìm kiếm: chỉ mục lưu sẵn trong %s bị thiếu hoặc hỏng; lập chỉ mục lại.", self.folder
            )
        return manifest if intact else None

    def put_into(self, manifest: dict[str, Any], target: Path) -> None:
        """Link (or copy) the cached bundle's files into target."""
        made: set[Path] = set()
        for name, sha in manifest["files"].items():
            destination = target / name
            if destination.parent not in made:
                destination.parent.mkdir(parents=True, exist_ok=True)
                made.add(destination.parent)
            link_or_copy(self.pool / sha, destination)

    def last_merge(self) -> LastMerge | None:
        """The last bundle kept, whatever it was built from: the plan of the merge that wrote it
        and its index, filter and meta files that are still the very files the manifest
        recorded; None when no bundle is kept. A merge links those it would write again, and
        patches the index from them; a file edited in place through the output's hard link is
        left out."""
        try:
            manifest = self.manifest()
            listed, identities = manifest["files"], manifest["identities"]
            plan = manifest.get("merge")
            files = {
                name: self.pool / sha
                for name, sha in listed.items()
                if name.split("/")[0] in MERGED_FOLDERS or name.endswith(".pf_meta")
            }
            files = {name: path for name, path in files.items() if same_file(path, identities[path.name])}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return LastMerge(plan if isinstance(plan, dict) else {}, files) if files else None

    def known_files(self) -> dict[tuple, str]:
        """The pool's files as the last manifest recorded them: {file identity: sha256}."""
        try:
            return {tuple(identity): sha for sha, identity in self.manifest()["identities"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def pooled(self, path: str, known: dict[tuple, str]) -> tuple[str, list[int]]:
        """Put one bundle file in the pool (a hard link); return its sha256 and the pool file's
        identity. A file the pool already holds (the same inode, unchanged) is not hashed."""
        identity = file_identity(path)
        sha = known.get(tuple(identity)) or file_sha256(Path(path))
        pooled = f"{self.pool}/{sha}"
        try:
            held = file_identity(pooled)
        except FileNotFoundError:
            held = None
        if held is None and linked(path, pooled):  # no temporary name: 10,000 renames fewer cold
            return sha, identity
        if held != identity:
            # Not this very file (a damaged copy, or another file of the same bytes): replace it.
            partial = self.pool / f"{TEMPORARY_PREFIX}{sha}"
            partial.unlink(missing_ok=True)  # a stopped build's
            link_or_copy(Path(path), partial)
            os.replace(partial, pooled)
            held = file_identity(pooled)
        return sha, held

    def store(
        self, digest: str, bundle: Path, ids: dict[str, str], skip: str, merge: dict[str, Any] | None = None
    ) -> None:
        """Keep bundle's files (all but the `skip` folder) as the cached bundle for digest, with
        the plan of the merge that wrote it (merging.LastMerge)."""
        if self.folder is None:
            return
        self.pool.mkdir(parents=True, exist_ok=True)
        known, files, identities = self.known_files(), {}, {}
        for name, path in sorted(walk_files(bundle, {skip})):
            files[name], identities[files[name]] = self.pooled(path, known)
        manifest = {"digest": digest, "files": files, "ids": ids, "identities": identities, "merge": merge}
        # Written last: until then the previous manifest and its files stay as they were.
        write_text_atomically(self.folder / BUNDLE_MANIFEST, json.dumps(manifest, sort_keys=True))
        self.read = manifest
        kept = set(files.values())
        for entry in os.scandir(self.pool):
            if entry.name not in kept:
                os.unlink(entry.path)


def walk_files(root: Path, skip: set[str]) -> list[tuple[str, str]]:
    """(path relative to root, path) of each file under root outside its `skip` top folders,
    unsorted. os.scandir, one call a folder: pathlib's rglob and per-file methods took four
    times as long over the 21,000 pages and 11,000 bundle files of 10,000 articles, and
    os.walk a third longer."""
    found: list[tuple[str, str]] = []
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():  # as os.walk: a link to a folder is neither a file nor followed
                    if not entry.is_symlink() and (prefix or entry.name not in skip):
                        folders.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    found.append((prefix + entry.name, entry.path))
    return found
