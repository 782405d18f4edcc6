"""Progress plugin: a long build says which phase it is in and how far it has got.

Lines go to the "progress" logger, which scripts/sitebuild.py shows: each phase when it
starts (reading the content, writing pages, and the search index, which plugins/search
announces through `announce`), and inside a phase "n/total" at most every
PROGRESS["EVERY"] seconds, so a build of 20,000 articles is never silent for long while a
small one prints only its phases. Counts use Vietnamese number formatting.

The state of the build in progress travels in the settings (PROGRESS_STATE), which every
signal handler can reach, rather than in a module-level object.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

from plugin_settings import merged_settings
from vietnamese.text import format_number

logger = logging.getLogger("progress")

DEFAULTS: dict[str, Any] = {
    # Seconds between two progress lines inside one phase.
    "EVERY": 2.0,
}
STATE_KEY = "PROGRESS_STATE"
# Files Pelican reads as articles and pages (Markdown and HTML readers).
SOURCE_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".html", ".htm"}


class ProgressSettingsError(ValueError):
    """A wrong key or value in the PROGRESS setting."""


class BuildProgress:
    """Counts of one build, and when the last line was printed."""

    def __init__(self, every: float, clock=time.monotonic) -> None:
        self.every = every
        self.clock = clock
        self.last = clock()
        self.read = self.sources = 0
        self.articles_written = self.articles = self.others_written = 0
        self.writing = False

    def due(self) -> bool:
        """True when a line is due (and the clock restarts)."""
        now = self.clock()
        if now - self.last < self.every:
            return False
        self.last = now
        return True

    def reading_line(self) -> str:
        return f"Đọc nội dung: {format_number(self.read)}/{format_number(self.sources)} tệp"

    def writing_line(self) -> str:
        return (
            f"Ghi trang: {format_number(self.articles_written)}/{format_number(self.articles)} "
            f"bài viết và trang, {format_number(self.others_written)} trang danh sách và tệp khác"
        )


def count_sources(settings: dict[str, Any]) -> int:
    """How many article and page files the content folder holds (static folders left out).

    os.walk skips the static folders (images, files) instead of looking at every file in them.
    """
    root = os.path.normpath(settings["PATH"])
    static = {os.path.normpath(os.path.join(root, folder)) for folder in settings.get("STATIC_PATHS", [])}
    count = 0
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if os.path.join(folder, name) not in static]
        count += sum(1 for name in names if os.path.splitext(name)[1].lower() in SOURCE_SUFFIXES)
    return count


def state(settings: dict[str, Any] | None) -> BuildProgress | None:
    """The progress of the build these settings belong to, if the plugin started one."""
    return (settings or {}).get(STATE_KEY)


def announce(settings: dict[str, Any], message: str) -> None:
    """Print a phase line (other plugins call this for their own long phases)."""
    progress = state(settings)
    if progress is not None:
        progress.last = progress.clock()
    logger.info(message)


def start(pelican) -> None:
    """`initialized`: a fresh count for this build, and the reading phase."""
    config = merged_settings(pelican.settings, "PROGRESS", DEFAULTS, "progress", ProgressSettingsError)
    progress = BuildProgress(float(config["EVERY"]))
    progress.sources = count_sources(pelican.settings)
    pelican.settings[STATE_KEY] = progress
    announce(pelican.settings, f"Đọc nội dung: {format_number(progress.sources)} tệp bài viết và trang…")


def content_read(instance) -> None:
    """`content_object_init`: one more article or page read."""
    progress = state(getattr(instance, "settings", None))
    if progress is None or not isinstance(instance, (Article, Page)):
        return
    progress.read += 1
    if progress.due():
        logger.info(progress.reading_line())


def writing_starts(generators) -> None:
    """`all_generators_finalized`: everything is read; pages are written next."""
    progress = state(generators[0].settings if generators else None)
    if progress is None:
        return
    progress.articles = sum(
        len(generator.articles) + len(generator.translations)
        for generator in generators
        if isinstance(generator, ArticlesGenerator)
    ) + sum(
        len(generator.pages) + len(generator.translations)
        for generator in generators
        if isinstance(generator, PagesGenerator)
    )
    progress.writing = True
    total = format_number(progress.articles)
    announce(generators[0].settings, f"Ghi trang: {total} bài viết và trang, cùng các trang danh sách…")


def page_written(path, context) -> None:
    """`content_written`: one more file written."""
    progress = state(context)
    if progress is None or not progress.writing:
        return
    if "article" in context or "page" in context:
        progress.articles_written += 1
    else:
        progress.others_written += 1
    if progress.due():
        logger.info(progress.writing_line())


def finish_writing(pelican) -> None:
    """`finalized` (connected first): the writing phase's last count."""
    progress = state(pelican.settings)
    if progress is not None and progress.writing:
        progress.writing = False
        logger.info(progress.writing_line())


def register() -> None:
    """Count reading and writing; say when each phase starts."""
    signals.initialized.connect(start)
    signals.content_object_init.connect(content_read)
    signals.all_generators_finalized.connect(writing_starts)
    signals.content_written.connect(page_written)
    signals.finalized.connect(finish_writing)
