"""Pelican's articles cache saved by a forked child while the build goes on.

Once the articles are read, Pelican pickles every article's HTML and metadata into its
content cache again, even after a one-article edit: 0.3 s of a rebuild at 10,000 articles,
1.1 s at 20,000, with nothing else happening meanwhile. A child forked at that moment sees
the cache as it is, writes it under a temporary name and renames it (content_cache.
write_cache_file), while the build writes its pages; at the end of the build (`finalized`)
the build waits for it and records the file's digest, as it records a cache file it saved
itself. A child that failed leaves the saving to the build's process then.

Not for a cache of a few articles (the fork costs more than the pickle), nor when the
build's process is large by then (a cold build of 20,000 articles): the child copies what
the pickling touches, every cached article, while the pages are rendered beside it.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from forked import ForkedCall, resident_mib

from .content_cache import record_digests, write_cache_file

# Fewer cached files than this are saved by the build's process.
BACKGROUND_MIN_ENTRIES = 1000
# Nor when the build's process holds more than this (MiB resident) once the articles are read.
BACKGROUND_MAX_RESIDENT_MIB = 600

# The children saving one build's cache files: (file name, child, the cache layer), by the id
# of the build's settings.
_PENDING: dict[int, list[tuple[str, ForkedCall, Any]]] = {}
# The cache files the build's process wrote itself, their digests recorded at once, by the id
# of the build's settings.
_RECORDED: dict[int, set[str]] = {}


def forget_pending() -> None:
    """A new build: a build that failed before its end leaves its children behind (they finish)."""
    _PENDING.clear()
    _RECORDED.clear()


def save_readers_cache_in_background(generator: Any) -> None:
    """article_generator_init: the generator's readers save their cache through a child."""
    readers = generator.readers
    if getattr(readers, "_cache_data_policy", False):
        readers.save_cache = functools.partial(save_in_background, readers, generator.settings)


def save_in_background(readers: Any, settings: dict[str, Any]) -> None:
    """In place of `readers.save_cache()`: fork a child that writes the file, unless the cache is
    small or the process large (then the build's process writes it)."""
    entries = len(readers._cache)  # noqa: SLF001 (Pelican's cache layer)
    name = os.path.basename(readers._cache_path)  # noqa: SLF001
    if entries < BACKGROUND_MIN_ENTRIES or resident_mib() > BACKGROUND_MAX_RESIDENT_MIB:
        # Its digest is the one the writing made: the file is not read back to hash it again.
        record_digests(settings, {name: write_cache_file(readers)})
        _RECORDED.setdefault(id(settings), set()).add(name)
        return
    _PENDING.setdefault(id(settings), []).append((name, ForkedCall(write_cache_file, readers), readers))


def saving_in_background(settings: dict[str, Any]) -> set[str]:
    """The cache files of this build this plugin saves and records itself: those a child is
    writing (recorded at the end) and those the build's process wrote (recorded already)."""
    pending = {name for name, _call, _readers in _PENDING.get(id(settings), [])}
    return pending | _RECORDED.get(id(settings), set())


def finish_saving(settings: dict[str, Any]) -> None:
    """Wait for the children of this build, and record each file they wrote; a child that
    failed: the file is written now."""
    for name, call, readers in _PENDING.pop(id(settings), []):
        digest = call.result(fallback=None)
        if not isinstance(digest, str):
            # The articles have been grouped since: the next build reads them from the cache.
            digest = write_cache_file(readers, keep_articles=False)
        record_digests(settings, {name: digest})
