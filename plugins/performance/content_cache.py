"""When Pelican's content cache may be used: what a file's parsed form depends on besides its bytes.

Pelican's reader cache (CACHE_CONTENT, CHECK_MODIFIED_METHOD = "sha256") keeps each Markdown
file's HTML and metadata and reuses them while the file's bytes stay the same. That HTML
also depends on the plugins' code, the settings (the Markdown extensions, URL patterns, and
the categories the cache stores with their settings) and the images: a photo's widths and
height are written into the article. `reading_stamp` sums all of that up; when it differs
from the stamp the cache was written with, the cache files are removed before anything is
read, so the build parses everything again and the new stamp matches the new cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from importlib.metadata import version
from pathlib import Path, PurePath
from typing import Any

STAMP_FILE = "content-cache-stamp"
CACHE_FORMAT = 1
# Packages whose version changes the parsed form of a file.
PACKAGES = ("pelican", "markdown", "babel", "pygments")
# Settings that do not change how a file is read: where this build writes, what `make check`
# does with the problems, where the cache lives.
NOT_READ_SETTINGS = frozenset({"OUTPUT_PATH", "CONTENT_GUARD", "CACHE_PATH", "LOAD_CONTENT_CACHE"})
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
CATALOG_KEY = "IMAGE_CATALOG"


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


def other_files(content_root: str, skip: Iterable[str]) -> list[str]:
    """Every file under content/ that is not Markdown (images, attachments), by relative path."""
    skipped = {os.path.realpath(path) for path in skip}
    found = []
    for folder, folders, names in os.walk(content_root):
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".") and os.path.realpath(os.path.join(folder, name)) not in skipped
        )
        relative = os.path.relpath(folder, content_root)
        found += [os.path.join(relative, n) for n in names if not n.lower().endswith(MARKDOWN_SUFFIXES)]
    return sorted(found)


def images_part(catalog: Any) -> list[Any]:
    """Each processed image with its cache key (source bytes and recipe), and each failure."""
    if catalog is None:
        return []
    return [
        sorted((src, image.key) for src, image in catalog.images.items()),
        sorted(catalog.failures.items()),
    ]


def reading_stamp(settings: dict[str, Any]) -> str:
    """sha256 over everything a file's parsed form depends on besides the file itself."""
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


def invalidate_if_stale(settings: dict[str, Any]) -> bool:
    """Remove the content cache when its stamp is not this build's; return True if removed."""
    cache_path = Path(settings["CACHE_PATH"])
    stamp_file = cache_path / STAMP_FILE
    stamp = reading_stamp(settings)
    try:
        if stamp_file.read_text(encoding="utf-8") == stamp:
            return False
    except OSError:
        pass
    # Old files go first and the stamp last: a build stopped in between leaves no cache
    # that the stamp would vouch for.
    for path in pelican_cache_files(cache_path):
        path.unlink()
    cache_path.mkdir(parents=True, exist_ok=True)
    stamp_file.write_text(stamp, encoding="utf-8")
    return True
