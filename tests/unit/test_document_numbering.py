"""Document numbers (QĐ 933/QĐ-TLĐ), type codes and status, table by table."""

from __future__ import annotations

from datetime import date

import pytest

from documents.config import DocumentsSettingsError, documents_settings, resolve_today
from documents.model import split_list
from documents.numbering import (
    DEFAULT_TYPES,
    EXPIRED,
    IN_FORCE,
    NOT_YET,
    DocumentNumber,
    DocumentNumberError,
    canonical_type,
    document_status,
    normalise_number,
    parse_document_number,
    type_code_problem,
)

CODES = frozenset(DEFAULT_TYPES.values())


@pytest.mark.parametrize(
    ("text", "expected", "shown"),
    [
        ("01/KH-LĐLĐ", DocumentNumber("01", None, "KH", "LĐLĐ"), "01/KH-LĐLĐ"),
        ("125/QĐ-TLĐ", DocumentNumber("125", None, "QĐ", "TLĐ"), "125/QĐ-TLĐ"),
        ("15/2015/KH-LĐLĐ", DocumentNumber("15", 2015, "KH", "LĐLĐ"), "15/2015/KH-LĐLĐ"),
        ("Số: 03/CT-CĐN", DocumentNumber("03", None, "CT", "CĐN"), "03/CT-CĐN"),
        ("số 07/TB-LĐLĐ", DocumentNumber("07", None, "TB", "LĐLĐ"), "07/TB-LĐLĐ"),
        ("  12/TTr-BTG  ", DocumentNumber("12", None, "TTr", "BTG"), "12/TTr-BTG"),
        ("08/CTr-LĐLĐ", DocumentNumber("08", None, "CTr", "LĐLĐ"), "08/CTr-LĐLĐ"),
        # A công văn names only the issuer (and its unit).
        ("125/LĐLĐ-VP", DocumentNumber("125", None, None, "LĐLĐ-VP"), "125/LĐLĐ-VP"),
        # Several issuer segments (joint documents).
        ("02/HD-LĐLĐ-SLĐTBXH", DocumentNumber("02", None, "HD", "LĐLĐ-SLĐTBXH"), "02/HD-LĐLĐ-SLĐTBXH"),
    ],
)
def test_numbers_that_follow_the_convention(text, expected, shown):
    number = parse_document_number(text, CODES)
    assert number == expected
    assert number.text == shown


@pytest.mark.parametrize(
    "text",
    [
        "",
        "KH-LĐLĐ",
        "01/KH",
        "01-KH-LĐLĐ",
        "01/KH/LĐLĐ",
        "abc/KH-LĐLĐ",
        "01//KH-LĐLĐ",
        "34-CT/TW",
        "01/KH-LĐLĐ ngày 30/01",
    ],
)
def test_numbers_that_do_not(text):
    with pytest.raises(DocumentNumberError) as caught:
        parse_document_number(text, CODES)
    assert "01/KH-LĐLĐ" in str(caught.value)  # the message shows the pattern to follow


@pytest.mark.parametrize(
    ("doc_type", "text", "problem"),
    [
        ("Kế hoạch", "01/KH-LĐLĐ", None),
        ("Quyết định", "125/QĐ-TLĐ", None),
        ("Tờ trình", "12/TTr-BTG", None),
        ("Công văn", "125/LĐLĐ-VP", None),
        ("Công văn", "125/CV-LĐLĐ", None),
        ("Quyết định", "01/KH-LĐLĐ", "mã «KH»"),
        ("Kế hoạch", "125/LĐLĐ-VP", "không có mã loại"),
        ("Thư ngỏ", "01/KH-LĐLĐ", "không có trong bảng loại"),
    ],
)
def test_type_code_agrees_with_type(doc_type, text, problem):
    message = type_code_problem(doc_type, parse_document_number(text, CODES), DEFAULT_TYPES)
    assert (message is None) if problem is None else (problem in message)


def test_every_type_has_its_own_code():
    assert len(set(DEFAULT_TYPES.values())) == len(DEFAULT_TYPES)
    for name, code in [
        ("Kế hoạch", "KH"),
        ("Chỉ thị", "CT"),
        ("Nghị quyết", "NQ"),
        ("Quyết định", "QĐ"),
        ("Công văn", "CV"),
        ("Thông báo", "TB"),
        ("Hướng dẫn", "HD"),
        ("Báo cáo", "BC"),
        ("Tờ trình", "TTr"),
        ("Chương trình", "CTr"),
    ]:
        assert DEFAULT_TYPES[name] == code


def test_numbers_written_differently_match():
    assert normalise_number("Số: 01/kh-lđlđ") == normalise_number("01/KH-LĐLĐ")
    assert normalise_number("01/KH-LĐLĐ") != normalise_number("02/KH-LĐLĐ")


D = date


@pytest.mark.parametrize(
    ("today", "issued", "effective", "expires", "superseded", "status"),
    [
        (D(2024, 5, 1), D(2024, 1, 1), None, None, None, IN_FORCE),
        (D(2024, 1, 1), D(2024, 1, 1), None, None, None, IN_FORCE),  # in force on the day it is issued
        (D(2024, 1, 5), D(2024, 1, 1), D(2024, 2, 1), None, None, NOT_YET),
        (D(2024, 2, 1), D(2024, 1, 1), D(2024, 2, 1), None, None, IN_FORCE),
        (D(2024, 5, 31), D(2024, 1, 1), None, D(2024, 6, 1), None, IN_FORCE),
        (D(2024, 6, 1), D(2024, 1, 1), None, D(2024, 6, 1), None, EXPIRED),  # expires on that day
        (D(2024, 3, 1), D(2019, 3, 12), None, None, D(2024, 3, 1), EXPIRED),  # replacement in force
        (D(2024, 2, 29), D(2019, 3, 12), None, None, D(2024, 3, 1), IN_FORCE),
        (D(2024, 1, 1), None, None, None, None, IN_FORCE),
    ],
)
def test_status_from_dates(today, issued, effective, expires, superseded, status):
    assert document_status(today, issued, effective, expires, superseded) == status


@pytest.mark.parametrize(
    ("value", "items"),
    [
        ("a; b;c", ["a", "b", "c"]),
        (["- Ban Dân vận Tỉnh ủy;", "- Lưu: VT."], ["Ban Dân vận Tỉnh ủy", "Lưu: VT"]),
        ("", []),
        (None, []),
        ("files/a.pdf;", ["files/a.pdf"]),
    ],
)
def test_lists_separated_by_semicolons(value, items):
    assert split_list(value) == items


def test_settings_merge_over_defaults_and_name_bad_keys():
    merged = documents_settings(
        {"DOCUMENTS": {"PAGE_SIZE": 5, "TYPES": {"Thư ngỏ": "TN"}, "TODAY": "2024-05-01"}}
    )
    assert merged["PAGE_SIZE"] == 5
    assert merged["TYPES"]["Thư ngỏ"] == "TN" and merged["TYPES"]["Kế hoạch"] == "KH"
    assert merged["TODAY"] == date(2024, 5, 1)
    with pytest.raises(DocumentsSettingsError, match="documents plugin: unknown key.*PAGESIZE"):
        documents_settings({"DOCUMENTS": {"PAGESIZE": 5}})
    with pytest.raises(DocumentsSettingsError, match="URL"):
        documents_settings({"DOCUMENTS": {"TYPE_URL": "van-ban/loai/{slug}"}})
    with pytest.raises(DocumentsSettingsError, match="PAGE_SIZE"):
        documents_settings({"DOCUMENTS": {"PAGE_SIZE": 0}})
    with pytest.raises(DocumentsSettingsError, match="TODAY"):
        documents_settings({"DOCUMENTS": {"TODAY": "mai"}})


def test_today_defaults_to_the_build_day_in_vietnam():
    from datetime import datetime

    from vietnamese.text import VIETNAM_TZ

    assert resolve_today(None) in {datetime.now(VIETNAM_TZ).date()}


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Kế hoạch", "Kế hoạch"),
        ("kế hoạch", "Kế hoạch"),
        ("KẾ HOẠCH", "Kế hoạch"),
        ("Tờ  trình", "Tờ trình"),
        ("Thư ngỏ", "Thư ngỏ"),
    ],
)
def test_type_names_are_read_as_the_table_spells_them(written, canonical):
    assert canonical_type(written, DEFAULT_TYPES) == canonical
