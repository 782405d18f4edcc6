"""Archives plugin: every listing page, built from one grouping of the articles.

Adds year, month and day archives (/2019/, /2019/11/, /2019/11/21/) with
Vietnamese titles, writes the category, tag and author pages and the category
feeds (`category.feed_url`), gives each article its "Các tin đã đăng" (the older articles of its
category), and writes one small JSON of the days that have news. For the reader it also
gives each article its newer and older neighbours, "Tin liên quan" (shared tags) and its
series ("Theo dòng sự kiện", metadata `Series:`), and builds the static month calendars of the
home and archive pages (`site_index.calendar_for(date)`). Listings link to the first, the last
and the nearby pages (the Jinja global `page_numbers`, `archives.pagination`).

Pelican's own category, tag, author and period pages scan the whole article
list once per term, which grows worse than linearly; this plugin groups the
articles once after Pelican has read them and writes those pages itself. The related lists
are remembered in Pelican's cache folder between builds (`related_memo.py`).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pelican import signals

from plugin_settings import merged_settings

from .grouping import (
    Period,
    days_with_news,
    group_by_attribute,
    group_by_period,
    older_neighbours,
    order_terms,
)
from .pagination import page_numbers
from .reading import (
    WEEKDAY_HEADINGS,
    MonthCalendar,
    month_calendars,
    newer_and_older,
    series_of,
)
from .related_memo import related_lists

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "YEAR_URL": "{date:%Y}/",
    "MONTH_URL": "{date:%Y}/{date:%m}/",
    "DAY_URL": "{date:%Y}/{date:%m}/{date:%d}/",
    "DAYS_JSON": "du-lieu/ngay-co-tin.json",
    "CATEGORY_FEED": "feeds/{slug}.atom.xml",
    "OLDER_IN_CATEGORY": 10,
    "CATEGORY_ORDER": [],
    "RELATED_COUNT": 5,
}


class ArchivesSettingsError(ValueError):
    """A wrong key or value in the ARCHIVES setting."""


def archives_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """ARCHIVES from pelicanconf merged over DEFAULTS; unknown keys are an error."""
    merged = merged_settings(settings, "ARCHIVES", DEFAULTS, "archives", ArchivesSettingsError)
    for kind in ("YEAR_URL", "MONTH_URL", "DAY_URL"):
        if not merged[kind].endswith("/"):
            raise ArchivesSettingsError(f"archives plugin: ARCHIVES['{kind}'] must end with '/'")
    return merged


@dataclass
class SiteIndex:
    """Every grouping the templates list, computed once per build."""

    periods: dict[str, list[Period]]
    categories: list[tuple[Any, list[Any]]]
    tags: list[tuple[Any, list[Any]]]
    authors: list[tuple[Any, list[Any]]]
    days: dict[str, list[int]]
    calendars: dict[tuple[int, int], MonthCalendar]
    day_url_template: str = "{y}/{m}/{d}/"
    # What build_site_index made it from: the articles (newest first) and ARCHIVES.
    inputs: tuple[Any, ...] | None = field(default=None, repr=False, compare=False)

    def render_key_inputs(self) -> tuple[Any, ...] | None:
        """What the page writer's render keys fingerprint instead of the groups themselves
        (plugins/performance/render_keys.py): every period, group and calendar follows from
        the articles in their order and the settings, and walking the 20,000 objects they
        make took 0.14 s of every site digest at 10,000 articles."""
        return self.inputs

    @property
    def years(self) -> list[Period]:
        return self.periods["year"]

    def calendar_for(self, day: Any) -> MonthCalendar | None:
        """The calendar of the month of `day` (a date), or of the newest month without one."""
        if day is None:
            months = self.periods["month"]
            return self.calendars.get((months[0].start.year, months[0].start.month)) if months else None
        return self.calendars.get((day.year, day.month))


def build_site_index(articles: list[Any], config: dict[str, Any]) -> SiteIndex:
    """Group the (newest first) articles by period, category, tag and author."""
    url_patterns = {kind: config[f"{kind.upper()}_URL"] for kind in ("year", "month", "day")}
    periods = group_by_period(articles, url_patterns)

    def ordered(attribute: str, preferred: Sequence[str] = ()) -> list[tuple[Any, list[Any]]]:
        groups = group_by_attribute(articles, attribute)
        return [(term, groups[term]) for term in order_terms(groups, preferred)]

    return SiteIndex(
        periods=periods,
        categories=ordered("category", config["CATEGORY_ORDER"]),
        tags=ordered("tags"),
        authors=ordered("authors"),
        days=days_with_news(periods["day"]),
        calendars=month_calendars(periods["month"]),
        day_url_template=day_url_template(config["DAY_URL"]),
        inputs=(tuple(articles), config),
    )


def day_url_template(pattern: str) -> str:
    """DAY_URL with {y}, {m}, {d} placeholders, for the date picker's script."""
    for code, placeholder in (("%Y", "{y}"), ("%m", "{m}"), ("%d", "{d}")):
        pattern = pattern.replace("{date:" + code + "}", placeholder)
    return pattern


def attach_older_in_category(index: SiteIndex, count: int) -> None:
    """Give each article `older_in_category`: the next `count` older ones of its category."""
    for _category, articles in index.categories:
        for article, older in zip(articles, older_neighbours(articles, count), strict=True):
            article.older_in_category = older


def attach_reading_links(articles: list[Any], related_count: int, cache_folder: str | None = None) -> None:
    """Give each article `newer_article`, `older_article`, `related` and `series_articles`
    (the related lists from their memo in cache_folder, if given: related_memo.py)."""
    related_found = related_lists(articles, related_count, cache_folder)
    for article, (newer, older), related in zip(
        articles, newer_and_older(articles), related_found, strict=True
    ):
        article.newer_article, article.older_article, article.related = newer, older, related
        article.series_articles = []
    for members in series_of(articles).values():
        for article in members:
            article.series_articles = members


def memo_folder(settings: dict[str, Any]) -> str | None:
    """Where the related lists are remembered: Pelican's cache folder, when the build caches."""
    return settings.get("CACHE_PATH") if settings.get("CACHE_CONTENT") else None


def group_articles(generator) -> None:
    """After Pelican has read the articles: group them once, share the groups."""
    config = archives_settings(generator.settings)
    index = build_site_index(generator.articles, config)
    attach_older_in_category(index, config["OLDER_IN_CATEGORY"])
    attach_reading_links(generator.articles, config["RELATED_COUNT"], memo_folder(generator.settings))
    for category, _articles in index.categories:
        category.feed_url = config["CATEGORY_FEED"].format(slug=category.slug)
    generator.context["site_index"] = index
    generator.context["DAYS_JSON_URL"] = config["DAYS_JSON"]
    generator.context["calendar_weekdays"] = WEEKDAY_HEADINGS
    generator.context["categories"] = index.categories
    # This plugin writes these pages from the grouping above; Pelican's writers
    # would rescan every article for every term, so they are handed nothing.
    generator.categories, generator.tags, generator.authors = [], {}, []


def listing_writer(generator, writer):
    """A function that writes one paginated listing page (and its /trang-N/ pages)."""

    def write_listing(template: str, save_as: str, url: str, articles: list, **extra: Any) -> None:
        writer.write_file(
            save_as,
            generator.get_template(template),
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            articles=articles,
            paginated={"articles": articles},
            template_name=template,
            url=url,
            **extra,
        )

    return write_listing


def write_archive_pages(generator, writer) -> None:
    """Write period, category, tag and author listings, category feeds and the days JSON."""
    index: SiteIndex = generator.context["site_index"]
    config = archives_settings(generator.settings)
    write = listing_writer(generator, writer)
    for kind in ("year", "month", "day"):
        for period in index.periods[kind]:
            write("period_archives", period.save_as, period.url, period.articles, period=period)
    for template, groups in (("category", index.categories), ("tag", index.tags), ("author", index.authors)):
        for term, articles in groups:
            write(template, term.save_as, term.url, articles, **{template: term})
    for category, articles in index.categories:
        writer.write_feed(articles, generator.context, category.feed_url, feed_title=category.name)
    write_json_if_changed(
        os.path.join(generator.output_path, config["DAYS_JSON"]),
        {"version": 1, "months": index.days},
    )


def write_json_if_changed(path: str, data: Any) -> None:
    """Serialise data compactly and deterministically; leave an identical file untouched."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    try:
        with open(path, "rb") as handle:
            if handle.read() == payload:
                return
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(payload)


def add_jinja_globals(generator) -> None:
    """Give every template the page numbers a listing's pagination shows."""
    generator.env.globals["page_numbers"] = page_numbers


def register() -> None:
    """Connect the handlers."""
    signals.generator_init.connect(add_jinja_globals)
    signals.article_generator_finalized.connect(group_articles)
    signals.article_writer_finalized.connect(write_archive_pages)
