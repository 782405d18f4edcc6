"""The three pages saved from real portals (../shared/samples/legacy) imported field by field."""

from __future__ import annotations

import pytest

from legacy_import.article import analyse, render
from legacy_pages import LEGACY_SAMPLES

# Lines of the portals' boilerplate that must not survive anywhere in the article.
BOILERPLATE = (
    "Đăng ký tuyên sinh",
    "Bạn có mong muốn",
    "Nhà trường sẽ liên hệ",
    "Tra cứu",
    "Design by",
    "Webstyle",
    "Liên hệ",
    "CỔNG THÔNG TIN",
    "print",
    "send mail",
    "Các tin đã đăng",
    "Thứ hai 18/1/2021",
)


def imported(name: str):
    """The article and its Markdown file for one sample."""
    path = LEGACY_SAMPLES / name
    article = analyse(path, path.read_text(encoding="utf-8"))
    article.metadata.setdefault("Slug", article.slug)
    return article, render(article)


def body_paragraphs(markdown: str) -> list[str]:
    """The body's paragraphs, after the metadata block."""
    return [part.strip() for part in markdown.split("\n\n", 1)[1].split("\n\n") if part.strip()]


def warning_codes(article) -> set[str]:
    return {warning.code for warning in article.warnings}


@pytest.mark.parametrize(
    "name",
    [
        "cao-bang-2015-phoi-hop-thi-dua.txt",
        "vp-ubnd-2012-phat-dong-thi-dua.txt",
        "cao-bang-2015-ke-hoach-thi-dua.txt",
    ],
)
def test_no_boilerplate_survives(name):
    _, markdown = imported(name)
    for line in BOILERPLATE:
        assert line not in markdown, line


def test_phoi_hop_fields():
    article, markdown = imported("cao-bang-2015-phoi-hop-thi-dua.txt")
    meta = article.metadata
    assert meta["Title"] == (
        "Sở Nội vụ và Liên đoàn Lao động tỉnh Cao Bằng: Đẩy mạnh phong trào thi đua yêu nước 2014-2018"
    )
    assert meta["Date"] == "2015-06-16 00:00"  # "Thứ 3, Ngày 16 tháng 06 năm 2015, 00:00"; a Tuesday
    assert "weekday_mismatch" not in warning_codes(article)
    assert "no_author" in warning_codes(article)
    assert "Author" not in meta
    assert meta["Summary"].startswith("Thực hiện Chương trình phối hợp số 108/CTPH")


def test_phoi_hop_body_and_caption():
    _, markdown = imported("cao-bang-2015-phoi-hop-thi-dua.txt")
    paragraphs = body_paragraphs(markdown)
    assert paragraphs[0].startswith("Thực hiện Chương trình phối hợp số 108/CTPH-TLĐLĐVN-BTĐKTTW")
    assert paragraphs[-1].startswith("Từ những nội dung trên")
    assert paragraphs[-1].endswith("thực hiện có hiệu quả chương trình phối")
    caption = "*Lãnh đạo Sở Nội vụ và Liên đoàn Lao động tỉnh Cao Bằng ký kết chương trình phối hợp.*"
    assert caption in paragraphs


def test_vp_ubnd_fields_and_print_date():
    article, markdown = imported("vp-ubnd-2012-phat-dong-thi-dua.txt")
    meta = article.metadata
    assert meta["Title"] == "Công Đoàn cơ sở Văn phòng UBND tỉnh phát động phong trào thi đua năm 2012"
    assert meta["Category"] == "Hoạt động"
    # "Thứ hai 18/1/2021" is the page's print date: the article is about 2012.
    assert meta["Date"] == "2012-01-04 00:00"
    assert "uncertain_date" in warning_codes(article)
    assert article.fields["date"]["confidence"] == "low"
    assert meta["Author"] == "Thu Hoài"
    assert meta["Credits"] == "Ảnh: Huy Dương"  # a credit, not an author


def test_vp_ubnd_body_and_caption():
    _, markdown = imported("vp-ubnd-2012-phat-dong-thi-dua.txt")
    paragraphs = body_paragraphs(markdown)
    assert paragraphs[0] == (
        "*Những gương mặt Nữ đoàn viên công đoàn - Công đoàn cơ sở Văn phòng UBND tỉnh.* (Ảnh: Huy Dương)"
    )
    assert paragraphs[1].startswith("Nhằm phát huy những thành tích đạt được")
    assert paragraphs[-1].endswith("làm căn cứ xét đề nghị khen thưởng hoàn thành nhiệm vụ năm.")
    assert "Thu Hoài" not in markdown.split("\n\n", 1)[1]
    assert "Hoạt động" not in paragraphs


def test_ke_hoach_is_a_document():
    article, markdown = imported("cao-bang-2015-ke-hoach-thi-dua.txt")
    meta = article.metadata
    assert meta["DocType"] == "Kế hoạch"
    assert meta["Category"] == "Văn bản"
    assert meta["Title"].startswith("Kế hoạch thực hiện Chỉ thị số 08/CT-UBND ngày 25/5/2015")
    assert meta["Abstract"].endswith("Đại hội Thi đua yêu nước tỉnh Cao Bằng lần thứ IV")
    assert meta["Issuer"] == "Liên đoàn Lao động tỉnh Cao Bằng"
    recipients = meta["Recipients"].split("; ")
    assert recipients[0] == "Ban CSKT-XH và TĐKT TLĐ"
    assert recipients[-1] == "CĐ ngành TW tại địa phương"
    assert len(recipients) == 8
    assert "Nơi nhận" not in markdown
    assert "uncertain_date" in warning_codes(article)  # no date printed: taken from the text


def test_ke_hoach_body_keeps_numbered_points():
    _, markdown = imported("cao-bang-2015-ke-hoach-thi-dua.txt")
    paragraphs = body_paragraphs(markdown)
    assert paragraphs[0].startswith("Tiếp tục thực hiện Kế hoạch số 01/KH-LĐLĐ")
    assert paragraphs[-1].startswith("5\\. Tăng cường và nâng cao hiệu quả")
    assert paragraphs[-1].endswith("trong những năm tiếp theo.")
    assert [p[:3] for p in paragraphs if p[:1].isdigit()] == ["1\\.", "2\\.", "3\\.", "4\\.", "5\\."]
