"""Bylines, credits, captions, boilerplate lines and official documents, rule by rule."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from legacy_import.article import analyse
from legacy_import.blocks import text_blocks
from legacy_import.boilerplate import DROP, END, classify, is_slogan
from legacy_import.documents import read_document
from legacy_import.fields import looks_like_name, split_credit
from legacy_pages import DECISION


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Quang cảnh hội nghị. Ảnh: Huy Dương", "Quang cảnh hội nghị.", "Huy Dương"),
        ("Những gương mặt nữ đoàn viên. ảnh Huy Dương", "Những gương mặt nữ đoàn viên.", "Huy Dương"),
        ("Trao quà cho công nhân (Ảnh: TTXVN)", "Trao quà cho công nhân.", "TTXVN"),
        ("Dịch bệnh ảnh hưởng đến việc làm", "Dịch bệnh ảnh hưởng đến việc làm", ""),
        ("Ảnh minh họa", "Ảnh minh họa", ""),
    ],
)
def test_split_credit(text, caption, credit):
    assert split_credit(text) == (caption, credit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thu Hoài", True),
        ("Minh Anh (CĐ ngành Y tế)", True),
        ("TTXVN", True),
        ("thu hoài", False),
        ("", False),
    ],
)
def test_looks_like_name(text, expected):
    assert looks_like_name(text) is expected


@pytest.mark.parametrize(
    ("line", "action"),
    [
        ("Cỡ chữ: A A A", DROP),
        ("In bài viết", DROP),
        ("Gửi Email", DROP),
        ("Gửi phản hồi", DROP),
        ("Lượt xem: 1.234", DROP),
        ("Xem tin theo ngày", DROP),
        ("print   send mail", DROP),
        ("Các tin đã đăng", END),
        ("Tin liên quan", END),
        ("Đăng ký tuyên sinh", END),
        ("Tra cứu", END),
        ("CỔNG THÔNG TIN THI ĐUA KHEN THƯỞNG        Design by: Webstyle.vn", END),
        ("Liên hệ", END),
        ("Liên hệ với công đoàn cơ sở để được hỗ trợ.", None),
        ("In ấn tài liệu phục vụ hội nghị", None),
        ("Lượt xem phim của công nhân tăng mạnh trong năm", None),
    ],
)
def test_boilerplate_table(line, action):
    assert classify(line) == action


def test_slogans_are_upper_case_banners_only():
    assert is_slogan("NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI CÔNG ĐOÀN TỈNH LẦN THỨ XVI")
    assert not is_slogan("Chào mừng Đại hội Công đoàn tỉnh lần thứ XVI")


def test_author_and_source_fields():
    text = (
        "Thứ Năm, ngày 21 tháng 11 năm 2019 - 09:25\n"
        "Trao học bổng cho con đoàn viên khó khăn\n"
        "Sáng 21/11, Công đoàn ngành Giáo dục trao 50 suất học bổng cho con đoàn viên "
        "có hoàn cảnh khó khăn.\n"
        "Mỗi suất học bổng trị giá 2 triệu đồng, do các doanh nghiệp trong tỉnh đóng góp.\n"
        "Tác giả: Minh Anh\n"
        "Nguồn: Báo Lao động\n"
    )
    article = analyse(Path("bai.txt"), text)
    assert article.metadata["Author"] == "Minh Anh"
    assert article.fields["author"]["confidence"] == "high"
    assert "Tác giả" not in " ".join(block.text for block in article.body)
    assert article.metadata["Summary"].startswith("Sáng 21/11, Công đoàn ngành Giáo dục")


def test_official_document_header_and_tail():
    document, body = read_document(text_blocks(DECISION))
    assert document.doc_type == "Quyết định"
    assert document.number == "125/QĐ-LĐLĐ"
    assert document.issuer == "Liên Đoàn Lao Động Tỉnh Cao Bằng"
    assert document.issued == datetime(2016, 3, 12)
    assert document.abstract == "khen thưởng các tập thể có thành tích xuất sắc"
    assert document.recipients == ["Như Điều 2"]
    assert document.signer == "Nguyễn Văn Bình"
    assert body[0].text.startswith("Căn cứ Điều lệ")
    assert body[-1].text == "Điều 2. Quyết định có hiệu lực kể từ ngày ký."


def test_document_article_uses_issued_date_and_category():
    article = analyse(Path("qd.txt"), DECISION)
    meta = article.metadata
    assert (meta["Date"], meta["Category"], meta["DocNumber"]) == (
        "2016-03-12 00:00",
        "Văn bản",
        "125/QĐ-LĐLĐ",
    )
    assert meta["Issued"] == "2016-03-12 00:00"
    assert meta["Title"] == "Quyết định khen thưởng các tập thể có thành tích xuất sắc"
    assert meta["Signer"] == "Nguyễn Văn Bình"


@pytest.mark.parametrize(
    ("last_line", "author"),
    [
        ("Theo Báo Lao động", "Báo Lao động"),
        ("Theo kế hoạch năm sau", ""),
        ("Nguồn: Cổng thông tin tỉnh", "Cổng thông tin tỉnh"),
    ],
)
def test_source_lines(last_line, author):
    text = (
        "21/11/2019 09:25\nTrao học bổng cho con đoàn viên khó khăn\n"
        "Sáng 21/11, Công đoàn ngành Giáo dục trao 50 suất học bổng cho con đoàn viên.\n"
        "Theo kế hoạch, năm sau sẽ trao thêm 100 suất.\n" + last_line + "\n"
    )
    article = analyse(Path("bai.txt"), text)
    assert article.metadata.get("Author", "") == author
    assert "Theo kế hoạch, năm sau sẽ trao thêm 100 suất." in [block.text for block in article.body]
