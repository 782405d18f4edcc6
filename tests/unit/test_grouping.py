"""Grouping articles once: periods, terms, neighbours, days with news."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from pelican.urlwrappers import Tag

from archives import ArchivesSettingsError, archives_settings
from archives.grouping import (
    days_with_news,
    group_by_attribute,
    group_by_period,
    older_neighbours,
    order_terms,
)

URLS = {"year": "{date:%Y}/", "month": "{date:%Y}/{date:%m}/", "day": "{date:%Y}/{date:%m}/{date:%d}/"}


def article(name: str, when: datetime, category: str = "Tin tức", tags: tuple[str, ...] = ()):
    return SimpleNamespace(title=name, date=when, category=category, tags=list(tags))


NEWEST_FIRST = [
    article("e", datetime(2020, 1, 1, 0, 0), "Tin tức", ("thi đua",)),
    article("d", datetime(2019, 12, 31, 23, 45), "Hoạt động", ("đoàn viên", "thi đua")),
    article("c", datetime(2019, 11, 21, 16, 0), "Tin tức"),
    article("b", datetime(2019, 11, 21, 9, 25), "Hoạt động", ("đoàn viên",)),
    article("a", datetime(2018, 6, 15, 7, 30), "Tin tức"),
]


def names(items) -> list[str]:
    return [item.title for item in items]


def test_periods_keep_newest_first_and_know_their_parents():
    periods = group_by_period(NEWEST_FIRST, URLS)
    assert [p.url for p in periods["year"]] == ["2020/", "2019/", "2018/"]
    assert [p.title for p in periods["year"]] == ["Năm 2020", "Năm 2019", "Năm 2018"]
    day = next(p for p in periods["day"] if p.start == date(2019, 11, 21))
    assert names(day.articles) == ["c", "b"]
    assert day.title == "Thứ Năm, ngày 21/11/2019"
    assert day.save_as == "2019/11/21/index.html"
    assert [p.url for p in day.parents] == ["2019/", "2019/11/"]
    november = day.parents[1]
    assert names(november.articles) == ["c", "b"]
    assert [child.url for child in november.children] == ["2019/11/21/"]
    assert [child.title for child in day.parents[0].children] == ["Tháng 12/2019", "Tháng 11/2019"]


def test_periods_use_vietnam_time_for_aware_dates():
    # 18:00 UTC on 31/12/2019 is 01:00 on 1/1/2020 in Vietnam.
    late = article("x", datetime(2019, 12, 31, 18, 0, tzinfo=timezone.utc))
    periods = group_by_period([late], URLS)
    assert [p.url for p in periods["day"]] == ["2020/01/01/"]


def test_every_article_is_in_exactly_one_period_of_each_kind():
    many = [article(str(i), datetime(2015, 1, 1) + timedelta(hours=7 * i)) for i in range(2000)][::-1]
    periods = group_by_period(many, URLS)
    for kind in ("year", "month", "day"):
        assert sum(len(p.articles) for p in periods[kind]) == len(many)


def test_group_by_single_and_list_attributes():
    by_category = group_by_attribute(NEWEST_FIRST, "category")
    assert names(by_category["Tin tức"]) == ["e", "c", "a"]
    by_tag = group_by_attribute(NEWEST_FIRST, "tags")
    assert names(by_tag["thi đua"]) == ["e", "d"]
    assert names(by_tag["đoàn viên"]) == ["d", "b"]
    assert group_by_attribute(NEWEST_FIRST, "authors") == {}


def test_order_terms_puts_preferred_first_then_vietnamese_order():
    terms = ["Đời sống", "Tin tức", "Du lịch", "Ăn uống", "Hoạt động"]
    assert order_terms(terms, ["Tin tức", "Hoạt động"]) == [
        "Tin tức",
        "Hoạt động",
        "Ăn uống",
        "Du lịch",
        "Đời sống",
    ]


def test_older_neighbours():
    assert older_neighbours(["e", "d", "c", "b", "a"], 2) == [["d", "c"], ["c", "b"], ["b", "a"], ["a"], []]


def test_days_with_news_grouped_by_month_ascending():
    periods = group_by_period(NEWEST_FIRST, URLS)
    assert days_with_news(periods["day"]) == {
        "2018-06": [15],
        "2019-11": [21],
        "2019-12": [31],
        "2020-01": [1],
    }


def test_archives_settings_are_merged_and_checked():
    merged = archives_settings({"ARCHIVES": {"OLDER_IN_CATEGORY": 5}})
    assert merged["OLDER_IN_CATEGORY"] == 5
    assert merged["DAY_URL"] == "{date:%Y}/{date:%m}/{date:%d}/"
    with pytest.raises(ArchivesSettingsError, match="OLDER_IN_CATGORY"):
        archives_settings({"ARCHIVES": {"OLDER_IN_CATGORY": 5}})
    with pytest.raises(ArchivesSettingsError, match="must end with '/'"):
        archives_settings({"ARCHIVES": {"DAY_URL": "{date:%Y}-{date:%m}-{date:%d}"}})


def test_terms_with_one_slug_are_one_group_under_the_first_seen():
    """Each article read from Pelican's cache carries its own Tag objects: one slug, one group."""
    settings = {"SLUGIFY_USE_UNICODE": False}
    first, again = Tag("Thi đua", settings), Tag("Thi đua", settings)
    items = [article("b", datetime(2020, 1, 2)), article("a", datetime(2020, 1, 1))]
    items[0].tags, items[1].tags = [first], [again, Tag("Khen thưởng", settings)]
    groups = group_by_attribute(items, "tags")
    assert [term.name for term in groups] == ["Thi đua", "Khen thưởng"]
    assert next(iter(groups)) is first
    assert names(groups[again]) == ["b", "a"]
