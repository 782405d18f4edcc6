"""What a reader is offered around one article, and the month calendars of the archive pages.

Pure functions over newest-first article lists (objects with `date`, `tags`, and an optional
`series`): newer and older neighbours, "Tin liên quan" (shared tags), "Theo dòng sự kiện" (the
articles of one series) and the static month calendars that link the days with news.
"""

from __future__ import annotations

import calendar
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from vietnamese.text import format_date

from .grouping import Period, group_by_attribute

# Vietnamese weeks start on Monday: Thứ Hai ... Chủ Nhật.
WEEKDAY_HEADINGS = [
    ("T2", "Thứ Hai"),
    ("T3", "Thứ Ba"),
    ("T4", "Thứ Tư"),
    ("T5", "Thứ Năm"),
    ("T6", "Thứ Sáu"),
    ("T7", "Thứ Bảy"),
    ("CN", "Chủ Nhật"),
]


def newer_and_older(articles: Sequence[Any]) -> list[tuple[Any | None, Any | None]]:
    """For each article of a newest-first list, its (newer, older) neighbours site-wide."""
    padded = [None, *articles, None]
    return [(padded[i], padded[i + 2]) for i in range(len(articles))]


# Candidates for "Tin liên quan": this many neighbours on each side in each tag's list.
RELATED_WINDOW = 12


def related_by_tags(articles: Sequence[Any], count: int, window: int = RELATED_WINDOW) -> list[list[Any]]:
    """For each article, up to `count` others sharing most tags, nearest in date first.

    Only the `window` neighbours on each side within each tag's list are candidates, so a tag
    on thousands of articles costs linear time, not quadratic.
    """
    return [[articles[j] for j in found] for found in related_positions(articles, count, window)]


def related_positions(articles: Sequence[Any], count: int, window: int = RELATED_WINDOW) -> list[list[int]]:
    """related_by_tags as positions in `articles`: they follow from the order and the tags alone."""
    by_tag: dict[Any, list[int]] = defaultdict(list)
    places: list[list[tuple[list[int], int]]] = []
    for index, article in enumerate(articles):
        mine = []
        for tag in getattr(article, "tags", None) or ():
            members = by_tag[tag_key(tag)]
            mine.append((members, len(members)))
            members.append(index)
        places.append(mine)
    return [_best_sharing(i, places[i], count, window) for i in range(len(articles))]


def tag_key(tag: Any) -> Any:
    """What makes two tags one: Pelican's Tag compares (and hashes, in Python code) its slug."""
    return getattr(tag, "slug", tag)


def _best_sharing(index: int, places: list[tuple[list[int], int]], count: int, window: int) -> list[int]:
    """Positions sharing most tags with `index` (ties: nearest, then newer), at most `count`."""
    if not places:
        return []
    shared: Counter[int] = Counter()
    for members, at in places:
        shared.update(members[max(0, at - window) : at + window + 1])  # counted in C
    del shared[index]
    # Plain tuples compare in C: no key function called for each candidate.
    ranked = heapq.nsmallest(count, [(-n, abs(j - index), j) for j, n in shared.items()])
    return [j for _, _, j in ranked]


def series_of(articles: Iterable[Any]) -> dict[str, list[Any]]:
    """{series name: its articles oldest first} for articles that name a `series`."""
    groups = group_by_attribute(articles, "series")
    return {str(name): list(reversed(members)) for name, members in groups.items() if str(name).strip()}


@dataclass
class MonthCalendar:
    """One month as weeks of days (None outside the month); days with news carry their URL."""

    month: Period
    weeks: list[list[tuple[int, str | None] | None]]
    previous: Period | None
    next: Period | None

    @property
    def title(self) -> str:
        return format_date(self.month.start, "month_archive")


def month_weeks(year: int, month: int, day_urls: dict[int, str]) -> list[list[tuple[int, str | None] | None]]:
    """Monday-first weeks of (day, url or None); None pads the first and last week."""
    weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    return [[(day, day_urls.get(day)) if day else None for day in week] for week in weeks]


def month_calendars(months: Sequence[Period]) -> dict[tuple[int, int], MonthCalendar]:
    """A calendar for every month with news (newest-first periods), linked to its neighbours."""
    calendars = {}
    for index, month in enumerate(months):
        day_urls = {day.start.day: day.url for day in month.children}
        calendars[(month.start.year, month.start.month)] = MonthCalendar(
            month=month,
            weeks=month_weeks(month.start.year, month.start.month, day_urls),
            previous=months[index + 1] if index + 1 < len(months) else None,
            next=months[index - 1] if index > 0 else None,
        )
    return calendars
