"""When Pelican's content cache may be used: what a file's parsed form depends on besides its bytes.

Pelican's reader cache (CACHE_CONTENT, CHECK_MODIFIED_METHOD = "sha256") keeps each Markdown
file's HTML and metadata and reuses them while the file's bytes stay the same. That HTML
also depends on the plugins' code, the settings (the Markdown extensions, URL patterns, and
the categories the cache stores with their settings) and the images: a photo's widths and
height are written into the article. `reading_stamp` sums all of that up; when it differs
from the stamp the cache was written with, the cache files are removed before anything is
read, so the build parses everything again and the new stamp matches the new cache. The
record beside the stamp also holds the sha256 of each cache file as its build saved it: a
file stopped half-written (Ctrl+C, a kill) is removed instead of crashing the next build.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from importlib.metadata import version
from pathlib import Path, PurePath
from typing import Any

from atomic_files import write_text_atomically

from .file_stamps import identity
from .read_snapshot import with_kept_articles, write_cache

STAMP_FILE = "content-cache-stamp"
CACHE_FORMAT = 1
# Packages whose version changes the parsed form of a file.
PACKAGES = ("pelican", "markdown", "babel", "pygments")
# Settings that do not change how a file is read: where this build writes, what `make check`
# does with the problems, where the cache lives, how pages are written.
NOT_READ_SETTINGS = frozenset(
    {
        "OUTPUT_PATH",
        "CONTENT_GUARD",
        "CACHE_PATH",
        "LOAD_CONTENT_CACHE",
        # How pages are written, not what they hold (plugins/performance).
        "PERFORMANCE",
        "PERFORMANCE_CONFIG",
        "PREVIOUS_OUTPUT_PATH",
        "READING_STAMP",
    }
)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
CATALOG_KEY = "IMAGE_CATALOG"
STAMP_KEY = "READING_STAMP"


def describe(value: Any) -> Any:
    """JSON for what json cannot write: paths, dates and sets by value, other objects by class.

    Objects are the Markdown extensions and the image catalog: their code is stamped with the
    plugins' sources and the catalog's state by `images_part`.
    """
    if isinstance(value, (PurePath, date)):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def settings_part(settings: dict[str, Any]) -> str:
    """The settings that can change how content is read, serialised in a stable order."""
    kept = {key: value for key, value in settings.items() if key not in NOT_READ_SETTINGS}
    return json.dumps(kept, sort_keys=True, default=describe, ensure_ascii=False)


def plugin_sources(plugin_paths: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of every Python file of the local plugins, in a stable order."""
    for folder in plugin_paths:
        for path in sorted(Path(folder).rglob("*.py")):
            yield path.as_posix(), path.read_bytes()


def other_files_stat(content_root: str, skip: Iterable[str]) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime) of every file under content/ that is not Markdown
    (images, attachments), sorted by path; hidden folders and `skip` left out."""
    skipped = {os.path.realpath(path) for path in skip}
    found = []
    for folder, folders, names in os.walk(content_root):
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".") and os.path.realpath(os.path.join(folder, name)) not in skipped
        )
        relative = os.path.relpath(folder, content_root)
        for name in names:
            if not name.lower().endswith(MARKDOWN_SUFFIXES):
                stat = os.stat(os.path.join(folder, name))
                found.append((os.path.join(relative, name), stat.st_size, stat.st_mtime_ns))
    return sorted(found)


def other_files(content_root: str, skip: Iterable[str]) -> list[str]:
    """The relative paths of `other_files_stat` (the reader's cache never depends on file times)."""
    return [path for path, _size, _mtime in other_files_stat(content_root, skip)]


def images_part(catalog: Any) -> list[Any]:
    """Each processed image with its cache key (source bytes and recipe), and each failure."""
    if catalog is None:
        return []
    return [
        sorted((src, image.key) for src, image in catalog.images.items()),
        sorted(catalog.failures.items()),
    ]


def reading_stamp(settings: dict[str, Any]) -> str:
    """sha256 over everything a file's parsed form depends on besides the file itself.

    Computed once per build and kept in that build's settings (STAMP_KEY): the content cache,
    content_guard's findings and the render keys all stand on it.
    """
    if settings.get(STAMP_KEY):
        return settings[STAMP_KEY]
    settings[STAMP_KEY] = stamp = compute_reading_stamp(settings)
    return stamp


def compute_reading_stamp(settings: dict[str, Any]) -> str:
    """The stamp of `reading_stamp`, computed from scratch."""
    digest = hashlib.sha256(f"{CACHE_FORMAT} {sys.version}".encode())
    for package in PACKAGES:
        digest.update(f"{package}={version(package)}\n".encode())
    for path, data in plugin_sources(settings.get("PLUGIN_PATHS", [])):
        digest.update(path.encode() + b"\0" + hashlib.sha256(data).digest())
    digest.update(settings_part(settings).encode())
    skip = [settings["OUTPUT_PATH"], settings["CACHE_PATH"]]
    digest.update(json.dumps(other_files(settings["PATH"], skip)).encode())
    digest.update(json.dumps(images_part(settings.get(CATALOG_KEY))).encode())
    return digest.hexdigest()


def pelican_cache_files(cache_path: Path) -> list[Path]:
    """Pelican's content cache files: one per generator ("ArticlesGenerator-Readers", ...)."""
    if not cache_path.is_dir():
        return []
    return [path for path in cache_path.iterdir() if path.is_file() and "Generator" in path.name]


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read_record(stamp_file: Path) -> dict[str, Any]:
    """What the last build left: its stamp and the digest of each cache file it finished."""
    try:
        record = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"stamp": None, "files": {}}
    return record if isinstance(record, dict) and isinstance(record.get("files"), dict) else {"files": {}}


def write_record(stamp_file: Path, record: dict[str, Any]) -> None:
    """Write the record in one step (a build stopped meanwhile leaves the old one whole)."""
    stamp_file.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(stamp_file, json.dumps(record, sort_keys=True))


def invalidate_if_stale(settings: dict[str, Any]) -> list[str]:
    """Remove the cache files this build must not load; return their names.

    All of them when the stamp differs; otherwise those whose bytes are not what the build
    that saved them recorded (Pelican writes them in place: a build stopped while saving,
    by Ctrl+C or a kill, leaves a truncated file that Pelican cannot read and stops on). A
    file that is still the very file recorded (file_stamps.identity: inode, size, times) is
    not read to hash it again: 57 MB at 10,000 articles on every build.
    """
    cache_path = Path(settings["CACHE_PATH"])
    stamp_file = cache_path / STAMP_FILE
    record, stamp = read_record(stamp_file), reading_stamp(settings)
    if record.get("stamp") != stamp:
        record = {"stamp": stamp, "files": {}}
    identities = record.setdefault("identities", {})
    removed = []
    for path in pelican_cache_files(cache_path):
        if not recorded_whole(record, path):
            path.unlink()
            record["files"].pop(path.name, None)
            identities.pop(path.name, None)
            removed.append(path.name)
    # Old files go first and the record last: no record ever vouches for a file it did not see.
    write_record(stamp_file, record)
    return removed


def write_cache_file(cacher: Any, keep_articles: bool = True) -> str:
    """Pelican's `save_cache`, in one step: the pickle under a temporary name, then renamed (a
    process stopped meanwhile leaves the previous file whole); the sha256 of the file written.
    With `keep_articles`, the articles this build read are kept in it too (read_snapshot.py):
    only while they are as reading left them, before any plugin has grouped them."""
    target = Path(cacher._cache_path)  # noqa: SLF001 (Pelican's cache layer)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    target.parent.mkdir(parents=True, exist_ok=True)
    cache = with_kept_articles(cacher) if keep_articles else cacher._cache  # noqa: SLF001
    try:
        with cacher._cache_open(partial, "wb") as handle:  # noqa: SLF001
            write_cache(cache, handle, cacher.settings)
    except (pickle.PicklingError, TypeError, AttributeError):
        partial.unlink(missing_ok=True)
        if not keep_articles:
            raise
        # Something a plugin set on an article cannot be pickled: the next build makes the
        # articles again from the readers' cache.
        return write_cache_file(cacher, keep_articles=False)
    os.replace(partial, target)
    return file_digest(target)


def recorded_whole(record: dict[str, Any], path: Path) -> bool:
    """True when the cache file is the one its build recorded: the very same file, or the
    same bytes."""
    digest = record["files"].get(path.name)
    if digest is None:
        return False
    if record.get("identities", {}).get(path.name) == identity(path.stat()):
        return True
    return digest == file_digest(path)


def record_digests(settings: dict[str, Any], digests: dict[str, str]) -> None:
    """Remember the digest (and identity) of each cache file a build finished writing, by name."""
    cache_path = Path(settings["CACHE_PATH"])
    stamp_file = cache_path / STAMP_FILE
    record = read_record(stamp_file)
    record["files"].update(digests)
    identities = record.setdefault("identities", {})
    for name in digests:
        identities[name] = identity((cache_path / name).stat())
    write_record(stamp_file, record)


def record_saved_cache(
    settings: dict[str, Any], generator_name: str, pending: set[str] = frozenset()
) -> None:
    """After a generator saved its cache file: remember its digest for the next build (not for a
    file cache_saving.py records itself: `pending`, written by a child or recorded already)."""
    cache_path = Path(settings["CACHE_PATH"])
    names = {f"{generator_name}-Readers", generator_name} - pending
    saved = {name: file_digest(cache_path / name) for name in names if (cache_path / name).is_file()}
    record_digests(settings, saved)
