"""Pelican's date formatting, remembered while the site is read.

Every article's URL and save_as (`{date:%Y}/{date:%m}/{date:%d}/...`) and its `locale_date`
go through `pelican.utils.strftime`, which parses the format with regular expressions on
every call (3 µs for "%Y"); a build asks for the same (date, format) pairs several times:
the URL, save_as, the URLs frozen once the site is read.

`install()` puts a memoized version in `pelican.utils`, where `SafeDatetime.strftime` and
the `strftime` Jinja filter look it up. The key is everything the result depends on: the
date's class, its fields, its time zone object and `fold` (two aware datetimes of the same
instant in different zones compare equal, yet print differently), the format, and the
current LC_TIME locale (month and day names). The memo is emptied once every URL is frozen
(`forget()`): at 20,000 articles it holds about 18 MiB, which the page writer's processes
need more.
"""

from __future__ import annotations

import locale
from collections.abc import Callable
from typing import Any

import pelican.utils

# Past this many remembered results the memo starts again (a safeguard: a build that reads
# 20,000 articles remembers about 80,000).
MEMO_SIZE = 250_000

Formatter = Callable[[Any, str], str]


class MemoizedStrftime:
    """`original(date, format)` with its results remembered; the same answers."""

    def __init__(self, original: Formatter) -> None:
        self.original = original
        self.memo: dict[tuple, str] = {}

    def __call__(self, date: Any, date_format: str) -> str:
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
