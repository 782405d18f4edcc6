"""Vietnamese plugin: our text rules applied to templates and content objects.

Adds the Jinja filters `vn_date`, `vn_iso`, `vn_number`, `vn_sort`, `vn_size`
and `vn_slug`, and gives
articles, pages, categories, tags and authors slugs by our one slug rule (đ -> d),
so a URL never depends on which slug function happened to run. An article's
slug comes from its `Slug:` line or its file name, so editing the title keeps
the URL. The rules themselves live in `vietnamese.text`, which scripts and
tests import too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pelican import signals

from .text import format_date, format_number, format_size, machine_datetime, slugify, sort_key


def sort_vietnamese(items: Iterable[Any], attribute: str | None = None) -> list[Any]:
    """Jinja filter: sort items (or items' attribute) in Vietnamese dictionary order."""
    if attribute is None:
        return sorted(items, key=lambda item: sort_key(str(item)))
    return sorted(items, key=lambda item: sort_key(str(getattr(item, attribute))))


JINJA_FILTERS = {
    "vn_date": format_date,
    "vn_iso": machine_datetime,
    "vn_number": format_number,
    "vn_sort": sort_vietnamese,
    "vn_size": format_size,
    "vn_slug": slugify,
}


def add_jinja_filters(generator) -> None:
    """Make the Vietnamese filters available to every template."""
    generator.env.filters.update(JINJA_FILTERS)


def _wrappers(metadata: dict[str, Any]) -> Iterable[Any]:
    """The category, tag and author objects named in one file's metadata."""
    for key in ("category", "author"):
        if key in metadata:
            yield metadata[key]
    for key in ("tags", "authors"):
        yield from metadata.get(key, ())


def apply_slug_rule(generator, metadata: dict[str, Any]) -> None:
    """Give the content and its taxonomy objects slugs made by `text.slugify`.

    The content's slug comes from `Slug:` or, through FILENAME_METADATA, from the
    file name, never from the title: editing a title must not move a URL.
    """
    slug = slugify(str(metadata.get("slug", "")))
    if not slug and metadata.get("title"):
        slug = slugify(metadata["title"])
    if slug:
        metadata["slug"] = slug
    for wrapper in _wrappers(metadata):
        wrapper.slug = slugify(wrapper.name)


def register() -> None:
    """Connect the handlers."""
    signals.generator_init.connect(add_jinja_filters)
    signals.article_generator_context.connect(apply_slug_rule)
    signals.page_generator_context.connect(apply_slug_rule)
