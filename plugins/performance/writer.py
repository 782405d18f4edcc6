"""The page writer: pages queued while the generators run, then kept or rendered over every core.

Pelican renders each page the moment a generator asks for it, on one core. This writer lets
Pelican do all its own bookkeeping (pagination, the page's variables, which file may be
written twice) but keeps the template and variables instead of rendering. When every
generator has asked (`flush`, called by `FlushGenerator`, the last generator before static
files), each queued page gets its render key (`render_keys.py`):
- a page whose key is the one the previous output was written with is hard-linked from the
  previous output (copied where linking is impossible): its bytes cannot differ;
- the others are rendered, shared over `WORKERS` processes: the build forks once the whole
  site is read, so the children see every article without copying or pickling anything.
Between the two, `build_signals.before_pages_written` is sent: content_guard's checks, run
in a forked process meanwhile, stop the build there if the content has errors.

The keys are kept in the cache folder with the identity (device, inode) of the output they
describe: they are trusted only while that very folder is still the site's output.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import sys
import time
import traceback
from collections import ChainMap
from collections.abc import Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import compress, islice
from multiprocessing.sharedctypes import RawArray, RawValue
from operator import is_not
from pathlib import Path
from typing import Any

import forked
from atomic_files import write_text_atomically
from build_signals import DAY_DECISIONS, before_pages_written
from forked import ForkedCall, die_with_parent, resident_mib, return_free_memory
from hard_links import link_or_copy
from logged_errors import ErrorCounter
from pelican import signals
from pelican.contents import Content, Static
from pelican.writers import FileOverwriteFailedError, Writer
from progress import announce

from vietnamese.text import format_number

from . import fingerprint_memo, render_keys
from .collector import usual_full_passes
from .folders import FoldersAhead
from .shortcut import (
    KeptPageLinker,
    Shortcut,
    SkippedWrite,
    changed_texts,
    recorded_calls,
    same_sources,
    text_digests,
)

logger = logging.getLogger(__name__)

KEYS_FILE = "render-keys.json"
# The record before the last one, kept while the build that saved the last one may still fail.
KEYS_FILE_BEFORE = "render-keys-before.json"
# Fewer contents than this are fingerprinted in the build's own process.
PARALLEL_MIN_CONTENTS = 1000
# Fewer contents than this are fingerprinted when the pages are written, not while they are queued.
EARLY_MIN_CONTENTS = 1000
# Nor when the build's process is too large by then (forked.RENDER_KEYS_BESIDE_MAX_MIB):
# at 10,000 articles the child took the edit's peak from 524 to 598-620 MiB, the render keys
# from 2.1 to 0.9-1.2 s.
# Fewer pages than this get their keys in the build's own process.
PARALLEL_MIN_KEYS = 2000
# Rendered pages between two trims of the allocator (see trim_after).
PAGES_PER_TRIM = 1000
# Pages a rendering process takes from the queue at a time: the processes end within a few
# pages of each other, and the queue's lock is taken about 2,500 times at 10,000 articles.
PAGES_PER_TAKE = 8
LOCK_TIMEOUT = 60  # seconds
# A child process's exit codes.
CHILD_FAILED, CHILD_LOGGED_ERRORS = 1, 3


class PageWriteError(RuntimeError):
    """A worker process could not write its share of the pages."""


@dataclass
class QueuedPage:
    """One page Pelican asked for: what to render, and where.

    Its variables are a copy of the shared context with a few entries of its own; the copy
    is kept as `own` (what differs) over `base` (one copy of the context for many pages):
    100,000 copies of a context of ~100 entries would take hundreds of MiB.
    """

    template: Any
    own: dict[str, Any]
    base: dict[str, Any]
    shared_context: dict[str, Any]
    path: str
    name: str = ""
    skipped: bool = False
    key: str = ""
    linked: bool = False

    @property
    def variables(self) -> dict[str, Any]:
        """The very dict Pelican asked to render: same keys, same order, same objects."""
        variables = self.base.copy()
        variables.update(self.own)
        return variables

    def release(self) -> None:
        """Drop what the page was rendered from, once it is written and reported."""
        self.template, self.own, self.base = None, {}, {}


class ContextCopies:
    """One copy of each shared context, kept while the context only gains or replaces entries."""

    def __init__(self) -> None:
        self.copies: dict[int, tuple[dict[str, Any], tuple[str, ...], tuple[Any, ...]]] = {}

    def split(
        self, variables: dict[str, Any], shared: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """(own, base) whose merge is `variables` exactly, keys in the same order."""
        found = self.copies.get(id(shared))
        if found is None or not starts_with(variables, found[1]):
            base = shared.copy()
            found = self.copies[id(shared)] = (base, tuple(base), tuple(base.values()))
            if not starts_with(variables, found[1]):  # not a copy of the context: keep it whole
                return dict(variables), {}
        base, keys, values = found
        # The first len(keys) entries are the base's keys in order (starts_with): compared by
        # position in C loops, not by a lookup each (21,000 pages of ~200 entries).
        differs = map(is_not, islice(variables.values(), len(keys)), values)
        own = dict(compress(variables.items(), differs))
        own.update(islice(variables.items(), len(keys), None))
        return own, base


def starts_with(variables: dict[str, Any], keys: tuple[str, ...]) -> bool:
    """True when the first keys of `variables` are `keys`, in order.

    Then `base` (whose keys these are) updated with the entries that differ gives back
    `variables` with its order: replaced keys keep their place, new ones come after, in order.
    """
    return len(variables) >= len(keys) and tuple(islice(variables, len(keys))) == keys


class RecordingTemplate:
    """Stands in for a template while pages are queued: remembers what it was asked to render."""

    def __init__(self, template: Any, writer: ParallelWriter, shared_context: dict[str, Any]) -> None:
        self.template = template
        self.writer = writer
        self.shared_context = shared_context

    def render(self, variables: dict[str, Any]) -> str:
        own, base = self.writer.context_copies.split(variables, self.shared_context)
        self.writer.awaiting = QueuedPage(self.template, own, base, self.shared_context, path="")
        return ""


class _Discard:
    """A file that keeps nothing: Pelican writes its placeholder output here while queueing."""

    def __enter__(self) -> _Discard:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, text: str) -> int:
        return len(text)


class ParallelWriter(Writer):
    """Pelican's writer, with pages queued until `flush` and then kept or rendered in parallel."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.config = (settings or {}).get("PERFORMANCE_CONFIG") or {}
        self.queue: list[QueuedPage] = []
        self.awaiting: QueuedPage | None = None
        self.queued_paths: dict[str, QueuedPage] = {}
        self.context_copies = ContextCopies()
        self.queueing = True
        # The directory of every file asked for: the folders made ahead that none holds go.
        self.asked_folders: set[str] = set()
        # Each write's queued pages by its name (None: the name was written twice), for the record.
        self.calls: dict[str, list[QueuedPage] | None] = {}
        # A rebuild whose site digest is unchanged skips the writes it may (shortcut.py).
        self.shortcut: Shortcut | None = _SHORTCUTS.pop(id(settings), None) if settings else None
        self.skipped: list[SkippedWrite] = []
        self.kept_calls: dict[str, list[str]] = {}
        self.replaying = False
        previous = self.config.get("PREVIOUS_OUTPUT") or ""
        self.linker = KeptPageLinker(previous) if self.shortcut is not None else None

    def write_file(  # noqa: PLR0913 (Pelican's signature)
        self,
        name,  # noqa: ANN001
        template,  # noqa: ANN001
        context,  # noqa: ANN001
        relative_urls=False,  # noqa: ANN001, FBT002
        paginated=None,  # noqa: ANN001
        template_name=None,  # noqa: ANN001
        override_output=False,  # noqa: ANN001, FBT002
        url=None,  # noqa: ANN001
        **kwargs,  # noqa: ANN003
    ):
        """Queue the page(s) instead of rendering them (render at once after `flush`), or skip
        the write when its pages cannot have changed (shortcut.py)."""
        options = {
            "relative_urls": relative_urls,
            "paginated": paginated,
            "template_name": template_name,
            "override_output": override_output,
            "url": url,
        }
        if not self.queueing:
            return super().write_file(name, template, context, **options, **kwargs)
        skips = self.shortcut is not None and not self.replaying
        names = self.shortcut.skipped_pages(name, context, kwargs) if skips else None
        if names is not None:
            self.skip(SkippedWrite(name, names, template, context, options, kwargs))
            return None
        queued = len(self.queue)
        with signals.content_written.muted():  # sent when the page really exists
            super().write_file(name, RecordingTemplate(template, self, context), context, **options, **kwargs)
        if isinstance(name, str):  # the record is JSON
            self.calls[name] = None if name in self.calls else self.queue[queued:]
        return None

    def skip(self, write: SkippedWrite) -> None:
        """Claim a skipped write's files as Pelican would have, and hand it to the linker."""
        claimed = []
        for name in write.names:
            path = os.path.abspath(os.path.join(self.output_path, name))
            if not self.claim(path, bool(write.options["override_output"])):
                continue
            earlier = self.queued_paths.pop(path, None)
            if earlier is not None:  # an overriding write replaces the page queued before it
                earlier.skipped = True
            claimed.append(name)
            write.paths.append(path)
            # Its folder is made by the linker (most were made ahead: folders.py); the hosting
            # plugin asks the writer which pages are written, not the disk.
            self.asked_folders.add(os.path.dirname(path))
        write.names = claimed
        self.skipped.append(write)
        self.linker.add(write)

    def _open_w(self, filename, encoding, override=False):  # noqa: ANN001
        """While queueing: remember the page instead of opening its file (feeds are written at once)."""
        page, self.awaiting = self.awaiting, None
        self.asked_folders.add(os.path.dirname(filename))
        if page is None:  # a feed, or a page written after the flush
            return super()._open_w(filename, encoding, override)
        if self.claim(filename, override):
            page.path = filename
            page.name = os.path.relpath(filename, self.output_path)
            earlier = self.queued_paths.get(filename)
            if earlier is not None:  # an overriding write replaces the page queued before it
                earlier.skipped = True
            self.queued_paths[filename] = page
            self.queue.append(page)
        return _Discard()

    def claim(self, filename: str, override: bool) -> bool:
        """Pelican's rule for a file asked for twice; True when this write is to happen.

        A file is written once, unless one (and only one) of the writes says `override`:
        that write wins, and the writes after it are skipped. A replayed write (`keep_skipped`)
        claimed its files when it was skipped.
        """
        if self.replaying:
            return True
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return False
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}": already written')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return True

    def flush(self) -> None:
        """Write every queued page: keep the unchanged ones, render the rest over the workers."""
        keyed = keeps_pages(self.settings, self.config)
        record, record_file = (
            record_and_file(self.settings, self.config.get("PREVIOUS_OUTPUT")) if keyed else ({}, None)
        )
        _RECORDS.pop(id(self.settings), None)  # read once a build; it goes before the pages
        early = early_fingerprints(self.settings) if keyed else None
        _EARLY_FINGERPRINTS.pop(id(self.settings), None)
        fingerprints = prepared_fingerprints(record.get("summaries"), early)
        if self.linker is not None:
            self.linker.finish()
        stamp = early.stamp if early is not None else None  # once for every base made now
        kept_names = self.keep_skipped(fingerprints, stamp) if self.skipped else {}
        self.queueing = False
        pages = [page for page in self.queue if not page.skipped]
        calls = {**recorded_calls(self.calls), **self.kept_calls}
        # Skipped pages and the copies of the context go now; each page goes once written.
        self.queue, self.queued_paths, self.context_copies, self.calls = [], {}, ContextCopies(), {}
        if not pages and not kept_names:
            before_pages_written.send(self.settings)
            finish_folders_ahead(self.settings, self.asked_folders)
            return
        previous = self.config.get("PREVIOUS_OUTPUT")
        if keyed:
            site = key_pages(pages, self.settings, fingerprints, early, self.workers(), stamp)
            del fingerprints  # tens of MiB at 20,000 articles: gone before the pages are rendered
        # The content checks may still be running (content_guard): their errors stop the build here.
        before_pages_written.send(self.settings)
        kept = link_unchanged(pages, previous, previous_keys(record, previous)) if keyed else 0
        kept += len(kept_names)
        to_render = [page for page in pages if not page.linked]
        many = len(to_render) >= int(self.config.get("PARALLEL_MIN_PAGES", 0))
        workers = self.workers() if many else 1
        announce(self.settings, writing_line(kept, len(to_render), workers))
        if workers > 1:
            release_memory()  # a smaller heap before the fork: less for the workers to share, and to copy
        with usual_full_passes() if many else nullcontext():
            render_all(to_render, workers)
        if keyed:
            save_keys(self.settings, self.output_path, pages, site, calls, kept_names, record_file)
        finish_folders_ahead(self.settings, self.asked_folders)
        if many:
            release_memory()
        else:
            return_free_memory()  # a few pages leave little to collect: a full pass costs 0.6 s at 20,000

    def keep_skipped(
        self, fingerprints: render_keys.Fingerprinter, stamp: bytes | None = None
    ) -> dict[str, str]:
        """Link the skipped writes' pages from the previous output (shortcut.py); the kept pages'
        keys by name.

        Writing changed the context as it did last time (an `{attach}` link moves a file while
        the feeds are written) if the site's base is again the previous build's: else every
        skipped write is queued now. So is a write whose page is missing from the previous
        output, or taken by a write queued after it.
        """
        shortcut = self.shortcut
        skipped, self.skipped = self.skipped, []
        if shared_base(self.settings, shortcut.shared, fingerprints, stamp).hex() != shortcut.site:
            for write in skipped:
                write.unlink()
            self.replay(skipped)
            return {}
        kept: dict[str, str] = {}
        replays = []
        for write in skipped:
            if any(path in self.queued_paths for path in write.paths) or not write.linked:
                write.unlink()
                replays.append(write)
                continue
            self.kept_calls[write.name] = write.names
            for name, path in zip(write.names, write.paths, strict=True):
                kept[name] = shortcut.keys[name]
                signals.content_written.send(path, context=ChainMap(write.variables, write.context))
        self.replay(replays)
        return kept

    def replay(self, writes: list[SkippedWrite]) -> None:
        """Queue skipped writes after all (their files were claimed when they were skipped)."""
        self.replaying = True
        try:
            for write in writes:
                self.write_file(write.name, write.template, write.context, **write.options, **write.variables)
        finally:
            self.replaying = False

    def workers(self) -> int:
        """How many processes render."""
        return worker_count(self.config)


def keeps_pages(settings: dict[str, Any], config: dict[str, Any]) -> bool:
    """True when pages get render keys and unchanged ones are kept (REUSE_PAGES, with a cache)."""
    return bool(config.get("REUSE_PAGES") and settings.get("CACHE_PATH"))


def worker_count(config: dict[str, Any]) -> int:
    """How many processes share a phase's work (PERFORMANCE["WORKERS"], else the usable cores)."""
    configured = config.get("WORKERS")
    return max(1, int(configured)) if configured else len(os.sched_getaffinity(0))


class FlushGenerator:
    """The last generator before static files: the queued pages are written now."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def generate_output(self, writer: Writer) -> None:
        if isinstance(writer, ParallelWriter):
            writer.flush()


# --- Keys ---------------------------------------------------------------------------------


def page_variables(page: QueuedPage, differing: dict[tuple[int, int], dict[str, Any]]) -> dict[str, Any]:
    """The variables a page has besides the shared context (its article, list, period...).

    The page's variables are its base (a copy of the context many pages share) updated with
    its own entries; what of the base differs from the shared context is worked out once per
    base (`differing`), so that 21,000 pages do not each copy and compare 100 entries.
    """
    shared = page.shared_context
    base_key = (id(page.base), id(shared))
    if base_key not in differing:
        differing[base_key] = without_shared(page.base, shared)
    found = {key: value for key, value in differing[base_key].items() if key not in page.own}
    found.update(without_shared(page.own, shared))
    return found


def without_shared(variables: dict[str, Any], shared: dict[str, Any]) -> dict[str, Any]:
    """The entries that are not the shared context's own (absent there, or another object)."""
    return {key: value for key, value in variables.items() if key not in shared or shared[key] is not value}


def page_bases(
    pages: list[QueuedPage],
    settings: dict[str, Any],
    fingerprints: render_keys.Fingerprinter,
    stamp: bytes | None = None,
) -> dict[int, bytes]:
    """Build stamp and site digest of each shared context the pages are written from, by its id."""
    stamp = stamp or (build_stamp(settings, pages[0].shared_context) if pages else None)
    bases: dict[int, bytes] = {}
    for page in pages:
        shared = page.shared_context
        if id(shared) not in bases:
            bases[id(shared)] = shared_base(settings, shared, fingerprints, stamp)
    return bases


def build_stamp(settings: dict[str, Any], context: Mapping[str, Any]) -> bytes:
    """render_keys.build_stamp with what the plugins decided from the day (build_signals)."""
    return render_keys.build_stamp(settings, context.get(DAY_DECISIONS))


def shared_base(
    settings: dict[str, Any],
    shared: dict[str, Any],
    fingerprints: render_keys.Fingerprinter,
    stamp: bytes | None = None,
) -> bytes:
    """Build stamp and site digest of one shared context: the part of a key every page shares."""
    # A summary's links depend on the page it is shown on: fingerprint them as seen from the root.
    saved = shared.get("localsiteurl")
    shared["localsiteurl"] = settings.get("SITEURL", "")
    try:
        return (stamp or build_stamp(settings, shared)) + render_keys.site_digest(
            fingerprints, shared, settings
        )
    finally:
        shared["localsiteurl"] = saved


def share_keys(
    fingerprints: render_keys.Fingerprinter, bases: dict[int, bytes], share: list[QueuedPage]
) -> tuple[list[str], dict[str, str]]:
    """The render key of each page of a share, and the summary digests used (for another process)."""
    differing: dict[tuple[int, int], dict[str, Any]] = {}
    keys = []
    for page in share:
        template_name = getattr(page.template, "name", None) or repr(page.template)
        keys.append(
            render_keys.page_key(
                fingerprints,
                bases[id(page.shared_context)],
                page.name,
                template_name,
                page_variables(page, differing),
            )
        )
    return keys, fingerprints.summaries_used


def assign_keys(
    pages: list[QueuedPage],
    settings: dict[str, Any],
    fingerprints: render_keys.Fingerprinter,
    workers: int = 1,
    stamp: bytes | None = None,
) -> dict[int, bytes]:
    """Give every page its render key; with many pages, every `workers`-th page's in a forked
    process (the site's fingerprints, made before, are there without copying). The bases of
    the shared contexts, by id."""
    bases = page_bases(pages, settings, fingerprints, stamp)
    if workers < 2 or len(pages) < PARALLEL_MIN_KEYS:
        workers = 1
    shares = [pages[index::workers] for index in range(workers)]
    calls = [ForkedCall(share_keys, fingerprints, bases, share) for share in shares[1:]]
    for share, call in [(shares[0], None), *zip(shares[1:], calls, strict=True)]:
        # A child that failed leaves its share to this process.
        found = call.result(fallback=None) if call else None
        keys, summaries = found or share_keys(fingerprints, bases, share)
        fingerprints.summaries_used.update(summaries)
        for page, key in zip(share, keys, strict=True):
            page.key = key
    return bases


@dataclass
class SiteKeys:
    """What the keys of a build leave for the next one besides the pages' keys."""

    # Summary digests by the digest of the text they are cut from.
    summaries: dict[str, str]
    # Build stamp and site digest (hex) of the generators' context when the pages were keyed,
    # and when the site had just been read (shortcut.py); None where not known.
    site: str | None
    early_site: str | None
    # Each content's fingerprint with its text, by source path (shortcut.py).
    texts: dict[str, str] | None
    # The build stamp and each content's source sha256 and fingerprint (fingerprint_memo.py).
    memo: dict[str, Any] | None = None


@dataclass
class EarlyFingerprints:
    """The contents' fingerprints made once the site was read, and the site's base then."""

    # The generators' context (pages such as 404.html may be written from a copy of it).
    context: dict[str, Any]
    contents: list[Content]
    found: list[tuple[bytes, bytes]]
    summaries: dict[str, str]
    base: bytes | None
    # The build stamp, and each source file's sha256 by its path (fingerprint_memo.py).
    stamp: bytes | None = None
    sources: dict[str, str] = field(default_factory=dict)


def prepared_fingerprints(
    summaries: dict[str, str] | None, early: EarlyFingerprints | None
) -> render_keys.Fingerprinter:
    """A fingerprinter for the keys, with the contents' fingerprints made once the site was read.

    Only the contents' are taken: writing may change other objects of the context (the
    feeds move attached files), whose fingerprints are made again.
    """
    fingerprints = render_keys.Fingerprinter(summaries)
    if early is not None:
        fingerprints.adopt(early.contents, early.found, early.summaries)
    return fingerprints


def early_fingerprints(settings: dict[str, Any]) -> EarlyFingerprints | None:
    """What was made once the site was read, waiting for the child that made it if need be."""
    early = _EARLY_FINGERPRINTS.get(id(settings))
    if isinstance(early, tuple):  # (context, contents, the child making them, stamp, sources)
        context, contents, call, stamp, sources = early
        found, summaries, base = call.result(fallback=([], {}, None))
        early = EarlyFingerprints(context, contents, found, summaries, base, stamp, sources)
        _EARLY_FINGERPRINTS[id(settings)] = early
    return early


def key_pages(
    pages: list[QueuedPage],
    settings: dict[str, Any],
    fingerprints: render_keys.Fingerprinter,
    early: EarlyFingerprints | None = None,
    workers: int = 1,
    stamp: bytes | None = None,
) -> SiteKeys:
    """Give every page its render key; return what the next build needs of this build's keys."""
    if early is None and workers > 1 and pages:
        fingerprint_contents(fingerprints, site_contents(pages[0].shared_context), workers)
    bases = assign_keys(pages, settings, fingerprints, workers, stamp)
    contexts = {id(page.shared_context): page.shared_context for page in pages}
    if early is not None:
        contexts[id(early.context)] = early.context
    for context in contexts.values():
        reference_static_files(context)
    if early is None:
        return SiteKeys(fingerprints.summaries_used, None, None, None)
    base = bases.get(id(early.context)) or shared_base(settings, early.context, fingerprints, stamp)
    texts = text_digests(fingerprints, early.contents)
    early_base = early.base.hex() if early.base else None
    memo = None
    if early.stamp is not None and len(early.found) == len(early.contents):
        memo = fingerprint_memo.memo_record(early.stamp, early.contents, early.found, early.sources)
    return SiteKeys(fingerprints.summaries_used, base.hex(), early_base, texts, memo)


def plan_keys(
    settings: dict[str, Any],
    context: dict[str, Any],
    config: dict[str, Any],
    sources: dict[str, str] | None = None,
) -> None:
    """Once the site is read and its URLs frozen: fingerprint every content, and take the
    site's base (build stamp and site digest) as it is before anything is written.

    When the site has the previous build's source files, this is done now, over both cores,
    and a base equal to the previous build's lets the writer skip the writes whose pages
    cannot have changed (shortcut.py). Otherwise it is done in a forked child while Pelican
    queues the pages on one core (2 s at 10,000 articles), or, where that child is not worth
    it (a small site, one core) or the build's process is too large to fork beside the
    queueing, now as well. `key_pages` takes the fingerprints. `sources` (each source file's
    sha256 by path) lets the contents whose file did not change keep their recorded
    fingerprints (fingerprint_memo.py).
    Nothing changes the contents after this point (test_page_writer checks that the keys
    are those of fingerprints made when the pages are written).
    """
    _EARLY_FINGERPRINTS.clear()  # a build that failed before its pages leaves its own behind
    _SHORTCUTS.clear()
    if not keeps_pages(settings, config):
        return
    record = build_record(settings, config.get("PREVIOUS_OUTPUT"))
    contents = site_contents(context)
    keys = previous_keys(record, config.get("PREVIOUS_OUTPUT"))
    workers = worker_count(config)
    plausible = bool(keys) and may_shortcut(record, contents)
    stamp, sources = build_stamp(settings, context), sources or {}
    if not plausible and fork_beside_queueing(contents, workers):
        fingerprints = render_keys.Fingerprinter(record.get("summaries"))
        call = ForkedCall(fingerprints_and_base, fingerprints, contents, settings, context, stamp)
        _EARLY_FINGERPRINTS[id(settings)] = (context, contents, call, stamp, sources)
        return
    fingerprints = render_keys.Fingerprinter(record.get("summaries"))
    split = None
    if plausible and config.get("REUSE_FINGERPRINTS", True):
        split = fingerprint_memo.split_contents(record, stamp, contents, sources)
    if split is not None and split.unchanged:
        fingerprint_contents(fingerprints, split.changed, workers, here=False)
        if fingerprint_memo.only_texts_changed(fingerprints, split):
            fingerprint_memo.adopt_recorded(
                fingerprints, split, record["texts"], record.get("summaries") or {}
            )
        else:
            fingerprint_contents(fingerprints, split.unchanged, workers, here=False)
    else:
        fingerprint_contents(fingerprints, contents, workers, here=False)
    found, summaries, base = fingerprints_and_base(fingerprints, contents, settings, context, stamp)
    early = EarlyFingerprints(context, contents, found, summaries, base, stamp, sources)
    _EARLY_FINGERPRINTS[id(settings)] = early
    if plausible and base.hex() == record["early_site"]:
        texts = text_digests(fingerprints, contents) or {}
        changed = changed_texts(texts, record["texts"])
        _SHORTCUTS[id(settings)] = Shortcut(context, record["calls"], keys, changed, record["site"])


def may_shortcut(record: dict[str, Any], contents: list[Content]) -> bool:
    """True when the previous build recorded what the shortcut needs, for these very source files."""
    recorded = (record.get("site"), record.get("early_site"), record.get("calls"))
    if not (isinstance(recorded[0], str) and isinstance(recorded[1], str) and isinstance(recorded[2], dict)):
        return False
    return same_sources(contents, record.get("texts"))  # an addition or a deletion: every page again


def fork_beside_queueing(contents: list[Content], workers: int) -> bool:
    """True when the contents are fingerprinted in a child forked beside the queueing.

    Not with one core, nor with a small site, nor when the build's process is too large for
    a child beside the queueing (forked.RENDER_KEYS_BESIDE_MAX_MIB).
    """
    return (
        workers >= 2
        and len(contents) >= EARLY_MIN_CONTENTS
        and resident_mib() <= forked.RENDER_KEYS_BESIDE_MAX_MIB
    )


def fingerprints_and_base(
    fingerprints: render_keys.Fingerprinter,
    contents: list[Content],
    settings: dict[str, Any],
    context: dict[str, Any],
    stamp: bytes | None = None,
) -> tuple[list[tuple[bytes, bytes]], dict[str, str], bytes]:
    """Every content's fingerprints, the summary digests used, and the site's base."""
    found, summaries = render_keys.content_fingerprints(fingerprints, contents)
    return found, summaries, shared_base(settings, context, fingerprints, stamp)


def site_contents(context: dict[str, Any]) -> list[Content]:
    """Every article, page and static file of the site, in the order of their source paths."""
    items = list(context.get("generated_content", {}).values())
    for key in ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"):
        items += context.get(key, ())
    found = {id(item): item for item in items if isinstance(item, Content)}
    return sorted(found.values(), key=lambda item: item.source_path or "")


def fingerprint_contents(
    fingerprints: render_keys.Fingerprinter, contents: list[Content], workers: int, here: bool = True
) -> None:
    """Fingerprint the site's contents (most of the keys' work) over `workers` processes first.

    Each forked worker fingerprints every `workers`-th content, this process the first of
    each run; the site digest and the page keys then find them done. A worker that fails
    leaves its contents to be fingerprinted here, when the digest reaches them.

    Not `here` (before the feeds are written): this process fingerprints only contents whose
    summary digest is known, and leaves the others to a child, since cutting a summary formats
    the article's links, and an {attach} link moves its file when first formatted.
    """
    if len(contents) < PARALLEL_MIN_CONTENTS and here:
        return
    shares = [contents[index::workers] for index in range(workers)]
    if not here:
        own = [content for content in shares[0] if fingerprints.knows_summary(content)]
        left = [content for content in shares[0] if not fingerprints.knows_summary(content)]
        shares = [own, *shares[1:]] if workers > 1 else [own, []]
        shares[1] = shares[1] + left
    calls = [
        ForkedCall(render_keys.content_fingerprints, fingerprints, share) for share in shares[1:] if share
    ]
    render_keys.content_fingerprints(fingerprints, shares[0])
    for share, call in zip([share for share in shares[1:] if share], calls, strict=True):
        fingerprints.adopt(share, *call.result(fallback=([], {})))


def reference_static_files(context: dict[str, Any]) -> None:
    """Note every static file's location as referenced, before the pages are rendered.

    Pelican moves a static file for an {attach} link only until its location is read. Reading
    it in a worker would move it there alone, and the worker's pages would link where the
    file is not copied: so no page rendered after the keys moves a file (the site digest
    read every location, as the feeds' own links may still have done while being written).
    """
    for static in (context.get("static_content") or {}).values():
        if isinstance(static, Static):
            static._output_location_referenced = True  # noqa: SLF001 (Pelican's own flag)


def keys_file(settings: dict[str, Any]) -> Path:
    return Path(settings["CACHE_PATH"]) / KEYS_FILE


def keys_file_before(settings: dict[str, Any]) -> Path:
    return Path(settings["CACHE_PATH"]) / KEYS_FILE_BEFORE


def folder_identity(folder: str | os.PathLike[str]) -> list[int]:
    """(device, inode) of a folder: the same after the staging folder is renamed to the output."""
    stat = os.stat(folder)
    return [stat.st_dev, stat.st_ino]


# The folders being made ahead for a build, and the record of keys read for it, by the id of
# its settings (one build at a time).
_FOLDERS_AHEAD: dict[int, FoldersAhead] = {}
_RECORDS: dict[int, tuple[dict[str, Any], Path | None]] = {}
# The contents being fingerprinted while the pages are queued, and the child doing it.
_EARLY_FINGERPRINTS: dict[int, tuple[dict[str, Any], list[Content], ForkedCall] | EarlyFingerprints] = {}
# The shortcut a rebuild whose site did not change may take (shortcut.py).
_SHORTCUTS: dict[int, Shortcut] = {}


def make_folders_ahead(settings: dict[str, Any], config: dict[str, Any]) -> None:
    """Before reading: make the previous output's page directories in the new output (folders.py)."""
    _FOLDERS_AHEAD.clear()  # a build that failed before its pages leaves its own behind
    _RECORDS.clear()
    previous, output = config.get("PREVIOUS_OUTPUT"), settings["OUTPUT_PATH"]
    if not (keeps_pages(settings, config) and previous):
        return
    if settings.get("DELETE_OUTPUT_DIRECTORY") or os.path.abspath(previous) == os.path.abspath(output):
        return  # Pelican would empty the output while the helper fills it
    names = previous_keys(build_record(settings, previous), previous)
    if names:
        least = int(config.get("PARALLEL_MIN_FOLDERS", 500))
        _FOLDERS_AHEAD[id(settings)] = FoldersAhead(output, names, least)


def finish_folders_ahead(settings: dict[str, Any], asked: set[str]) -> None:
    """Every page is written: the folders made ahead that no page asked for go."""
    ahead = _FOLDERS_AHEAD.pop(id(settings), None)
    if ahead is not None:
        ahead.finish(asked)


def build_record(settings: dict[str, Any], previous: str | None) -> dict[str, Any]:
    """The record of the build that wrote the previous output (load_record), read once for this build."""
    return record_and_file(settings, previous)[0]


def record_and_file(settings: dict[str, Any], previous: str | None) -> tuple[dict[str, Any], Path | None]:
    """build_record, and the file it was read from (chosen_record)."""
    found = _RECORDS.get(id(settings))
    if found is None:
        found = _RECORDS[id(settings)] = chosen_record(settings, previous)
    return found


def chosen_record(settings: dict[str, Any], previous: str | None) -> tuple[dict[str, Any], Path | None]:
    """The newest saved record that describes the previous output, and its file.

    A build saves its record once its pages are written, before the search index and the
    swap: one that fails after that leaves a record of an output that never replaced the
    previous one. The record before it, kept (save_keys), still describes that output, so
    the next build keeps its pages instead of writing all of them again (about 40 s instead
    of 6 at 10,000 articles). With neither describing it, the last record (its summaries are
    still good) and no file.
    """
    last = load_record(keys_file(settings))
    if not previous or not os.path.isdir(previous):
        return last, None
    identity = folder_identity(previous)
    if last.get("output") == identity:
        return last, keys_file(settings)
    before = load_record(keys_file_before(settings))  # 8 MB at 10,000 articles: only when needed
    if before.get("output") == identity:
        return before, keys_file_before(settings)
    return last, None


def load_record(path: Path) -> dict[str, Any]:
    """What a build saved: its output's identity, its pages' keys, its summaries ({} if none)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def previous_keys(record: dict[str, Any], previous: str | None) -> dict[str, str]:
    """The keys the previous output was written with, if that output is still the one they describe."""
    if not previous or not os.path.isdir(previous) or record.get("output") != folder_identity(previous):
        return {}
    keys = record.get("keys")
    return keys if isinstance(keys, dict) else {}


def save_keys(
    settings: dict[str, Any],
    output_path: str,
    pages: list[QueuedPage],
    site: SiteKeys,
    calls: dict[str, list[str] | None],
    kept: dict[str, str],
    record_file: Path | None = None,
) -> None:
    """Remember this output's keys, in one step (a build stopped meanwhile leaves the old file).

    The record this build started from (`record_file`, the one that describes the previous
    output) is kept as KEYS_FILE_BEFORE when it is the last one: if this build fails after
    this point, the previous output stays, and the next build finds its record there.

    Besides each page's key: the summaries' digests, and what lets the next build skip
    writes (shortcut.py): the site's base, each content's text digest, each write's pages.
    """
    target = keys_file(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    if record_file == target:
        os.replace(target, keys_file_before(settings))
    keys = {page.name: page.key for page in pages}
    keys.update(kept)
    record = {
        "output": folder_identity(output_path),
        "keys": keys,
        "summaries": site.summaries,
        "site": site.site,
        "early_site": site.early_site,
        "texts": site.texts,
        "calls": calls if site.site else None,
        fingerprint_memo.RECORD_KEY: site.memo,
    }
    write_text_atomically(target, json.dumps(record, sort_keys=True))


def link_unchanged(pages: list[QueuedPage], previous: str | None, keys: dict[str, str]) -> int:
    """Hard-link (or copy) each page whose key is unchanged from the previous output; count them."""
    kept = 0
    for page in pages:
        if not previous or keys.get(page.name) != page.key:
            continue
        source = os.path.join(previous, page.name)
        if not os.path.isfile(source):
            continue
        link_or_copy(source, page.path)
        page.linked = True
        kept += 1
        written(page)
    return kept


# --- Rendering ------------------------------------------------------------------------------


def render(page: QueuedPage) -> None:
    """Render one page and write it (a new file: pages kept by a hard link are never rendered)."""
    variables = page.variables
    if variables.get("localsiteurl"):  # Pelican's way to give articles the page's site URL
        page.shared_context["localsiteurl"] = variables["localsiteurl"]
    output = page.template.render(variables)
    with open(page.path, "w", encoding="utf-8") as handle:
        handle.write(output)


def written(page: QueuedPage) -> None:
    """Tell the plugins a page now exists, then let go of what it was made from."""
    signals.content_written.send(page.path, context=page.variables)
    page.release()


def writing_line(kept: int, rendering: int, workers: int) -> str:
    """The progress line that says how the pages are written."""
    line = f"Ghi trang: {format_number(rendering)} trang cần dựng"
    if workers > 1:
        line += f" ({workers} tiến trình song song)"
    if kept:
        line += f", {format_number(kept)} trang không đổi được giữ nguyên"
    return line + "…"


class PageQueue:
    """The pages to render, taken a few at a time by whichever process is free, in shared
    memory made before the fork: a fixed share each left one core idle at the end while the
    other finished its share (about 1 s of a cold build at 10,000 articles)."""

    def __init__(self, count: int, take: int = PAGES_PER_TAKE) -> None:
        self.take = take
        self.next = RawValue("l", 0)
        self.lock = multiprocessing.get_context("fork").Lock()
        # 0 while a page is not rendered, then the number of the process that rendered it, plus 1.
        self.rendered_by = RawArray("b", count)

    def mark_rendered(self, number: int, process: int) -> None:
        """Page `number` is written, by process `process` (0: the build's own)."""
        self.rendered_by[number] = process + 1

    def renderer(self, number: int) -> int | None:
        """The process that rendered page `number`, or None while it is not rendered."""
        return self.rendered_by[number] - 1 if self.rendered_by[number] else None

    def taken(self) -> Iterator[int]:
        """The pages this process takes, as it asks for them, until none is left."""
        while True:
            # Held for a few instructions: still held after a minute, its holder died with it.
            if not self.lock.acquire(timeout=LOCK_TIMEOUT):
                raise PageWriteError("Không ghi được các trang: một tiến trình ghi trang dừng giữa chừng.")
            try:
                start = self.next.value
                end = self.next.value = min(start + self.take, len(self.rendered_by))
            finally:
                self.lock.release()
            if start >= end:
                return
            yield from range(start, end)


def render_all(pages: list[QueuedPage], workers: int) -> None:
    """Render the pages here, or over `workers` processes."""
    if workers <= 1:
        for page in pages:
            render(page)
            written(page)
        return
    queue = PageQueue(len(pages))
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # the collector would otherwise touch, and so copy, every object in each child
    children: dict[int, int] = {}
    try:
        parent = os.getpid()
        for index in range(1, workers):
            pid = os.fork()
            if pid == 0:
                render_share_and_exit(pages, queue, index, parent)
            children[pid] = index
        render_own_share(pages, queue, children)
    except BaseException:
        stop_children(children)
        raise
    finally:
        gc.unfreeze()


def release_memory() -> None:
    """Collect what is no longer referenced and give the freed pages back to the system.

    CPython's allocator keeps freed memory for reuse; glibc's malloc_trim returns free pages,
    including those in the middle of the heap, so the build's size drops for the next phase.
    """
    gc.collect()
    return_free_memory()


def trim_after(rendered: int) -> None:
    """Every PAGES_PER_TRIM rendered pages, give the allocator's free pages back.

    Rendering frees each page's tree, but the allocator keeps those pages counted in the
    process: trimming held the 20,000-article render at 946 MiB, not 995.
    """
    if rendered % PAGES_PER_TRIM == 0:
        return_free_memory()


def render_share_and_exit(pages: list[QueuedPage], queue: PageQueue, index: int, parent: int) -> None:
    """In a child: render pages from the queue, mark each rendered, and exit (never return)."""
    code = 0
    die_with_parent()
    errors = ErrorCounter()
    logging.getLogger().addHandler(errors)
    try:
        for count, number in enumerate(queue.taken(), 1):
            if os.getppid() != parent:  # the build is gone (it died before prctl took effect)
                os._exit(CHILD_FAILED)
            render(pages[number])
            pages[number].release()
            queue.mark_rendered(number, index)
            trim_after(count)
        code = CHILD_LOGGED_ERRORS if errors.count else 0
    except BaseException:  # noqa: BLE001 (the parent reports it; a child must never return into Pelican)
        traceback.print_exc()
        code = CHILD_FAILED
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def render_own_share(pages: list[QueuedPage], queue: PageQueue, children: dict[int, int]) -> None:
    """In the parent: render pages from the queue, report the children's pages as they are
    rendered, wait for the children."""
    reported = 0  # every page before this one is rendered and reported

    def report_children() -> None:
        nonlocal reported
        while reported < len(pages) and (renderer := queue.renderer(reported)) is not None:
            if renderer != 0:  # the parent reports its own pages at once
                written(pages[reported])
            reported += 1

    for count, number in enumerate(queue.taken(), 1):
        render(pages[number])
        written(pages[number])
        queue.mark_rendered(number, 0)
        report_children()
        trim_after(count)
    failures = []
    while children:
        # Each of ours by its pid: waiting for any child would reap other work of this process.
        finished = dict(os.waitpid(pid, os.WNOHANG) for pid in children)
        finished.pop(0, None)  # (0, 0): still running
        report_children()
        if not finished:
            time.sleep(0.05)
        for pid, status in finished.items():
            index = children.pop(pid)
            code = os.waitstatus_to_exitcode(status)
            if code == CHILD_LOGGED_ERRORS:
                logger.error("Tiến trình ghi trang số %d đã báo lỗi (xem ở trên).", index)
            elif code != 0:
                failures.append(f"tiến trình ghi trang số {index} dừng với mã {code}")
    if failures:
        raise PageWriteError("Không ghi được một phần các trang: " + "; ".join(failures) + " (xem ở trên).")


def stop_children(children: dict[int, int]) -> None:
    """Stop and reap the children when the parent fails or is interrupted."""
    for pid in children:
        try:
            os.kill(pid, 15)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
