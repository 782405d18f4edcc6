"""The import follows the site's settings: known categories only; unpublishable documents are drafts."""

from __future__ import annotations

import pytest

from legacy_import.site_rules import (
    DEFAULT_SETTINGS,
    SettingsError,
    document_problem,
    fallback_category,
    map_category,
    rules_from_settings,
)
from sitebuild import load_settings


@pytest.fixture(scope="module")
def rules():
    """The project's own settings (pelicanconf.py)."""
    return rules_from_settings(load_settings(DEFAULT_SETTINGS))


@pytest.mark.parametrize(
    ("legacy", "category", "warned"),
    [
        ("Thi đua - Khen thưởng", "Thi đua - Khen thưởng", False),
        ("  Thi  đua - Khen thưởng ", "Thi đua - Khen thưởng", False),
        ("", "Tin tức - Sự kiện", False),
        ("Hoạt động", "Hoạt động Công đoàn", True),
        ("Tin tuc - su kien", "Tin tức - Sự kiện", True),
        ("Góc thư giãn", "Tin tức - Sự kiện", True),
        # A page that is not a document never lands in the documents' category.
        ("Văn bản", "Tin tức - Sự kiện", True),
    ],
)
def test_legacy_category_maps_to_a_known_one(rules, legacy, category, warned):
    found, warning = map_category(legacy, "Tin tức - Sự kiện", rules)
    assert found == category
    assert bool(warning) is warned
    if warned:
        assert f"«{legacy.strip()}»" in warning and f"«{category}»" in warning


def test_unrecognised_category_goes_to_the_fallback(rules):
    found, warning = map_category("Góc thư giãn", "Thi đua - Khen thưởng", rules)
    assert found == "Thi đua - Khen thưởng"
    assert "CATEGORIES trong pelicanconf.py" in warning


def test_fallback_is_the_option_else_the_default_category(rules):
    assert fallback_category("", rules) == "Tin tức - Sự kiện"
    assert fallback_category(" Thi đua - Khen thưởng", rules) == "Thi đua - Khen thưởng"
    with pytest.raises(SettingsError, match="có phải ý bạn là «Hoạt động Công đoàn»"):
        fallback_category("hoat dong cong doan", rules)


def test_categories_are_read_from_the_settings():
    rules = rules_from_settings({"CATEGORIES": ["Tin tức", "Văn bản"], "DEFAULT_CATEGORY": "Tin tức"})
    assert map_category("Tin tức - Sự kiện", "Tin tức", rules)[0] == "Tin tức"
    assert rules.categories == ("Tin tức", "Văn bản")


GOOD = {"DocType": "Quyết định", "DocNumber": "125/QĐ-LĐLĐ", "Issuer": "Liên đoàn Lao động tỉnh Cao Bằng"}


@pytest.mark.parametrize(
    ("changes", "start"),
    [
        ({"DocNumber": ""}, "chưa có số, ký hiệu văn bản: bài được lưu ở dạng nháp"),
        ({"DocNumber": "125"}, "số văn bản «125» không đúng quy ước"),
        (
            {"DocNumber": "01/KH-LĐLĐ"},
            "số văn bản «01/KH-LĐLĐ» có mã «KH» nhưng loại văn bản là «Quyết định»",
        ),
        ({"DocType": "Lời kêu gọi"}, "loại văn bản «Lời kêu gọi» không có trong bảng loại"),
        ({"Issuer": ""}, "chưa rõ cơ quan ban hành"),
    ],
)
def test_document_the_build_would_refuse_says_why(rules, changes, start):
    problem = document_problem(GOOD | changes, rules)
    assert problem.startswith(start)
    assert problem.endswith("rồi bỏ dòng «Status: draft».")


def test_complete_document_can_be_published(rules):
    assert document_problem(GOOD, rules) == ""
