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
import os
import pickle
import sys
import threading
import traceback
from dataclasses import dataclass, field
from typing import Any

from pelican.readers import _DISCARD
from pelican.utils import file_suffix
from progress import announce

from vietnamese.text import format_number

from .writer import die_with_parent, worker_count

logger = logging.getLogger(__name__)

DONE_KEY = "_performance_prefetched"
# The build process's share of the uncached files, against a worker's share of 1.
PARENT_SHARE = 0.9


@dataclass
class Share:
    """One worker's files, and what it sent back once the pipe is read to its end."""

    paths: list[str]
    pid: int = 0
    results: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    reader: threading.Thread | None = None

    def receive(self, pipe: int) -> None:
        """In a thread of the build's process: read the worker's answer, then reap it."""
        with os.fdopen(pipe, "rb") as stream:
            data = stream.read()
        os.waitpid(self.pid, 0)
        try:
            self.results = pickle.loads(data) if data else {}
        except (pickle.UnpicklingError, EOFError, ValueError):  # cut short: the worker died
            self.results = {}

    def wait(self) -> dict[str, tuple[Any, Any]]:
        """What the worker read (stamp and data by absolute path), once it has finished."""
        if self.reader is not None:
            self.reader.join()
            self.reader = None
        return self.results


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
        path = os.path.abspath(os.path.join(generator.path, relative))
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


class WarningCounter(logging.Handler):
    """In a worker, instead of the build's handlers: counts WARNING records (and worse)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def read_share_and_exit(readers, paths: list[str], pipe: int) -> None:
    """In a worker: read the files, send back the clean reads, and exit (never return)."""
    code = 0
    die_with_parent()
    warnings = WarningCounter()
    logging.root.handlers = [warnings]  # the build's process logs them when it reads the file
    try:
        results = {}
        for path in paths:
            logged = warnings.count
            found = read_clean(readers, path)
            if found is not None and warnings.count == logged:
                results[path] = found
        with os.fdopen(pipe, "wb") as stream:
            pickle.dump(results, stream, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 (the parent reads the share itself)
        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


def start_workers(readers, shares: list[Share]) -> None:
    """Fork one worker per share, each answering through its own pipe."""
    sys.stdout.flush()
    sys.stderr.flush()
    for share in shares:
        incoming, outgoing = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(incoming)
            read_share_and_exit(readers, share.paths, outgoing)
        os.close(outgoing)
        share.pid = pid
        share.reader = threading.Thread(target=share.receive, args=(incoming,), daemon=True)
        share.reader.start()


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
    start_workers(generator.readers, shares)
    install_before_use(generator.readers, shares)
