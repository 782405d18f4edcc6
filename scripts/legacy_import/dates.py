"""Dates as old portals print them, found in text and checked against their weekday."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from vietnamese.text import WEEKDAY_PATTERN, parse_weekday, to_nfc

_WD = rf"(?:(?P<weekday>{WEEKDAY_PATTERN})\s*[,:-]?\s*)?"
_TIME = r"(?P<hour>\d{1,2})\s*[:h]\s*(?P<minute>\d{2})"
_DMY = r"(?<!\d)(?P<day>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*(?P<year>\d{4})(?!\d)"

# Forms tried in order; an earlier form wins where two overlap at the same place.
DATE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "words",  # Thứ 3, Ngày 16 tháng 06 năm 2015, 00:00 / Thứ Năm, ngày 21 tháng 11 năm 2019 - 09:25
        re.compile(
            _WD + r"ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})"
            r"(?:\s*[,-]?\s*(?:lúc\s*)?" + _TIME + r")?",
            re.IGNORECASE,
        ),
    ),
    (
        "time-first",  # Cập nhật lúc 16:26 - 25/05/2020 (GMT +07:00)
        re.compile(
            r"(?:cập nhật(?:\s+lúc)?\s*:?\s*)?"
            + _TIME
            + r"\s*[,-]?\s*"
            + _WD
            + _DMY
            + r"(?:\s*\(GMT\s*\+0?7:?00\))?",
            re.IGNORECASE,
        ),
    ),
    (
        "numeric",  # Thứ hai 18/1/2021 / 21/11/2019 09:25 / 21-11-2019 / Ngày 04/01/2012
        re.compile(
            _WD + r"(?:ngày\s*)?" + _DMY + r"(?:\s*[,-]?\s*(?:lúc\s*)?" + _TIME + r")?", re.IGNORECASE
        ),
    ),
    (
        "iso",  # 2019-11-21 09:25
        re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[ T]" + _TIME + r")?(?!\d)"),
    ),
)
YEARS = range(1945, 2101)


@dataclass(frozen=True)
class DateHit:
    """A date found in text: the moment, the weekday printed with it, and where it was."""

    moment: datetime
    weekday: int | None
    has_time: bool
    start: int
    end: int
    form: str

    @property
    def weekday_matches(self) -> bool:
        """True unless a printed weekday disagrees with the date."""
        return self.weekday is None or self.weekday == self.moment.weekday()


def _hit(form: str, match: re.Match[str]) -> DateHit | None:
    """A DateHit from a match, or None when the date does not exist or is out of range."""
    parts = match.groupdict()
    try:
        hour, minute = int(parts.get("hour") or 0), int(parts.get("minute") or 0)
        moment = datetime(int(parts["year"]), int(parts["month"]), int(parts["day"]), hour, minute)
    except ValueError:
        return None
    if moment.year not in YEARS:
        return None
    weekday = parse_weekday(parts["weekday"]) if parts.get("weekday") else None
    return DateHit(moment, weekday, parts.get("hour") is not None, match.start(), match.end(), form)


def find_dates(text: str) -> list[DateHit]:
    """Every date in text, in reading order, longest form first where they overlap."""
    text = to_nfc(text)
    hits = [
        hit for form, pattern in DATE_FORMS for match in pattern.finditer(text) if (hit := _hit(form, match))
    ]
    hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    chosen: list[DateHit] = []
    for hit in hits:
        if not chosen or hit.start >= chosen[-1].end:
            chosen.append(hit)
    return chosen


def date_line(text: str) -> DateHit | None:
    """The date of a line that is mostly a date ("Thứ hai 18/1/2021"), else None."""
    hits = find_dates(text)
    if len(hits) != 1:
        return None
    rest = (text[: hits[0].start] + text[hits[0].end :]).strip(" ,.-|()")
    plain = len(rest) <= 25 and not rest.endswith(":") and not any(ch.isdigit() for ch in rest)
    return hits[0] if plain else None


def format_metadata_date(moment: datetime) -> str:
    """The `Date:` value the importer writes: YYYY-MM-DD HH:MM (Vietnam time)."""
    return moment.strftime("%Y-%m-%d %H:%M")
