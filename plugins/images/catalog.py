"""The images of one build: found, hashed, processed once (cached by content), described for markup.

An image's derivatives live in the cache folder `<CACHE_PATH>/<key>/`, where the key is
the sha256 of the pipeline recipe and the source bytes; an unchanged image is never
processed again, whatever its mtime. The build then links those files into the output,
named after the source (`images/x.jpg` -> `images/x.jpg.960.webp`), and prunes cache
entries no image uses any more.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlparse

from hard_links import link_or_copy

from .pipeline import MANIFEST, MIME, Recipe, render_job
from .settings import cache_root, images_settings, recipe_from

logger = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp"})
# Found and checked too, so a photo in a format we cannot publish stops the build with advice
# instead of being published raw (with its EXIF).
RASTER_SUFFIXES = IMAGE_SUFFIXES | {".jfif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif"}
# Left to Pelican's static copy (vector images carry no EXIF and need no resizing).
PASSTHROUGH_SUFFIXES = frozenset({".svg"})
PROGRESS_EVERY = 10.0  # seconds between progress lines
_KEY = re.compile(r"^[0-9a-f]{64}$")
_LINK_PREFIXES = ("{static}", "{attach}", "|static|", "|attach|")


@dataclass(frozen=True)
class Processed:
    """One published image: its source path (relative to content/), cache key and manifest."""

    src: str
    key: str
    manifest: dict[str, Any]


def written_path(src: str) -> str:
    """An image link as the editor meant it: without `{static}` and %-escapes."""
    for prefix in _LINK_PREFIXES:
        if src.startswith(prefix):
            src = src[len(prefix) :]
    return unquote(src)


def normalise_src(src: str) -> str:
    """A Markdown or settings image path as a content-relative POSIX path."""
    return posixpath.normpath(written_path(src).lstrip("/"))


def resolve_src(src: str, article_dir: str, exists: Callable[[str], bool]) -> str:
    """Content-relative path of an image link: beside the article if there, else from content/.

    `/x.jpg` and `{static}/x.jpg` are from content/; a relative link (`bai/01.jpg`,
    `./bai/01.jpg`, `{static}bai/01.jpg`, `images/x.jpg`) is looked up in the article's
    folder first (Pelican's convention), then from content/ (the images/ rule).
    """
    path = written_path(src)
    if path.startswith("/") or not article_dir:
        return normalise_src(path)
    beside = posixpath.normpath(posixpath.join(article_dir, path))
    if not beside.startswith("../") and exists(beside):
        return beside
    return normalise_src(path)


def article_folder(source_path: str | None, content_root: str) -> str:
    """The folder of a content file, relative to content/ ('' at the root or when unknown)."""
    if not source_path:
        return ""
    folder = os.path.relpath(os.path.dirname(os.path.abspath(source_path)), os.path.abspath(content_root))
    folder = Path(folder).as_posix()
    return "" if folder == "." or folder.startswith("..") else folder


def under(src: str, folder: str) -> bool:
    """True when the content-relative `src` lies in `folder` ('' is the whole content folder)."""
    folder = folder.strip("/")
    return not folder or src == folder or src.startswith(folder + "/")


def is_external(src: str) -> bool:
    """Images on another host or inline data are left alone."""
    return bool(urlparse(src).scheme) or src.startswith("//")


def sha256_of(path: Path, recipe: Recipe) -> str:
    """Cache key: the recipe and the source bytes (not the mtime)."""
    digest = hashlib.sha256(recipe.fingerprint().encode())
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def worker_count(setting: int) -> int:
    """WORKERS, where 0 means one per CPU core."""
    return setting or os.cpu_count() or 1


MISSING = (
    "không tìm thấy tệp ảnh; hãy kiểm tra đường dẫn (tính từ thư mục chứa bài viết, hoặc từ "
    "thư mục content/, ví dụ images/2019/anh.jpg)."
)
SETTINGS_MISSING = "không tìm thấy tệp ảnh; hãy kiểm tra đường dẫn (tính từ thư mục content/)."
NOT_AN_IMAGE = "tệp này không phải ảnh; hãy lưu lại ảnh dạng JPEG, PNG, GIF hoặc WebP và sửa đường dẫn."


def folders_inside(content_root: str, paths: Iterable[str | None]) -> list[str]:
    """Those of `paths` that lie inside content/, relative to it (never processed as content)."""
    root = Path(content_root).resolve()
    inside = []
    for path in filter(None, paths):
        absolute = Path(os.path.expanduser(path)).resolve()
        if absolute != root and absolute.is_relative_to(root):
            inside.append(absolute.relative_to(root).as_posix())
    return inside


class ImageCatalog:
    """Every image of the site for one build, and how to write its markup."""

    def __init__(
        self, content_root: str, options: dict[str, Any], named: dict[str, str], excluded: Iterable[str] = ()
    ):
        self.content_root = Path(content_root)
        self.options = options
        # Folders under content/ whose files Pelican copies as they are (attachments), and
        # the output, theme or cache should they sit inside content/.
        self.excluded = sorted({*(d.strip("/") for d in options["EXCLUDE_DIRS"]), *excluded})
        self.recipe = recipe_from(options)
        self.cache = Path(cache_root(options, content_root))
        self.named = named  # src -> the setting that names it ("PORTAL['logo']")
        self.images: dict[str, Processed] = {}
        self.failures: dict[str, str] = {}
        self.referenced: set[str] = set()
        self.rendered = 0

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> ImageCatalog:
        """A catalog for the site these settings describe."""
        named = {}
        logo = (settings.get("PORTAL") or {}).get("logo")
        if logo:
            named[normalise_src(logo)] = "PORTAL['logo']"
        for number, slide in enumerate(settings.get("BANNER_SLIDES") or [], start=1):
            if slide.get("src"):
                named[normalise_src(slide["src"])] = f"BANNER_SLIDES[{number}]['src']"
        options = images_settings(settings)
        others = [settings.get("OUTPUT_PATH"), settings.get("THEME"), cache_root(options, settings["PATH"])]
        return cls(settings["PATH"], options, named, folders_inside(settings["PATH"], others))

    # --- Finding ------------------------------------------------------------------------
    def excluded_by(self, src: str) -> str | None:
        """The excluded folder holding `src` (files/, ...), or None."""
        return next((folder for folder in self.excluded if folder and under(src, folder)), None)

    def sources(self) -> list[str]:
        """Raster image files under SOURCE_DIRS (not in excluded folders) and those the settings name."""
        found = {src for src in self.named if self._is_raster(Path(src))}
        for folder in self.options["SOURCE_DIRS"]:
            base = self.content_root / folder
            for path in base.rglob("*") if base.is_dir() else ():
                if not self._is_raster(path):  # most files are Markdown: the suffix first
                    continue
                src = path.relative_to(self.content_root).as_posix()
                hidden = any(part.startswith(".") for part in Path(src).parts)
                if not hidden and not self.excluded_by(src) and path.is_file():
                    found.add(src)
        return sorted(found)

    @staticmethod
    def _is_raster(path: Path) -> bool:
        """Photos and pictures by their suffix (vector images and other files are left to Pelican)."""
        return path.suffix.lower() in RASTER_SUFFIXES

    def exists(self, src: str) -> bool:
        """True when a file lies at the content-relative path (nothing outside content/ counts)."""
        return not src.startswith("../") and (self.content_root / src).is_file()

    def resolve(self, src: str, source_path: str | None) -> str:
        """Content-relative path of an image link written in the content file `source_path`."""
        return resolve_src(src, article_folder(source_path, str(self.content_root)), self.exists)

    def owns(self, absolute_path: str) -> bool:
        """True when this plugin publishes the file (Pelican's static copy must not)."""
        path, root = Path(absolute_path).resolve(), self.content_root.resolve()
        if not path.is_relative_to(root):
            return False
        src = path.relative_to(root).as_posix()
        return src in self.images or src in self.failures

    def top_folders(self) -> set[str]:
        """First segment of every published image path (the folders feeds must make absolute)."""
        return {src.split("/", 1)[0] for src in self.images}

    # --- Processing ---------------------------------------------------------------------
    def prepare(self) -> None:
        """Process every new or changed image (in parallel), load the rest from the cache, prune."""
        jobs = []
        for src in self.sources():
            path = self.content_root / src
            if not path.is_file():  # only a path the settings name can be missing here
                self.failures[src] = SETTINGS_MISSING
                continue
            key = sha256_of(path, self.recipe)
            manifest = self._cached(key)
            if manifest is None:
                jobs.append((src, key))
            else:
                self.images[src] = Processed(src, key, manifest)
        self._run(jobs)
        self._prune()

    def _cached(self, key: str) -> dict[str, Any] | None:
        """The manifest of a finished cache entry, or None."""
        try:
            return json.loads((self.cache / key / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _run(self, jobs: list[tuple[str, str]]) -> None:
        """Render the jobs, in worker processes when there is more than one."""
        if not jobs:
            return
        self.cache.mkdir(parents=True, exist_ok=True)
        keys = dict(jobs)
        by_key: dict[str, list[str]] = {}
        for src, key in jobs:  # the same photo at two paths (imports copy per article) is made once
            by_key.setdefault(key, []).append(src)
        root, cache = self.content_root, self.cache
        tasks = [(str(root / srcs[0]), str(cache / key), self.recipe) for key, srcs in by_key.items()]
        for absolute, manifest, problem in self._results(tasks):
            first = Path(absolute).relative_to(self.content_root).as_posix()
            for src in by_key[keys[first]]:
                if problem:
                    self.failures[src] = problem
                else:
                    self.images[src] = Processed(src, keys[first], manifest)
            self.rendered += 0 if problem else 1

    def _results(self, tasks: list) -> Iterator[tuple[str, dict | None, str | None]]:
        """Yield each result as it is done, logging progress when the work takes a while."""
        workers = min(worker_count(self.options["WORKERS"]), len(tasks))
        progress = Progress(len(tasks), self.options["PROGRESS_AFTER"])
        if workers == 1:
            for task in tasks:
                yield render_job(task)
                progress.step()
            return
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for future in as_completed([pool.submit(render_job, task) for task in tasks]):
                yield future.result()
                progress.step()

    def _prune(self) -> None:
        """Remove cache entries of images that are gone or changed, and unfinished work."""
        used = {image.key for image in self.images.values()}
        for entry in self.cache.iterdir() if self.cache.is_dir() else ():
            stale = (_KEY.match(entry.name) and entry.name not in used) or entry.name.startswith(".tmp-")
            if stale and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)

    # --- Describing ---------------------------------------------------------------------
    def lookup(self, src: str) -> Processed | None:
        """The processed image at a content-relative path, or None."""
        return self.images.get(normalise_src(src))

    def problem(self, src: str) -> str | None:
        """Why an image at a content-relative path cannot be published, in Vietnamese; None if fine."""
        src = normalise_src(src)
        self.referenced.add(src)
        if src in self.images:
            return None
        if src in self.failures:
            return self.failures[src]
        if not self.exists(src):
            return MISSING
        if Path(src).suffix.lower() in PASSTHROUGH_SUFFIXES:
            return None
        if not self._is_raster(Path(src)):
            return NOT_AN_IMAGE
        folder = self.excluded_by(src)
        if folder:
            return (
                f"ảnh nằm trong thư mục content/{folder}/, nơi tệp được đăng nguyên bản (kể cả vị trí GPS); "
                "hãy chuyển ảnh ra khỏi thư mục đó (ví dụ vào images/) và sửa đường dẫn."
            )
        folders = ", ".join(posixpath.join("content", d.strip("/"), "") for d in self.options["SOURCE_DIRS"])
        return f"ảnh phải nằm trong thư mục {folders}; hãy chuyển ảnh vào đó và sửa đường dẫn."

    def picture_data(self, src: str, crop: str | None = None) -> dict[str, Any] | None:
        """What the picture markup needs (site-relative URLs), or None for an image we do not process."""
        image = self.lookup(src)
        if image is None:
            return None
        fallback = image.manifest["fallback"]
        entries = image.manifest["thumb" if crop == "thumb" else "full"]
        largest = entries[-1]
        return {
            "webp": [(self.url(image, e["files"]["webp"]), e["width"]) for e in entries],
            "fallback": [(self.url(image, e["files"][fallback]), e["width"]) for e in entries],
            "type": MIME[fallback],
            "src": self.url(image, largest["files"][fallback]),
            "width": largest["width"],
            "height": largest["height"],
        }

    def og_data(self, src: str) -> dict[str, Any] | None:
        """The Open Graph image: site-relative URL, width and height."""
        image = self.lookup(src)
        if image is None:
            return None
        og = image.manifest["og"]
        return {"url": self.url(image, og["file"]), "width": og["width"], "height": og["height"]}

    @staticmethod
    def url(image: Processed, name: str) -> str:
        """Site-relative URL of one derivative (the original keeps the source's own path)."""
        return quote(image.src if name.startswith("original.") else f"{image.src}.{name}")

    # --- Publishing ---------------------------------------------------------------------
    def output_files(self) -> Iterable[tuple[Path, str]]:
        """(cached file, output path) for every file to publish."""
        for image in self.images.values():
            folder = self.cache / image.key
            for name in sorted(os.listdir(folder)):
                if name != MANIFEST:
                    target = image.src if name.startswith("original.") else f"{image.src}.{name}"
                    yield folder / name, target

    def publish(self, output_path: str) -> int:
        """Hard-link (or copy) every published file into the output; return how many."""
        count = 0
        for cached, target in self.output_files():
            destination = Path(output_path) / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.unlink(missing_ok=True)
            link_or_copy(cached, destination)
            count += 1
        return count


class Progress:
    """Logs 'n/total' every PROGRESS_EVERY seconds once the work has run longer than `after` seconds."""

    def __init__(self, total: int, after: float) -> None:
        self.total, self.after = total, after
        self.done = 0
        self.started = self.last = time.monotonic()

    def step(self) -> None:
        """One more image is done."""
        self.done += 1
        now = time.monotonic()
        due = self.last == self.started or now - self.last >= PROGRESS_EVERY or self.done == self.total
        if now - self.started >= self.after and due:
            logger.info("Đang xử lý ảnh: %d/%d (%.0f giây)", self.done, self.total, now - self.started)
            self.last = now
