"""Around one article and on archive pages: neighbours, related, series, month calendars."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from archives.grouping import group_by_period
from archives.reading import month_calendars, month_weeks, newer_and_older, related_by_tags, series_of

URLS = {"year": "{date:%Y}/", "month": "{date:%Y}/{date:%m}/", "day": "{date:%Y}/{date:%m}/{date:%d}/"}
UTC = timezone.utc


def article(name, when, tags=(), series=None):
    item = SimpleNamespace(title=name, date=when, tags=list(tags))
    if series is not None:
        item.series = series
    return item


NEWEST_FIRST = [
    article("f", datetime(2022, 9, 14, 3, 0, tzinfo=UTC), ("đại hội", "công đoàn cơ sở"), "Đại hội"),
    article("e", datetime(2022, 6, 22, 3, 0, tzinfo=UTC), ("đại hội",), "Đại hội"),
    article("d", datetime(2019, 12, 31, 3, 0, tzinfo=UTC), ("thi đua",)),
    article("c", datetime(2019, 11, 21, 9, 0, tzinfo=UTC), ("thi đua", "khen thưởng")),
    article("b", datetime(2019, 11, 21, 2, 0, tzinfo=UTC), ("đại hội", "công đoàn cơ sở"), "Đại hội"),
    article("a", datetime(2019, 11, 19, 2, 0, tzinfo=UTC), ("thi đua", "khen thưởng")),
]


def names(items):
    return [item.title if item else None for item in items]


def test_newer_and_older_neighbours_site_wide():
    pairs = newer_and_older(NEWEST_FIRST)
    assert [(names([n])[0], names([o])[0]) for n, o in pairs] == [
        (None, "e"),
        ("f", "d"),
        ("e", "c"),
        ("d", "b"),
        ("c", "a"),
        ("b", None),
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("f", ["b", "e"]),  # two shared tags beat one shared tag
        ("c", ["a", "d"]),  # a shares both tags; d shares one
        ("e", ["f", "b"]),  # equal counts: nearest in date first
        ("a", ["c", "d"]),
    ],
)
def test_related_articles_share_most_tags_then_nearest(title, expected):
    related = dict(zip(names(NEWEST_FIRST), related_by_tags(NEWEST_FIRST, count=5), strict=True))
    assert names(related[title]) == expected


def test_related_count_and_window_bound_the_list():
    many = [article(str(i), datetime(2020, 1, 1, tzinfo=UTC), ("x",)) for i in range(100)]
    related = related_by_tags(many, count=3, window=5)
    assert names(related[50]) == ["49", "51", "48"]
    assert all(len(items) == 3 for items in related)


def test_series_lists_its_articles_oldest_first():
    assert {name: names(items) for name, items in series_of(NEWEST_FIRST).items()} == {
        "Đại hội": ["b", "e", "f"]
    }


@pytest.mark.parametrize(
    ("year", "month", "first_week", "week_count"),
    [
        (2019, 11, [None, None, None, None, 1, 2, 3], 5),  # 1/11/2019 is a Friday
        (2021, 2, [1, 2, 3, 4, 5, 6, 7], 4),  # February 2021 starts on Monday, four full weeks
        (2020, 3, [None] * 6 + [1], 6),  # 1/3/2020 is a Sunday: six weeks
    ],
)
def test_month_weeks_start_on_monday(year, month, first_week, week_count):
    weeks = month_weeks(year, month, {})
    assert [cell[0] if cell else None for cell in weeks[0]] == first_week
    assert len(weeks) == week_count


def test_month_calendar_links_days_with_news_and_neighbouring_months():
    months = group_by_period(NEWEST_FIRST, URLS)["month"]
    calendars = month_calendars(months)
    november = calendars[(2019, 11)]
    linked = {cell for week in november.weeks for cell in week if cell and cell[1]}
    assert linked == {(19, "2019/11/19/"), (21, "2019/11/21/")}
    assert november.title == "Tháng 11/2019"
    assert november.previous is None
    assert november.next.url == "2019/12/"
    assert calendars[(2022, 9)].next is None
    assert calendars[(2022, 9)].previous.url == "2022/06/"
