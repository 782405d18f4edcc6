"""Legacy Vietnamese encodings (one home: vietnamese.encodings), from real bytes.

TCVN3, VNI and mojibake are recognised; Windows-1258 is converted, mojibake repaired,
TCVN3 and VNI reported, all by the same detector.
"""

from __future__ import annotations

import unicodedata

import pytest

from vietnamese.encodings import (
    LegacyEncodingError,
    decode_vietnamese_bytes,
    detect_legacy_encoding,
    guess_byte_encoding,
    to_windows_1258,
)

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
        (to_windows_1258("Công đoàn Việt Nam"), "Windows-1258"),
        (to_windows_1258("Người lao động được hỗ trợ"), "Windows-1258"),
        ("Công đoàn".encode(), "UTF-8"),
        ("Công đoàn".encode("utf-16"), "UTF-16"),
        (legacy_bytes("Liên đoàn Lao động", TCVN3), "TCVN3"),
        (legacy_bytes("Công đoàn Việt Nam", VNI), "VNI"),
    ],
)
def test_guess_byte_encoding(data, expected):
    assert guess_byte_encoding(data) == expected


TEXT = "Công đoàn Việt Nam phát động phong trào thi đua năm 2019; người lao động hưởng ứng. Ảnh: Huy Dương"


def test_utf8_is_read_as_is():
    decoded = decode_vietnamese_bytes(TEXT.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.converted) == (TEXT, "utf-8", False)


def test_nfd_utf8_comes_out_nfc():
    decoded = decode_vietnamese_bytes(unicodedata.normalize("NFD", TEXT).encode("utf-8"))
    assert decoded.text == TEXT
    assert unicodedata.is_normalized("NFC", decoded.text)


def test_windows_1258_is_converted():
    data = to_windows_1258(TEXT)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = decode_vietnamese_bytes(data)
    assert (decoded.text, decoded.encoding, decoded.converted) == (TEXT, "windows-1258", True)


def test_utf8_read_once_as_windows_1252_is_repaired():
    gaps = {0x81, 0x8D, 0x8F, 0x90, 0x9D}  # bytes Windows-1252 leaves undefined (shown as Latin-1)
    garbled = "".join(chr(b) if b in gaps else bytes([b]).decode("cp1252") for b in TEXT.encode("utf-8"))
    decoded = decode_vietnamese_bytes(garbled.encode("utf-8"))
    assert decoded.text == TEXT
    assert decoded.converted


@pytest.mark.parametrize(
    ("font_text", "name"),
    [
        ("C«ng ®oµn ViÖt Nam ph¸t ®éng phong trµo thi ®ua n¨m 2019", "TCVN3"),
        ("Coâng ñoaøn Vieät Nam phaùt ñoäng phong traøo thi ñua naêm 2019", "VNI"),
    ],
)
def test_font_encodings_are_reported_not_guessed(font_text, name):
    with pytest.raises(LegacyEncodingError) as error:
        decode_vietnamese_bytes(font_text.encode("cp1252"), name="bai-cu.txt")
    message = str(error.value)
    assert message.startswith("bai-cu.txt:")
    assert name in message
    assert "Unikey" in message


def test_bytes_of_no_known_encoding_are_reported():
    with pytest.raises(LegacyEncodingError, match="không nhận ra bảng mã"):
        decode_vietnamese_bytes("Профсоюз работников образования России".encode("cp1251"), name="x.htm")


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize(("name", "table"), [("TCVN3", TCVN3), ("VNI", VNI)])
def test_decoding_refuses_what_the_detector_names(sentence, name, table):
    data = legacy_bytes(simple(sentence), table)
    with pytest.raises(LegacyEncodingError, match=f"bảng mã {name}"):
        decode_vietnamese_bytes(data, name="bai.txt")


@pytest.mark.parametrize("sentence", SENTENCES)
def test_decoding_converts_what_the_detector_calls_windows_1258(sentence):
    data = to_windows_1258(sentence)
    assert guess_byte_encoding(data) == "Windows-1258"
    assert decode_vietnamese_bytes(data).text == sentence
