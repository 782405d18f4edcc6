"""Pelican's strftime remembered while the site is read (plugins/performance/date_formats.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

import pelican.utils
import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from performance.date_formats import MemoizedStrftime, forget, install

ORIGINAL = getattr(pelican.utils.strftime, "original", pelican.utils.strftime)
FORMATS = ["%Y", "%m", "%d", "%-d/%-m/%Y", "%H:%M", "%-H giờ %M", "%A %B %j", "%%Y", "ngày %-d", "%q"]


class CountingStrftime:
    """Pelican's strftime, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, moment, date_format: str) -> str:
        self.calls += 1
        return ORIGINAL(moment, date_format)


@pytest.mark.parametrize("date_format", FORMATS)
def test_the_memo_answers_what_pelican_answers(date_format):
    memoized = MemoizedStrftime(ORIGINAL)
    moments = [
        pelican.utils.SafeDatetime(2012, 1, 1, 0, 5) + timedelta(days=41 * day, minutes=97 * day)
        for day in range(120)
    ]
    for moment in moments + moments:  # the second time from the memo
        assert memoized(moment, date_format) == ORIGINAL(moment, date_format)
    assert memoized(date(2019, 11, 21), date_format) == ORIGINAL(date(2019, 11, 21), date_format)


def test_a_date_in_one_format_is_formatted_once():
    counting = CountingStrftime()
    memoized = MemoizedStrftime(counting)
    moment = datetime(2019, 11, 21, 9, 25)
    assert [memoized(moment, "%-d") for _ in range(3)] == ["21"] * 3
    assert memoized(moment, "%-m") == "11"
    assert counting.calls == 2


@pytest.mark.parametrize(
    "date_format", [*FORMATS, "%a %d %B %Y", "Ngày %d/%m/%Y lúc %H:%M", "%", "50%", "%%%"]
)
def test_a_format_of_c89_directives_is_formatted_at_once_as_pelican_formats_it(date_format):
    counting = CountingStrftime()
    memoized = MemoizedStrftime(counting)
    moments = [
        pelican.utils.SafeDatetime(2013, 2, 3, 4, 5),
        datetime(2019, 11, 21, 9, 25, tzinfo=timezone(timedelta(hours=7))),
        date(2025, 12, 31),
    ]
    for moment in moments:
        try:
            expected = ORIGINAL(moment, date_format)
        except (TypeError, ValueError) as error:  # a stray %: Pelican's own error
            with pytest.raises(type(error)):
                memoized(moment, date_format)
            continue
        assert memoized(moment, date_format) == expected
    plain = "-" not in date_format and date_format not in ("%q", "%", "50%", "%%%")
    assert (counting.calls == 0) == plain  # Pelican's function is not called for a plain format


def test_the_same_instant_in_two_time_zones_is_formatted_twice():
    memoized = MemoizedStrftime(ORIGINAL)
    hanoi = datetime(2019, 11, 21, 9, 25, tzinfo=timezone(timedelta(hours=7)))
    utc = hanoi.astimezone(timezone.utc)
    assert hanoi == utc  # equal as instants, so the memo's key must hold the zone
    assert (memoized(hanoi, "%H:%M %z"), memoized(utc, "%H:%M %z")) == ("09:25 +0700", "02:25 +0000")


def test_a_date_and_a_datetime_of_the_same_day_are_kept_apart():
    memoized = MemoizedStrftime(ORIGINAL)
    assert memoized(datetime(2019, 11, 21, 9, 25), "%H:%M") == "09:25"
    assert memoized(date(2019, 11, 21), "%H:%M") == "00:00"


def test_an_unhashable_time_zone_is_formatted_without_the_memo():
    class Unhashable(tzinfo):  # a time zone that cannot be a key
        __hash__ = None

        def utcoffset(self, _moment):
            return timedelta(hours=7)

        def dst(self, _moment):
            return timedelta(0)

        def tzname(self, _moment):
            return "ICT"

    memoized = MemoizedStrftime(ORIGINAL)
    moment = datetime(2019, 11, 21, 9, 25, tzinfo=Unhashable())
    assert memoized(moment, "%H:%M %Z") == "09:25 ICT"
    assert memoized.memo == {}


def test_pelican_uses_it_and_forget_empties_it():
    memoized = install()
    assert install() is memoized and pelican.utils.strftime is memoized
    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "{date:%Y}/{date:%-m}/{date:%-d}/{slug}/"}
    metadata = {"title": "Hội nghị", "date": datetime(2019, 11, 2, 9, 25), "slug": "hoi-nghi"}
    item = Article("<p>Nội dung</p>", metadata=metadata, settings=settings, source_path="/c/hoi-nghi.md")
    assert item.url == "2019/11/2/hoi-nghi/"
    assert any(key[1] == item.date and key[4] == "%-d" for key in memoized.memo)
    forget()
    assert memoized.memo == {}
    assert item.url == "2019/11/2/hoi-nghi/"


@pytest.mark.parametrize("date_format", ["%Y", "%m", "%d"])
def test_a_url_s_year_month_and_day_are_the_date_s_own_digits(date_format):
    memoized = MemoizedStrftime(ORIGINAL)
    moments = [date(1000, 1, 1), date(1999, 12, 31), datetime(2024, 2, 29, 23, 59), date(9999, 12, 31)]
    moments += [pelican.utils.SafeDatetime(2012, 1, 1) + timedelta(days=37 * day) for day in range(200)]
    for moment in moments:
        assert memoized(moment, date_format) == ORIGINAL(moment, date_format)
    # Before the year 1000, the C library's own padding (left to it).
    assert memoized(date(999, 3, 4), date_format) == ORIGINAL(date(999, 3, 4), date_format)
