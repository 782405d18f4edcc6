"""Vietnamese text rules: dates, numbers, slugs, normalisation, folding, sorting.

Every part of the project (plugins, scripts, tests) takes these rules from here.
The functions are pure and take explicit arguments; dates come from Babel's CLDR
data with explicit patterns, never from the machine's locale.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date, datetime, time
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
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare)


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


def in_vietnam_time(moment: datetime) -> datetime:
    """Return moment in Asia/Ho_Chi_Minh; a naive value is taken as Vietnam time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VIETNAM_TZ)
    return moment.astimezone(VIETNAM_TZ)


def format_date(moment: datetime | date, style: str = "dateline") -> str:
    """Format a date in one of DATE_PATTERNS' styles, in Vietnam time."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    local = in_vietnam_time(moment)
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
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
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


# --- Legacy encodings (TCVN3, VNI, mojibake): `make check` and the import tool -------------
# Characters that Vietnamese text never has, as they appear when legacy bytes were read
# as Latin-1/Windows-1252. TCVN3 (ABC) puts whole letters on symbol bytes ("Liªn ®oµn");
# VNI writes a base letter followed by a mark byte ("Lieân ñoaøn").
_TCVN3_MARKS = frozenset("¡¢£¤¥¦§¨©ª¬\xad®µ¶·¸¹¼½¾ÆÇËÎÏÐÑÖ×ØÜÞßäåæçëîïñö÷øûüþ")
# VNI: đ is "ñ" at the start of a word; marks no Vietnamese letter has follow a vowel.
_VNI_WORD = re.compile(r"^[ñÑ][aeiouöôAEIOUÖÔ]|[aeiouy][øûïäåëüöæ]|[AEIOUY][ØÛÏÄÅËÜÖÆ]")
_WORD_EDGE = ".,;:!?()[]\"'«»“”…"
# A UTF-8 lead byte then continuation bytes, as Windows-1252 shows them ("Ã´", "Ä‘", "á»™").
_MOJIBAKE_RUN = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+"
)


def _as_cp1252_bytes(text: str) -> bytes:
    """Bytes a Windows-1252 (or Latin-1) reading of them would have shown as text."""
    return b"".join(bytes([ord(ch)]) if ord(ch) < 256 else ch.encode("cp1252", "strict") for ch in text)


def _is_mojibake(run: str) -> bool:
    """Tell whether a run like "Ã´" is UTF-8 bytes that were read as Windows-1252."""
    try:
        decoded = _as_cp1252_bytes(run).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return any(ord(ch) > 127 for ch in decoded)


def _suspect_words(text: str) -> dict[str, int]:
    """Count the words that look like TCVN3, like VNI, and like mojibake."""
    counts = {"TCVN3": 0, "VNI": 0, "mojibake": 0}
    for word in text.split():
        bare = word.strip(_WORD_EDGE)
        if not any(ch.isascii() and ch.isalpha() for ch in bare):
            continue
        if any(_is_mojibake(run) for run in _MOJIBAKE_RUN.findall(bare)):
            counts["mojibake"] += 1
        elif _VNI_WORD.search(bare):
            counts["VNI"] += 1
        elif any(ch in _TCVN3_MARKS or ch in "«»" for ch in bare):
            counts["TCVN3"] += 1
    return counts


def _vietnamese_letters() -> str:
    """Every accented Vietnamese letter, both cases, NFC (for the fast path below)."""
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    bases = ("a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u", "u\u031b", "y")
    letters = {to_nfc(base + tone) for base in bases for tone in tones} | {"đ"}
    return "".join(sorted(ch for letter in letters for ch in (letter, letter.upper()) if not ch.isascii()))


# Text with none of these (no odd Latin-1 symbol, no letter Vietnamese lacks, no "á»") is
# proper Unicode: most files leave detect_legacy_encoding here, at regex speed.
_MAYBE_LEGACY = re.compile(
    f"[^\x00-\x7f{_vietnamese_letters()}\u00a0\u00ab\u00bb\u00b0\u2010-\u2027\u2030-\u205e]"
    "|[\u00c0-\u00ff][\u00ab\u00bb]"
)


def detect_legacy_encoding(text: str, min_words: int = 2) -> str | None:
    """Name the legacy form text is in ("TCVN3", "VNI", "mojibake"), or None for proper Unicode.

    Text pasted from old .VnTime (TCVN3) or VNI-Times documents, or UTF-8 read as
    Windows-1252 ("CÃ´ng"), has characters Vietnamese never uses; `min_words` such
    words are needed, so a lone "®" or "«quoted»" word is not enough.
    """
    if not _MAYBE_LEGACY.search(text):
        return None
    counts = _suspect_words(text)
    name, count = max(counts.items(), key=lambda item: item[1])
    return name if count >= min_words else None


_VOWEL_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _is_vietnamese_letter(char: str) -> bool:
    """An ASCII letter, đ, or a vowel carrying only Vietnamese marks (ê, ơ, ộ; not ñ, ä)."""
    if char.isascii() or char in "đĐ":
        return char.isalpha()
    base, *marks = unicodedata.normalize("NFD", char)
    return base in "aeiouyAEIOUY" and bool(marks) and set(marks) <= _VOWEL_MARKS


def _vietnamese_word_count(text: str) -> int:
    """How many words are Vietnamese with at least one accented letter."""
    words = (to_nfc(word).strip(_WORD_EDGE) for word in text.split())
    return sum(1 for word in words if not word.isascii() and all(_is_vietnamese_letter(ch) for ch in word))


def guess_byte_encoding(data: bytes) -> str:
    """Guess what a file's bytes are: "UTF-8", "UTF-16", "TCVN3", "VNI" or "Windows-1258"."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "UTF-8"
    legacy = _suspect_words(data.decode("latin-1"))
    legacy.pop("mojibake")
    name, count = max(legacy.items(), key=lambda item: item[1])
    windows = _vietnamese_word_count(data.decode("cp1258", "replace"))
    return name if count > windows else "Windows-1258"


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
