"""Decode Vietnamese text files in the encodings old portals and editors left behind.

`decode_vietnamese_bytes` reads UTF-8 (with or without BOM, and repairs UTF-8 that was
once read as Windows-1252, "CÃ´ng Ä‘oÃ n"), Windows-1258 (whose tone marks are combining
characters) and UTF-16 with a BOM, and returns NFC text. Files in the font encodings
TCVN3 (ABC) and VNI are recognised and refused with a Vietnamese message saying how to
convert them, because a wrong guess would silently garble every word.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .text import to_nfc

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_BASES = "aăâeêioôơuưy"
# Every lower-case Vietnamese letter that is not plain ASCII (precomposed, NFC).
VIETNAMESE_LETTERS = frozenset(
    {unicodedata.normalize("NFC", base + tone) for base in _BASES for tone in _TONES} | set("ăâêôơưđ")
)
# What TCVN3 (ABC) and VNI-Windows text shows when read as Windows-1258: TCVN3 has its own
# code for đ, ơ and ư; VNI writes a plain vowel followed by a mark byte ("Coâng ñoaøn").
_FONT_WORDS = {
    "TCVN3 (ABC)": ("®", "¬", "\u00ad", "¸", "µ", "Ö"),
    "VNI": tuple(vowel + mark for vowel in "aeiouyAEIOUY" for mark in "øùûõïâäêëôöå"),
}
MIN_VIETNAMESE_SHARE = 0.85


class LegacyEncodingError(ValueError):
    """Bytes that are not text we can read safely; the message is Vietnamese."""


@dataclass(frozen=True)
class DecodedText:
    """Text in NFC, the encoding it came in, and whether it had to be converted."""

    text: str
    encoding: str
    converted: bool


def vietnamese_share(text: str) -> float:
    """Share of non-ASCII letters in text that are Vietnamese letters (1.0 if none)."""
    letters = [ch for ch in to_nfc(text).lower() if ord(ch) > 127 and ch.isalpha()]
    if not letters:
        return 1.0
    return sum(ch in VIETNAMESE_LETTERS for ch in letters) / len(letters)


def _cp1252_byte(char: str) -> bytes:
    """The byte a Windows-1252 reader showed as char (its five gaps read as Latin-1)."""
    try:
        return char.encode("cp1252")
    except UnicodeEncodeError:
        if ord(char) < 256:
            return bytes([ord(char)])
        raise


def repair_mojibake(text: str) -> str | None:
    """UTF-8 that was once read as Windows-1252 ("CÃ´ng"), repaired; None if it is not that."""
    if "Ã" not in text and "Ä" not in text and "á»" not in text:
        return None
    try:
        repaired = b"".join(_cp1252_byte(ch) for ch in text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return repaired if vietnamese_share(repaired) > vietnamese_share(text) else None


def guess_font_encoding(text: str) -> str | None:
    """Name of the font encoding (TCVN3, VNI) that text read as Windows-1258 looks like."""
    scores = {}
    for name, words in _FONT_WORDS.items():
        scores[name] = sum(text.count(word) for word in words)
    best = max(scores, key=scores.get)
    return best if scores[best] >= 3 else None


def _decode_unicode(data: bytes) -> DecodedText | None:
    """UTF-16 with a BOM or UTF-8 (mojibake repaired), or None when data is neither."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return DecodedText(to_nfc(data.decode("utf-16")), "utf-16", True)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    repaired = repair_mojibake(text)
    if repaired is not None:
        return DecodedText(to_nfc(repaired), "utf-8 (sửa lỗi đọc nhầm Windows-1252)", True)
    return DecodedText(to_nfc(text), "utf-8", False)


def decode_vietnamese_bytes(data: bytes, name: str = "tệp") -> DecodedText:
    """Decode a legacy Vietnamese file to NFC; raise LegacyEncodingError when unsafe."""
    unicode_text = _decode_unicode(data)
    if unicode_text is not None:
        return unicode_text
    text = to_nfc(data.decode("cp1258", errors="replace"))
    # Windows-1258 shares VNI's mark bytes ("uô"), so its letters decide first; TCVN3's own
    # đ/ơ/ư codes are not letters and would still show up.
    looks_1258 = vietnamese_share(text) >= MIN_VIETNAMESE_SHARE and "\ufffd" not in text
    font = guess_font_encoding(text)
    if looks_1258 and font != "TCVN3 (ABC)":
        return DecodedText(text, "windows-1258", True)
    if font is not None:
        raise LegacyEncodingError(
            f"{name}: chữ được gõ bằng bảng mã {font}; hãy mở tệp, dùng Unikey "
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
