"""Pelican's date formatting, remembered while the site is read.

Every article's URL and save_as (`{date:%Y}/{date:%m}/{date:%d}/...`) and its `locale_date`
go through `pelican.utils.strftime`, which parses the format with regular expressions on
every call (3 µs for "%Y"); a build asks for the same (date, format) pairs several times:
the URL, save_as, the URLs frozen once the site is read.

A format made only of C89 directives (no `%-d`, Pelican's zero stripping) is formatted by
the date's own C `strftime` at once: Pelican formats each directive apart with that very
function and joins the pieces, so the result is the same, twenty times faster (a URL's
`{date:%Y}` and an article's `locale_date` are new for nearly every article: 0.4-0.6 s of
a rebuild's reading at 10,000 articles went to Pelican's function). A lone `%Y`, `%m` or
`%d` is the date's own digits.

`install()` puts a memoized version in `pelican.utils`, where `SafeDatetime.strftime` and
the `strftime` Jinja filter look it up. For the other formats the memo's key is everything
the result depends on: the date's class, its fields, its time zone object and `fold` (two
aware datetimes of the same instant in different zones compare equal, yet print
differently), the format, and the current LC_TIME locale (month and day names). The memo is
emptied once every URL is frozen (`forget()`): at 20,000 articles it held about 18 MiB,
which the page writer's processes need more.
"""

from __future__ import annotations

import datetime
import functools
import locale
import re
from collections.abc import Callable
from typing import Any

import pelican.utils

# Past this many remembered results the memo starts again (a safeguard: a build that reads
# 20,000 articles remembers about 80,000).
MEMO_SIZE = 250_000

Formatter = Callable[[Any, str], str]

# Pelican's C89 directives (pelican.utils.strftime): what it formats with the date's strftime.
_PLAIN_FORMAT = re.compile(r"(?:[^%]|%[aAbBcdfGHIjmMpSUuVwWxXyYzZ%])*")
# The date types whose own C strftime Pelican's calls for each directive (a SafeDatetime's
# through datetime's: its own would call Pelican's again).
_C_STRFTIME = {
    pelican.utils.SafeDatetime: datetime.datetime.strftime,
    datetime.datetime: datetime.datetime.strftime,
    datetime.date: datetime.date.strftime,
}


# A URL's `{date:%Y}/{date:%m}/{date:%d}`: three C strftime calls of about 2.5 µs each (0.15 s
# of freezing 10,000 articles' URLs), for what are the date's own digits (%Y from year 1000 on:
# below it, C libraries differ in padding).
_DIGITS: dict[str, Callable[[Any], str]] = {
    "%Y": lambda date: str(date.year),
    "%m": lambda date: f"{date.month:02d}",
    "%d": lambda date: f"{date.day:02d}",
}


@functools.lru_cache(maxsize=1024)
def is_plain_format(date_format: str) -> bool:
    """True when every % of the format starts a C89 directive (no "-" prefix, no stray %)."""
    return _PLAIN_FORMAT.fullmatch(date_format) is not None


class MemoizedStrftime:
    """`original(date, format)` with its results remembered; the same answers."""

    def __init__(self, original: Formatter) -> None:
        self.original = original
        self.memo: dict[tuple, str] = {}

    def __call__(self, date: Any, date_format: str) -> str:
        plain = _C_STRFTIME.get(type(date))
        if plain is not None:
            digits = _DIGITS.get(date_format)
            if digits is not None and date.year >= 1000:
                return digits(date)
            if is_plain_format(date_format):
                return plain(date, date_format)
        key = (
            type(date),
            date,
            getattr(date, "tzinfo", None),
            getattr(date, "fold", 0),
            date_format,
            locale.setlocale(locale.LC_TIME),
        )
        try:
            return self.memo[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable date or time zone
            return self.original(date, date_format)
        if len(self.memo) >= MEMO_SIZE:
            self.memo.clear()
        self.memo[key] = formatted = self.original(date, date_format)
        return formatted


def install() -> MemoizedStrftime:
    """Use the memoized strftime in Pelican (once per process); return it."""
    if not isinstance(pelican.utils.strftime, MemoizedStrftime):
        pelican.utils.strftime = MemoizedStrftime(pelican.utils.strftime)
    return pelican.utils.strftime


def forget() -> None:
    """Empty the memo (the formatting stays memoized)."""
    if isinstance(pelican.utils.strftime, MemoizedStrftime):
        pelican.utils.strftime.memo.clear()
