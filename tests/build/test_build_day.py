"""A build on a new day in Vietnam: documents' statuses follow the day, every other page stays.

The page writer keeps a page whose render key did not change. The key holds what the day
decides (each document's status), not the date, so an editor's first build of the morning
does not render the whole site again; a status that changed overnight still shows.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

import documents.config
from building import tree_folders, tree_hashes
from conftest import FIXTURE_CONTENT, build_site, page

PARALLEL = {"WORKERS": 2, "PARALLEL_MIN_PAGES": 0, "PARALLEL_MIN_FOLDERS": 0}


def plan(year: int, number: str, issued: str, *more: str) -> str:
    """A plan (Kế hoạch) of the province's union for `year`, with more metadata lines."""
    lines = [
        f"Title: Kế hoạch thi đua năm {year}",
        "Category: Văn bản",
        f"DocNumber: {number}",
        "DocType: Kế hoạch",
        "Issuer: Liên đoàn Lao động tỉnh An Khang",
        f"Issued: {issued}",
        *more,
    ]
    return "\n".join(lines) + f"\n\nPhát động thi đua lao động giỏi năm {year}.\n"


# In force from 1 June 2024; it replaces the plan of 2023 from that day.
PLAN_2024 = plan(2024, "02/KH-LĐLĐ", "2024-03-01", "Effective: 2024-06-01", "Replaces: 01/KH-LĐLĐ")
PLAN_2023 = plan(2023, "01/KH-LĐLĐ", "2023-01-10")
PLAN_2024_PAGE = "van-ban/ke-hoach-thi-dua-2024/"


@pytest.fixture
def root(tmp_path):
    """The fixture site with two documents, one of which comes into force on 1 June 2024."""
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    folder = tmp_path / "content" / "van-ban"
    folder.mkdir()
    (folder / "2024-03-01-ke-hoach-thi-dua-2024.md").write_text(PLAN_2024, encoding="utf-8")
    (folder / "2023-01-10-ke-hoach-thi-dua.md").write_text(PLAN_2023, encoding="utf-8")
    return tmp_path


def build_on(day: date, root, monkeypatch, output: str = "output"):
    """Build root/content as the builds of `day` in Vietnam do (statuses as of that day)."""
    monkeypatch.setattr(documents.config, "today_in_vietnam", lambda: day)
    return build_site(
        root / "content", root / output, CACHE_PATH=str(root / f"cache-{output}"), PERFORMANCE=PARALLEL
    )


def html_inodes(output):
    return {path.relative_to(output).as_posix(): path.stat().st_ino for path in output.rglob("*.html")}


def status_on(output, url):
    return page(output, url).select_one(".document-status").get_text(strip=True)


def test_the_first_build_of_a_day_keeps_every_page_when_no_status_changed(root, monkeypatch):
    output = build_on(date(2024, 5, 2), root, monkeypatch)
    before = html_inodes(output)
    build_on(date(2024, 5, 3), root, monkeypatch)
    after = html_inodes(output)
    assert after == before
    assert status_on(output, PLAN_2024_PAGE) == "Chưa có hiệu lực"


def test_a_status_that_changed_overnight_is_shown_as_a_clean_build_shows_it(root, monkeypatch):
    output = build_on(date(2024, 5, 31), root, monkeypatch)
    assert status_on(output, PLAN_2024_PAGE) == "Chưa có hiệu lực"
    build_on(date(2024, 6, 1), root, monkeypatch)
    assert status_on(output, PLAN_2024_PAGE) == "Còn hiệu lực"
    assert "Hết hiệu lực" in page(output, "van-ban/").get_text()  # the plan of 2023, replaced
    clean = build_on(date(2024, 6, 1), root, monkeypatch, output="clean")
    assert tree_hashes(output) == tree_hashes(clean)
    assert tree_folders(output) == tree_folders(clean)
