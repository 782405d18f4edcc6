"""Performance plugin: a faster build with byte-identical output.

Adds:
- URLs computed once (`urls.py`): when every generator has finished reading
  (`all_generators_finalized`), each article's and page's `url` and `save_as` are computed
  and remembered, instead of being formatted from the settings each time a template asks.
  Plugins change URLs before that point (documents sets `override_url` when the articles
  are finalized); nothing may change them after it (`urls.stale_urls` tells, for tests).
  Each article's and page's path relative to content/ is remembered when it is made.
- Fragments rendered once (`fragments.py`): the Jinja global `render_once(macro, args...)`
  renders a macro once per build for each set of arguments and SITEURL (an article's list
  item, the "Tin mới" list, calendars, the date picker, header and footer) and reuses the
  HTML on every other page. The cache belongs to the generator's Jinja environment, so
  each build starts empty.
- A content cache that is never stale (`content_cache.py`): with Pelican's CACHE_CONTENT
  on, the cache files are removed before anything is read when the plugins' code, the
  settings or the images differ from the build that wrote them (a photo's size is part of
  an article's HTML), or when a cache file is not the one its build saved (a build stopped
  while saving leaves a truncated file Pelican would stop on). content_guard keeps files
  with a problem out of the cache.
- The cyclic collector's full passes held off while the site is built, except while many
  pages are rendered (`collector.py`): they found next to nothing to free, and cost 5 s of
  an edit rebuild at 20,000 articles.
- Dates formatted once (`date_formats.py`): Pelican's `strftime` (every URL's
  `{date:%Y}`, each `locale_date`) remembers its results while the site is read; the memo is
  emptied once the URLs are frozen.
- Source files stamped from a memo (`file_stamps.py`): the sha256 that Pelican's content
  cache finds a file by is remembered with the file's identity (inode, size, times), so a
  rebuild reads only the files that changed instead of every source file, twice.
- The articles cache saved beside the build (`cache_saving.py`): once the articles are read,
  a forked child pickles Pelican's content cache and renames it into place while the pages
  are written; the build records the file when it ends.
- Articles kept whole between builds (`read_snapshot.py`): the articles cache file also
  holds each article as Pelican finished reading it, and a rebuild takes the kept article
  of every file whose stamp did not change instead of making it again from the cache.
- Articles read over every core (`prefetch.py`): on a cold build (or any build with many
  articles not in Pelican's content cache), forked workers convert shares of the uncached
  Markdown files and the results go into the content cache before Pelican's loop reaches them.
- Pages written in parallel, and only when they changed (`writer.py`, `render_keys.py`): the
  writer queues every page while the generators run; then each page whose render key (a
  digest of its inputs) is the one the previous output was written with is hard-linked from
  that output, and the rest are rendered over PERFORMANCE["WORKERS"] processes forked once
  the site is read. scripts/sitebuild.py names the previous output (PREVIOUS_OUTPUT_PATH).
  Most of the keys' work, the fingerprints of every article, is done once the site is read:
  in a forked child while Pelican queues the pages, or at once over both cores.
- Fingerprints kept from build to build (`fingerprint_memo.py`): on a rebuild with the same
  source files and stamp, an article whose source file did not change takes the fingerprint
  the previous build recorded, once the articles whose files changed are found to differ
  in their text alone.
- Writes skipped when only texts changed (`shortcut.py`): on a rebuild whose site digest is
  the previous build's, a write that cannot give a new page (no article whose text changed
  is given to it) is not composed by Pelican at all; its pages are linked from the previous
  output with their previous keys.
- Page directories made ahead (`folders.py`): a helper process makes the previous output's
  page directories in the new output while the site is read, instead of Pelican one by one
  while it queues the pages; those no page of this build asks for are removed afterwards.
- Markdown's inline patterns tried only on text that can hold one (`quick_inline.py`): a
  paragraph of plain prose, with none of the characters any pattern needs, is left as it is
  instead of being searched by each of the 15 patterns in turn. The HTML is the same.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals

from plugin_settings import add_markdown_extension, merged_settings

from . import cache_saving, collector, date_formats, file_stamps, fingerprint_memo, read_snapshot, urls
from .content_cache import invalidate_if_stale, record_saved_cache
from .fragments import FragmentCache
from .prefetch import prefetch_articles
from .quick_inline import QuickInlineExtension
from .shortcut import stop_unfinished_linkers
from .urls import freeze_urls, pages_and_articles, remember_source_path
from .writer import FlushGenerator, ParallelWriter, make_folders_ahead, plan_keys

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Processes that render pages; None: one per usable core.
    "WORKERS": None,
    # Fewer pages than this to render are rendered in the build's own process.
    "PARALLEL_MIN_PAGES": 100,
    # Fewer uncached articles than this are read in the build's own process (prefetch.py).
    "PARALLEL_MIN_READS": 200,
    # Fewer page directories than this in the previous output are left to Pelican (folders.py).
    "PARALLEL_MIN_FOLDERS": 500,
    # Keep (hard-link) the pages whose inputs did not change since the previous output.
    "REUSE_PAGES": True,
    # Take the fingerprints of the articles whose source file did not change from the
    # previous build (fingerprint_memo.py); False walks every article on every build.
    "REUSE_FINGERPRINTS": True,
}
CONFIG_KEY = "PERFORMANCE_CONFIG"


class PerformanceSettingsError(ValueError):
    """A wrong key or value in the PERFORMANCE setting."""


def resolve_settings(pelican) -> None:
    """initialized: PERFORMANCE merged over the defaults, with the previous output sitebuild names."""
    config = merged_settings(
        pelican.settings, "PERFORMANCE", DEFAULTS, "performance", PerformanceSettingsError
    )
    workers = config["WORKERS"]
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise PerformanceSettingsError(
            f"performance plugin: WORKERS must be None or a whole number ≥ 1, not {workers!r}"
        )
    config["PREVIOUS_OUTPUT"] = pelican.settings.get("PREVIOUS_OUTPUT_PATH")
    pelican.settings[CONFIG_KEY] = config


def use_quick_inline(pelican) -> None:
    """initialized: Markdown's inline processor replaced by quick_inline's, for every reader."""
    add_markdown_extension(pelican.settings, QuickInlineExtension())


def make_page_folders_ahead(pelican) -> None:
    """initialized (after resolve_settings): the previous output's page directories, made in
    the new output by a helper process while the site is read (folders.py)."""
    make_folders_ahead(pelican.settings, pelican.settings[CONFIG_KEY])


def parallel_writer(pelican) -> type:
    """get_writer: pages are queued, then kept or rendered in parallel."""
    return ParallelWriter


def flush_generator(pelican) -> type:
    """get_generators: the generator that writes the queued pages once every other has asked."""
    return FlushGenerator


def drop_stale_content_cache(pelican) -> None:
    """initialized (after the images are known): empty Pelican's content cache if it is stale."""
    settings = pelican.settings
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")):
        return
    removed = invalidate_if_stale(settings)
    if removed:
        logger.info("Bộ nhớ đệm nội dung đã cũ hoặc hỏng (%s): đọc lại các bài.", ", ".join(removed))


def remember_saved_cache(generator) -> None:
    """article/page_generator_finalized: the generator has just saved its cache file."""
    settings = generator.settings
    if settings.get("CACHE_CONTENT"):
        record_saved_cache(settings, type(generator).__name__, cache_saving.saving_in_background(settings))


def start_build(pelican) -> None:
    """initialized: what a build that failed before its end left behind goes; the kept
    articles' settings are this build's."""
    cache_saving.forget_pending()
    read_snapshot.start_build(pelican.settings)
    stop_unfinished_linkers()


def finish_cache_saving(pelican) -> None:
    """finalized: wait for the child saving the articles cache, and record its file."""
    cache_saving.finish_saving(pelican.settings)


def freeze_content_urls(generators: list) -> None:
    """all_generators_finalized: remember every article's and page's url and save_as; the
    dates' memo, which made them, goes."""
    generated = generators[0].context["generated_content"].values()
    for content in pages_and_articles(generated):
        freeze_urls(content)
    date_formats.forget()


def plan_page_keys(generators: list) -> None:
    """all_generators_finalized (after freeze_content_urls): the site digest made now when the
    site has the previous build's files (writes skipped if it is unchanged, shortcut.py), else
    the fingerprints made in a forked child while Pelican queues the pages (writer.py)."""
    if generators:
        settings = generators[0].settings
        stamps = _STAMPS.get(id(settings))
        sources = fingerprint_memo.source_digests(stamps.seen) if stamps is not None else None
        plan_keys(settings, generators[0].context, settings[CONFIG_KEY], sources)


# One build's source stamps, by the id of its settings (every generator shares that dict).
_STAMPS: dict[int, file_stamps.SourceStamps] = {}


def load_source_stamps(pelican) -> None:
    """initialized: the stamps the last build recorded, for the generators to use."""
    # One build at a time per process: a build that failed before saving leaves nothing behind.
    _STAMPS.clear()
    if file_stamps.applies(pelican.settings):
        _STAMPS[id(pelican.settings)] = file_stamps.SourceStamps(file_stamps.memo_file(pelican.settings))


def stamp_from_memo(generator) -> None:
    """article/page_generator_init: the generator's cache layers stamp files from the memo."""
    stamps = _STAMPS.get(id(generator.settings))
    if stamps is not None:
        file_stamps.use_stamps(generator, stamps)


def save_source_stamps(generators: list) -> None:
    """all_generators_finalized: every source file is stamped; keep the stamps for the next build."""
    stamps = _STAMPS.pop(id(generators[0].settings), None) if generators else None
    if stamps is not None:
        stamps.save()


def add_fragment_cache(generator) -> None:
    """generator_init: a fresh `render_once` for this generator's templates."""
    generator.env.globals["render_once"] = FragmentCache()


def register() -> None:
    """Connect the handlers."""
    date_formats.install()
    urls.install()
    signals.initialized.connect(collector.hold_off_full_passes)
    signals.finalized.connect(collector.resume_full_passes)
    signals.initialized.connect(resolve_settings)
    signals.initialized.connect(use_quick_inline)
    signals.initialized.connect(make_page_folders_ahead)
    signals.get_writer.connect(parallel_writer)
    signals.get_generators.connect(flush_generator)
    signals.initialized.connect(drop_stale_content_cache)
    signals.article_generator_finalized.connect(remember_saved_cache)
    signals.page_generator_finalized.connect(remember_saved_cache)
    signals.generator_init.connect(add_fragment_cache)
    signals.all_generators_finalized.connect(freeze_content_urls)
    signals.all_generators_finalized.connect(plan_page_keys)
    signals.content_object_init.connect(remember_source_path)
    signals.initialized.connect(load_source_stamps)
    signals.article_generator_init.connect(stamp_from_memo)
    signals.page_generator_init.connect(stamp_from_memo)
    signals.all_generators_finalized.connect(save_source_stamps)
    signals.article_generator_preread.connect(prefetch_articles)
    signals.initialized.connect(start_build)
    signals.article_generator_init.connect(cache_saving.save_readers_cache_in_background)
    signals.article_generator_init.connect(read_snapshot.serve_kept_articles)
    signals.finalized.connect(finish_cache_saving)
