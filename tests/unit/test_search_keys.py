"""Search plugin's pure rules: document-number keys and what Pagefind is given for a page."""

from __future__ import annotations

import pytest

from search import SearchSettingsError, search_settings
from search.indexing import html_for_index
from search.keys import FOLDED_MARK, document_number_keys, number_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("01/KH-LĐLĐ", "1khldld"),
        ("Số: 01/KH-LĐLĐ", "1khldld"),
        ("01/KH", "1kh"),
        ("01/kh-ldld", "1khldld"),
        ("125/LĐLĐ-VP", "125ldldvp"),
        ("15/2015/KH-LĐLĐ", "152015khldld"),
        ("  10 / KH ", "10kh"),
    ],
)
def test_number_key(text, key):
    assert number_key(text) == key


@pytest.mark.parametrize(
    ("number", "keys"),
    [
        ("01/KH-LĐLĐ", ["1kh", "1khldld"]),
        ("15/2015/KH-LĐLĐ", ["15kh", "15khldld", "152015", "152015kh", "152015khldld"]),
        ("125/LĐLĐ-VP", ["125ldld", "125ldldvp"]),
    ],
)
def test_document_number_keys(number, keys):
    assert document_number_keys(number) == keys


PAGE = (
    '<html><body><nav>Menu Đoàn</nav><main><article class="document" data-pagefind-body '
    'data-search-category="Văn bản" data-search-year="2024" data-search-type="Kế hoạch" '
    'data-search-number="01/KH-LĐLĐ" data-search-date="2024-01-05T00:00:00+07:00">'
    "<h1>Kế hoạch Công đoàn</h1><article>Đà Nẵng</article><p>Đường đua</p></article>"
    "</main><footer>Chân trang</footer></body></html>"
)


def test_index_html_adds_filters_meta_and_the_folded_copy_inside_the_body():
    prepared = html_for_index(PAGE)
    body_end = prepared.index("</article></main>")
    added = prepared[prepared.index("<p>Đường đua</p>") + len("<p>Đường đua</p>") : body_end]
    folded = "<h1>Ke hoach Cong doan</h1><article>Da Nang</article><p>Duong dua</p>"
    assert f"<p>{FOLDED_MARK}</p>{folded}<p>1kh 1khldld</p>" in added
    assert '<span data-pagefind-filter="type">Kế hoạch</span>' in added
    assert '<span data-pagefind-meta="number">01/KH-LĐLĐ</span>' in added
    assert '<span data-pagefind-meta="date">2024-01-05T00:00:00+07:00</span>' in added
    assert "data-search" not in added and "Menu" not in added


def test_pages_without_an_indexed_body_are_left_out():
    assert html_for_index("<html><body><main><h1>Tin theo chuyên mục</h1></main></body></html>") is None


def test_search_settings_are_merged_and_checked():
    assert search_settings({"SEARCH": {"INDEX": False}})["BUNDLE_DIR"] == "pagefind"
    with pytest.raises(SearchSettingsError, match="search plugin: unknown key.*BUNDLE"):
        search_settings({"SEARCH": {"BUNDLE": "x"}})
