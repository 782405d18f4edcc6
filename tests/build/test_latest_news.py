""" "Tin mới" beside every article is one page of its own (du-lieu/tin-moi.html), so that
publishing an article rewrites that file and not every article page: a cheap FTP host then
uploads a few files, not the whole site (issue 9). The first article of a new year still
changes every page once: the date picker's list of years gains that year."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, build_site, page, soup

LATEST = "du-lieu/tin-moi.html"
NEW_ARTICLE = """Title: Hội nghị người lao động năm 2020
Date: 2020-03-05 08:00
Category: Tin tức - Sự kiện

Công đoàn cơ sở tổ chức hội nghị người lao động năm 2020.
"""


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture site built, then built again with one newest article added."""
    where = tmp_path_factory.mktemp("latest")
    content = Path(shutil.copytree(FIXTURE_CONTENT, where / "content"))
    before = build_site(content, where / "before")
    (content / "tin-tuc" / "2020-03-05-hoi-nghi-nguoi-lao-dong.md").write_text(NEW_ARTICLE, encoding="utf-8")
    return before, build_site(content, where / "after")


def article_pages(output: Path) -> dict[str, str]:
    """Every article page's path (the ones with an article body), with the sha256 of its bytes."""
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.glob("20*/*/*/*/index.html"))
    }


def test_article_pages_link_to_the_list_and_carry_no_copy_of_it(before_and_after):
    output = before_and_after[0]
    html = page(output, "2019/11/21/hoi-nghi-tong-ket/")
    section = html.select_one(".sidebar .latest-news")
    assert section.h2.get_text() == "Tin mới"
    assert section.select(".article-list") == []
    assert section["data-latest"] == "../../../../" + LATEST
    home = section.select_one(".latest-news__more a")
    assert home.get_text() == "Xem tin mới ở trang chủ" and home["href"] == "../../../../"


def test_the_list_page_shows_the_six_newest_news_articles_with_working_links(before_and_after):
    output = before_and_after[0]
    html = soup(output / LATEST)
    assert html.select_one('meta[name="robots"]')["content"] == "noindex"
    links = html.select(".article-list--compact .article-list__title")
    assert len(links) == 6
    dates = [item.select_one("time")["datetime"] for item in html.select(".article-list__item")]
    assert dates == sorted(dates, reverse=True)
    for link in links:
        assert (output / "du-lieu" / link["href"] / "index.html").resolve().is_file()


def test_publishing_an_article_leaves_the_other_article_pages_byte_identical(before_and_after):
    before, after = before_and_after
    old, new = article_pages(before), article_pages(after)
    assert set(new) - set(old) == {"2020/03/05/hoi-nghi-nguoi-lao-dong/index.html"}
    changed = [path for path, digest in old.items() if new[path] != digest]
    # Only the article that was the newest: its "Bài mới hơn" link now goes to the new one.
    assert len(changed) <= 1 < len(old)
    assert "Hội nghị người lao động năm 2020" in (after / LATEST).read_text(encoding="utf-8")
    assert (before / LATEST).read_bytes() != (after / LATEST).read_bytes()
