"""Search plugin's pure rules: document-number keys and what Pagefind is given for a page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from search import SearchSettingsError, search_settings
from search.indexing import mirror_name, page_url, prepare_page, remove_elements, selector_pattern
from search.keys import document_number_keys, number_key


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
    '<h1 class="document__title">Kế hoạch Công đoàn</h1><p class="dateline">05/01/2024</p>'
    "<article>Đà Nẵng &amp; Công đoàn</article><p>Đường đua, «đường» ĐUA 28/7.</p>"
    '<div class="tools"><div>In bài</div><div>Gửi email</div></div></article>'
    "</main><footer>Chân trang</footer></body></html>"
)
EXCLUDE = [selector_pattern(selector) for selector in (".dateline", "div.tools")]


def prepared(page: str = PAGE) -> tuple[BeautifulSoup, str, dict]:
    """The page Pagefind gets, the text it indexes, and search.js's record."""
    html, record = prepare_page(page, "van-ban/ke-hoach/index.html", EXCLUDE)
    soup = BeautifulSoup(html, "html.parser")
    indexed = " ".join(
        element.get_text(" ") for element in soup.select("[data-pagefind-body] > :not([hidden])")
    )
    return soup, indexed, record


def test_only_folded_words_are_indexed_each_once_with_the_number_keys():
    _soup, indexed, _record = prepared()
    assert indexed == "ke hoach cong doan da nang & cong doan duong dua 28/7 1kh 1khldld"


def test_the_record_holds_what_a_result_shows_and_nothing_excluded():
    _soup, _indexed, record = prepared()
    assert record == {
        "url": "/van-ban/ke-hoach/",
        "title": "Kế hoạch Công đoàn",
        "text": "Đà Nẵng & Công đoàn Đường đua, «đường» ĐUA 28/7.",
        "date": "2024-01-05T00:00:00+07:00",
        "category": "Văn bản",
        "number": "01/KH-LĐLĐ",
    }


def test_pagefind_gets_the_filters_and_nothing_else_of_the_page():
    soup, _indexed, _record = prepared()
    filters = {
        span["data-pagefind-filter"]: span.get_text() for span in soup.select("[data-pagefind-filter]")
    }
    assert filters == {"category": "Văn bản", "year": "2024", "type": "Kế hoạch"}
    assert not soup.select("[data-pagefind-meta]")  # Pagefind would index a meta field's words
    for left_out in ("Menu", "Chân trang", "05/01/2024", "In bài", "Gửi email", "data-search"):
        assert left_out not in str(soup)


FRAGMENT = '<b>a</b><div id="x"><div>c</div></div><p class="lead dateline">d</p><img src="i.jpg"><i>b</i>'


@pytest.mark.parametrize(
    ("selector", "kept"),
    [
        (".dateline", '<b>a</b><div id="x"><div>c</div></div><img src="i.jpg"><i>b</i>'),
        ("p.dateline", '<b>a</b><div id="x"><div>c</div></div><img src="i.jpg"><i>b</i>'),
        ("#x", '<b>a</b><p class="lead dateline">d</p><img src="i.jpg"><i>b</i>'),
        ("img", '<b>a</b><div id="x"><div>c</div></div><p class="lead dateline">d</p><i>b</i>'),
        (".date", FRAGMENT),
    ],
)
def test_excluded_elements_go_with_everything_inside_them(selector, kept):
    assert remove_elements(FRAGMENT, selector_pattern(selector)) == kept


@pytest.mark.parametrize("selector", ["article .dateline", "[data-x]", "p > a", ""])
def test_only_simple_exclude_selectors_are_accepted(selector):
    with pytest.raises(SearchSettingsError, match="EXCLUDE_SELECTORS"):
        search_settings({"SEARCH": {"EXCLUDE_SELECTORS": [selector]}})


def test_pages_without_an_indexed_body_are_left_out():
    assert (
        prepare_page("<html><body><main><h1>Tin theo chuyên mục</h1></main></body></html>", "a/index.html")
        is None
    )


def test_the_attribute_named_in_an_article_before_the_element_is_not_taken_for_it():
    page = PAGE.replace("<main>", "<main><p>Thuộc tính data-pagefind-body đánh dấu phần được tìm.</p>")
    assert prepared(page)[1:] == prepared()[1:]


def test_an_indexed_element_with_a_less_than_sign_in_an_attribute_is_found():
    page = PAGE.replace(
        'class="document" data-pagefind-body', 'class="document" title="1 < 2" data-pagefind-body'
    )
    assert prepared(page)[1:] == prepared()[1:]


def test_the_attribute_named_in_text_alone_is_no_indexed_element():
    assert prepare_page("<html><body><p>data-pagefind-body</p></body></html>", "a/index.html") is None


def test_search_settings_are_merged_and_checked():
    assert search_settings({"SEARCH": {"INDEX": False}})["BUNDLE_DIR"] == "pagefind"
    with pytest.raises(SearchSettingsError, match="search plugin: unknown key.*BUNDLE"):
        search_settings({"SEARCH": {"BUNDLE": "x"}})


@pytest.mark.parametrize("value", [0, -1, True, 1.5, "2", None])
def test_parallel_parts_must_be_a_whole_number_of_runs(value):
    with pytest.raises(SearchSettingsError, match="PARALLEL_PARTS"):
        search_settings({"SEARCH": {"PARALLEL_PARTS": value}})


@pytest.mark.parametrize(
    ("relative", "url"),
    [
        ("2019/01/18/tet/index.html", "/2019/01/18/tet/"),
        ("index.html", "/"),
        ("lien-he.html", "/lien-he.html"),
    ],
)
def test_page_url_is_the_url_pagefind_gives(relative, url):
    assert page_url(relative) == url


def test_pagefind_reads_every_page_from_one_flat_folder_under_a_name_of_its_own():
    relatives = [
        f"20{year:02d}/{month:02d}/01/bai-{n}/index.html"
        for year in range(12, 26)
        for month in range(1, 13)
        for n in range(60)
    ]
    names = {mirror_name(relative) for relative in relatives}
    assert len(names) == len(relatives)
    assert all("/" not in name and name.endswith(".html") and name != "index.html" for name in names)
    # The same name in any part, in any process, build after build (not Python's salted hash()).
    assert mirror_name("2012/01/01/bai-0/index.html") == "83b9cdbdddd5ce3824465651.html"
