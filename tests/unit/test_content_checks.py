"""Pure pieces of the content checks: header lines, URL forms, unsafe HTML patterns."""

from __future__ import annotations

import pytest

from content_guard.checks import UNSAFE_HTML, empty_body_problems, unsafe_html_problems
from content_guard.source import normalise_url, parse_header, read_source


def unsafe(line: str) -> list[str]:
    return [what for pattern, what in UNSAFE_HTML if pattern.search(line)]


UNSAFE_CASES = [
    ("<script>alert(1)</script>", ["có thẻ <script>"]),
    ("< SCRIPT src='x.js'>", ["có thẻ <script>"]),
    ('<iframe src="https://video.example/1"></iframe>', ["có thẻ <iframe>"]),
    ('<img src="a.jpg" onerror="x()">', ["có thuộc tính on...= (mã chạy trong thẻ HTML)"]),
    ("[Bấm](javascript:alert(1))", ["có liên kết «javascript:»"]),
    ("<a href='JavaScript:x'>a</a>", ["có liên kết «javascript:»"]),
    ("[r]: javascript:void(0)", ["có liên kết «javascript:»"]),
    ("Lớp học JavaScript: cơ bản cho đoàn viên", []),
    ("Bài về kịch bản (script) phim, online = trực tuyến", []),
    ('<a href="/lien-he/" title="Liên hệ">Liên hệ</a>', []),
]


@pytest.mark.parametrize(("line", "found"), UNSAFE_CASES)
def test_unsafe_html(line, found):
    assert unsafe(line) == found


@pytest.mark.parametrize("line", [line for line, found in UNSAFE_CASES if found])
def test_unsafe_html_is_found_in_a_file_whatever_its_case(tmp_path, line):
    # unsafe_html_problems reads a file line by line only when MAY_BE_UNSAFE finds something.
    for variant in (line, line.upper()):
        path = tmp_path / "bai.md"
        path.write_text(f"Title: Bài\nDate: 2021-03-08\n\nĐoạn đầu.\n\n{variant}\n", encoding="utf-8")
        problems = unsafe_html_problems(read_source(str(path), str(tmp_path), []))
        assert unsafe(variant), variant
        assert [problem.line for problem in problems] == [6] * len(unsafe(variant)), variant


@pytest.mark.parametrize(
    ("text", "header", "body_start"),
    [
        ("Title: A\nDate: 2019-11-21\n\nBody", {"title": (1, "A"), "date": (2, "2019-11-21")}, 4),
        (
            "Title: A\nSummary:\nStatus: draft\n",
            {"title": (1, "A"), "summary": (2, ""), "status": (3, "draft")},
            5,
        ),
        ("Just text, no header.\n", {}, 1),
        ("Title: A", {"title": (1, "A")}, 2),
        ("Title: A\n \t\nDate: 2019-11-21\n\nBody", {"title": (1, "A")}, 3),
        ("\n\nTitle: A\n", {}, 2),
        (
            "Title: A\nDate: 2019\n\n\nBody\n\nMore: not a field\n",
            {"title": (1, "A"), "date": (2, "2019")},
            4,
        ),
    ],
)
def test_parse_header(text, header, body_start):
    assert parse_header(text) == (header, body_start)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/2019/11/21/slug/", "2019/11/21/slug/"),
        ("2019/11/21/slug", "2019/11/21/slug/"),
        ("chuyen-muc/index.html", "chuyen-muc/"),
        ("/feeds/all.atom.xml", "feeds/all.atom.xml"),
        ("/", ""),
    ],
)
def test_normalise_url(url, expected):
    assert normalise_url(url) == expected


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Title: Bài\nDate: 2020-01-01\n\n", True),
        ("Title: Bài\nDate: 2020-01-01\n\nMột câu.\n", False),
        # A document whose text is its attached file needs no body.
        ("Title: Kế hoạch\nDate: 2020-01-01\nAttachments: files/ke-hoach.pdf\n\n", False),
        ("Title: Thông báo\nDocNumber: 01/TB-LĐLĐ\nIssued: 2020-01-01\n\n", False),
    ],
)
def test_empty_body_is_reported_unless_the_file_is_a_document(tmp_path, text, reported):
    (tmp_path / "bai.md").write_text(text, encoding="utf-8")
    source = read_source(str(tmp_path / "bai.md"), str(tmp_path), [])
    assert bool(empty_body_problems(source)) is reported
