"""The portal theme's pages and widgets as built HTML: strict-CSP markup, search page, site map,
article extras (series, related, newer/older), the date picker's no-JS action, lead images."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURE_CONTENT, build_site, page, soup

SERIES_ARTICLES = [  # oldest first, as "Theo dòng sự kiện" lists them
    "2019/11/21/dai-hoi-cdcs-may-phu-an/",
    "2022/06/22/chuan-bi-dai-hoi-cong-doan-tinh/",
    "2022/09/14/dai-hoi-diem-cdcs/",
]


def test_no_inline_script_style_or_marquee_anywhere(sample_site):
    for path in sample_site.rglob("*.html"):
        document = soup(path)
        assert document.find(style=True) is None, path
        assert document.find("style") is None, path
        assert document.find("marquee") is None, path
        for script in document.find_all("script"):
            assert script.get("src") and script.get("type") == "module" and not script.string, path
        assert not any(
            attribute.startswith("on") for node in document.find_all(True) for attribute in node.attrs
        )


def test_every_module_named_in_a_page_exists_and_is_loaded(sample_site):
    for url in ("", "2019/11/21/", "2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/"):
        document = page(sample_site, url)
        loaded = {
            script["src"].rsplit("/", 1)[1].removesuffix(".js") for script in document.find_all("script")
        }
        used = {node["data-module"] for node in document.select("[data-module]")}
        assert used <= loaded, url
        for name in loaded:
            assert (sample_site / "theme" / "js" / f"{name}.js").is_file()


def test_header_search_box_points_to_the_search_page(sample_site):
    form = page(sample_site, "2019/11/21/").select_one(".site-header form[role=search]")
    assert form["action"] == "../../../tim-kiem/" and form.get("method") == "get"
    assert form.select_one("input[name=q]")["id"] == form.select_one("label")["for"]


def test_search_page_offers_the_form_and_other_ways_to_find_news(sample_site):
    document = page(sample_site, "tim-kiem/")
    assert document.h1.get_text() == "Tìm kiếm"
    assert document.select_one("main form[role=search] input[name=q]")
    links = {a["href"] for a in document.select("main a")}
    assert {"../chuyen-muc/tin-tuc-su-kien/", "../luu-tru/", "../so-do-trang/"} <= links
    assert document.select_one("main .date-picker form")["action"] == "../luu-tru/"


def test_site_map_lists_every_category_page_and_year(sample_site):
    document = page(sample_site, "so-do-trang/")
    links = {a["href"] for a in document.select("main a")}
    categories = {
        f"../chuyen-muc/{c}/" for c in ("tin-tuc-su-kien", "hoat-dong-cong-doan", "thi-dua-khen-thuong")
    }
    pages = {f"../{p}/" for p in ("gioi-thieu", "lien-he", "co-cau-to-chuc", "chuc-nang-nhiem-vu", "english")}
    years = {f"../{y}/" for y in ("2019", "2020", "2021", "2022")}
    assert categories | pages | years <= links
    footer = {a.get_text(): a["href"] for a in page(sample_site, "").select(".site-footer a")}
    assert footer["Sơ đồ trang"] == "./so-do-trang/"


def test_series_lists_its_articles_oldest_first_and_marks_this_one(sample_site):
    document = page(sample_site, SERIES_ARTICLES[1])
    series = document.select_one(".series")
    assert series.h2.get_text() == "Theo dòng sự kiện: Đại hội Công đoàn các cấp"
    items = series.select("li")
    assert len(items) == 3
    assert items[1].select_one("[aria-current=page]") is not None
    hrefs = [a["href"] for a in series.select("a")]
    assert hrefs == ["../../../../" + SERIES_ARTICLES[0], "../../../../" + SERIES_ARTICLES[2]]


def test_related_articles_share_a_tag(sample_site):
    document = page(sample_site, "2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/")
    tags = {a.get_text() for a in document.select(".tag-list a")}
    related = [a["href"] for a in document.select(".related a.article-list__title")]
    assert 1 <= len(related) <= 5
    for href in related:
        other = page(sample_site, href.removeprefix("../../../../"))
        assert tags & {a.get_text() for a in other.select(".tag-list a")}, href


def test_newer_and_older_links_follow_the_dates(sample_site):
    document = page(sample_site, "2019/12/31/nhin-lai-nam-2019/")
    assert (
        document.select_one(".article-nav__newer")["href"]
        == "../../../../2020/01/01/thu-chuc-mung-nam-moi-2020/"
    )
    assert document.select_one(".article-nav__older")["href"].startswith("../../../../2019/11/")


def test_calendar_links_days_with_news_and_neighbour_months(sample_site):
    calendar = page(sample_site, "2019/11/").select_one(".calendar")
    assert calendar.caption.get_text(strip=True) == "Tháng 11/2019"
    assert [a["href"] for a in calendar.select("td a")] == ["../../2019/11/21/"]
    assert calendar.select_one(".calendar__previous")["href"] == "../../2019/08/"
    assert calendar.select_one(".calendar__next")["href"] == "../../2019/12/"
    assert [th.get_text() for th in calendar.select("th")] == ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]


def test_without_js_the_date_picker_opens_the_archive(sample_site):
    form = page(sample_site, "").select_one(".date-picker form")
    assert form["action"] == "./luu-tru/"
    assert [s["name"] for s in form.select("select")] == ["ngay", "thang", "nam"]
    assert form["data-days"] == "./du-lieu/ngay-co-tin.json"


def test_toolbar_links_work_without_js(sample_site):
    tools = page(sample_site, "2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/").select_one(".article-tools")
    links = {a.get_text(): a["href"] for a in tools.select("a")}
    assert links["Gửi email"].startswith("mailto:?subject=Li%C3%AAn%20%C4%91o%C3%A0n")
    assert links["Gửi phản hồi"].startswith(
        "mailto:bbt@ldld-ankhang.example.vn?subject=Ph%E1%BA%A3n%20h%E1%BB%93i"
    )
    assert links["Chia sẻ Facebook"].startswith("https://www.facebook.com/sharer/sharer.php?u=http")
    assert tools.find("button") is None  # JS creates its own buttons


def test_print_address_sits_under_the_byline(sample_site):
    footer = page(sample_site, "2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/").select_one(".article__footer")
    address = footer.select_one(".article__address")
    assert (
        address.get_text()
        == "Địa chỉ bài viết: http://localhost:8000/2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/"
    )
    assert footer.select_one(".byline") in address.find_all_previous(class_="byline")


def test_date_picker_on_a_day_archive_is_preset_to_that_day(sample_site):
    form = page(sample_site, "2019/11/21/").select_one(".date-picker form")
    chosen = [s.select_one("option[selected]")["value"] for s in form.select("select")]
    assert chosen == ["21", "11", "2019"]


@pytest.fixture(scope="module")
def site_with_images(tmp_path_factory):
    """The fixture site with a lead image on one article, plus logo and banner settings."""
    content = tmp_path_factory.mktemp("images") / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    (content / "images" / "2019").mkdir(parents=True)
    shutil.copy(
        FIXTURE_CONTENT.parents[2].parent / "content" / "images" / "banner" / "1.jpg",
        content / "images" / "2019" / "hoi-nghi.jpg",
    )
    article = content / "tin-tuc" / "hoi-nghi-tong-ket.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(
        text.replace("Tags:", "Image: images/2019/hoi-nghi.jpg\nImage-Alt: Toàn cảnh hội nghị\nTags:", 1),
        encoding="utf-8",
    )
    return build_site(content, tmp_path_factory.mktemp("images-out") / "output", BANNER_SLIDES=[], SLOGANS=[])


def test_lead_image_shows_on_the_article_and_the_home_page(site_with_images):
    image = page(site_with_images, "2019/11/21/hoi-nghi-tong-ket/").select_one(".article__image img")
    assert (
        image["src"].startswith("../../../../images/2019/hoi-nghi.jpg")
        and image["alt"] == "Toàn cảnh hội nghị"
    )
    assert (site_with_images / "images" / "2019" / "hoi-nghi.jpg").is_file()
    home = page(site_with_images, "")
    assert any(img["src"].startswith("./images/2019/hoi-nghi.jpg") for img in home.select("main img"))


def test_no_banner_or_ticker_when_the_settings_are_empty(site_with_images):
    document = page(site_with_images, "")
    assert document.select_one(".slideshow") is None and document.select_one(".ticker") is None
    scripts = {s["src"].rsplit("/", 1)[1] for s in document.find_all("script")}
    assert "slideshow.js" not in scripts and "ticker.js" not in scripts
