"""Content guard: content errors stop the build with a Vietnamese report.

Swaps in `CheckedMarkdownReader` (UTF-8 and NFC, our date rule, required title
and date), then, once every file has been read, adds the checks that need the
whole site (two files with one slug, a page slug that takes a system path) and
the table of checks in `checks.py` (encodings, categories, links, images, unsafe
HTML, ...), and raises `ContentErrors` listing every problem, before any page is written;
warnings are logged. On a rebuild into a staging folder (scripts/sitebuild.py) on two or
more cores, the checks run in a forked process while Pelican queues the pages and the page
writer keys them, and the writer waits for them (`build_signals`) before its first page; a
cold build and every other build check first, before anything is written. With
`CONTENT_GUARD = {"CHECK_ONLY": True}` (what `make check` uses) it raises `ContentChecked`
with every problem instead, so nothing is written at all. With Pelican's content cache on
(CACHE_CONTENT), a file whose reading found a problem is never cached, so it is read and
reported on every build; the checks read every file themselves on every build, and what the
checks of one file alone found is kept by the file's sha256 (`findings.py`): a rebuild
reports it again from there and checks again only the files that changed.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import forked
from build_signals import before_pages_written
from forked import ForkedCall, resident_mib
from pelican import signals
from pelican.contents import Article, Page
from pelican.utils import file_suffix

from plugin_settings import merged_settings

from .checks import checked_over_two_cores, run_checks
from .findings import FindingsCache, findings_cache
from .problems import ContentChecked, ContentErrors, ContentProblem, display_path, errors_only
from .reader import CheckedMarkdownReader, locate_field
from .source import build_index

logger = logging.getLogger(__name__)

DEFAULTS = {"CHECK_ONLY": False}

# First path segments the site itself uses; a page slug may not take them.
RESERVED_PAGE_SLUGS = frozenset(
    {
        "chuyen-muc",
        "the",
        "tac-gia",
        "feeds",
        "theme",
        "luu-tru",
        "du-lieu",
        "tim-kiem",
        "van-ban",
        "so-do-trang",
        "images",
        "files",
    }
)


def use_checked_reader(readers) -> None:
    """Read every Markdown extension with our reader; cache only files read without a problem."""
    for extension in CheckedMarkdownReader.file_extensions:
        readers.reader_classes[extension] = CheckedMarkdownReader
    cache_clean_reads_only(readers)


def cache_clean_reads_only(readers) -> None:
    """Keep a file with a problem out of Pelican's content cache (CACHE_CONTENT).

    Pelican caches what a reader returned, a skip marker included, and would not read the
    file again: its problem would go unreported on the next build. Readers calls
    `cache_data` right after `reader.read`; this instance attribute drops the entry when
    our reader found a problem in that file.
    """
    cache_data = readers.cache_data

    def cache_if_clean(path: str, data) -> None:
        reader = readers.readers.get(file_suffix(path))
        if getattr(reader, "last_read_clean", True):
            cache_data(path, data)

    readers.cache_data = cache_if_clean


def reader_problems(generators: Iterable) -> list[ContentProblem]:
    """Problems our readers recorded while the generators read the files."""
    problems: list[ContentProblem] = []
    for generator in generators:
        readers = getattr(getattr(generator, "readers", None), "readers", {})
        for reader in {id(r): r for r in readers.values()}.values():
            problems.extend(getattr(reader, "problems", ()))
    return problems


def generator_problems(generators: Iterable) -> list[ContentProblem]:
    """Problems other plugins' generators found (they keep them in `problems`)."""
    return [problem for generator in generators for problem in getattr(generator, "problems", ())]


def duplicate_slug_problems(contents: Iterable, content_root: str) -> list[ContentProblem]:
    """Two articles (or two pages) with one slug: report each file, naming the other."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for content in contents:
        kind = "bài viết" if isinstance(content, Article) else "trang"
        groups[(kind, content.slug)].append(content)
    problems = []
    for (kind, slug), same in groups.items():
        if len(same) < 2:
            continue
        paths = [display_path(c.source_path, content_root) for c in same]
        for content, path in zip(same, paths, strict=True):
            others = ", ".join(p for p in paths if p != path)
            line = locate_field(content.source_path, "slug", "title")
            problems.append(
                ContentProblem(
                    path,
                    line,
                    f"hai {kind} cùng đường dẫn (slug) «{slug}»: tệp này và {others}; "
                    "hãy thêm dòng «Slug: ...» khác (hoặc đổi tên tệp) cho một trong hai tệp.",
                )
            )
    return problems


def reserved_slug_problems(contents: Iterable, content_root: str) -> list[ContentProblem]:
    """A page whose slug would hide a part of the site (a year, /chuyen-muc/, ...)."""
    problems = []
    for content in contents:
        if not isinstance(content, Page):
            continue
        if content.slug in RESERVED_PAGE_SLUGS or content.slug.isdigit():
            problems.append(
                ContentProblem(
                    display_path(content.source_path, content_root),
                    locate_field(content.source_path, "slug", "title"),
                    f"đường dẫn (slug) «{content.slug}» trùng với một mục của hệ thống; "
                    "hãy đặt «Slug: ...» khác cho trang này.",
                )
            )
    return problems


def guard_settings(settings: dict) -> dict:
    """CONTENT_GUARD merged over DEFAULTS; an unknown key is an error naming it."""
    return merged_settings(settings, "CONTENT_GUARD", DEFAULTS, "content_guard", ValueError)


def all_problems(
    generators: list, findings: FindingsCache | None = None, forks: bool = True
) -> list[ContentProblem]:
    """Every problem in the content: reader, site-wide slugs and the checks table (`forks`:
    whether the table may check many unknown files over two cores)."""
    context = generators[0].context
    content_root = context["PATH"]
    contents = [c for c in context["generated_content"].values() if c is not None]
    findings = findings or findings_cache(generators[0].settings)
    checked = run_checks(build_index(context, findings, forks))
    findings.save()
    return (
        reader_problems(generators)
        + generator_problems(generators)
        + duplicate_slug_problems(contents, content_root)
        + reserved_slug_problems(contents, content_root)
        + checked
    )


def report_problems(problems: list[ContentProblem], settings: dict) -> None:
    """Raise ContentChecked (CHECK_ONLY) or ContentErrors (any error); else log the warnings."""
    if guard_settings(settings)["CHECK_ONLY"]:
        raise ContentChecked(problems)
    if errors_only(problems):
        raise ContentErrors(problems)
    for problem in problems:
        logger.warning("%s", problem)


def checks_may_run_meanwhile(context: dict, findings: FindingsCache) -> bool:
    """True when the checks can run in a forked process while the pages are queued
    (`context`: Pelican's shared context, the settings and what the generators read).

    Only for a build into a staging folder (scripts/sitebuild.py names the previous output):
    a failed build's files are thrown away there, whatever was written before the checks
    answered. `make check` (CHECK_ONLY) and one-core machines check first, as before.

    A build whose findings cache lacks many files (a cold build) checks them all in that one
    process (3-4 s of one core at 10,000 articles, while the queueing takes 3 s of the other)
    unless the build's process is larger than forked.COLD_CHECKS_BESIDE_MAX_MIB (the memory
    measured is noted there): then it checks first, over two cores. A check process that
    forks again, a third and fourth process, took the peak at 20,000 from 939 to 1,304 MiB.
    """
    # The files Pelican read against those the cache knows: no second walk of the content folder.
    unknown = len(context.get("generated_content", {})) - len(findings.known)
    return (
        "PREVIOUS_OUTPUT_PATH" in context
        and not guard_settings(context)["CHECK_ONLY"]
        and len(os.sched_getaffinity(0)) >= 2
        and (not checked_over_two_cores(unknown) or resident_mib() <= forked.COLD_CHECKS_BESIDE_MAX_MIB)
    )


@dataclass
class ChecksInProgress:
    """The checks of one build, running in a forked process."""

    generators: list
    findings: FindingsCache
    call: ForkedCall

    def problems(self) -> list[ContentProblem]:
        """What the checks found; a check process that failed or died is run again here."""
        found = self.call.result(fallback=None)
        return found if found is not None else all_problems(self.generators, self.findings)


# The build's checks while they run (a build process runs one build at a time, the devserver
# one after another); taken back by wait_for_checks.
_in_progress: list[ChecksInProgress] = []


def stop_on_content_errors(generators: list) -> None:
    """all_generators_finalized: check the content; its errors stop the build before any page
    is written. On a staged build the checks run in a forked process meanwhile (the two
    cores are otherwise half idle while Pelican queues the pages and their keys are made),
    and `wait_for_checks` reports them."""
    settings = generators[0].settings
    _in_progress.clear()
    findings = findings_cache(settings)
    if checks_may_run_meanwhile(generators[0].context, findings):
        # One process only (its one-file findings too): a further fork would add to the peak memory.
        call = ForkedCall(all_problems, generators, findings, False)
        _in_progress.append(ChecksInProgress(generators, findings, call))
        return
    report_problems(all_problems(generators, findings), settings)


def wait_for_checks(_sender=None, **_kwargs) -> None:
    """before_pages_written (the page writer), or Pelican's `finalized` for a build without it:
    report what the checks running meanwhile found (once)."""
    if _in_progress:
        running = _in_progress.pop()
        report_problems(running.problems(), running.generators[0].settings)


def content_errors_first(error: Exception) -> None:
    """A build that failed while its checks ran: raise their errors instead, if they found any.

    The failure often follows from them: two pages with one slug make Pelican refuse to
    write the second file, and the editor needs the file and line, not Pelican's message.
    """
    if _in_progress:
        problems = _in_progress.pop().problems()
        if errors_only(problems):
            raise ContentErrors(problems) from error


def connect_checks_last(pelican) -> None:
    """initialized (every plugin has registered): run the checks after the other plugins' handlers.

    The checks read every content object's URL; once the performance plugin has frozen them
    (its own `all_generators_finalized` handler), reading one costs nothing, where Pelican
    would format each from its pattern again. Connecting twice (a second build in one
    process) changes nothing.
    """
    signals.all_generators_finalized.connect(stop_on_content_errors)
    # The page writer waits for the checks before its first page; `finalized` is for a build
    # without that writer (search, connected earlier, then indexes first: slower, still safe).
    before_pages_written.connect(wait_for_checks)
    signals.finalized.connect(wait_for_checks)


def register() -> None:
    """Connect the handlers."""
    signals.readers_init.connect(use_checked_reader)
    signals.initialized.connect(connect_checks_last)
