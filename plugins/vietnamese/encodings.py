"""Legacy Vietnamese encodings, in one place: recognise them, and decode what is safe to decode.

Old portals and editors left text in TCVN3 (ABC, ".VnTime": whole letters on symbol bytes,
"Liªn ®oµn"), VNI ("VNI-Times": a letter then a mark byte, "Lieân ñoaøn"), Windows-1258
(tone marks as separate characters), and UTF-8 once read as Windows-1252 ("CÃ´ng", mojibake).

- `detect_legacy_encoding(text)`: which of those a decoded text shows (content checks);
- `guess_byte_encoding(data)`: what a file's bytes are (content reader, import);
- `decode_vietnamese_bytes(data)`: NFC text from UTF-8 (mojibake repaired), UTF-16 with a BOM
  or Windows-1258; TCVN3 and VNI are refused with a Vietnamese message saying how to convert
  them, because a wrong guess would silently garble every word (import).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .text import to_nfc

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
# Every lower-case Vietnamese letter that is not plain ASCII (precomposed, NFC).
VIETNAMESE_LETTERS = frozenset(
    ch
    for ch in {to_nfc(vowel + tone) for vowel in _VOWELS for tone in ("", *_TONES)} | {"đ"}
    if not ch.isascii()
)
MIN_VIETNAMESE_SHARE = 0.85

# Characters that Vietnamese text never has, as they appear when legacy bytes were read
# as Latin-1/Windows-1252: TCVN3 (ABC) puts whole letters on symbol bytes.
_TCVN3_MARKS = frozenset("¡¢£¤¥¦§¨©ª¬\xad®µ¶·¸¹¼½¾ÆÇËÎÏÐÑÖ×ØÜÞßäåæçëîïñö÷øûüþ")
# VNI: đ is "ñ" at the start of a word; marks no Vietnamese letter has follow a vowel.
_VNI_WORD = re.compile(r"^[ñÑ][aeiouöôAEIOUÖÔ]|[aeiouy][øûïäåëüöæ]|[AEIOUY][ØÛÏÄÅËÜÖÆ]")
_WORD_EDGE = ".,;:!?()[]\"'«»“”…"
# A UTF-8 lead byte then continuation bytes, as Windows-1252 shows them ("Ã´", "Ä‘", "á»™").
_MOJIBAKE_RUN = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+"
)
# Text with none of these (no odd Latin-1 symbol, no letter Vietnamese lacks, no "á»") is
# proper Unicode: most files leave detect_legacy_encoding here, at regex speed.
_MAYBE_LEGACY = re.compile(
    "[^\x00-\x7f"
    + "".join(sorted(VIETNAMESE_LETTERS | {ch.upper() for ch in VIETNAMESE_LETTERS}))
    + "\u00a0\u00ab\u00bb\u00b0\u2010-\u2027\u2030-\u205e]|[\u00c0-\u00ff][\u00ab\u00bb]"
)
# The font encodings as guess_byte_encoding names them -> as editors know them (Unikey).
FONT_ENCODINGS = {"TCVN3": "TCVN3 (ABC)", "VNI": "VNI"}


class LegacyEncodingError(ValueError):
    """Bytes that are not text we can read safely; the message is Vietnamese."""


@dataclass(frozen=True)
class DecodedText:
    """Text in NFC, the encoding it came in, and whether it had to be converted."""

    text: str
    encoding: str
    converted: bool


# --- Recognising legacy text ----------------------------------------------------------------


def _cp1252_bytes(text: str) -> bytes:
    """The bytes a Windows-1252 reader showed as text (its five gaps read as Latin-1)."""
    return b"".join(bytes([ord(ch)]) if ord(ch) < 256 else ch.encode("cp1252") for ch in text)


def _is_mojibake(run: str) -> bool:
    """Tell whether a run like "Ã´" is UTF-8 bytes that were read as Windows-1252."""
    try:
        decoded = _cp1252_bytes(run).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return any(ord(ch) > 127 for ch in decoded)


def _has_mojibake(text: str) -> bool:
    """Text holds at least one run of UTF-8 bytes read as Windows-1252."""
    return any(_is_mojibake(run) for run in _MOJIBAKE_RUN.findall(text))


def _suspect_words(text: str) -> dict[str, int]:
    """Count the words that look like TCVN3, like VNI, and like mojibake."""
    counts = {"TCVN3": 0, "VNI": 0, "mojibake": 0}
    for word in text.split():
        bare = word.strip(_WORD_EDGE)
        if not any(ch.isascii() and ch.isalpha() for ch in bare):
            continue
        if _has_mojibake(bare):
            counts["mojibake"] += 1
        elif _VNI_WORD.search(bare):
            counts["VNI"] += 1
        elif any(ch in _TCVN3_MARKS or ch in "«»" for ch in bare):
            counts["TCVN3"] += 1
    return counts


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


def _is_vietnamese_letter(char: str) -> bool:
    """An ASCII letter or a letter of the Vietnamese alphabet (ê, ơ, ộ, đ; not ñ, ä)."""
    return (char.isascii() and char.isalpha()) or char.lower() in VIETNAMESE_LETTERS


def _vietnamese_word_count(text: str) -> int:
    """How many words are Vietnamese with at least one accented letter."""
    words = (to_nfc(word).strip(_WORD_EDGE) for word in text.split())
    return sum(1 for word in words if not word.isascii() and all(_is_vietnamese_letter(ch) for ch in word))


def vietnamese_share(text: str) -> float:
    """Share of non-ASCII letters in text that are Vietnamese letters (1.0 if none)."""
    letters = [ch for ch in to_nfc(text).lower() if ord(ch) > 127 and ch.isalpha()]
    if not letters:
        return 1.0
    return sum(ch in VIETNAMESE_LETTERS for ch in letters) / len(letters)


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


# --- Decoding what is safe to decode ---------------------------------------------------------


def repair_mojibake(text: str) -> str | None:
    """UTF-8 that was once read as Windows-1252 ("CÃ´ng"), repaired; None if it is not that."""
    if not _has_mojibake(text):
        return None
    try:
        repaired = _cp1252_bytes(text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return repaired if vietnamese_share(repaired) > vietnamese_share(text) else None


def _from_utf16(data: bytes) -> DecodedText:
    """UTF-16 with its BOM."""
    return DecodedText(to_nfc(data.decode("utf-16")), "utf-16", True)


def _from_utf8(data: bytes) -> DecodedText:
    """UTF-8 (BOM dropped), repaired when it was once read as Windows-1252."""
    text = data.decode("utf-8-sig")
    repaired = repair_mojibake(text)
    if repaired is not None:
        return DecodedText(to_nfc(repaired), "utf-8 (sửa lỗi đọc nhầm Windows-1252)", True)
    return DecodedText(to_nfc(text), "utf-8", False)


def _from_windows_1258(data: bytes) -> DecodedText | None:
    """Windows-1258 when the result reads as Vietnamese, else None."""
    text = to_nfc(data.decode("cp1258", errors="replace"))
    if vietnamese_share(text) >= MIN_VIETNAMESE_SHARE and "\ufffd" not in text:
        return DecodedText(text, "windows-1258", True)
    return None


# guess_byte_encoding's answer -> how to decode it.
_DECODERS = {"UTF-16": _from_utf16, "UTF-8": _from_utf8, "Windows-1258": _from_windows_1258}


def decode_vietnamese_bytes(data: bytes, name: str = "tệp") -> DecodedText:
    """Decode a legacy Vietnamese file to NFC; raise LegacyEncodingError when unsafe."""
    guess = guess_byte_encoding(data)
    decoded = _DECODERS[guess](data) if guess in _DECODERS else None
    if decoded is not None:
        return decoded
    if guess in FONT_ENCODINGS:
        raise LegacyEncodingError(
            f"{name}: chữ được gõ bằng bảng mã {FONT_ENCODINGS[guess]}; hãy mở tệp, dùng Unikey "
            "(Công cụ chuyển mã) chuyển sang Unicode, lưu lại bằng UTF-8 rồi nhập lại."
        )
    raise LegacyEncodingError(
        f"{name}: không nhận ra bảng mã của tệp (không phải UTF-8 hay Windows-1258); "
        "hãy mở tệp và lưu lại bằng UTF-8 rồi nhập lại."
    )


def to_windows_1258(text: str) -> bytes:
    """Encode text as Windows-1258 does: letters ă â ê ô ơ ư đ whole, tone marks apart."""
    parts = []
    for char in to_nfc(text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in _TONES)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONES))
        parts.append(base + tones)
    return "".join(parts).encode("cp1258")
