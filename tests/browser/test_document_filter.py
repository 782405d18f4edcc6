"""Documents in a real browser: the filter over /van-ban/ and axe-core on the document pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browsing import axe_violations, open_page

LIST = "van-ban/"


def visible_numbers(page) -> list[str]:
    return page.locator("main .document-card__number:visible").all_inner_texts()


def test_filter_by_type_year_and_issuer_announces_the_count(reader, site_url):
    page, watch = reader
    page.goto(site_url + LIST)
    type_box = page.get_by_label("Loại văn bản", exact=True)
    type_box.select_option("Hướng dẫn")
    status = page.get_by_role("status")
    assert status.inner_text() == "Tìm thấy 2 văn bản phù hợp."
    assert visible_numbers(page) == ["Số 02/HD-LĐLĐ", "Số 01/HD-LĐLĐ"]
    assert not page.locator(".pagination").is_visible()  # the static pages are set aside

    page.get_by_label("Năm ban hành", exact=True).select_option("2024")
    assert status.inner_text() == "Tìm thấy 1 văn bản phù hợp."
    link = page.locator("main .document-card__title a:visible")
    assert link.inner_text() == "Hướng dẫn tổ chức đại hội công đoàn cơ sở nhiệm kỳ 2023 - 2028"

    page.get_by_label("Cơ quan ban hành", exact=True).select_option(
        "Văn phòng Liên đoàn Lao động tỉnh An Khang"
    )
    assert status.inner_text().startswith("Không có văn bản nào phù hợp")
    assert visible_numbers(page) == []

    page.get_by_role("button", name="Bỏ lọc").click()
    assert status.inner_text() == "Đang hiển thị tất cả 8 văn bản."
    assert len(visible_numbers(page)) == 8
    assert page.get_by_label("Loại văn bản", exact=True).evaluate("el => el === document.activeElement")

    type_box.select_option("Quyết định")
    link = page.locator("main .document-card__title a:visible")
    link.click()
    page.wait_for_url("**/van-ban/quyet-dinh-khen-thuong/")
    assert page.locator("h1").inner_text().startswith("Quyết định khen thưởng")
    assert watch.csp_violations == [] and watch.console_errors == [] and watch.foreign_requests == []


def test_the_choice_is_kept_in_the_address(reader, site_url):
    page, watch = reader
    page.goto(site_url + LIST)
    page.get_by_label("Năm ban hành", exact=True).select_option("2022")
    page.wait_for_url("**nam=2022**")
    page.reload()
    # The module restores the choice once it has run: wait for it, as a reader would.
    expect(page.get_by_label("Năm ban hành", exact=True)).to_have_value("2022")
    expect(page.get_by_role("status")).to_have_text("Tìm thấy 2 văn bản phù hợp.")
    page.goto(site_url + LIST + "?loai=K%E1%BA%BF+ho%E1%BA%A1ch")
    expect(page.locator("main .document-card__number:visible")).to_have_text(["Số 15/KH-LĐLĐ"])
    assert watch.console_errors == []


@pytest.mark.parametrize("path", [LIST, "van-ban/ke-hoach-thi-dua-dac-biet/"])
def test_document_pages_fit_a_phone_screen(browser, site_url, path):
    context, page, _ = open_page(browser, site_url, viewport={"width": 360, "height": 740})
    page.goto(site_url + path)
    if path == LIST:
        page.get_by_label("Cơ quan ban hành", exact=True).wait_for()  # the filter is built
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    context.close()


def test_without_javascript_the_static_lists_remain(browser, site_url):
    context, page, _ = open_page(browser, site_url, java_script_enabled=False)
    page.goto(site_url + LIST)
    assert page.locator("select").count() == 0  # no dead controls
    assert len(visible_numbers(page)) == 8
    page.locator(".document-facets").get_by_role("link", name="Kế hoạch", exact=True).click()
    assert page.locator("h1").inner_text() == "Loại văn bản: Kế hoạch"
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        LIST,
        "van-ban/huong-dan-dai-hoi-cdcs-2019/",
        "van-ban/quyet-dinh-khen-thuong/",
        "van-ban/loai/ke-hoach/",
    ],
)
def test_axe_finds_no_violation_on_document_pages(reader, site_url, path):
    page, _ = reader
    page.goto(site_url + path)
    if path == LIST:
        page.get_by_label("Loại văn bản", exact=True).select_option("Hướng dẫn")  # the filtered state too
    assert axe_violations(page) == []
