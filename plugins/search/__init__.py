"""Search plugin: a Pagefind index of the articles' and documents' text, written after the build.

At the end of the build (Pelican's `finalized`, still inside the staging folder, so a failed
index leaves the previous output alone) every written HTML page with a `data-pagefind-body`
element is given to Pagefind (Python package, binary inside the wheel) as a small page of
its own (indexing.py: the text folded, each word once, document numbers as tokens), and the
bundle is written to SEARCH["BUNDLE_DIR"] (pagefind/). Beside it, RECORDS_DIR holds one JSON
record a page (title, date, category, number, the reader's text), named by the page's
Pagefind id, so search.js fetches a result's record straight from the id Pagefind returns.
theme/static/js/search.js queries both.
"""

from __future__ import annotations

import asyncio
import json
import logging
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pelican import signals
from progress import announce

from plugin_settings import merged_settings
from vietnamese.text import format_number

from .indexing import prepare_page, selector_pattern
from .ordering import order_bundle, unpack

logger = logging.getLogger(__name__)

# Inside the bundle: one record a page, <Pagefind page id>.json (search.js mirrors the name).
RECORDS_DIR = "record"

DEFAULTS: dict[str, Any] = {
    # Build the index (False skips it, e.g. for quick previews).
    "INDEX": True,
    # Folder of the Pagefind bundle inside the output; search.js loads it relatively.
    "BUNDLE_DIR": "pagefind",
    # Parts of the indexed element that are not the text: date line, tools, byline and tags.
    # Simple selectors only: a tag, .class, #id, or tag.class / tag#id.
    "EXCLUDE_SELECTORS": [".dateline", ".article-tools", ".article__footer"],
}


class SearchSettingsError(ValueError):
    """A wrong key or value in the SEARCH setting."""


def search_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """SEARCH from pelicanconf merged over DEFAULTS, checked."""
    merged = merged_settings(settings, "SEARCH", DEFAULTS, "search", SearchSettingsError)
    if not str(merged["BUNDLE_DIR"]).strip("/"):
        raise SearchSettingsError("search plugin: SEARCH['BUNDLE_DIR'] must name a folder")
    for selector in merged["EXCLUDE_SELECTORS"]:
        try:
            selector_pattern(selector)
        except ValueError:
            raise SearchSettingsError(
                f"search plugin: SEARCH['EXCLUDE_SELECTORS'] holds {selector!r}; use simple selectors "
                "only: a tag, .class, #id, tag.class or tag#id"
            ) from None
    return merged


def pages_to_index(output: Path, skip: set[str], exclude: list[str]) -> list[tuple[str, str, dict]]:
    """(relative path, page for Pagefind, record) of every page with a data-pagefind-body, sorted."""
    patterns = [selector_pattern(selector) for selector in exclude]
    found = []
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.split("/", 1)[0] in skip:
            continue
        prepared = prepare_page(path.read_text(encoding="utf-8"), relative, patterns)
        if prepared is not None:
            found.append((relative, *prepared))
    return found


async def write_index(pages: list[tuple[str, str, dict]], bundle: Path) -> None:
    """Index the prepared pages with Pagefind and write the bundle.

    The pages go through a mirror folder and one add_directory call: the Python service
    answers one request per 0.1 s, so a call per page would take 17 minutes for 10,000.
    """
    from pagefind.index import IndexConfig, PagefindIndex

    # Pagefind's context manager writes the bundle when it closes, to output_path: that is
    # the one write (a write_files call as well would write a second meta and filter set).
    config = IndexConfig(force_language="vi", output_path=str(bundle))
    with tempfile.TemporaryDirectory(prefix="search-pages-") as mirror:
        for relative, prepared, _record in pages:
            target = Path(mirror, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(prepared, encoding="utf-8")
        async with PagefindIndex(config=config) as index:
            await index.add_directory(path=mirror)


def fragment_url(path: Path) -> str:
    """The page URL inside one of Pagefind's fragment files."""
    return json.loads(unpack(path))["url"]


def write_records(bundle: Path, records: list[dict]) -> None:
    """Write each page's record as <bundle>/record/<its Pagefind id>.json."""
    by_url = {record["url"]: record for record in records}
    folder = bundle / RECORDS_DIR
    folder.mkdir(exist_ok=True)
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        record = by_url.get(fragment_url(fragment))
        if record is None:
            raise RuntimeError(f"search plugin: Pagefind indexed a page it was not given: {fragment.name}")
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        (folder / f"{fragment.stem}.json").write_text(text, encoding="utf-8")


def index_site(output: Path, settings: dict[str, Any]) -> int:
    """Write the search bundle for the site in `output`; return how many pages it holds."""
    config = search_settings(settings)
    if not config["INDEX"]:
        return 0
    bundle_dir = str(config["BUNDLE_DIR"]).strip("/")
    skip = {bundle_dir, settings.get("THEME_STATIC_DIR", "theme")}
    announce(settings, "Lập chỉ mục tìm kiếm: đọc các trang đã ghi…")
    pages = pages_to_index(output, skip, list(config["EXCLUDE_SELECTORS"]))
    announce(settings, f"Lập chỉ mục tìm kiếm: {format_number(len(pages))} bài viết và văn bản (Pagefind)…")
    # A thread of its own: the caller may already run an event loop (Playwright's sync API does).
    with ThreadPoolExecutor(max_workers=1) as runner:
        runner.submit(asyncio.run, write_index(pages, output / bundle_dir)).result()
    order_bundle(output / bundle_dir)
    write_records(output / bundle_dir, [record for _relative, _prepared, record in pages])
    logger.info("search: %d pages indexed into %s/", len(pages), bundle_dir)
    return len(pages)


def resolve_settings(pelican) -> None:
    """Pelican `initialized` handler: SEARCH checked and completed, so templates read BUNDLE_DIR."""
    pelican.settings["SEARCH"] = search_settings(pelican.settings)


def build_index(pelican) -> None:
    """Pelican `finalized` handler: index the output just written (the staging folder)."""
    index_site(Path(pelican.settings["OUTPUT_PATH"]), pelican.settings)


def register() -> None:
    """Check the settings at start; index the site once every page is written."""
    signals.initialized.connect(resolve_settings)
    signals.finalized.connect(build_index)
