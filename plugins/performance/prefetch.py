"""Articles read over every core: the Markdown of uncached files converted in forked workers.

A cold build spends most of its reading in Python-Markdown, one file after another, on one
core. With Pelican's content cache at the reader layer, what a reader returns for a file is
kept by the file's sha256, and Pelican's loop takes it from the cache instead of reading.
So, when the first article is about to be read (`article_generator_preread`), the articles
that are not in the cache at all are split in contiguous shares: the build's own process
keeps the first and reads it in Pelican's loop as usual, and one forked worker per further
core reads each other share with the same reader and sends back what it returned, a batch
of files at a time. When Pelican's loop reaches a file of a worker's share, the batches up to
that file are put in the cache (waiting for the worker if it has not read it yet), and Pelican
goes on as if an earlier build had read those files: every signal, the Article objects and
the order are Pelican's own, so the output is the same bytes.

A file whose reading found a problem (content_guard's reader), logged a warning or raised is
not sent back: the build's process reads it itself and reports it with its file and line (a
worker's log records would never reach the build's handlers, which fail a build that logged
an error). A worker that dies sends nothing more: the files of its share it had not sent are
read in the build's process.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from forked import ForkedBatches
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
# A worker sends what it read every this many files (about 0.1 s of reading).
BATCH_FILES = 100


@dataclass
class Share:
    """One worker's files, the batches of reads it sends, and how many are in the cache."""

    paths: list[str]
    batches: Iterator[tuple[int, dict]] = field(default_factory=lambda: iter(()))  # as they arrive
    installed: int = 0  # the share's first files whose batches are in the cache
    ended: bool = False  # the worker has sent everything it will send

    def install_through(self, index: int, cache: dict) -> None:
        """Put the worker's batches in the cache until one holds the share's file `index`
        (waiting for it if need be), or the worker has ended (finished, failed or died: the
        files it did not send are read by the build's process)."""
        while self.installed <= index and not self.ended:
            batch = next(self.batches, None)
            if batch is None:
                self.ended = True
                break
            count, results = batch
            for done in results.items():
                cache.setdefault(*done)
            self.installed += count


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


def read_share(readers, paths: list[str]) -> Iterator[tuple[int, dict[str, tuple[Any, Any]]]]:
    """In a worker: read the files, BATCH_FILES at a time; yield each batch's number of files
    and its clean reads (stamp and data by path)."""
    warnings = ErrorCounter(level=logging.WARNING)
    logging.root.handlers = [warnings]  # the build's process logs them when it reads the file
    for start in range(0, len(paths), BATCH_FILES):
        batch = paths[start : start + BATCH_FILES]
        results = {}
        for path in batch:
            logged = warnings.count
            found = read_clean(readers, path)
            if found is not None and warnings.count == logged:
                results[path] = found
        yield len(batch), results


def install_before_use(readers, shares: list[Share]) -> None:
    """Put a worker's reads in the cache, up to the file Pelican asks for, before it looks."""
    owner = {path: (share, index) for share in shares for index, path in enumerate(share.paths)}
    get_cached_data = readers.get_cached_data

    def get_after_install(path: str, default: Any = None) -> Any:
        found = owner.pop(path, None)
        if found is not None:
            share, index = found
            share.install_through(index, readers._cache)
        return get_cached_data(path, default)

    readers.get_cached_data = get_after_install


def split_shares(paths: list[str], workers: int) -> list[list[str]]:
    """The workers' shares, after the build process's own first share.

    The build's process also makes an Article of every file of the workers' shares, as their
    batches arrive, so its own share is a little smaller: with two processes it reads 45
    files in 100 and the worker 55. At 10,000 articles (8 December) the build's process read
    its 4,500 files in 4.6 s (its reads make Articles too), the worker its 5,500 in 5.1 s,
    and the reading phase took 6.2 s in all. A smaller share for
    the build's process left it waiting for the worker (a share of 0.65: 1.4 s of waiting,
    and the whole reading 1.2 s longer); measured over cold builds, 0.75-0.9 were alike.
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
        share.batches = ForkedBatches(read_share, generator.readers, share.paths).batches()
    install_before_use(generator.readers, shares)
