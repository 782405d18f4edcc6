"""The Vietnamese text rules, table by table."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timezone

import pytest

from vietnamese.text import (
    DateFormatError,
    closest_match,
    decode_source,
    first_non_nfc_line,
    fold_diacritics,
    format_date,
    format_number,
    is_nfc,
    machine_datetime,
    parse_content_date,
    slugify,
    sort_key,
    to_nfc,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("moment", "style", "expected"),
    [
        (datetime(2019, 11, 21, 9, 25), "dateline", "Thứ Năm, ngày 21 tháng 11 năm 2019 - 09:25"),
        (datetime(2020, 1, 1, 0, 0), "dateline", "Thứ Tư, ngày 01 tháng 01 năm 2020 - 00:00"),
        (datetime(2019, 12, 31, 23, 45), "dateline", "Thứ Ba, ngày 31 tháng 12 năm 2019 - 23:45"),
        (datetime(2020, 5, 25, 16, 26), "updated", "Cập nhật lúc 16:26 - 25/05/2020"),
        (datetime(2019, 11, 21, 9, 25), "list", "21/11/2019"),
        (datetime(2019, 11, 21, 9, 25), "day_archive", "Thứ Năm, ngày 21/11/2019"),
        (datetime(2019, 11, 21, 9, 25), "month_archive", "Tháng 11/2019"),
        (datetime(2019, 11, 21, 9, 25), "year_archive", "Năm 2019"),
        (date(2019, 11, 21), "day_archive", "Thứ Năm, ngày 21/11/2019"),
    ],
)
def test_date_formats(moment, style, expected):
    assert format_date(moment, style) == expected


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (18, "Thứ Hai"),
        (19, "Thứ Ba"),
        (20, "Thứ Tư"),
        (21, "Thứ Năm"),
        (22, "Thứ Sáu"),
        (23, "Thứ Bảy"),
        (24, "Chủ Nhật"),
    ],
)
def test_all_seven_weekdays(day, weekday):
    assert format_date(datetime(2019, 11, day, 8, 0)) == (f"{weekday}, ngày {day} tháng 11 năm 2019 - 08:00")


def test_midnight_belongs_to_the_new_day():
    assert format_date(datetime(2021, 4, 28, 0, 0), "day_archive") == "Thứ Tư, ngày 28/04/2021"
    assert format_date(datetime(2021, 4, 27, 23, 59), "day_archive") == "Thứ Ba, ngày 27/04/2021"


def test_year_boundary_is_taken_in_vietnam_time():
    # 17:30 UTC on 31/12 is already 00:30 on 1/1 in Hà Nội.
    utc = datetime(2019, 12, 31, 17, 30, tzinfo=timezone.utc)
    assert format_date(utc, "list") == "01/01/2020"
    assert format_date(utc, "year_archive") == "Năm 2020"
    assert machine_datetime(utc) == "2020-01-01T00:30:00+07:00"


def test_a_remembered_date_is_never_given_for_another_moment_or_style():
    # format_date remembers its results (a build asks for each date many times).
    naive = datetime(2019, 11, 21, 9, 25)
    same_instant_utc = datetime(2019, 11, 21, 2, 25, tzinfo=timezone.utc)
    assert format_date(naive, "list") == "21/11/2019"
    assert format_date(naive) == "Thứ Năm, ngày 21 tháng 11 năm 2019 - 09:25"
    assert format_date(same_instant_utc) == "Thứ Năm, ngày 21 tháng 11 năm 2019 - 09:25"
    assert format_date(naive.date(), "dateline") == "Thứ Năm, ngày 21 tháng 11 năm 2019 - 00:00"
    assert format_date(datetime(2019, 11, 21, 9, 26)) == "Thứ Năm, ngày 21 tháng 11 năm 2019 - 09:26"


def test_machine_datetime_carries_the_vietnam_offset():
    assert machine_datetime(datetime(2019, 11, 21, 9, 25)) == "2019-11-21T09:25:00+07:00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1303, "1.303"), (0, "0"), (999, "999"), (1234567, "1.234.567"), (2.5, "2,5")],
)
def test_numbers(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đẩy mạnh phong trào", "day-manh-phong-trao"),
        ("ĐOÀN VIÊN CÔNG ĐOÀN", "doan-vien-cong-doan"),
        ("Tin tức - Sự kiện", "tin-tuc-su-kien"),
        ("Chăm lo đời sống người lao động", "cham-lo-doi-song-nguoi-lao-dong"),
        ("Chỉ thị số 35/CT-TTg", "chi-thi-so-35-ct-ttg"),
        ("  “Tết sum vầy” 2021!  ", "tet-sum-vay-2021"),
        ("Nguyễn Thị Hương Giang", "nguyen-thi-huong-giang"),
        ("Ủy ban Kiểm tra", "uy-ban-kiem-tra"),
        ("---", ""),
    ],
)
def test_slugs(title, slug):
    assert slugify(title) == slug


def test_slug_of_decomposed_text_is_the_same():
    assert slugify(nfd("Đẩy mạnh phong trào thi đua")) == "day-manh-phong-trao-thi-dua"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Công đoàn", "Cong doan"),
        ("thi đua", "thi dua"),
        ("Đà Nẵng", "Da Nang"),
        ("đường", "duong"),
        ("dương", "duong"),
        ("Người lao động", "Nguoi lao dong"),
        ("ỨNG XỬ", "UNG XU"),
        ("Bảo hiểm xã hội", "Bao hiem xa hoi"),
    ],
)
def test_folding_removes_every_mark_and_folds_d(text, folded):
    assert fold_diacritics(text) == folded
    assert fold_diacritics(nfd(text)) == folded


def test_nfc_normalisation():
    decomposed = nfd("Liên đoàn Lao động")
    assert not is_nfc(decomposed)
    assert to_nfc(decomposed) == "Liên đoàn Lao động"
    assert is_nfc(to_nfc(decomposed))


def test_sort_follows_the_vietnamese_alphabet():
    words = [
        "Đà Nẵng",
        "Dương",
        "Bình",
        "Âm",
        "Ăn",
        "Ánh",
        "Anh",
        "an",
        "Ê-đê",
        "Em",
        "Ơn",
        "Ông",
        "Uy",
        "Ưng",
    ]
    assert sorted(words, key=sort_key) == [
        "an",
        "Anh",
        "Ánh",
        "Ăn",
        "Âm",
        "Bình",
        "Dương",
        "Đà Nẵng",
        "Em",
        "Ê-đê",
        "Ông",
        "Ơn",
        "Uy",
        "Ưng",
    ]


def test_sort_orders_tones_ngang_huyen_hoi_nga_sac_nang():
    assert sorted(["má", "mạ", "mã", "mà", "ma", "mả"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_sort_key_ignores_normalisation_form():
    assert sort_key(nfd("Đoàn viên"))[:2] == sort_key("Đoàn viên")[:2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-11-21 09:25", datetime(2019, 11, 21, 9, 25)),
        ("2019-11-21", datetime(2019, 11, 21)),
        ("2019-11-21 9:05", datetime(2019, 11, 21, 9, 5)),
        ("2019-11-21T09:25:30", datetime(2019, 11, 21, 9, 25, 30)),
        ("21/11/2019 09:25", datetime(2019, 11, 21, 9, 25)),
        ("21/11/2019", datetime(2019, 11, 21)),
        ("  2019-11-21 09:25 ", datetime(2019, 11, 21, 9, 25)),
    ],
)
def test_content_dates_that_are_read(text, expected):
    assert parse_content_date(text) == expected


def test_content_date_with_vietnam_offset_is_aware():
    parsed = parse_content_date("2019-11-21T09:25:00+07:00")
    assert machine_datetime(parsed) == "2019-11-21T09:25:00+07:00"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2019-02-31", "không có thật"),
        ("31/02/2019 08:00", "không có thật"),
        ("2019-13-01", "không có thật"),
        ("hôm qua", "không đọc được"),
        ("21.11.2019", "không đọc được"),
        ("", "không đọc được"),
        ("2019-11-21 09:25+09:00", "múi giờ"),
    ],
)
def test_content_dates_that_are_refused_say_why_in_vietnamese(text, says):
    with pytest.raises(DateFormatError, match=says):
        parse_content_date(text)


def test_decode_source_accepts_bom_crlf_and_nfd():
    raw = "\ufeffTitle: Đoàn viên\r\nDate: 2019-11-21\r\n".encode()
    assert decode_source(raw) == "Title: Đoàn viên\nDate: 2019-11-21\n"
    assert decode_source(nfd("Công đoàn").encode()) == "Công đoàn"


def test_decode_source_refuses_other_encodings():
    with pytest.raises(UnicodeDecodeError):
        decode_source("Công đoàn".encode("cp1258"))


# --- File sizes (documents: attachment sizes) -------------------------------------------
from vietnamese.text import format_size  # noqa: E402


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, "0 byte"),
        (612, "612 byte"),
        (1024, "1 KB"),
        (350 * 1024, "350 KB"),
        (int(1.2 * 1024 * 1024), "1,2 MB"),
        (1024 * 1024, "1 MB"),
        (15 * 1024 * 1024 + 300 * 1024, "15,3 MB"),
        (3 * 1024**3 // 2, "1,5 GB"),
        (1024 * 1024 - 100, "1 MB"),  # not "1.024 KB"
        (2048 * 1024**3, "2.048 GB"),
    ],
)
def test_file_sizes(size, expected):
    assert format_size(size) == expected


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
