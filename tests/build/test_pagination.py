"""A long listing's pagination: the first, last and nearby pages, every link a real page."""

from __future__ import annotations

from pathlib import Path
from posixpath import normpath

import pytest

from building import big_content
from conftest import build_site, page

CATEGORY = "chuyen-muc/tin-tuc-su-kien/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("pagination")
    return build_site(big_content(where, 36), where / "output", DEFAULT_PAGINATION=2)


def url_of(number: int) -> str:
    return CATEGORY if number == 1 else f"{CATEGORY}trang-{number}/"


def numbered_items(document) -> list[str]:
    """What the numbered part of the pagination shows, in order ('…' for a gap)."""
    items = document.select(".pagination__list li")
    return [li.get_text(strip=True) for li in items if not li.select_one("[rel=prev], [rel=next]")]


def last_page(site: Path) -> int:
    status = page(site, CATEGORY).select_one(".pagination__status").get_text()
    return int(status.split("/")[1])


def test_a_middle_page_links_to_the_first_last_and_nearby_pages(site):
    last = last_page(site)
    assert last >= 18
    assert numbered_items(page(site, url_of(9))) == ["1", "…", "7", "8", "9", "10", "11", "…", str(last)]
    assert numbered_items(page(site, url_of(1))) == ["1", "2", "3", "…", str(last)]


def test_every_number_links_to_the_page_of_that_number(site):
    for current in (1, 9, last_page(site)):
        document = page(site, url_of(current))
        for link in document.select(".pagination__list a:not([rel])"):
            target = normpath("/" + url_of(current) + link["href"]).lstrip("/") + "/"
            shown = page(site, target).select_one(".pagination__current").get_text()
            assert shown == link.get_text() and link["aria-label"] == f"Trang {shown}"


def test_the_current_page_is_marked_and_not_a_link(site):
    current = page(site, url_of(9)).select_one(".pagination__current")
    assert current.name == "span" and current["aria-current"] == "page" and current.get_text() == "9"
