"""Legacy Vietnamese encodings: Windows-1258 converted, mojibake repaired, TCVN3/VNI reported."""

from __future__ import annotations

import unicodedata

import pytest

from vietnamese.encodings import LegacyEncodingError, decode_vietnamese_bytes, to_windows_1258

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
