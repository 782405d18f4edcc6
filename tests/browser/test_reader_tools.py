"""Reader tools and the portal theme in Debian's Chromium, on the sample site under the strict CSP."""

from __future__ import annotations

import gzip

import pytest
from playwright.sync_api import expect

from browsing import axe_violations, open_page, screenshot

ARTICLE = "2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/"
OTHER_ARTICLE = "2022/09/14/dai-hoi-diem-cdcs/"
DAY_ARCHIVE = "2019/11/21/"
PAGE_WEIGHT_BUDGET = 40 * 1024


def text_size(page) -> float:
    """Computed font size (px) of the article's first paragraph."""
    return page.eval_on_selector(".article__body p", "p => parseFloat(getComputedStyle(p).fontSize)")


def font_button(page, label):
    return page.get_by_role("button", name=label, exact=True)


def test_font_size_grows_persists_and_stops_at_the_ends(reader, site_url):
    page, watch = reader
    page.goto(site_url + ARTICLE)
    default = text_size(page)
    larger, smaller, reset = (font_button(page, n) for n in ("Tăng cỡ chữ", "Giảm cỡ chữ", "Cỡ chữ mặc định"))
    larger.click()
    bigger = text_size(page)
    assert bigger > default
    page.reload()
    assert text_size(page) == bigger
    page.goto(site_url + OTHER_ARTICLE)
    assert text_size(page) == bigger
    assert reset.get_attribute("aria-pressed") == "false"
    reset.click()
    assert text_size(page) == default
    assert reset.get_attribute("aria-pressed") == "true"
    smaller.click()
    assert text_size(page) < default
    smaller.click()
    assert smaller.is_disabled() and not larger.is_disabled()
    sizes = []
    while not larger.is_disabled():
        larger.focus()
        page.keyboard.press("Enter")  # keyboard reachable
        sizes.append(text_size(page))
    assert len(sizes) >= 4 and sizes == sorted(set(sizes))  # five steps or more, each larger
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Giảm cỡ chữ"
    assert watch.console_errors == []


def choose_day(page, day, month, year):
    picker = page.locator(".sidebar .date-picker, .home__latest .date-picker").first
    picker.get_by_label("Ngày").select_option(str(day))
    picker.get_by_label("Tháng").select_option(str(month))
    picker.get_by_label("Năm").select_option(str(year))
    picker.get_by_role("button", name="Xem").click()


@pytest.mark.parametrize(
    ("chosen", "opened", "notice"),
    [
        ((21, 11, 2019), DAY_ARCHIVE, None),
        ((22, 11, 2019), DAY_ARCHIVE, "Không có tin ngày 22/11/2019; đang hiển thị tin ngày 21/11/2019"),
        # Nothing earlier than the oldest item (a 2015 document): the nearest later day.
        ((1, 1, 2015), "2015/06/05/", "Không có tin ngày 01/01/2015; đang hiển thị tin ngày 05/06/2015"),
    ],
)
def test_date_picker_opens_the_day_or_the_nearest_day_with_news(reader, site_url, chosen, opened, notice):
    page, watch = reader
    page.goto(site_url)
    choose_day(page, *chosen)
    page.wait_for_url(site_url + opened + "**")
    assert page.url.split("?")[0] == site_url + opened
    shown = page.locator(".day-notice")
    if notice:
        assert shown.inner_text().startswith(notice)
        assert shown.get_attribute("role") == "status"
    else:
        assert not shown.is_visible()
    assert watch.console_errors == [] and watch.csp_violations == []


def test_date_picker_rejects_a_day_the_calendar_lacks(reader, site_url):
    page, _ = reader
    page.goto(site_url + ARTICLE)
    choose_day(page, 31, 2, 2020)
    assert "Không có ngày 31/02/2020" in page.locator(".sidebar .date-picker__message").inner_text()
    assert page.url == site_url + ARTICLE


def test_calendar_links_the_days_with_news(reader, site_url):
    page, _ = reader
    page.goto(site_url + DAY_ARCHIVE)
    calendar = page.locator(".calendar")
    assert calendar.locator("caption").inner_text() == "Tháng 11/2019"
    assert calendar.locator("td a").all_text_contents() == ["21/11/2019"]  # "21" shown, the date read
    calendar.get_by_role("link", name="Tháng 12/2019").click()
    assert page.url == site_url + "2019/12/"


def test_print_shows_only_the_article(reader, site_url):
    page, _ = reader
    page.goto(site_url + ARTICLE)
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-nav", ".sidebar", ".article-tools", ".site-footer", ".breadcrumb"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in (".article__title", ".dateline", ".article__body", ".byline", ".article__address"):
        assert page.locator(shown).first.is_visible(), shown
    assert ARTICLE in page.locator(".article__address").inner_text()


@pytest.fixture
def phone(browser, site_url):
    context, page, watch = open_page(browser, site_url, viewport={"width": 360, "height": 740})
    yield page, watch
    context.close()


@pytest.mark.parametrize("path", ["", ARTICLE, DAY_ARCHIVE, "so-do-trang/"])
def test_no_horizontal_scroll_at_360_px(phone, site_url, path):
    page, _ = phone
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_menu_button_opens_and_closes_the_menu_on_a_phone(phone, site_url):
    page, _ = phone
    page.goto(site_url)
    button = page.get_by_role("button", name="Danh mục")
    first_category = page.locator(".site-nav__list a").nth(1)
    assert button.get_attribute("aria-expanded") == "false" and not first_category.is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true" and first_category.is_visible()
    button.click()
    assert not first_category.is_visible()


def test_skip_link_comes_first_and_focus_is_visible(reader, site_url):
    page, _ = reader
    page.goto(site_url + ARTICLE)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Bỏ qua, đến nội dung chính"
    assert skip.bounding_box()["y"] >= 0  # moved into view when focused
    assert skip.evaluate("a => getComputedStyle(a).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.locator(":focus").evaluate("e => getComputedStyle(e).outlineStyle") == "solid"


def test_wide_screen_shows_the_menu_without_a_button(reader, site_url):
    page, _ = reader
    page.goto(site_url)
    assert not page.get_by_role("button", name="Danh mục").is_visible()
    assert page.locator(".site-nav__list a").nth(1).is_visible()


def test_without_javascript_the_article_reads_well_and_no_dead_button_shows(browser, site_url):
    context, page, _ = open_page(browser, site_url, java_script_enabled=False)
    page.goto(site_url + ARTICLE)
    assert page.locator(".article__body").is_visible()
    assert text_size(page) >= 16
    assert page.locator(".site-nav__list a").nth(1).is_visible()
    assert page.locator(".slideshow__slide").first.is_visible()  # the first banner, alone
    assert page.locator(".slideshow__slide:visible").count() == 1
    for button in page.locator("button").all():
        if button.is_visible():  # only submit buttons of forms that go somewhere
            assert button.get_attribute("type") == "submit"
            assert button.evaluate("b => Boolean(b.form && b.form.getAttribute('action'))")
    assert page.get_by_role("link", name="Gửi email").is_visible()
    assert page.get_by_role("link", name="Gửi phản hồi").is_visible()
    assert page.get_by_role("link", name="Xem tin mới ở trang chủ").is_visible()
    context.close()


def test_latest_news_beside_an_article_is_filled_in_and_its_links_open_the_articles(reader, site_url):
    page, watch = reader
    page.goto(site_url + ARTICLE)
    titles = page.locator(".sidebar .latest-news .article-list__title")
    expect(titles).to_have_count(6)
    first = titles.first
    title = first.inner_text()
    first.click()
    page.wait_for_url(site_url + "20*/**")
    assert page.locator("h1").inner_text() == title
    assert page.get_by_role("link", name="Xem tin mới ở trang chủ").is_visible()
    assert watch.console_errors == [] and watch.csp_violations == [] and watch.foreign_requests == []


def test_nothing_in_the_sidebar_moves_when_the_latest_news_arrive(reader, site_url):
    page, _watch = reader
    picker = page.locator(".sidebar .date-picker")
    page.route("**/du-lieu/tin-moi.html", lambda route: route.abort())
    page.goto(site_url + ARTICLE)
    without_list = picker.bounding_box()
    page.unroute("**/du-lieu/tin-moi.html")
    page.goto(site_url + ARTICLE)
    expect(page.locator(".sidebar .latest-news .article-list__title")).to_have_count(6)
    assert picker.bounding_box() == without_list


def test_share_falls_back_to_copying_the_link_with_a_confirmation(browser, site_url):
    context, page, _ = open_page(browser, site_url, permissions=["clipboard-read", "clipboard-write"])
    page.goto(site_url + ARTICLE)
    page.evaluate("delete Navigator.prototype.share")
    page.get_by_role("button", name="Chia sẻ", exact=True).click()
    status = page.locator(".share__status")
    expect(status).not_to_be_empty()  # the clipboard answers asynchronously
    shown = status.inner_text()
    assert "Đã sao chép đường dẫn" in shown or site_url + ARTICLE in shown
    email = page.get_by_role("link", name="Gửi email").get_attribute("href")
    assert email.startswith("mailto:?subject=") and "hoi-nghi-tong-ket-thi-dua-2019" in email
    feedback = page.get_by_role("link", name="Gửi phản hồi").get_attribute("href")
    assert feedback.startswith("mailto:bbt@ldld-ankhang.example.vn?subject=")
    assert "facebook.com/sharer" in page.get_by_role("link", name="Chia sẻ Facebook").get_attribute("href")
    context.close()


def test_motion_stops_under_reduced_motion(browser, site_url):
    context, page, _ = open_page(browser, site_url, reduced_motion="reduce")
    page.goto(site_url)
    assert page.locator(".ticker__track").evaluate("t => getComputedStyle(t).animationName") == "none"
    assert page.get_by_role("button", name="Chạy ảnh").is_visible()  # not running: offers to run
    assert page.locator(".slideshow__slide.is-current").count() == 1
    context.close()


def test_ticker_and_slideshow_can_be_paused(reader, site_url):
    page, _ = reader
    page.goto(site_url)
    track = page.locator(".ticker__track")
    assert track.evaluate("t => getComputedStyle(t).animationName") == "ticker-run"
    page.get_by_role("button", name="Dừng khẩu hiệu").click()
    assert track.evaluate("t => getComputedStyle(t).animationPlayState") == "paused"
    assert page.get_by_role("button", name="Chạy khẩu hiệu").is_visible()
    page.get_by_role("button", name="Tạm dừng ảnh").click()
    assert page.get_by_role("button", name="Chạy ảnh").is_visible()


def test_home_has_no_layout_shift(reader, site_url):
    page, _ = reader
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    shift = page.evaluate(
        """() => new Promise(done => new PerformanceObserver((list, observer) => {
            observer.disconnect(); done(list.getEntries().reduce((sum, e) => sum + e.value, 0));
        }).observe({type: "layout-shift", buffered: true}) || setTimeout(() => done(0), 500))"""
    )
    assert shift < 0.1


@pytest.mark.parametrize(
    "path",
    ["", ARTICLE, "chuyen-muc/tin-tuc-su-kien/", DAY_ARCHIVE, "gioi-thieu/", "tim-kiem/", "so-do-trang/"],
)
def test_axe_finds_no_violation_and_the_csp_holds(reader, site_url, path):
    page, watch = reader
    page.goto(site_url + path)  # "load": every module has run
    assert axe_violations(page) == []
    assert watch.csp_violations == []
    assert watch.foreign_requests == []
    assert watch.console_errors == []


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 375)])
def test_screenshots_of_home_and_article(browser, site_url, name, width):
    context, page, _ = open_page(browser, site_url, viewport={"width": width, "height": 900})
    for label, path in (("home", ""), ("article", ARTICLE)):
        page.goto(site_url + path)
        assert screenshot(page, f"{label}-{name}-{width}").stat().st_size > 10_000
    context.close()


def test_article_page_weight_is_within_budget(reader, site_url):
    page, _ = reader
    bodies: dict[str, bytes] = {}
    page.on(
        "response",
        lambda r: (
            bodies.__setitem__(r.url, r.body())
            if r.request.resource_type in ("document", "stylesheet", "script")
            else None
        ),
    )
    page.goto(site_url + ARTICLE)
    page.wait_for_load_state("networkidle")
    sizes = {url.removeprefix(site_url): len(gzip.compress(body, 9)) for url, body in bodies.items()}
    total = sum(sizes.values())
    print(f"\narticle page weight: {total} bytes gzip (HTML + CSS + JS)", sizes)
    assert any(url.endswith(".css") for url in sizes) and any(url.endswith(".js") for url in sizes)
    assert total <= PAGE_WEIGHT_BUDGET
