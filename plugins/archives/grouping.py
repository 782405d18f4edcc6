"""Group articles once: by year, month and day, and by category, tag and author.

Pure functions over any objects with a `date` (and `category`, `tags`, `authors`)
attribute. Input is newest first, and every group keeps that order, so one pass
over the articles builds every listing the site shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vietnamese.text import format_date, in_vietnam_time, sort_key

PERIOD_KINDS = ("year", "month", "day")


@dataclass
class Period:
    """One year, month or day that has news, with its articles newest first."""

    kind: str
    start: date
    url: str
    articles: list[Any] = field(default_factory=list)
    parents: list[Period] = field(default_factory=list)
    children: list[Period] = field(default_factory=list)

    @property
    def save_as(self) -> str:
        return self.url + "index.html"

    def render_key_inputs(self) -> tuple[Any, ...]:
        """What the page writer's render keys fingerprint instead of the period's attributes
        (plugins/performance/render_keys.py). Its parents and children name it back, so a
        walk through them would stop wherever it first came round, and fingerprint the same
        period differently from different pages; they follow from the grouping of all the
        articles, which every page's key holds (the site index, SiteIndex.render_key_inputs)."""
        return (self.kind, self.start, self.url, self.articles)

    @property
    def title(self) -> str:
        """Vietnamese title: "Năm 2019", "Tháng 11/2019" or "Thứ Năm, ngày 21/11/2019"."""
        return format_date(self.start, f"{self.kind}_archive")

    @property
    def key(self) -> tuple[int, ...]:
        full = (self.start.year, self.start.month, self.start.day)
        return full[: PERIOD_KINDS.index(self.kind) + 1]


def local_day(article: Any) -> date:
    """The article's calendar day in Vietnam time."""
    return in_vietnam_time(article.date).date()


def _period_start(day: date, kind: str) -> date:
    if kind == "year":
        return day.replace(month=1, day=1)
    if kind == "month":
        return day.replace(day=1)
    return day


def group_by_period(articles: Iterable[Any], url_patterns: dict[str, str]) -> dict[str, list[Period]]:
    """Year, month and day periods (newest first), each listing its articles."""
    found: dict[tuple[str, date], Period] = {}
    by_kind: dict[str, list[Period]] = {kind: [] for kind in PERIOD_KINDS}
    chains: dict[date, list[Period]] = {}  # a day's year, month and day, found once
    for article in articles:
        day = local_day(article)
        chain = chains.get(day)
        if chain is None:
            chain = chains[day] = _period_chain(day, found, by_kind, url_patterns)
        for period in chain:
            period.articles.append(article)
    return by_kind


def _period_chain(
    day: date, found: dict[tuple[str, date], Period], by_kind: dict[str, list[Period]], url_patterns: dict
) -> list[Period]:
    """The year, month and day periods of one day, each made (and listed) the first time."""
    chain: list[Period] = []
    for kind in PERIOD_KINDS:
        start = _period_start(day, kind)
        period = found.get((kind, start))
        if period is None:
            url = url_patterns[kind].format(date=start)
            period = Period(kind, start, url, parents=list(chain))
            found[(kind, start)] = period
            by_kind[kind].append(period)
            if chain:
                chain[-1].children.append(period)
        chain.append(period)
    return chain


def group_by_attribute(articles: Iterable[Any], attribute: str) -> dict[Any, list[Any]]:
    """Articles per value of a single (category) or list (tags, authors) attribute."""
    # Grouped by slug: Pelican's Tag, Category and Author hash and compare it in Python code,
    # so a dict keyed by them calls two Python methods for each article's every term.
    groups: dict[Any, list[Any]] = {}
    terms: dict[Any, Any] = {}
    for article in articles:
        value = getattr(article, attribute, None)
        if value is None:
            continue
        for item in value if isinstance(value, (list, tuple)) else (value,):
            key = getattr(item, "slug", item)
            members = groups.get(key)
            if members is None:
                members = groups[key] = []
                terms[key] = item
            members.append(article)
    return {terms[key]: members for key, members in groups.items()}


def order_terms(terms: Iterable[Any], preferred: Sequence[str] = ()) -> list[Any]:
    """Terms named in `preferred` first, in that order; the rest in Vietnamese order."""
    rank = {name: position for position, name in enumerate(preferred)}
    return sorted(
        terms,
        key=lambda term: (rank.get(str(term), len(rank)), sort_key(str(term))),
    )


def older_neighbours(articles: Sequence[Any], count: int) -> list[list[Any]]:
    """For each article of a newest-first list, the `count` articles that follow it."""
    return [list(articles[i + 1 : i + 1 + count]) for i in range(len(articles))]


def days_with_news(day_periods: Iterable[Period]) -> dict[str, list[int]]:
    """{"2019-11": [19, 21], ...}: the days that have news, grouped by month, ascending."""
    months: dict[str, list[int]] = defaultdict(list)
    for period in day_periods:
        months[f"{period.start:%Y-%m}"].append(period.start.day)
    return {month: sorted(days) for month, days in sorted(months.items())}
