"""Vietnamese text rules: dates, numbers, slugs, normalisation, folding, sorting.

Every part of the project (plugins, scripts, tests) takes these rules from here;
legacy encodings (TCVN3, VNI, Windows-1258, mojibake) live in `vietnamese.encodings`.
The functions are pure and take explicit arguments; dates come from Babel's CLDR
data with explicit patterns, never from the machine's locale.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_decimal

LOCALE = "vi"
VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Babel (CLDR) patterns for every date the site shows; quoted text is literal.
DATE_PATTERNS: dict[str, str] = {
    "dateline": "EEEE, 'ngày' dd 'tháng' MM 'năm' yyyy - HH:mm",
    "updated": "'Cập nhật lúc' HH:mm - dd/MM/yyyy",
    "list": "dd/MM/yyyy",
    "day_archive": "EEEE, 'ngày' dd/MM/yyyy",
    "month_archive": "'Tháng' MM/yyyy",
    "year_archive": "'Năm' yyyy",
    "short": "dd/MM",
}

# Letters of the Vietnamese alphabet in dictionary order; f, j, w, z for loan words.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Combining tone marks in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a letter of their own (ă, â, ê, ô, ơ, ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _combining_marks_table() -> dict[int, None]:
    """str.translate table deleting every combining mark of the BMP and the SMP, built once."""
    return dict.fromkeys(code for code in range(0x20000) if unicodedata.combining(chr(code)))


# str.translate runs in C: folding is about twice as fast as a Python loop over characters.
_NO_COMBINING_MARKS = _combining_marks_table()


class DateFormatError(ValueError):
    """A content date that cannot be read; the message is Vietnamese."""


def to_nfc(text: str) -> str:
    """Return text in Unicode NFC, the one form the site stores and emits."""
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    """Tell whether text is already NFC (decomposed input is not)."""
    return unicodedata.is_normalized("NFC", text)


def fold_diacritics(text: str) -> str:
    """Strip every Vietnamese mark, đ/Đ included: "Công đoàn" -> "Cong doan"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", decomposed.translate(_NO_COMBINING_MARKS))


# Pure, and called for every tag, category and author of every article on every build (the
# same few dozen names thousands of times): the cache cannot give a wrong slug.
@lru_cache(maxsize=1 << 14)
def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated slug: "Đẩy mạnh phong trào" -> "day-manh-phong-trao"."""
    folded = fold_diacritics(to_nfc(text)).lower()
    return _NON_SLUG.sub("-", folded).strip("-")


def _letter_and_tone(char: str) -> tuple[str, int]:
    """Split one lower-case character into its letter (ă, ơ, ...) and its tone rank."""
    tone = 0
    kept = []
    for part in unicodedata.normalize("NFD", char):
        if part in _TONE_RANK:
            tone = _TONE_RANK[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def sort_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]:
    """Key that orders strings as a Vietnamese dictionary does (a ă â b c d đ e ê ...).

    Letters decide first, tones (ngang, huyền, hỏi, ngã, sắc, nặng) break ties,
    and the original text breaks the remaining ones so the order is total.
    """
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for char in to_nfc(text).lower():
        letter, tone = _letter_and_tone(char)
        rank = _LETTER_RANK.get(letter)
        letters.append((1, rank) if rank is not None else (0, ord(letter[:1] or " ")))
        tones.append(tone)
    return tuple(letters), tuple(tones), text


def format_number(value: float) -> str:
    """Vietnamese number: thousands with a dot, decimals with a comma ("1.303")."""
    return format_decimal(value, locale=LOCALE)


def today_in_vietnam() -> date:
    """The date in Vietnam now: the day a build shows documents' statuses for."""
    return datetime.now(VIETNAM_TZ).date()


def in_vietnam_time(moment: datetime) -> datetime:
    """Return moment in Asia/Ho_Chi_Minh; a naive value is taken as Vietnam time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VIETNAM_TZ)
    return moment.astimezone(VIETNAM_TZ)


def format_date(moment: datetime | date, style: str = "dateline") -> str:
    """Format a date in one of DATE_PATTERNS' styles, in Vietnam time."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    return _format_vietnam_time(in_vietnam_time(moment), style)


# A build formats each article's date on every list that shows it (80,000 times for 2,000
# articles) and Babel takes about 30 us each: the result is remembered per moment and style.
# A pure function of its arguments, so the cache can never give another build a wrong date.
@lru_cache(maxsize=1 << 16)
def _format_vietnam_time(local: datetime, style: str) -> str:
    """format_date of a moment already in Vietnam time (equal moments print alike)."""
    return format_datetime(local, DATE_PATTERNS[style], tzinfo=VIETNAM_TZ, locale=LOCALE)


def machine_datetime(moment: datetime) -> str:
    """ISO 8601 with the Vietnam offset, for <time datetime>: 2019-11-21T09:25:00+07:00."""
    return in_vietnam_time(moment).isoformat(timespec="seconds")


# Date forms an editor may write in a `Date:` line, tried in order.
_DATE_FORMS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
        r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
        r"(?P<offset>Z|[+-]\d{2}:?\d{2})?)?"
    ),
    re.compile(
        r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"
        r"(?:[ ,-]+(?P<hour>\d{1,2})[:h](?P<minute>\d{2}))?"
    ),
)

DATE_HINT = "Viết theo mẫu NĂM-THÁNG-NGÀY GIỜ:PHÚT, ví dụ 2019-11-21 09:25 (hoặc 21/11/2019 09:25)."


def _offset_tz(offset: str | None) -> ZoneInfo | None:
    """Only the Vietnam offset is accepted, so every date stays in one time zone."""
    if offset is None:
        return None
    if offset.replace(":", "") == "+0700":
        return VIETNAM_TZ
    raise DateFormatError(f"múi giờ {offset} không phải giờ Việt Nam (+07:00); bỏ phần múi giờ đi.")


def parse_content_date(value: str) -> datetime:
    """Read a `Date:` value; raise DateFormatError (Vietnamese) when it cannot be read."""
    text = to_nfc(value).strip()
    for pattern in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = {k: int(v) for k, v in match.groupdict().items() if v and k != "offset"}
        try:
            moment = datetime(
                parts["year"],
                parts["month"],
                parts["day"],
                parts.get("hour", 0),
                parts.get("minute", 0),
                parts.get("second", 0),
            )
        except ValueError:
            raise DateFormatError(
                f"ngày «{text}» không có thật (ví dụ 31/02); hãy sửa lại ngày tháng."
            ) from None
        tz = _offset_tz(match.groupdict().get("offset"))
        return moment.replace(tzinfo=tz) if tz else moment
    raise DateFormatError(f"không đọc được ngày «{text}». {DATE_HINT}")


def decode_source(data: bytes, nfc: bool = True) -> str:
    """Decode a content file: UTF-8 with or without BOM, any line ending, stored as NFC.

    `nfc=False` keeps decomposed text as it is (to report it). Raises UnicodeDecodeError
    for bytes that are not UTF-8.
    """
    text = data.decode("utf-8-sig")
    if "\r" in text:  # most files have none: two passes over the text saved
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return to_nfc(text) if nfc else text


# File sizes: binary units as Windows shows them, Vietnamese decimal comma ("1,2 MB").
# (unit, bytes, Babel pattern, decimals), smallest first.
_SIZE_UNITS = (("KB", 1024, "#,##0", 0), ("MB", 1024**2, "#,##0.#", 1), ("GB", 1024**3, "#,##0.#", 1))


def format_size(size: int) -> str:
    """A file size for readers: "350 KB", "1,2 MB"; below 1 KB in bytes ("512 byte")."""
    if size < 1024:
        return f"{size} byte"
    # The smallest unit whose rounded value stays below 1024; the largest takes any size.
    unit, factor, pattern, decimals = next(
        (entry for entry in _SIZE_UNITS if round(size / entry[1], entry[3]) < 1024), _SIZE_UNITS[-1]
    )
    value = round(size / factor, decimals)
    return f"{format_decimal(value, format=pattern, locale=LOCALE)} {unit}"


def first_non_nfc_line(text: str) -> int | None:
    """1-based number of the first line that is not NFC (decomposed marks), or None."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not is_nfc(line):
            return number
    return None


def closest_match(value: str, choices: list[str]) -> str | None:
    """The choice most like value once diacritics and case are folded ("tin tuc" -> "Tin tức")."""
    folded = {fold_diacritics(choice).lower(): choice for choice in choices}
    found = difflib.get_close_matches(fold_diacritics(value).lower(), list(folded), n=1, cutoff=0.6)
    return folded[found[0]] if found else None


# --- Weekday names as old portals print them (issue 10: legacy import) -------------
# Python's weekday(): Monday is 0. Portals write "Thứ 3", "Thứ Năm", "Thứ hai", "Chủ nhật",
# and short forms "T2" ... "T7", "CN".
WEEKDAY_PATTERN = r"(?:thứ\s*(?:[2-7]|hai|ba|tư|năm|sáu|bảy|bẩy)|chủ\s*nhật|cn|t[2-7])"
_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "bẩy": 5}
_WEEKDAY_FORM = re.compile(r"(?:thứ\s*(?P<word>[2-7]|\w+)|(?P<sunday>chủ\s*nhật|cn)|t(?P<short>[2-7]))")


def parse_weekday(text: str) -> int | None:
    """Weekday number (Monday 0 ... Sunday 6) of "Thứ 3", "Thứ Năm", "Chủ nhật", "T2"; else None."""
    match = _WEEKDAY_FORM.fullmatch(" ".join(to_nfc(text).lower().split()))
    if match is None:
        return None
    if match.group("sunday"):
        return 6
    word = match.group("word") or match.group("short")
    if word.isdigit():
        return int(word) - 2 if "2" <= word <= "7" else None
    return _WEEKDAY_WORDS.get(word)
