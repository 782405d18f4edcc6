"""Saved HTML pages: every date form, boilerplate, XSS payloads, captions, lists and tables."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown

from legacy_import.article import analyse, attach_images, render
from legacy_import.html_to_markdown import sanitize
from legacy_pages import BODY_FIRST, BODY_LAST, IMAGE_BLOCK, portal_page

PAGE = Path("trang.html")


def imported(html: str, path: Path = PAGE):
    """Article and Markdown of a page, images resolved beside path."""
    article = analyse(path, html)
    attach_images(article, path)
    return article, render(article)


def body(markdown: str) -> list[str]:
    return [part.strip() for part in markdown.split("\n\n", 1)[1].split("\n\n") if part.strip()]


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("Thứ 3, Ngày 19 tháng 11 năm 2019, 00:00", "2019-11-19 00:00"),
        ("Thứ Năm, ngày 21 tháng 11 năm 2019 - 09:25", "2019-11-21 09:25"),
        ("Cập nhật lúc 16:26 - 25/05/2020 (GMT +07:00)", "2020-05-25 16:26"),
        ("Thứ hai 18/11/2019", "2019-11-18 00:00"),
        ("21/11/2019 09:25", "2019-11-21 09:25"),
        ("21-11-2019", "2019-11-21 00:00"),
    ],
)
def test_every_printed_date_form(date_line, expected):
    article, _ = imported(portal_page(date_line))
    assert article.metadata["Date"] == expected
    assert article.fields["date"]["confidence"] == "high"
    assert not any(w.code in ("weekday_mismatch", "uncertain_date") for w in article.warnings)


def test_weekday_mismatch_in_a_page_is_reported():
    article, _ = imported(portal_page("Thứ Hai, ngày 21 tháng 11 năm 2019 - 09:25"))
    assert "weekday_mismatch" in {w.code for w in article.warnings}
    assert article.fields["date"]["confidence"] == "low"


def test_page_fields():
    article, _ = imported(portal_page())
    meta = article.metadata
    assert meta["Title"] == "Hội nghị tổng kết phong trào thi đua năm 2019"
    assert meta["Author"] == "Thu Hoài"
    assert meta["Category"] == "Tin tức - Sự kiện"  # from the breadcrumb
    assert meta["OriginalURL"] == "http://ldld.example.vn/tin-tuc/hoi-nghi"
    assert meta["Summary"] == BODY_FIRST


def test_page_body_starts_and_ends_right_without_boilerplate():
    _, markdown = imported(portal_page())
    paragraphs = body(markdown)
    assert paragraphs[0] == f"**{BODY_FIRST}**"
    assert paragraphs[-1] == BODY_LAST
    for line in (
        "Trang chủ",
        "Cỡ chữ",
        "In bài viết",
        "Gửi Email",
        "Lượt xem",
        "Gửi phản hồi",
        "Các tin đã đăng",
        "Tin A",
        "Xem tin theo ngày",
        "Tra cứu",
        "Design by",
        "Liên hệ",
        "NHIỆT LIỆT",
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH",
    ):
        assert line not in markdown, line


XSS = """
<p>Đoạn có <a href="javascript:alert(1)">liên kết độc</a> và <a href="JaVaScRiPt:alert(2)">biến thể</a>.</p>
<p onmouseover="alert(3)">Đoạn có trình xử lý sự kiện <img src="x.jpg" onerror="alert(4)"> trong ảnh.</p>
<script>document.write('chèn')</script><style>p { display: none }</style>
<iframe src="http://evil.example/"></iframe><object data="evil.swf"></object>
<p><a href="data:text/html;base64,PHNjcmlwdD4=">dữ liệu</a> <a href="vbscript:msgbox">vb</a>
<a href="/tin/2">tin khác</a></p>
<svg onload="alert(5)"><script>alert(6)</script></svg>
<p>&lt;script&gt;alert(7)&lt;/script&gt; là chữ, không phải mã.</p>
"""


def test_xss_payloads_do_not_survive():
    _, markdown = imported(portal_page(extra=XSS))
    lowered = markdown.lower()
    for payload in (
        "javascript:",
        "vbscript:",
        "data:text",
        "onerror",
        "onmouseover",
        "onload",
        "alert(1)",
        "alert(4)",
        "alert(6)",
        "chèn",
    ):
        assert payload not in lowered, payload
    html = BeautifulSoup(Markdown(extensions=["extra"]).convert(markdown.split("\n\n", 1)[1]), "html.parser")
    assert not html.find_all(("script", "style", "iframe", "object", "svg", "embed"))
    assert not [a for tag in html.find_all(True) for a in tag.attrs if a.startswith("on")]
    assert "<script>alert(7)</script> là chữ, không phải mã." in html.get_text()
    assert "Đoạn có liên kết độc và biến thể." in markdown  # link text kept, link dropped
    assert "[tin khác](/tin/2)" in markdown
    assert "&lt;script&gt;alert(7)&lt;/script&gt; là chữ" in markdown  # escaped text, shown as text


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)" onclick="x()">a</a>',
        '<img src="javascript:alert(1)" onerror="x()">',
        '<div style="background:url(javascript:alert(1))">b</div>',
        "<iframe srcdoc='<script>alert(1)</script>'></iframe><script>alert(2)</script>",
    ],
)
def test_sanitize_removes_scripts_handlers_and_javascript_urls(html):
    clean = sanitize(html).lower()
    assert "javascript" not in clean and "alert" not in clean and "on" + "click" not in clean
    assert "onerror" not in clean and "style" not in clean and "<iframe" not in clean


def test_lists_tables_headings_and_captions():
    _, markdown = imported(portal_page(extra=IMAGE_BLOCK))
    paragraphs = body(markdown)
    assert "## Kết quả nổi bật" in paragraphs
    assert "- Phát triển 1.200 đoàn viên mới;\n- Thành lập 15 công đoàn cơ sở." in paragraphs
    assert "| Chỉ tiêu | Kết quả |\n| --- | --- |\n| Đoàn viên mới | 1.200 |" in paragraphs


def test_nfd_page_comes_out_nfc():
    article, markdown = imported(unicodedata.normalize("NFD", portal_page()))
    assert unicodedata.is_normalized("NFC", markdown)
    assert article.metadata["Title"] == "Hội nghị tổng kết phong trào thi đua năm 2019"


def test_page_without_an_article_is_reported():
    article, _ = imported(
        "<html><body><ul class='menu'><li>Trang chủ</li></ul><div class='footer'>Liên hệ</div></body></html>"
    )
    assert [w.code for w in article.warnings] == ["nothing_recognisable"]
    assert article.metadata == {}


def test_date_line_under_the_article_dates_it():
    html = portal_page("").replace(
        f"<p>{BODY_LAST}</p>", f"<p>{BODY_LAST}</p><p>Cập nhật lúc 16:26 - 25/05/2020</p>"
    )
    article, markdown = imported(html)
    assert article.metadata["Date"] == "2020-05-25 16:26"
    assert "Cập nhật" not in markdown
    assert body(markdown)[-1] == BODY_LAST


def test_images_that_are_not_beside_the_page():
    extra = (
        '<p><img src="http://anh.example.vn/a.jpg" alt="Hội trường"></p><p><img src="mat_files/b.jpg"></p>'
    )
    article, markdown = imported(portal_page(extra=extra))
    assert "[Ảnh: Hội trường](http://anh.example.vn/a.jpg)" in body(markdown)
    assert "![" not in markdown and "mat_files" not in markdown
    assert [w.code for w in article.warnings if "image" in w.code] == ["remote_image", "missing_image"]
