"""Search in a real browser on a fixture site built for it: Vietnamese folding (đ included),
exact spelling first, phrases first, document numbers, filters, keyboard, CSP and axe-core.

Each query has near misses in the fixture (dương/đường, dưa/đua, Đà Lạt/dân/nâng, ...).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from browsing import axe_violations, open_page
from conftest import SAMPLE_CONTENT, build_site
from serving import SEARCH_CSP, STRICT_CSP, serve_site

NEWS, UNION, DOCS = "Tin tức - Sự kiện", "Hoạt động Công đoàn", "Văn bản"
FILLER = "Người lao động trong tỉnh tiếp tục được quan tâm chăm lo về việc làm và thu nhập."
# slug, date, category, title, body
ARTICLES = [
    (
        "khanh-thanh-duong",
        "2023-03-02",
        NEWS,
        "Khánh thành con đường giao thông nông thôn",
        "Con đường mới dài ba cây số nối hai xã, đường rộng và sạch.",
    ),
    (
        "tet-duong-lich",
        "2023-01-02",
        NEWS,
        "Công nhân vui Tết Dương lịch",
        "Dịp Tết Dương lịch, công nhân được nghỉ và nhận quà.",
    ),
    (
        "hoc-tap-da-nang",
        "2023-05-10",
        UNION,
        "Học tập kinh nghiệm tại Đà Nẵng",
        "Cán bộ tỉnh học tập mô hình nhà ở cho công nhân tại thành phố Đà Nẵng.",
    ),
    (
        "da-lat-mua-nang",
        "2023-05-11",
        NEWS,
        "Đà Lạt mùa nắng đẹp",
        "Những ngày nắng ở Đà Lạt thu hút du khách.",
    ),
    (
        "nang-cao-dan-tri",
        "2023-05-12",
        NEWS,
        "Nâng cao dân trí vùng cao",
        "Chương trình nâng cao dân trí cho bà con vùng cao.",
    ),
    (
        "giai-dua-thuyen",
        "2022-09-01",
        UNION,
        "Giải đua thuyền truyền thống",
        "Các đội thuyền tranh tài trong giải đua sôi nổi.",
    ),
    (
        "trong-dua-hau",
        "2022-09-02",
        NEWS,
        "Trồng dưa hấu trên đất cát",
        "Nông dân trồng dưa hấu cho thu nhập khá.",
    ),
    (
        "dai-hoi-cdcs",
        "2024-02-01",
        UNION,
        "Công đoàn cơ sở tổ chức đại hội",
        "Đại hội Công đoàn cơ sở nhiệm kỳ mới diễn ra thành công.",
    ),
    (
        "cong-chao-doan-vien",
        "2024-02-02",
        NEWS,
        "Dựng cổng chào đón đoàn khách",
        "Thanh niên dựng cổng chào, cả đoàn khách phấn khởi.",
    ),
    (
        "bao-ho-lao-dong",
        "2024-03-01",
        UNION,
        "Trang bị bảo hộ lao động cho công nhân",
        "Doanh nghiệp trang bị đồ bảo hộ lao động đầy đủ.",
    ),
    (
        "ho-ngheo",
        "2024-03-02",
        NEWS,
        "Bảo đảm sinh kế cho hộ nghèo",
        "Bảo đảm việc làm cho hộ nghèo có người lao động đi làm xa.",
    ),
    (
        "nhac-lai-ke-hoach",
        "2024-03-03",
        NEWS,
        "Triển khai các văn bản đầu năm",
        "Các cấp triển khai Kế hoạch số 01/KH-LĐLĐ và Chỉ thị số 01/CT-LĐLĐ.",
    ),
] + [
    (f"cham-lo-{n}", f"2021-0{1 + n % 9}-1{n % 10}", NEWS, f"Chăm lo người lao động đợt {n}", FILLER)
    for n in range(1, 13)
]
# slug, number, type, issued, title
DOCUMENTS = [
    ("ke-hoach-01", "01/KH-LĐLĐ", "Kế hoạch", "2024-01-05", "Kế hoạch tổ chức các hoạt động năm 2024"),
    ("chi-thi-01", "01/CT-LĐLĐ", "Chỉ thị", "2024-01-06", "Chỉ thị về tăng cường kỷ luật"),
    ("ke-hoach-10", "10/KH-LĐLĐ", "Kế hoạch", "2024-04-05", "Kế hoạch tập huấn cán bộ"),
]


def write_content(root: Path) -> Path:
    """The fixture site's Markdown: the articles and documents above."""
    content = root / "content"
    for folder in ("tin-tuc", "van-ban", "pages", "images"):
        (content / folder).mkdir(parents=True)
    for slug, day, category, title, body in ARTICLES:
        text = f"Title: {title}\nDate: {day} 08:00\nCategory: {category}\nAuthor: Thu Hoài\n\n{body}\n"
        (content / "tin-tuc" / f"{slug}.md").write_text(text, encoding="utf-8")
    for slug, number, kind, issued, title in DOCUMENTS:
        text = (
            f"Title: {title}\nCategory: {DOCS}\nDocNumber: {number}\nDocType: {kind}\n"
            f"Issuer: Liên đoàn Lao động tỉnh An Khang\nIssued: {issued}\nSigner: Nguyễn Văn Thành\n\n"
            f"Nội dung {kind.lower()} số {number}.\n"
        )
        (content / "van-ban" / f"{slug}.md").write_text(text, encoding="utf-8")
    for image in ("logo.svg", "banner"):  # the header's logo and banner, as pelicanconf names them
        source = SAMPLE_CONTENT / "images" / image
        (shutil.copytree if source.is_dir() else shutil.copy)(source, content / "images" / image)
    (content / "pages" / "gioi-thieu.md").write_text("Title: Giới thiệu\n\nGiới thiệu.\n", encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def search_url(tmp_path_factory) -> Iterator[str]:
    """The fixture site, built once, served with the strict CSP and Pagefind's need on /tim-kiem/ only."""
    root = tmp_path_factory.mktemp("search-site")
    output = build_site(write_content(root), root / "output", DOCUMENTS={"TODAY": "2024-06-01"})
    with serve_site(
        output,
        root / "host",
        headers={"Content-Security-Policy": STRICT_CSP},
        path_headers={"tim-kiem/": {"Content-Security-Policy": SEARCH_CSP}},
    ) as url:
        yield url


@pytest.fixture
def searcher(browser, search_url):
    """A reader with JavaScript on, in a fresh context."""
    context, page, watch = open_page(browser, search_url)
    yield page, watch
    context.close()


def results(page, query: str, base: str) -> list[str]:
    """Search from the URL and return the result titles in order."""
    page.goto(base + "tim-kiem/?q=" + query)
    page.get_by_role("status").filter(has_text="kết quả").wait_for()
    return page.locator(".search-result__title").all_inner_texts()


@pytest.mark.parametrize(
    ("query", "first", "near_misses_after"),
    [
        ("Da Nang", "Học tập kinh nghiệm tại Đà Nẵng", ["Đà Lạt mùa nắng đẹp"]),
        ("cong doan", "Công đoàn cơ sở tổ chức đại hội", ["Dựng cổng chào đón đoàn khách"]),
        ("đường", "Khánh thành con đường giao thông nông thôn", ["Công nhân vui Tết Dương lịch"]),
        ("dương", "Công nhân vui Tết Dương lịch", ["Khánh thành con đường giao thông nông thôn"]),
        ("bảo hộ lao động", "Trang bị bảo hộ lao động cho công nhân", ["Bảo đảm sinh kế cho hộ nghèo"]),
        ("01/KH-LĐLĐ", "Kế hoạch tổ chức các hoạt động năm 2024", ["Triển khai các văn bản đầu năm"]),
        ("01/KH", "Kế hoạch tổ chức các hoạt động năm 2024", []),
    ],
)
def test_query_finds_the_expected_page_first(searcher, search_url, query, first, near_misses_after):
    page, watch = searcher
    titles = results(page, query, search_url)
    assert titles[0] == first, titles
    for near_miss in near_misses_after:
        assert near_miss not in titles or titles.index(near_miss) > 0
    assert watch.csp_violations == [] and watch.console_errors == [] and watch.foreign_requests == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dua", {"Giải đua thuyền truyền thống", "Trồng dưa hấu trên đất cát"}),
        ("doan", {"Dựng cổng chào đón đoàn khách", "Công đoàn cơ sở tổ chức đại hội"}),
        ("duong", {"Khánh thành con đường giao thông nông thôn", "Công nhân vui Tết Dương lịch"}),
    ],
)
def test_a_query_without_marks_finds_every_spelling(searcher, search_url, query, expected):
    page, _ = searcher
    assert expected <= set(results(page, query, search_url))


def test_snippets_mark_the_words_and_never_show_the_folded_copy(searcher, search_url):
    page, _ = searcher
    titles = results(page, "dua", search_url)
    first = page.locator(".search-result").filter(has_text="Giải đua thuyền")
    assert "đua" in first.locator("mark").all_inner_texts()
    shown = page.locator(".search-results").inner_text()
    assert "Giai dua thuyen" not in shown and "giai dua thuyen" not in shown  # folded words never show
    assert first.locator("time").inner_text() == "01/09/2022"
    assert "Gửi phản hồi" not in page.locator(".search-results").inner_text()  # tools are not text
    assert "Hoạt động Công đoàn" in first.locator(".search-result__meta").inner_text()
    status = page.get_by_role("status").filter(has_text="kết quả").inner_text()
    assert status == f"Tìm thấy {len(titles)} kết quả cho «dua»."


def test_words_in_order_rank_before_words_apart(searcher, search_url):
    page, _ = searcher
    titles = results(page, "bảo hộ lao động", search_url)
    assert titles[:2] == ["Trang bị bảo hộ lao động cho công nhân", "Bảo đảm sinh kế cho hộ nghèo"]
    assert any(title.startswith("Chăm lo người lao động") for title in titles[2:])  # some words: later


def test_filters_narrow_the_results_and_stay_in_the_address(searcher, search_url):
    page, _ = searcher
    results(page, "01", search_url)
    page.get_by_label("Loại văn bản", exact=True).select_option("Chỉ thị")
    page.get_by_role("status").filter(has_text="Tìm thấy 1 kết quả").wait_for()
    assert page.locator(".search-result__title").all_inner_texts() == ["Chỉ thị về tăng cường kỷ luật"]
    assert "loai=Ch" in page.url
    page.reload()
    page.get_by_role("status").filter(has_text="Tìm thấy 1 kết quả").wait_for()
    page.get_by_label("Loại văn bản", exact=True).select_option("")
    page.get_by_label("Năm đăng", exact=True).select_option("2022")
    page.get_by_role("status").filter(has_text="kết quả").wait_for()
    page.fill("#search-page-q", "dua")
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="«dua»").wait_for()
    titles = page.locator(".search-result__title").all_inner_texts()
    assert set(titles) == {"Giải đua thuyền truyền thống", "Trồng dưa hấu trên đất cát"}


def test_keyboard_search_more_results_and_open_one(searcher, search_url):
    page, _ = searcher
    page.goto(search_url + "tim-kiem/")
    page.locator("#search-page-q").focus()
    page.keyboard.type("lao động")
    page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="kết quả")
    status.wait_for()
    assert int(status.inner_text().split()[2]) > 10
    assert page.locator(".search-result").count() == 10
    more = page.get_by_role("button", name="Xem thêm kết quả")
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.search-result').length > 10")
    focused = page.evaluate(
        "document.activeElement.closest('.search-result') && document.activeElement.textContent"
    )
    assert focused == page.locator(".search-result__title").nth(10).inner_text()
    href = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    assert "?q=" not in page.url


def test_header_search_box_opens_the_results(searcher, search_url):
    page, watch = searcher
    page.goto(search_url + "2022/09/01/giai-dua-thuyen/")
    header_box = page.locator(".site-header input[name=q]")
    header_box.fill("cong doan")
    header_box.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=cong+doan")
    page.get_by_role("status").filter(has_text="kết quả").wait_for()
    assert page.locator(".search-result__title").first.inner_text() == "Công đoàn cơ sở tổ chức đại hội"
    assert watch.csp_violations == []


def test_search_page_has_no_axe_violation_with_results(searcher, search_url):
    page, _ = searcher
    results(page, "cong doan", search_url)
    assert axe_violations(page) == []


def test_without_javascript_the_search_page_offers_the_lists(browser, search_url):
    context, page, _ = open_page(browser, search_url, java_script_enabled=False)
    page.goto(search_url + "tim-kiem/?q=dua")
    assert page.locator(".search-filter, .search-result, .search-results__more").count() == 0  # nothing dead
    assert page.locator("#search-page-q").is_visible()
    assert page.get_by_role("link", name="Hoạt động Công đoàn").count() >= 1
    context.close()


def test_other_pages_keep_the_strict_policy(searcher, search_url):
    page, _ = searcher
    response = page.goto(search_url)
    assert "wasm-unsafe-eval" not in response.headers["content-security-policy"]
    response = page.goto(search_url + "tim-kiem/")
    assert "'wasm-unsafe-eval'" in response.headers["content-security-policy"]


def test_a_lost_connection_is_said_and_the_search_can_be_tried_again(searcher, search_url):
    page, _ = searcher
    page.route("**/pagefind/record/*", lambda route: route.abort())
    page.goto(search_url + "tim-kiem/?q=dua")
    page.get_by_role("status").filter(has_text="Chưa tải được kết quả").wait_for()
    page.unroute("**/pagefind/record/*")
    page.get_by_role("button", name="Tìm", exact=True).last.click()
    page.get_by_role("status").filter(has_text="Tìm thấy").wait_for()
    assert page.locator(".search-result").count() >= 2
