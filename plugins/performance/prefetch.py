"""Articles read over every core: the Markdown of uncached files converted in forked workers.

A cold build spends most of its reading in Python-Markdown, one file after another, on one
core. With Pelican's content cache at the reader layer, what a reader returns for a file is
kept by the file's sha256, and Pelican's loop takes it from the cache instead of reading.
So, when the first article is about to be read (`article_generator_preread`), the articles
that are not in the cache at all are split in contiguous shares: the build's own process
keeps the first and reads it in Pelican's loop as usual, and one forked worker per further
core reads each other share with the same reader and sends back what it returned. Before
Pelican's loop reaches a worker's share, the results are put in the cache, and Pelican goes
on as if an earlier build had read those files: every signal, the Article objects and the
order are Pelican's own, so the output is the same bytes.

A file whose reading found a problem (content_guard's reader), logged a warning or raised is
not sent back: the build's process reads it itself and reports it with its file and line (a
worker's log records would never reach the build's handlers, which fail a build that logged
an error). A worker that dies sends nothing, and its share is read in the build's process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from forked import ForkedCall
from logged_errors import ErrorCounter
from pelican.readers import _DISCARD
from pelican.utils import file_suffix
from progress import announce

from vietnamese.text import format_number

from .read_snapshot import cache_key
from .writer import worker_count

logger = logging.getLogger(__name__)

DONE_KEY = "_performance_prefetched"
# The build process's share of the uncached files, against a worker's share of 1.
PARENT_SHARE = 0.9


@dataclass
class Share:
    """One worker's files, and the worker reading them."""

    paths: list[str]
    worker: ForkedCall | None = None

    def wait(self) -> dict[str, tuple[Any, Any]]:
        """What the worker read (stamp and data by absolute path); nothing if it died."""
        return self.worker.result(fallback={}) if self.worker is not None else {}


def uncached_articles(generator) -> list[str]:
    """Absolute paths of the articles Pelican's reader cache knows nothing of (no hashing)."""
    readers = generator.readers
    cached = readers._cache if readers._cache_data_policy else None
    if cached is None:
        return []
    paths = []
    for relative in generator.get_files(
        generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"]
    ):
        path = cache_key(generator, relative)
        if path not in cached and file_suffix(path) in readers.readers:
            paths.append(path)
    return paths


def read_clean(readers, path: str) -> tuple[Any, Any] | None:
    """(stamp, (content, metadata)) as Pelican would cache it, or None if the read had a problem."""
    reader = readers.readers[file_suffix(path)]
    # The stamp first: a file saved again while being read gets a stamp that no longer matches.
    stamp = readers._get_file_stamp(path)
    try:
        content, metadata = reader.read(path)
    except Exception:  # noqa: BLE001 (the build's process reads it again and reports it)
        return None
    if not getattr(reader, "last_read_clean", True):
        return None
    return stamp, (content, {key: value for key, value in metadata.items() if value is not _DISCARD})


def read_share(readers, paths: list[str]) -> dict[str, tuple[Any, Any]]:
    """In a worker: read the files; return the clean reads (stamp and data by path)."""
    warnings = ErrorCounter(level=logging.WARNING)
    logging.root.handlers = [warnings]  # the build's process logs them when it reads the file
    results = {}
    for path in paths:
        logged = warnings.count
        found = read_clean(readers, path)
        if found is not None and warnings.count == logged:
            results[path] = found
    return results


def install_before_use(readers, shares: list[Share]) -> None:
    """Put a share's results in the cache the first time Pelican asks for one of its files."""
    owner = {path: share for share in shares for path in share.paths}
    get_cached_data = readers.get_cached_data

    def get_after_install(path: str, default: Any = None) -> Any:
        share = owner.pop(path, None)
        if share is not None:
            for done in share.wait().items():
                readers._cache.setdefault(*done)
            for other in share.paths:
                owner.pop(other, None)
        return get_cached_data(path, default)

    readers.get_cached_data = get_after_install


def split_shares(paths: list[str], workers: int) -> list[list[str]]:
    """The workers' shares, after the build process's own first share.

    The build's process also makes an Article of every file, after its worker's share has
    arrived (0.5 ms a file at 10,000 articles, against 1.5 ms for a worker to read one and
    1.9 ms for the build's process, whose reads make Articles too), so its own share is a
    little smaller: with two processes it reads 45 files in 100 and the worker 55, and both
    finish reading at about the same time.
    """
    own = int(len(paths) * PARENT_SHARE / workers)
    rest = paths[own:]
    if not rest:
        return []
    size = -(-len(rest) // (workers - 1))
    return [rest[start : start + size] for start in range(0, len(rest), size)]


def prefetch_articles(generator) -> None:
    """article_generator_preread: read the uncached articles over every core, once per build."""
    settings = generator.settings
    if getattr(generator, DONE_KEY, False):
        return
    setattr(generator, DONE_KEY, True)
    config = settings.get("PERFORMANCE_CONFIG") or {}
    workers = worker_count(config)
    paths = uncached_articles(generator)
    if workers <= 1 or len(paths) < config.get("PARALLEL_MIN_READS", 200):
        return
    shares = [Share(paths) for paths in split_shares(paths, workers)]
    if not shares:
        return
    announce(
        settings,
        f"Đọc {format_number(len(paths))} bài viết chưa có trong bộ nhớ đệm "
        f"trên {format_number(len(shares) + 1)} tiến trình…",
    )
    for share in shares:
        share.worker = ForkedCall(read_share, generator.readers, share.paths)
    install_before_use(generator.readers, shares)
