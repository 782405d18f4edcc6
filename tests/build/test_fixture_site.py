"""Build the small fixture site and read what a reader would see."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from posixpath import normpath

import feedparser
import pytest

from conftest import FIXTURE_CONTENT, build_site, page, soup

PER_PAGE = 2
OLDER_COUNT = 3


FIXTURE_SETTINGS = {
    "DEFAULT_PAGINATION": PER_PAGE,
    "ARCHIVES": {
        "CATEGORY_ORDER": ["Tin tức - Sự kiện", "Hoạt động Công đoàn"],
        "OLDER_IN_CATEGORY": OLDER_COUNT,
    },
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(FIXTURE_CONTENT, tmp_path_factory.mktemp("fixture") / "output", **FIXTURE_SETTINGS)


def titles(document) -> list[str]:
    """Titles in the page's main article list, in order."""
    return [a.get_text(strip=True) for a in document.select("main .article-list__title")]


def listing(site: Path, url: str) -> list[str]:
    """Titles over every page of a paginated listing, following the 'next' links."""
    found: list[str] = []
    while url is not None:
        document = page(site, url)
        found += titles(document)
        link = document.select_one("a[rel=next]")
        url = resolve(url, link["href"]) if link else None
    return found


def resolve(from_url: str, href: str) -> str:
    """Resolve a relative link found on the page at from_url (a site URL ending in '/')."""
    target = normpath("/" + from_url + href).lstrip("/")
    return target + "/" if href.endswith("/") and target else target


DAY_21 = {
    "Đẩy mạnh phong trào thi đua cuối năm",
    "Hội nghị tổng kết công tác công đoàn",
    "Đại hội Công đoàn cơ sở Công ty Phú An",
}
NEWS_NEWEST_FIRST = [
    "Thư chúc mừng năm mới 2020",
    "Nhìn lại năm 2019",
    "Tập huấn an toàn vệ sinh lao động",
    "Hội nghị tổng kết công tác công đoàn",
    "Đẩy mạnh phong trào thi đua cuối năm",
]


@pytest.mark.parametrize(
    "url",
    [
        "2019/11/21/day-manh-phong-trao/",  # file name, leading date dropped
        "2019/11/21/hoi-nghi-tong-ket/",  # file name without a date
        "2019/11/21/dai-hoi-cong-doan-phu-an/",  # "Đại hội Công đoàn Phú An.md"
        "2019/11/22/tap-huan-atvsld/",  # "Slug: Tập huấn ATVSLĐ"
        "2020/01/01/thu-chuc-mung-nam-moi/",
        "gioi-thieu/",
    ],
)
def test_article_urls_are_dated_with_ascii_slugs(site, url):
    assert (site / url / "index.html").is_file()


def test_editing_a_title_keeps_the_url(tmp_path):
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    source = content / "tin-tuc" / "2019-11-21-day-manh-phong-trao.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("cuối năm", "những tháng cuối năm 2019"),
        encoding="utf-8",
    )
    output = build_site(content, tmp_path / "output")
    assert page(output, "2019/11/21/day-manh-phong-trao/").h1.get_text() == (
        "Đẩy mạnh phong trào thi đua những tháng cuối năm 2019"
    )


def test_article_dateline_and_machine_date(site):
    document = page(site, "2019/11/21/day-manh-phong-trao/")
    time = document.select_one(".dateline time")
    assert time.get_text() == "Thứ Năm, ngày 21 tháng 11 năm 2019 - 09:25"
    assert time["datetime"] == "2019-11-21T09:25:00+07:00"
    midnight = page(site, "2020/01/01/thu-chuc-mung-nam-moi/").select_one(".dateline time")
    assert midnight.get_text() == "Thứ Tư, ngày 01 tháng 01 năm 2020 - 00:00"


def test_modified_article_shows_the_update_line(site):
    updated = page(site, "2019/12/31/nhin-lai-nam-2019/").select(".dateline time")
    assert [t.get_text() for t in updated] == [
        "Thứ Ba, ngày 31 tháng 12 năm 2019 - 23:45",
        "Cập nhật lúc 16:26 - 25/05/2020",
    ]
    assert updated[1]["datetime"] == "2020-05-25T16:26:00+07:00"


def test_text_is_escaped_and_article_html_is_kept(tmp_path):
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    (content / "tin-tuc" / "ky-hieu.md").write_text(
        "Title: Công đoàn & doanh nghiệp <2021>\nDate: 2021-03-08 08:00\n"
        'Category: Tin tức - Sự kiện\nSummary: Ký hiệu <b> & "dấu".\n\nNội dung **đậm**.\n',
        encoding="utf-8",
    )
    output = build_site(content, tmp_path / "output")
    html = (output / "2021/03/08/ky-hieu/index.html").read_text(encoding="utf-8")
    assert '<h1 class="article__title">Công đoàn &amp; doanh nghiệp &lt;2021&gt;</h1>' in html
    assert "<title>Công đoàn &amp; doanh nghiệp &lt;2021&gt; - " in html
    assert "<strong>đậm</strong>" in html
    listed = page(output, "chuyen-muc/tin-tuc-su-kien/").select_one(".article-list__title")
    assert listed.get_text() == "Công đoàn & doanh nghiệp <2021>"


# Search (issue 8): Pagefind 1.5.2 writes its filter lists in hash-map order; plugins/search
# (merging.py) writes them sorted, so every file, Pagefind's included, must be identical.


def _files(root):
    """Every output file's bytes, by relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_two_builds_of_the_same_content_are_byte_identical(site, tmp_path):
    again = build_site(FIXTURE_CONTENT, tmp_path / "again", **FIXTURE_SETTINGS)
    first, second = _files(site), _files(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_day_archive_lists_exactly_that_days_published_articles(site):
    assert set(listing(site, "2019/11/21/")) == DAY_21
    assert "Bản nháp chưa đăng" not in listing(site, "2019/11/21/")
    assert listing(site, "2019/11/22/") == ["Tập huấn an toàn vệ sinh lao động"]


def test_day_archive_is_paginated(site):
    first = page(site, "2019/11/21/")
    assert len(titles(first)) == PER_PAGE
    assert first.select_one("a[rel=next]")["href"] == "../../../2019/11/21/trang-2/"
    second = page(site, "2019/11/21/trang-2/")
    assert len(titles(second)) == 1
    assert second.select_one(".pagination__current").get_text() == "2"


def test_month_and_year_archives(site):
    assert set(listing(site, "2019/11/")) == DAY_21 | {"Tập huấn an toàn vệ sinh lao động"}
    assert len(listing(site, "2019/")) == 6
    assert listing(site, "2020/") == ["Thư chúc mừng năm mới 2020"]
    assert listing(site, "2018/") == ["Tập huấn cán bộ công đoàn năm 2018"]


def test_archive_titles_are_vietnamese(site):
    assert page(site, "2019/").h1.get_text() == "Năm 2019"
    assert page(site, "2019/11/").h1.get_text() == "Tháng 11/2019"
    assert page(site, "2019/11/21/").h1.get_text() == "Thứ Năm, ngày 21/11/2019"
    assert page(site, "2019/11/21/").title.get_text().startswith("Thứ Năm, ngày 21/11/2019")


def test_day_archive_links_up_to_its_month_and_year(site):
    crumbs = page(site, "2019/11/21/").select(".breadcrumb a")
    targets = {a.get_text(): resolve("2019/11/21/", a["href"]) for a in crumbs}
    assert targets["Năm 2019"] == "2019/"
    assert targets["Tháng 11/2019"] == "2019/11/"


def test_year_archive_lists_its_months(site):
    months = [a.get_text() for a in page(site, "2019/").select(".period-children a")]
    assert months == ["Tháng 01/2019", "Tháng 11/2019", "Tháng 12/2019"]


def test_category_pages_are_paginated_newest_first(site):
    assert listing(site, "chuyen-muc/tin-tuc-su-kien/") == NEWS_NEWEST_FIRST
    assert (site / "chuyen-muc/tin-tuc-su-kien/trang-3/index.html").is_file()
    assert not (site / "chuyen-muc/tin-tuc-su-kien/trang-4").exists()
    assert (
        page(site, "chuyen-muc/tin-tuc-su-kien/trang-2/")
        .title.get_text()
        .startswith("Tin tức - Sự kiện - Trang 2")
    )


def test_menu_follows_category_order(site):
    menu = [a.get_text() for a in page(site, "").select(".site-nav a")]
    assert menu[:3] == ["Trang chủ", "Tin tức - Sự kiện", "Hoạt động Công đoàn"]


def test_nfd_content_is_published_as_nfc_in_the_same_category(site):
    article = (site / "2019/01/18/cham-lo-tet/index.html").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", article)
    assert "Đoàn viên được tặng quà" in article
    assert "Chăm lo Tết cho người lao động" in listing(site, "chuyen-muc/hoat-dong-cong-doan/")


def test_older_articles_of_the_category_under_each_article(site):
    newest = page(site, "2020/01/01/thu-chuc-mung-nam-moi/")
    section = newest.select_one(".older-articles")
    assert section.h2.get_text() == "Các tin đã đăng"
    assert titles(section) == NEWS_NEWEST_FIRST[1 : 1 + OLDER_COUNT]
    dates = [t.get_text() for t in section.select("time")]
    assert dates == ["(31/12/2019)", "(22/11/2019)", "(21/11/2019)"]
    oldest = page(site, "2019/11/21/day-manh-phong-trao/")
    assert oldest.select_one(".older-articles") is None


def test_tag_and_author_pages(site):
    assert set(listing(site, "the/doan-vien/")) == {
        "Đẩy mạnh phong trào thi đua cuối năm",
        "Đại hội Công đoàn cơ sở Công ty Phú An",
        "Tập huấn cán bộ công đoàn năm 2018",
    }
    assert "Hội nghị tổng kết công tác công đoàn" in listing(site, "tac-gia/thu-hoai/")
    assert "Hội nghị tổng kết công tác công đoàn" in listing(site, "tac-gia/minh-duc/")


def test_drafts_are_not_published(site):
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Bản nháp chưa đăng" not in everything
    assert not list(site.rglob("*ban-nhap*"))


def test_internal_article_link_is_relative(site):
    body = page(site, "2019/11/21/hoi-nghi-tong-ket/").select_one(".article__body a")
    assert resolve("2019/11/21/hoi-nghi-tong-ket/", body["href"]) == ("2019/11/21/day-manh-phong-trao/")


def test_feeds_parse_and_list_the_right_articles(site):
    everything = feedparser.parse((site / "feeds/all.atom.xml").read_bytes())
    assert not everything.bozo, everything.bozo_exception
    assert len(everything.entries) == 8
    assert everything.entries[0].title == "Thư chúc mừng năm mới 2020"
    assert everything.entries[0].link.startswith("http")
    news = feedparser.parse((site / "feeds/tin-tuc-su-kien.atom.xml").read_bytes())
    assert not news.bozo
    assert [e.title for e in news.entries] == NEWS_NEWEST_FIRST
    assert news.feed.title.endswith("Tin tức - Sự kiện")


def test_days_with_news_json(site):
    data = json.loads((site / "du-lieu/ngay-co-tin.json").read_text(encoding="utf-8"))
    assert data == {
        "version": 1,
        "months": {
            "2018-06": [15],
            "2019-01": [18],
            "2019-11": [21, 22],
            "2019-12": [31],
            "2020-01": [1],
        },
    }


def test_sitemap_and_robots(site):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(site / "sitemap.xml")
    locations = [node.text for node in tree.findall("s:url/s:loc", namespace)]
    assert "http://localhost:8000/2019/11/21/day-manh-phong-trao/" in locations
    assert "http://localhost:8000/gioi-thieu/" in locations
    article_url = re.compile(r"http://localhost:8000/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/")
    assert len([loc for loc in locations if article_url.fullmatch(loc)]) == 8
    assert "Sitemap: http://localhost:8000/sitemap.xml" in (site / "robots.txt").read_text()


def test_every_page_is_vietnamese_with_a_skip_link_and_one_heading(site):
    for path in site.rglob("*.html"):
        document = soup(path)
        assert document.html["lang"] == "vi", path
        assert document.select_one("a.skip-link")["href"] == "#main", path
        assert document.select_one("main#main") is not None, path
        assert len(document.find_all("h1")) == 1, path
