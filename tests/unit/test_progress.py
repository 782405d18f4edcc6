"""plugins/progress: when a line is due, and what it says."""

from __future__ import annotations

import pytest
from progress import BuildProgress, ProgressSettingsError, count_sources, start


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_line_is_due_at_most_every_interval():
    clock = Clock()
    progress = BuildProgress(every=2.0, clock=clock)
    due = []
    for _ in range(10):
        clock.now += 0.5
        due.append(progress.due())
    assert due == [False, False, False, True, False, False, False, True, False, False]


def test_lines_give_counts_of_totals_in_vietnamese():
    progress = BuildProgress(every=2.0)
    progress.read, progress.sources = 12345, 20000
    progress.articles_written, progress.articles, progress.others_written = 1500, 20000, 3210
    assert progress.reading_line() == "Đọc nội dung: 12.345/20.000 tệp"
    assert (
        progress.writing_line()
        == "Ghi trang: 1.500/20.000 bài viết và trang, 3.210 trang danh sách và tệp khác"
    )


def test_an_unknown_setting_is_an_error_naming_the_plugin(tmp_path):
    class FakePelican:
        settings = {"PATH": str(tmp_path), "PROGRESS": {"EVRY": 1}}

    with pytest.raises(ProgressSettingsError, match="progress plugin: unknown key.*EVRY"):
        start(FakePelican())


def test_sources_are_counted_outside_the_static_folders_only(tmp_path):
    for name in (
        "tin-tuc/2019/a.md",
        "tin-tuc/2019/B.MARKDOWN",
        "pages/gioi-thieu.md",
        "pages/cu.html",
        ".nhap/c.md",
        "images/2019/anh.jpg",
        "images/ghi-chu.md",
        "files/van-ban.pdf",
        "files/doc-truoc/readme.md",
        "tin-tuc/2019/ghi-chu.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    settings = {"PATH": str(tmp_path) + "/", "STATIC_PATHS": ["images", "files"]}
    assert count_sources(settings) == 5  # a.md, B.MARKDOWN, gioi-thieu.md, cu.html, .nhap/c.md
