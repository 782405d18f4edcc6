"""content_guard's cache of one-file findings: a rebuild reports every problem a full check would.

What the checks find in one file is kept by the file's sha256 (CACHE_PATH); these tests build
twice and make sure the second, cached build names the same files, lines and messages, that
what depends on other files is decided again, and that a stale or broken cache is not trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import forked
import pytest

import content_guard.checks
from conftest import FIXTURE_CONTENT, build_site
from content_guard.findings import CACHE_FILE
from content_guard.problems import ContentErrors

BAD = """Title: Bài có lỗi
Date: 2021-03-08 08:00
Category: Tin tức - Sự kiện
Summary: Tóm tắt.

Đoạn đầu của bài.

<script>alert(1)</script>

Tải <a href="files/khong-co.pdf">kế hoạch</a> về.
"""
LINKING = """Title: Bài dẫn sang bài khác
Date: 2021-03-09 08:00
Category: Tin tức - Sự kiện
Summary: Tóm tắt.

Đọc thêm [bài kia]({filename}2021-03-07-bai-duoc-dan.md).
"""
LINKED = """Title: Bài được dẫn tới
Date: 2021-03-07 08:00
Category: Tin tức - Sự kiện
Summary: Tóm tắt.

Nội dung.
"""
BAD_FILE = "content/tin-tuc/2021-03-08-bai-co-loi.md"
# The fixture content has one file in decomposed (NFD) text: a warning, cached like the errors.
NFD_WARNING = "content/hoat-dong/cham-lo-tet.md:1: cảnh báo: chữ tiếng Việt gõ kiểu tổ hợp"
EXPECTED = [
    NFD_WARNING,
    f"{BAD_FILE}:8: có thẻ <script>; bài viết không được chứa mã chạy được",
    f"{BAD_FILE}:10: không tìm thấy tệp đính kèm «files/khong-co.pdf»",
]


@pytest.fixture
def content(tmp_path) -> Path:
    """A writable copy of the fixture content."""
    return Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))


def reported(content: Path) -> list[str]:
    """Every problem a build of `content` stops on (none when it succeeds), as `file:line: message`."""
    cache = content.parent / "cache"
    try:
        build_site(content, content.parent / "output", CACHE_PATH=str(cache))
    except ContentErrors as errors:
        return [str(problem) for problem in errors.problems]
    return []


def cache_record(content: Path) -> dict:
    return json.loads((content.parent / "cache" / CACHE_FILE).read_text(encoding="utf-8"))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def starts(problems: list[str]) -> list[str]:
    """Each problem cut to the length of the expected text, to compare file, line and message."""
    return [problem[: len(expected)] for problem, expected in zip(problems, EXPECTED, strict=True)]


def test_a_rebuild_reports_the_problems_of_an_unchanged_file_from_the_cache_with_file_and_line(content):
    bad = content / "tin-tuc" / "2021-03-08-bai-co-loi.md"
    bad.write_text(BAD, encoding="utf-8")
    first = reported(content)
    assert starts(first) == EXPECTED
    record = cache_record(content)
    assert record["files"][sha256_of(bad)][0]  # the script line is kept with the file's findings
    second = reported(content)
    assert second == first
    assert cache_record(content)["stamp"] == record["stamp"]  # so the second build used the cache


def test_fixing_the_file_clears_its_problem_and_its_old_entry(content):
    bad = content / "tin-tuc" / "2021-03-08-bai-co-loi.md"
    bad.write_text(BAD, encoding="utf-8")
    old = sha256_of(bad)
    assert reported(content)
    bad.write_text(
        BAD.replace("<script>alert(1)</script>", "Đoạn hai.").replace(' href="files/khong-co.pdf"', "")
    )
    assert reported(content) == []  # warnings alone do not stop a build
    assert old not in cache_record(content)["files"]


def test_a_link_to_a_file_deleted_since_is_reported_though_the_linking_file_did_not_change(content):
    (content / "tin-tuc" / "2021-03-09-bai-dan.md").write_text(LINKING, encoding="utf-8")
    linked = content / "tin-tuc" / "2021-03-07-bai-duoc-dan.md"
    linked.write_text(LINKED, encoding="utf-8")
    assert reported(content) == []
    linked.unlink()
    problems = reported(content)
    assert len(problems) == 2 and problems[0].startswith(NFD_WARNING)
    assert problems[1].startswith(
        "content/tin-tuc/2021-03-09-bai-dan.md:6: liên kết tới bài «{filename}2021-03-07-bai-duoc-dan.md»"
    )


def test_findings_saved_under_other_code_or_settings_are_not_trusted(content):
    bad = content / "tin-tuc" / "2021-03-08-bai-co-loi.md"
    bad.write_text(BAD, encoding="utf-8")
    first = reported(content)
    record = cache_record(content)
    # Pretend another version of the checks found nothing in this file.
    record["files"][sha256_of(bad)] = [[], []]
    record["stamp"] = "another version of the plugins"
    (content.parent / "cache" / CACHE_FILE).write_text(json.dumps(record), encoding="utf-8")
    assert reported(content) == first


@pytest.mark.parametrize("broken", ["{not json", '{"format": 1, "stamp": null, "files": []}', ""])
def test_a_broken_cache_file_is_ignored(content, broken):
    bad = content / "tin-tuc" / "2021-03-08-bai-co-loi.md"
    bad.write_text(BAD, encoding="utf-8")
    (content.parent / "cache").mkdir()
    (content.parent / "cache" / CACHE_FILE).write_text(broken, encoding="utf-8")
    assert starts(reported(content)) == EXPECTED


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two cores")
@pytest.mark.parametrize(
    ("resident_limit", "processes"),
    [
        (0, 2),  # a build's process too large to fork beside the queueing: over two cores first
        (float("inf"), 1),  # else every file in the one child that checks while pages are queued
    ],
)
def test_findings_made_on_a_cold_build_over_two_cores_or_beside_the_queueing_are_those_of_one_core(
    content, monkeypatch, tmp_path, resident_limit, processes
):
    bad = content / "tin-tuc" / "2021-03-08-bai-co-loi.md"
    bad.write_text(BAD, encoding="utf-8")
    one_core = reported(content)
    record = cache_record(content)
    shutil.rmtree(content.parent / "cache")
    pids = tmp_path / "pids"
    check_one_file = content_guard.checks.file_findings

    def noting_the_process(source):
        with open(pids, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return check_one_file(source)

    monkeypatch.setattr(content_guard.checks, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(content_guard.checks, "file_findings", noting_the_process)
    monkeypatch.setattr(forked, "COLD_CHECKS_BESIDE_MAX_MIB", resident_limit)
    assert reported(content) == one_core
    assert cache_record(content) == record
    checking = set(pids.read_text().split())
    assert len(checking) == processes
    if processes == 1:
        assert checking != {str(os.getpid())}  # a child's, not the build's own
