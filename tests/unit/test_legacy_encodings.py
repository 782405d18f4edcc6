"""Legacy Vietnamese encodings: TCVN3, VNI, mojibake and Windows-1258, from real bytes."""

from __future__ import annotations

import unicodedata

import pytest

from vietnamese.text import closest_match, detect_legacy_encoding, first_non_nfc_line, guess_byte_encoding

# The letters of our samples as the old 8-bit fonts stored them (one byte each for TCVN3,
# a base letter plus a mark byte for VNI), so the tests hold real legacy bytes.
TCVN3 = {"ê": b"\xaa", "đ": b"\xae", "à": b"\xb5", "ộ": b"\xe9", "ã": b"\xb7", "ủ": b"\xf1",
         "ĩ": b"\xdc", "ệ": b"\xd6", "ô": b"\xab", "ư": b"\xad", "ờ": b"\xea", "á": b"\xb8"}  # fmt: skip
VNI = {"ê": b"e\xe2", "đ": b"\xf1", "à": b"a\xf8", "ộ": b"o\xe4", "ã": b"a\xf5", "ủ": b"u\xfb",
       "ĩ": b"\xf3", "ệ": b"e\xe4", "ô": b"o\xe2", "ư": b"\xf6", "ờ": b"\xf4\xf8", "á": b"a\xf9",
       "ò": b"o\xf8"}  # fmt: skip

SENTENCES = [
    "Liên đoàn Lao động tỉnh",
    "Cộng hoà xã hội chủ nghĩa Việt Nam",
    "Công đoàn chăm lo cho người lao động",
]


def legacy_bytes(text: str, table: dict[str, bytes]) -> bytes:
    """Encode text with a legacy table (letters not in it must be ASCII)."""
    return b"".join(table.get(ch) or ch.encode("ascii") for ch in text)


TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows saves it: a letter (ê, ơ) then a tone byte."""
    out = b""
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
        out += (base + "".join(p for p in parts if p in TONES)).encode("cp1258")
    return out


def simple(text: str) -> str:
    """Keep only the letters our small tables know (drop ỉ, ă)."""
    return text.replace("tỉnh", "tinh").replace("chăm", "cham")


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize(("name", "table"), [("TCVN3", TCVN3), ("VNI", VNI)])
def test_legacy_text_pasted_as_latin1_is_named(sentence, name, table):
    data = legacy_bytes(simple(sentence), table)
    assert detect_legacy_encoding(data.decode("cp1252", "replace")) == name
    assert guess_byte_encoding(data) == name


@pytest.mark.parametrize("sentence", SENTENCES)
def test_mojibake_is_named(sentence):
    garbled = sentence.encode("utf-8").decode("cp1252", "replace")
    assert detect_legacy_encoding(garbled) == "mojibake"


@pytest.mark.parametrize(
    "text",
    [
        *SENTENCES,
        "Sáng 21/11, «Hội nghị» tổng kết; Microsoft® Word và © 2019.",
        "Thưở xưa, người Đà Nẵng ăn phở ở quán Ông Bảy.",
        "naïve café résumé",  # one odd word is not enough
        "",
    ],
)
def test_proper_unicode_is_not_legacy(text):
    assert detect_legacy_encoding(text) is None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (cp1258_bytes("Công đoàn Việt Nam"), "Windows-1258"),
        (cp1258_bytes("Người lao động được hỗ trợ"), "Windows-1258"),
        ("Công đoàn".encode(), "UTF-8"),
        ("Công đoàn".encode("utf-16"), "UTF-16"),
        (legacy_bytes("Liên đoàn Lao động", TCVN3), "TCVN3"),
        (legacy_bytes("Công đoàn Việt Nam", VNI), "VNI"),
    ],
)
def test_guess_byte_encoding(data, expected):
    assert guess_byte_encoding(data) == expected


@pytest.mark.parametrize(
    ("text", "line"),
    [("a\nb", None), ("Title: Công\nbài Vie\u0302\u0323t", 2), ("Co\u0302ng", 1)],
)
def test_first_non_nfc_line(text, line):
    assert first_non_nfc_line(text) == line


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tin tuc - Su kien", "Tin tức - Sự kiện"),
        ("Hoạt đông công đoàn", "Hoạt động Công đoàn"),
        ("Thi dua khen thuong", "Thi đua - Khen thưởng"),
        ("Thể thao", None),
    ],
)
def test_closest_match_folds_diacritics(value, expected):
    choices = ["Tin tức - Sự kiện", "Hoạt động Công đoàn", "Thi đua - Khen thưởng"]
    assert closest_match(value, choices) == expected
