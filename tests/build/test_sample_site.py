"""The sample site as built from content/: what the foundation issue promises readers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import html5lib
import pytest
from bs4 import BeautifulSoup

from conftest import SAMPLE_CONTENT, page, soup
from serving import serve_site

# Written out here, not taken from the module under test.
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
DATELINE = re.compile(
    r"(?P<weekday>[^,]+), ngày (?P<d>\d{2}) tháng (?P<m>\d{2}) năm (?P<y>\d{4}) - (?P<H>\d{2}):(?P<M>\d{2})"
)
ARTICLE_PAGE = re.compile(r"(\d{4})/(\d{2})/(\d{2})/[a-z0-9-]+/index\.html")


def header(path: Path) -> dict[str, str]:
    """The metadata lines of a content file, read without the project's code."""
    fields = {}
    for line in path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


@pytest.fixture(scope="module")
def articles() -> list[dict[str, str]]:
    """The sample news articles (documents in van-ban/ have their own tests and URLs)."""
    return [
        header(p) for p in sorted(SAMPLE_CONTENT.rglob("*.md")) if not {"pages", "van-ban"} & set(p.parts)
    ]


def test_sample_content_is_big_enough_to_show_the_portal(articles):
    dates = [datetime.strptime(a["date"], "%Y-%m-%d %H:%M") for a in articles]
    assert len(articles) >= 24
    assert len({a["category"] for a in articles}) >= 4
    assert len({d.year for d in dates}) >= 3
    assert max(Counter(d.date() for d in dates).values()) >= 3
    assert all(a.get("summary") and a.get("tags") for a in articles)
    assert all(a.get("author") or a.get("authors") for a in articles)
    for slug in ("gioi-thieu", "chuc-nang-nhiem-vu", "co-cau-to-chuc", "lien-he"):
        assert (SAMPLE_CONTENT / "pages" / f"{slug}.md").is_file()


def test_day_with_several_articles_lists_exactly_them(sample_site, articles):
    expected = {a["title"] for a in articles if a["date"].startswith("2019-11-21")}
    listed = {
        a.get_text(strip=True) for a in page(sample_site, "2019/11/21/").select("main .article-list__title")
    }
    assert len(expected) >= 3
    assert listed == expected


def test_every_dateline_agrees_with_its_date_and_weekday(sample_site, articles):
    date_by_title = {a["title"]: a["date"] for a in articles}
    article_pages = [
        p
        for p in sample_site.rglob("index.html")
        if ARTICLE_PAGE.fullmatch(p.relative_to(sample_site).as_posix())
    ]
    assert len(article_pages) == len(articles)
    for path in article_pages:
        document = soup(path)
        year, month, day = ARTICLE_PAGE.fullmatch(path.relative_to(sample_site).as_posix()).groups()
        time = document.select_one(".dateline time")
        shown = DATELINE.fullmatch(time.get_text())
        assert shown, time.get_text()
        written = datetime.strptime(date_by_title[document.h1.get_text()], "%Y-%m-%d %H:%M")
        assert (
            (shown["y"], shown["m"], shown["d"])
            == (year, month, day)
            == (f"{written:%Y}", f"{written:%m}", f"{written:%d}")
        )
        assert shown["weekday"] == WEEKDAYS[written.weekday()]
        assert f"{shown['H']}:{shown['M']}" == f"{written:%H:%M}"
        assert time["datetime"] == f"{written:%Y-%m-%dT%H:%M}:00+07:00"


def test_every_text_file_is_nfc(sample_site):
    for path in sample_site.rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".css", ".txt"}:
            assert unicodedata.is_normalized("NFC", path.read_text(encoding="utf-8")), path


def test_english_page_is_marked_english(sample_site):
    assert page(sample_site, "english/").html["lang"] == "en"


@pytest.fixture(scope="module")
def served_from_subfolder(sample_site, tmp_path_factory):
    """The built site copied into /cong-doan/ of a local web server."""
    with serve_site(sample_site, tmp_path_factory.mktemp("host")) as base_url:
        yield base_url


# A section's data-latest: the "Tin mới" list that latest-news.js fetches into article pages.
LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "form": "action",
    "section": "data-latest",
}


def internal_links(base_url: str, html: str) -> set[str]:
    """Absolute URLs of every link, stylesheet, image, script and form on one page.

    Only `<a rel="external">` may point to another host; it is checked, not followed.
    """
    found = set()
    for tag, attribute in LINK_ATTRIBUTES.items():
        for node in BeautifulSoup(html, "html.parser").find_all(tag):
            value = node.get(attribute)
            if not value or value.startswith(("mailto:", "tel:", "#")):
                continue
            if tag == "a" and "external" in node.get("rel", []):
                # A declared outside link (home links, Facebook share): it must really leave.
                assert urlsplit(value).scheme == "https", (
                    f"external link without https on {base_url}: {value}"
                )
                continue
            assert not urlsplit(value).netloc, f"link to another host on {base_url}: {value}"
            found.add(urldefrag(urljoin(base_url, value)).url)
    return found


def is_unlinked_by_design(path: Path) -> bool:
    """The 404 page and redirect pages for old URLs (hosting plugin) are reached from outside."""
    return path.name == "404.html" or 'http-equiv="refresh"' in path.read_text(encoding="utf-8")


def test_no_broken_internal_link_when_served_from_a_subfolder(served_from_subfolder, sample_site):
    start = served_from_subfolder
    queue, seen, broken = [start], {start}, []
    pages_reached = set()
    while queue:
        url = queue.pop()
        try:
            with urlopen(url) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except HTTPError as error:
            broken.append(f"{url} ({error.code})")
            continue
        if kind != "text/html":
            continue
        pages_reached.add(url)
        for link in internal_links(url, body.decode("utf-8")) - seen:
            seen.add(link)
            queue.append(link)
    assert broken == []
    every_page = {
        start + p.relative_to(sample_site).as_posix().removesuffix("index.html")
        for p in sample_site.rglob("*.html")
        if not is_unlinked_by_design(p)
    }
    assert every_page - pages_reached == set(), "pages that no link reaches"


def test_every_page_parses_as_html_without_errors_and_ids_are_unique(sample_site):
    for path in sample_site.rglob("*.html"):
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(path.read_bytes())
        assert parser.errors == [], (path, parser.errors[:3])
        ids = [node["id"] for node in soup(path).find_all(id=True)]
        assert len(ids) == len(set(ids)), path
