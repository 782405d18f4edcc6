"""Dates as old portals print them, the weekday check, and which date an article gets."""

from __future__ import annotations

from datetime import datetime

import pytest

from legacy_import.article import choose_date
from legacy_import.dates import date_line, find_dates
from vietnamese.text import parse_weekday


@pytest.mark.parametrize(
    ("text", "expected", "weekday"),
    [
        ("Thứ 3, Ngày 16 tháng 06 năm 2015, 00:00", datetime(2015, 6, 16, 0, 0), 1),
        ("Thứ Năm, ngày 21 tháng 11 năm 2019 - 09:25", datetime(2019, 11, 21, 9, 25), 3),
        ("Cập nhật lúc 16:26 - 25/05/2020 (GMT +07:00)", datetime(2020, 5, 25, 16, 26), None),
        ("Thứ hai 18/1/2021", datetime(2021, 1, 18), 0),
        ("21/11/2019 09:25", datetime(2019, 11, 21, 9, 25), None),
        ("21-11-2019", datetime(2019, 11, 21), None),
        ("Chủ nhật, 24/11/2019", datetime(2019, 11, 24), 6),
        ("2019-11-21 09:25", datetime(2019, 11, 21, 9, 25), None),
    ],
)
def test_printed_date_lines(text, expected, weekday):
    hit = date_line(text)
    assert hit is not None
    assert hit.moment == expected
    assert hit.weekday == weekday
    assert hit.weekday_matches


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ngày 04/01/2012, Công Đoàn cơ sở phát động phong trào thi đua.", [datetime(2012, 1, 4)]),
        (
            "Chỉ thị số 08/CT-UBND ngày 25/5/2015 và Kế hoạch số 01/KH-LĐLĐ ngày 30/01/2015",
            [datetime(2015, 5, 25), datetime(2015, 1, 30)],
        ),
        ("ký ngày 24 tháng 01 năm 2014 giữa hai bên", [datetime(2014, 1, 24)]),
        ("ngày 31/02/2019 không có thật, năm 2011-2015 không phải ngày", []),
    ],
)
def test_dates_inside_text(text, expected):
    assert [hit.moment for hit in find_dates(text)] == expected


@pytest.mark.parametrize(
    "text",
    ["Sở Nội vụ ký kết chương trình phối hợp ngày 09/6/2014 với Liên đoàn Lao động tỉnh", "Hoạt động", ""],
)
def test_sentences_are_not_date_lines(text):
    assert date_line(text) is None


def test_weekday_that_does_not_match_is_flagged():
    hit = date_line("Thứ Sáu, ngày 21 tháng 11 năm 2019 - 09:25")  # 21/11/2019 was a Thursday
    assert not hit.weekday_matches
    chosen, confidence, warnings = choose_date(hit, [], [2019])
    assert chosen.moment == datetime(2019, 11, 21, 9, 25)
    assert confidence == "low"
    assert [w.code for w in warnings] == ["weekday_mismatch"]
    assert "Thứ Năm" in warnings[0].message


def test_print_date_over_an_older_article_is_uncertain():
    header = date_line("Thứ hai 18/1/2021")
    body = find_dates("Ngày 04/01/2012, Công đoàn phát động thi đua.")
    chosen, confidence, warnings = choose_date(header, body, [2012, 2012])
    assert chosen.moment == datetime(2012, 1, 4)
    assert (confidence, [w.code for w in warnings]) == ("low", ["uncertain_date"])


def test_header_date_of_a_current_article_is_kept():
    header = date_line("Thứ Năm, ngày 21 tháng 11 năm 2019 - 09:25")
    chosen, confidence, warnings = choose_date(header, find_dates("Năm 2018, ngày 02/01/2018"), [2018, 2019])
    assert (chosen.moment, confidence, warnings) == (datetime(2019, 11, 21, 9, 25), "high", [])


def test_no_date_at_all():
    chosen, confidence, warnings = choose_date(None, [], [])
    assert chosen is None and confidence == "none"
    assert [w.code for w in warnings] == ["no_date"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ 2", 0),
        ("Thứ hai", 0),
        ("Thứ Ba", 1),
        ("thứ 4", 2),
        ("Thứ Tư", 2),
        ("Thứ Năm", 3),
        ("Thứ 6", 4),
        ("Thứ Bảy", 5),
        ("Thứ bẩy", 5),
        ("Chủ nhật", 6),
        ("CN", 6),
        ("T7", 5),
        ("Thứ 8", None),
        ("Thứ mười", None),
        ("Ngày", None),
    ],
)
def test_parse_weekday(text, expected):
    assert parse_weekday(text) == expected
