"""Content errors stop the build with a Vietnamese message naming file and line,
and leave the previous output exactly as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import blinker
import performance.writer
import pytest

import content_guard
from building import no_leftovers_soon
from conftest import FIXTURE_CONTENT, ROOT, build_site, page, settings_file
from content_guard.problems import ContentErrors, ContentProblem, errors_only

ARTICLE = """Title: {title}
Date: {date}
Category: Tin tức - Sự kiện
Summary: Tóm tắt.

Nội dung.
"""


@pytest.fixture
def content(tmp_path) -> Path:
    """A writable copy of the fixture content."""
    return Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))


@pytest.fixture
def previous_output(tmp_path) -> Path:
    """An output folder from an earlier build, which a failed build must not touch."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("bản cũ", encoding="utf-8")
    return output


def failed_build(content: Path, output: Path) -> ContentErrors:
    with pytest.raises(ContentErrors) as caught:
        build_site(content, output)
    return caught.value


def assert_untouched(output: Path) -> None:
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"
    assert no_leftovers_soon(output.parent)


def test_duplicate_slug_names_both_files(content, previous_output):
    # Same slug from the file name, in another category and on another day.
    (content / "hoat-dong" / "2021-03-08-day-manh-phong-trao.md").write_text(
        ARTICLE.format(title="Đẩy mạnh phong trào năm 2021", date="2021-03-08 08:00"),
        encoding="utf-8",
    )
    errors = failed_build(content, previous_output)
    first = "content/tin-tuc/2019-11-21-day-manh-phong-trao.md"
    second = "content/hoat-dong/2021-03-08-day-manh-phong-trao.md"
    problems = errors_only(errors.problems)
    assert [p.path for p in problems] == [second, first]
    assert all(p.line == 1 for p in problems)
    assert second in problems[1].message and first in problems[0].message
    assert "«day-manh-phong-trao»" in errors.report()
    assert_untouched(previous_output)


def test_explicit_slug_line_is_named(content, previous_output):
    (content / "tin-tuc" / "trung.md").write_text(
        "Title: Bài khác\nDate: 2021-03-08\nSlug: nhin-lai-nam-2019\n\nNội dung.\n", encoding="utf-8"
    )
    problems = {str(p) for p in failed_build(content, previous_output).problems}
    assert any(p.startswith("content/tin-tuc/trung.md:3:") for p in problems)


def test_every_problem_is_reported_at_once(content, previous_output):
    (content / "tin-tuc" / "ngay-sai.md").write_text(
        ARTICLE.format(title="Ngày không có thật", date="2021-02-31 08:00"), encoding="utf-8"
    )
    (content / "tin-tuc" / "ngay-la.md").write_text(
        ARTICLE.format(title="Ngày không đọc được", date="hôm qua"), encoding="utf-8"
    )
    (content / "tin-tuc" / "khong-tieu-de.md").write_text(
        "Date: 2021-03-08 08:00\nCategory: Tin tức - Sự kiện\n\nNội dung.\n", encoding="utf-8"
    )
    (content / "tin-tuc" / "khong-ngay.md").write_text(
        "Title: Bài không có ngày\n\nNội dung.\n", encoding="utf-8"
    )
    # "Công đoàn" as a Windows-1258 editor saves it: ô, đ and à are single bytes.
    (content / "tin-tuc" / "cp1258.md").write_bytes(b"Title: C\xf4ng \xf0o\xe0n\nDate: 2021-03-08\n\nx\n")
    (content / "tin-tuc" / "cap-nhat-sai.md").write_text(
        ARTICLE.format(title="Cập nhật sai", date="2021-03-08").replace(
            "Summary:", "Modified: 2021-13-01\nSummary:"
        ),
        encoding="utf-8",
    )
    report = failed_build(content, previous_output).report()
    assert (
        "content/tin-tuc/cap-nhat-sai.md:4: ngày (Modified:) sai: ngày «2021-13-01» không có thật" in report
    )
    assert "content/tin-tuc/ngay-sai.md:2: ngày (Date:) sai: ngày «2021-02-31 08:00» không có thật" in report
    assert "content/tin-tuc/ngay-la.md:2: ngày (Date:) sai: không đọc được ngày «hôm qua»" in report
    assert "content/tin-tuc/khong-tieu-de.md:1: bài viết thiếu tiêu đề" in report
    assert "content/tin-tuc/khong-ngay.md:1: bài viết thiếu ngày đăng" in report
    assert "content/tin-tuc/cp1258.md:1: tệp không phải UTF-8" in report
    assert report.startswith("Không xây dựng được trang web: có 6 lỗi và 1 cảnh báo trong nội dung.")
    assert_untouched(previous_output)


def test_page_may_not_take_a_system_path(content, previous_output):
    (content / "pages" / "chuyen-muc.md").write_text(
        "Title: Chuyên mục\nSlug: chuyen-muc\n\nx\n", encoding="utf-8"
    )
    (content / "pages" / "2019.md").write_text("Title: Năm 2019\n\nx\n", encoding="utf-8")
    report = failed_build(content, previous_output).report()
    assert "content/pages/chuyen-muc.md:2: đường dẫn (slug) «chuyen-muc» trùng" in report
    assert "content/pages/2019.md:1: đường dẫn (slug) «2019» trùng" in report


# An error only the table of checks finds: Pelican itself would build this article.
UNSAFE = ARTICLE.format(title="Bài có mã", date="2021-03-08 08:00").replace(
    "Nội dung.", "Nội dung <script>alert(1)</script>."
)
UNSAFE_LINE = "content/tin-tuc/ma-chay.md:6:"


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="the checks run meanwhile on two cores only")
def test_checks_run_while_pages_are_queued_and_still_stop_the_build(content, previous_output, monkeypatch):
    (content / "tin-tuc" / "ma-chay.md").write_text(UNSAFE, encoding="utf-8")
    real_all_problems = content_guard.all_problems

    def all_problems_noting_the_process(*args):
        found = real_all_problems(*args)
        return [*found, ContentProblem("pid", os.getpid(), "", "warning")]

    monkeypatch.setattr(content_guard, "all_problems", all_problems_noting_the_process)
    errors = failed_build(content, previous_output)
    checked_in = [p.line for p in errors.problems if p.path == "pid"]
    assert checked_in and checked_in[0] != os.getpid()
    assert UNSAFE_LINE in errors.report()
    assert_untouched(previous_output)


def test_a_check_process_that_dies_is_checked_again_in_the_build(content, previous_output, monkeypatch):
    (content / "tin-tuc" / "ma-chay.md").write_text(UNSAFE, encoding="utf-8")

    class DiedAtOnce:
        def __init__(self, function, *args):
            pass

        def result(self, fallback=None):
            return fallback

    monkeypatch.setattr(content_guard, "ForkedCall", DiedAtOnce)
    assert UNSAFE_LINE in failed_build(content, previous_output).report()
    assert_untouched(previous_output)


def test_without_the_page_writer_signal_the_checks_stop_the_build_at_the_end(
    content, previous_output, monkeypatch
):
    (content / "tin-tuc" / "ma-chay.md").write_text(UNSAFE, encoding="utf-8")
    monkeypatch.setattr(performance.writer, "before_pages_written", blinker.Signal())  # nobody listens
    assert UNSAFE_LINE in failed_build(content, previous_output).report()
    assert_untouched(previous_output)


def test_bom_and_crlf_are_accepted(content, tmp_path):
    text = ARTICLE.format(title="Bài lưu từ Notepad", date="2021-03-08 08:00").replace("\n", "\r\n")
    (content / "tin-tuc" / "notepad.md").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    output = build_site(content, tmp_path / "output")
    document = page(output, "2021/03/08/notepad/")
    assert document.h1.get_text() == "Bài lưu từ Notepad"


def test_successful_build_replaces_the_previous_output(content, previous_output):
    build_site(content, previous_output)
    assert (previous_output / "2019/11/21/index.html").is_file()
    assert "bản cũ" not in (previous_output / "index.html").read_text(encoding="utf-8")
    assert no_leftovers_soon(previous_output.parent)


def run_cli(content: Path, output: Path) -> subprocess.CompletedProcess:
    """`scripts/sitebuild.py` as `make html` runs it, on other content."""
    settings = output.parent / "conf.py"
    settings_file(settings, content)
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "sitebuild.py"),
            "--settings",
            str(settings),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        cwd=output.parent,
        check=False,
    )


def test_command_line_exit_codes_and_message(content, previous_output):
    (content / "tin-tuc" / "ngay-sai.md").write_text(
        ARTICLE.format(title="Ngày sai", date="31/02/2021"), encoding="utf-8"
    )
    failed = run_cli(content, previous_output)
    assert failed.returncode == 1
    assert "content/tin-tuc/ngay-sai.md:2:" in failed.stderr
    assert "Trang web cũ chưa bị thay đổi." in failed.stderr
    assert "Traceback" not in failed.stderr + failed.stdout
    assert_untouched(previous_output)

    (content / "tin-tuc" / "ngay-sai.md").unlink()
    done = run_cli(content, previous_output)
    assert done.returncode == 0, done.stderr
    assert "Đã xây dựng xong" in done.stdout
    assert (previous_output / "2019/11/21/index.html").is_file()


def test_a_missing_or_broken_settings_file_is_named_without_a_traceback(tmp_path):
    command = [sys.executable, str(ROOT / "scripts" / "sitebuild.py"), "--settings"]
    missing = subprocess.run([*command, "khong-co.py"], capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode == 2
    assert "Không tìm thấy tệp cấu hình «khong-co.py»" in missing.stderr
    (tmp_path / "conf.py").write_text('SITENAME = "Công đoàn\nPATH = "content"\n', encoding="utf-8")
    broken = subprocess.run([*command, "conf.py"], capture_output=True, text=True, cwd=tmp_path)
    assert broken.returncode == 2
    assert "Tệp cấu hình «conf.py» có lỗi cú pháp ở dòng 1" in broken.stderr
    assert "Traceback" not in missing.stderr + broken.stderr
