"""`make check`: every bad file in the corpus gives its Vietnamese message on the right line."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from check_content import collect_problems

from conftest import ROOT, banner_slides_in, settings_file
from content_guard.problems import ERROR, WARNING
from sitebuild import load_settings

BAD = ROOT / "tests" / "fixtures" / "bad-content" / "content"
W = WARNING

# File (under tin-tuc/ unless it has a folder) -> (line, part of the message, severity).
EXPECTED = {
    "thieu-tieu-de.md": (1, "bài viết thiếu tiêu đề", ERROR),
    "tieu-de-rong.md": (2, "bài viết thiếu tiêu đề", ERROR),
    "thieu-ngay.md": (1, "bài viết thiếu ngày đăng", ERROR),
    "ngay-khong-doc-duoc.md": (2, "không đọc được ngày «hôm qua»", ERROR),
    "ngay-31-thang-2.md": (2, "ngày «31/02/2021» không có thật", ERROR),
    "ngay-thang-13.md": (2, "ngày «2021-13-01 08:00» không có thật", ERROR),
    "ngay-cap-nhat-sai.md": (4, "ngày (Modified:) sai: ngày «30/02/2020» không có thật", ERROR),
    "mui-gio-khac.md": (2, "múi giờ +09:00 không phải giờ Việt Nam", ERROR),
    "ngay-tuong-lai.md": (2, "ngày đăng «2099-01-01 08:00» ở tương lai", W),
    "chuyen-muc-go-sai.md": (3, "«Tin tuc - Su kien» không có; có phải ý bạn là «Tin tức - Sự kiện»?", ERROR),
    "chuyen-muc-khong-co.md": (3, "«Thể thao» không có; các chuyên mục có: «Tin tức - Sự kiện»", ERROR),
    "bom-crlf-chuyen-muc-sai.md": (3, "có phải ý bạn là «Hoạt động Công đoàn»?", ERROR),
    "slug-trung-1.md": (4, "«trung-nhau»: tệp này và content/tin-tuc/slug-trung-2.md", ERROR),
    "slug-trung-2.md": (4, "«trung-nhau»: tệp này và content/tin-tuc/slug-trung-1.md", ERROR),
    "anh-khong-co.md": (8, "ảnh «images/khong-co.jpg»: không tìm thấy tệp ảnh", ERROR),
    "anh-thieu-alt.md": (8, "ảnh «images/co-that.jpg» chưa có lời mô tả (alt)", ERROR),
    "anh-html-thieu-alt.md": (8, "ảnh «images/co-that.jpg» chưa có lời mô tả (alt)", ERROR),
    "anh-dai-dien-khong-co.md": (4, "ảnh «images/khong-co.jpg»: không tìm thấy tệp ảnh", ERROR),
    "dinh-kem-metadata-khong-co.md": (4, "không tìm thấy tệp «files/khong-co.pdf»", ERROR),
    "tep-dinh-kem-khong-co.md": (8, "không tìm thấy tệp đính kèm «files/khong-co.pdf»", ERROR),
    "lien-ket-static-khong-co.md": (8, "không tìm thấy tệp đính kèm «{static}/files/khong-co.pdf»", ERROR),
    "lien-ket-bai-khong-co.md": (8, "liên kết tới bài «{filename}khong-co.md» nhưng không có tệp đó", ERROR),
    "lien-ket-trang-khong-co.md": (
        8,
        "liên kết nội bộ «/2019/11/22/khong-co/» không dẫn tới trang nào",
        ERROR,
    ),
    "chu-to-hop-nfd.md": (6, "gõ kiểu tổ hợp (NFD", W),
    "chu-tcvn3.md": (8, "chữ kiểu TCVN3", ERROR),
    "chu-vni.md": (8, "chữ kiểu VNI", ERROR),
    "chu-loi-ma-mojibake.md": (8, "chữ bị lỗi mã", ERROR),
    "ma-windows-1258.md": (1, "tệp không phải UTF-8 (có vẻ là bảng mã Windows-1258)", ERROR),
    "ma-tcvn3.md": (1, "tệp không phải UTF-8 (có vẻ là bảng mã TCVN3)", ERROR),
    "ma-utf16.md": (1, "tệp không phải UTF-8 (có vẻ là bảng mã UTF-16)", ERROR),
    "the-script.md": (8, "có thẻ <script>", ERROR),
    "the-iframe.md": (8, "có thẻ <iframe>", ERROR),
    "thuoc-tinh-onclick.md": (8, "có thuộc tính on...=", ERROR),
    "lien-ket-javascript.md": (8, "có liên kết «javascript:»", ERROR),
    "noi-dung-rong.md": (6, "bài chưa có nội dung", ERROR),
    "ban-nhap-noi-dung-rong.md": (7, "bài chưa có nội dung", W),
    "pages/trang-slug-he-thong.md": (2, "đường dẫn (slug) «the» trùng với một mục của hệ thống", ERROR),
}


def corpus_settings(content: Path = BAD) -> dict:
    """The project's settings pointed at a content folder."""
    return load_settings(
        ROOT / "pelicanconf.py", {"PATH": str(content), "BANNER_SLIDES": banner_slides_in(content)}
    )


@pytest.fixture(scope="module")
def problems_by_file() -> dict[str, list]:
    """Every problem of the corpus, by file, from one run of the checks."""
    found: dict[str, list] = {}
    for problem in collect_problems(corpus_settings()):
        found.setdefault(problem.path, []).append(problem)
    return found


def test_corpus_has_at_least_30_bad_files():
    assert len(EXPECTED) >= 30
    named = {p.relative_to(BAD).as_posix() for p in BAD.rglob("*.md")}
    for name in EXPECTED:
        assert (name if "/" in name else f"tin-tuc/{name}") in named


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gives_its_message_on_its_line(problems_by_file, name):
    line, text, severity = EXPECTED[name]
    path = "content/" + (name if "/" in name else f"tin-tuc/{name}")
    problems = problems_by_file.get(path, [])
    assert [(p.line, p.severity) for p in problems if text in p.message] == [(line, severity)], problems
    assert len(problems) == 1, problems  # one mistake, one message


def test_links_images_and_code_that_are_fine_give_no_problem(problems_by_file):
    assert "content/tin-tuc/2019-11-21-bai-tot.md" not in problems_by_file
    assert "content/pages/gioi-thieu.md" not in problems_by_file


def run_check(content: Path, *args: str) -> subprocess.CompletedProcess:
    """`make check` on another content folder."""
    settings = content.parent / "conf.py"
    settings_file(settings, content)
    command = [sys.executable, str(ROOT / "scripts" / "check_content.py"), "--settings", str(settings)]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=content.parent, check=False)


def test_command_lists_every_problem_without_traceback(tmp_path):
    content = Path(shutil.copytree(BAD, tmp_path / "content"))
    result = run_check(content)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    errors = sum(1 for e in EXPECTED.values() if e[2] == ERROR)
    assert f"Đã kiểm tra 39 tệp: {errors} lỗi, 3 cảnh báo." in result.stdout
    assert "content/tin-tuc/the-script.md:8: có thẻ <script>" in result.stdout
    assert "content/tin-tuc/ngay-tuong-lai.md:2: cảnh báo: ngày đăng" in result.stdout


def test_warnings_alone_exit_0_and_fix_rewrites_nfd(tmp_path):
    content = tmp_path / "content"
    (content / "tin-tuc").mkdir(parents=True)
    for name in ("chu-to-hop-nfd.md", "ngay-tuong-lai.md"):
        shutil.copy(BAD / "tin-tuc" / name, content / "tin-tuc" / name)
    nfd = content / "tin-tuc" / "chu-to-hop-nfd.md"
    before = run_check(content)
    assert before.returncode == 0, before.stdout
    assert "chu-to-hop-nfd.md:6: cảnh báo" in before.stdout

    fixed = run_check(content, "--fix")
    assert fixed.returncode == 0
    assert "chu-to-hop-nfd.md" not in fixed.stdout.split("Đã kiểm tra")[1]
    assert "Đoàn viên được tặng quà." in nfd.read_text(encoding="utf-8")


def no_words_in_english(site):
    """An extra check, as another plugin would add it."""
    return [s.problem(1, "bài có chữ «lorem».", WARNING) for s in site.files if "lorem" in (s.text or "")]


def test_another_plugin_can_add_a_check(tmp_path):
    from content_guard.checks import content_checks

    content = tmp_path / "content"
    (content / "tin-tuc").mkdir(parents=True)
    (content / "tin-tuc" / "lorem.md").write_text(
        "Title: Lorem\nDate: 2019-11-21\nCategory: Tin tức - Sự kiện\n\nlorem ipsum\n", encoding="utf-8"
    )
    content_checks.connect(no_words_in_english)
    try:
        problems = collect_problems(corpus_settings(content))
    finally:
        content_checks.disconnect(no_words_in_english)
    assert [str(p) for p in problems] == ["content/tin-tuc/lorem.md:1: cảnh báo: bài có chữ «lorem»."]


def guide_message_patterns() -> list[re.Pattern[str]]:
    """The message beginnings listed in the editors' guide's table of messages."""
    guide = (ROOT / "docs" / "huong-dan-bien-tap.md").read_text(encoding="utf-8")
    table = guide.split("## 13.")[1].split("\n## ")[0]
    patterns = []
    for row in table.splitlines()[3:]:
        first_cell = row.split(" | ")[0]
        for quoted in re.findall(r"`([^`]+)`", first_cell):
            pattern = re.escape(quoted).replace("«\\.\\.\\.»", "«.*?»").replace("\\.\\.\\.", ".*?")
            patterns.append(re.compile(pattern))
    return patterns


def test_every_message_is_explained_in_the_guide(problems_by_file):
    patterns = guide_message_patterns()
    assert len(patterns) > 20
    for problems in problems_by_file.values():
        for problem in problems:
            text = str(problem).split(": ", 1)[1]
            shown = (text, text.removeprefix("cảnh báo: "))
            assert any(p.match(t) for p in patterns for t in shown), f"not in the guide: {text}"
