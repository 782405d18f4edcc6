"""plugins/progress: when a line is due, and what it says."""

from __future__ import annotations

import pytest
from progress import BuildProgress, ProgressSettingsError, start


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
