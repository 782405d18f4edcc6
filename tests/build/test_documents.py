"""Documents (văn bản): pages, lists per type, issuer and year, status, links both ways,
and the editors' checks that stop the build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sample_attachments import pdf_bytes

from conftest import build_site, page
from content_guard.problems import ContentErrors

TODAY = "2024-05-01"
SETTINGS = {"DOCUMENTS": {"TODAY": TODAY, "PAGE_SIZE": 2}}

DOCUMENTS = {
    "2023-01-10-ke-hoach-thi-dua.md": """Title: Kế hoạch thi đua năm 2023
Category: Văn bản
DocNumber: 01/KH-LĐLĐ
DocType: Kế hoạch
Issuer: Liên đoàn Lao động tỉnh An Khang
Issued: 2023-01-10
Signer: Trần Thị Hoa, Chủ tịch
Abstract: Phát động thi đua lao động giỏi năm 2023
Recipients: LĐLĐ các huyện, thành phố; Công đoàn cơ sở trực thuộc; Lưu: VT
Attachments: files/2023/ke-hoach-01.pdf; files/2023/danh-sach.xlsx

Nội dung kế hoạch.
""",
    "2024-03-01-ke-hoach-thi-dua-2024.md": """Title: Kế hoạch thi đua năm 2024
Category: Văn bản
DocNumber: Số: 02/KH-LĐLĐ
DocType: Kế hoạch
Issuer: Liên đoàn Lao động tỉnh An Khang
Issued: 2024-03-01
Effective: 2024-06-01
Abstract: Phát động thi đua lao động giỏi năm 2024
Replaces: 01/KH-LĐLĐ

Thay thế kế hoạch năm 2023.
""",
    "2022-05-05-quyet-dinh.md": """Title: Quyết định thành lập tổ công tác
Category: Văn bản
DocNumber: 05/QĐ-LĐLĐ
DocType: Quyết định
Issuer: Ban Thường vụ Liên đoàn Lao động tỉnh An Khang
Issued: 05/05/2022
Expires: 2023-01-01
Abstract: Thành lập tổ công tác đến hết năm 2022
""",
    "2024-04-01-chi-thi.md": """Title: Chỉ thị về Tháng Công nhân 2024
Category: Văn bản
DocNumber: 03/CT-LĐLĐ
DocType: Chỉ thị
Issuer: Liên đoàn Lao động tỉnh An Khang
Issued: 2024-04-01
Abstract: Tổ chức Tháng Công nhân năm 2024
Related: 01/KH-LĐLĐ; 99/KH-TLĐ
""",
    "2021-12-01-cong-van.md": """Title: Công văn về việc chăm lo Tết
Category: Văn bản
DocNumber: 125/LĐLĐ-VP
DocType: Công văn
Issuer: Văn phòng Liên đoàn Lao động tỉnh An Khang
Issued: 2021-12-01
Abstract: Chăm lo Tết Nhâm Dần cho đoàn viên
""",
}
ARTICLE = """Title: Tin thường
Date: 2024-01-02 08:00
Category: Tin tức - Sự kiện

Một bài viết không phải văn bản.
"""
SIZES = {"files/2023/ke-hoach-01.pdf": 350 * 1024, "files/2023/danh-sach.xlsx": int(1.2 * 1024 * 1024)}


def write_content(root: Path) -> Path:
    """A small site: five documents, two attachments of known size, one ordinary article."""
    content = root / "content"
    (content / "van-ban").mkdir(parents=True)
    (content / "tin-tuc").mkdir()
    (content / "tin-tuc" / "tin-thuong.md").write_text(ARTICLE, encoding="utf-8")
    for name, text in DOCUMENTS.items():
        (content / "van-ban" / name).write_text(text, encoding="utf-8")
    for relative, size in SIZES.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pdf_bytes("Ke hoach")
        path.write_bytes(data + b"%" * (size - len(data)))
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("documents")
    return build_site(write_content(root), root / "output", **SETTINGS)


def table(document) -> dict[str, str]:
    """The metadata table of a document page as {row heading: cell text}."""
    rows = document.select("main table.document-table tr")
    return {
        row.select_one("th[scope=row]").get_text(strip=True): row.td.get_text(" ", strip=True) for row in rows
    }


def test_document_page_shows_the_decree_42_fields_in_a_table(site):
    fields = table(page(site, "van-ban/ke-hoach-thi-dua/"))
    assert fields == {
        "Số, ký hiệu": "01/KH-LĐLĐ",
        "Loại văn bản": "Kế hoạch",
        "Cơ quan ban hành": "Liên đoàn Lao động tỉnh An Khang",
        "Ngày ban hành": "10/01/2023",
        "Tình trạng hiệu lực": "Còn hiệu lực",
        "Người ký": "Trần Thị Hoa, Chủ tịch",
        "Trích yếu": "Phát động thi đua lao động giỏi năm 2023",
    }


def test_document_page_lists_recipients_and_links_type_and_issuer(site):
    document = page(site, "van-ban/ke-hoach-thi-dua/")
    recipients = [li.get_text(strip=True) for li in document.select(".document-recipients li")]
    assert recipients == ["LĐLĐ các huyện, thành phố", "Công đoàn cơ sở trực thuộc", "Lưu: VT"]
    links = {a.get_text(strip=True): a["href"] for a in document.select("table.document-table a")}
    assert links == {
        "Kế hoạch": "../../van-ban/loai/ke-hoach/",
        "Liên đoàn Lao động tỉnh An Khang": "../../van-ban/co-quan/lien-doan-lao-dong-tinh-an-khang/",
    }


def test_attachments_link_to_the_file_with_name_type_and_size(site):
    links = page(site, "van-ban/ke-hoach-thi-dua/").select("a.attachment-list__link")
    assert [(a["href"], " ".join(a.get_text(" ", strip=True).split())) for a in links] == [
        ("../../files/2023/ke-hoach-01.pdf", "ke-hoach-01.pdf (PDF, 350 KB)"),
        ("../../files/2023/danh-sach.xlsx", "danh-sach.xlsx (XLSX, 1,2 MB)"),
    ]
    for relative, size in SIZES.items():
        assert (site / relative).stat().st_size == size  # the link's target is published


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("van-ban/ke-hoach-thi-dua/", "Còn hiệu lực"),  # its replacement takes effect on 01/06
        ("van-ban/ke-hoach-thi-dua-2024/", "Chưa có hiệu lực"),  # effective 01/06/2024
        ("van-ban/quyet-dinh/", "Hết hiệu lực"),  # expired 01/01/2023
        ("van-ban/chi-thi/", "Còn hiệu lực"),
    ],
)
def test_status_is_derived_from_the_dates_on_the_given_day(site, url, status):
    assert table(page(site, url))["Tình trạng hiệu lực"] == status


def test_status_follows_the_day_of_the_build(tmp_path):
    content = write_content(tmp_path)
    output = build_site(content, tmp_path / "output", DOCUMENTS={"TODAY": "2024-06-01"})
    assert table(page(output, "van-ban/ke-hoach-thi-dua-2024/"))["Tình trạng hiệu lực"] == "Còn hiệu lực"
    # The newer plan in force ends the older one, which only the newer one says.
    assert table(page(output, "van-ban/ke-hoach-thi-dua/"))["Tình trạng hiệu lực"] == "Hết hiệu lực"


def relation(document, heading_id: str) -> list[tuple[str, str | None]]:
    section = document.select_one(f"section[aria-labelledby={heading_id}]")
    if section is None:
        return []
    return [(li.get_text(" ", strip=True), li.a["href"] if li.a else None) for li in section.select("li")]


def test_replaced_by_shows_on_the_older_document_when_only_the_newer_says_replaces(site):
    older = page(site, "van-ban/ke-hoach-thi-dua/")
    ((text, href),) = relation(older, "duoc-thay-the-boi")
    assert text.startswith("Kế hoạch số 02/KH-LĐLĐ") and href == "../../van-ban/ke-hoach-thi-dua-2024/"
    assert "đã được thay thế" in older.select_one(".document__notice").get_text()
    newer = page(site, "van-ban/ke-hoach-thi-dua-2024/")
    assert [href for _, href in relation(newer, "thay-the-van-ban")] == ["../../van-ban/ke-hoach-thi-dua/"]
    assert relation(newer, "duoc-thay-the-boi") == []


def test_related_documents_link_both_ways_and_unknown_numbers_stay_text(site):
    directive = relation(page(site, "van-ban/chi-thi/"), "van-ban-lien-quan")
    assert directive[0][1] == "../../van-ban/ke-hoach-thi-dua/"
    assert directive[1] == ("Văn bản số 99/KH-TLĐ", None)
    plan = relation(page(site, "van-ban/ke-hoach-thi-dua/"), "van-ban-lien-quan")
    assert [href for _, href in plan] == ["../../van-ban/chi-thi/"]


def test_main_list_is_newest_first_and_paginated(site):
    first = page(site, "van-ban/")
    cards = first.select("main .document-card")
    assert len(cards) == 2
    meta = " ".join(cards[0].select_one(".document-card__meta").get_text(" ", strip=True).split())
    assert meta.startswith("Số 03/CT-LĐLĐ · 01/04/2024 · Chỉ thị")
    assert (
        cards[0].select_one(".document-card__abstract").get_text(strip=True)
        == "Tổ chức Tháng Công nhân năm 2024"
    )
    assert first.select_one("a[rel=next]")["href"] == "../van-ban/trang-2/"
    all_numbers = [
        n.get_text(strip=True)
        for url in ("van-ban/", "van-ban/trang-2/", "van-ban/trang-3/")
        for n in page(site, url).select("main .document-card__number")
    ]
    assert all_numbers == [
        "Số 03/CT-LĐLĐ",
        "Số 02/KH-LĐLĐ",
        "Số 01/KH-LĐLĐ",
        "Số 05/QĐ-LĐLĐ",
        "Số 125/LĐLĐ-VP",
    ]
    assert not (site / "van-ban" / "trang-4").exists()


@pytest.mark.parametrize(
    ("url", "heading", "expected"),
    [
        ("van-ban/loai/ke-hoach/", "Loại văn bản: Kế hoạch", ["Số 02/KH-LĐLĐ", "Số 01/KH-LĐLĐ"]),
        ("van-ban/loai/cong-van/", "Loại văn bản: Công văn", ["Số 125/LĐLĐ-VP"]),
        (
            "van-ban/co-quan/ban-thuong-vu-lien-doan-lao-dong-tinh-an-khang/",
            "Cơ quan ban hành: Ban Thường vụ Liên đoàn Lao động tỉnh An Khang",
            ["Số 05/QĐ-LĐLĐ"],
        ),
        ("van-ban/nam/2024/", "Năm 2024", ["Số 03/CT-LĐLĐ", "Số 02/KH-LĐLĐ"]),
        ("van-ban/nam/2022/", "Năm 2022", ["Số 05/QĐ-LĐLĐ"]),
    ],
)
def test_lists_per_type_issuer_and_year(site, url, heading, expected):
    document = page(site, url)
    assert document.h1.get_text(strip=True) == heading
    assert [n.get_text(strip=True) for n in document.select("main .document-card__number")] == expected


def test_static_facet_links_reach_every_list_without_javascript(site):
    facets = page(site, "van-ban/").select(".document-facets a")
    targets = {a["href"] for a in facets}
    assert "../van-ban/loai/ke-hoach/" in targets and "../van-ban/nam/2021/" in targets
    for href in targets:
        assert (site / href.removeprefix("../") / "index.html").exists()
    assert len(targets) == 4 + 3 + 4  # types, issuers, years


def test_main_list_carries_the_filter_module_and_its_index(site):
    document = page(site, "van-ban/")
    root = document.select_one('[data-module="document-filter"]')
    assert root["data-index"] == "../van-ban/danh-sach.json"
    modules = [script["src"] for script in document.select("script[type=module]")]
    assert "../theme/js/document-filter.js" in modules
    data = json.loads((site / "van-ban" / "danh-sach.json").read_text(encoding="utf-8"))
    assert [d["number"] for d in data["documents"]][:2] == ["03/CT-LĐLĐ", "02/KH-LĐLĐ"]
    assert data["documents"][0]["url"] == "van-ban/chi-thi/"
    assert not page(site, "van-ban/loai/ke-hoach/").select('[data-module="document-filter"]')


def test_ordinary_articles_keep_their_url_and_are_not_documents(site):
    assert (site / "2024" / "01" / "02" / "tin-thuong" / "index.html").exists()
    assert not (site / "2023" / "01" / "10" / "ke-hoach-thi-dua").exists()


# --- The editors' checks stop the build, each naming file and line -----------------------


def test_document_problems_are_reported_together_with_file_and_line(tmp_path):
    content = write_content(tmp_path)
    plans = content / "van-ban"
    (plans / "2023-01-10-ke-hoach-thi-dua.md").write_text(
        DOCUMENTS["2023-01-10-ke-hoach-thi-dua.md"].replace("ke-hoach-01.pdf", "khong-co.pdf"),
        encoding="utf-8",
    )
    (plans / "2024-04-01-chi-thi.md").write_text(
        DOCUMENTS["2024-04-01-chi-thi.md"].replace("03/CT-LĐLĐ", "03/KH-LĐLĐ"), encoding="utf-8"
    )
    (plans / "2022-05-05-quyet-dinh.md").write_text(
        DOCUMENTS["2022-05-05-quyet-dinh.md"].replace("05/QĐ-LĐLĐ", "QĐ 05 LĐLĐ"), encoding="utf-8"
    )
    (plans / "khong-chuyen-muc.md").write_text(
        DOCUMENTS["2021-12-01-cong-van.md"].replace("Category: Văn bản\n", "").replace("125/", "126/"),
        encoding="utf-8",
    )
    output = tmp_path / "output"
    with pytest.raises(ContentErrors) as caught:
        build_site(content, output, DOCUMENTS={"TODAY": TODAY, "MAX_ATTACHMENT_MB": 1})
    report = [str(problem) for problem in caught.value.problems]
    expected = [
        ("content/van-ban/2022-05-05-quyet-dinh.md:3:", "số văn bản «QĐ 05 LĐLĐ» không đúng quy ước"),
        (
            "content/van-ban/2023-01-10-ke-hoach-thi-dua.md:10:",
            "không tìm thấy tệp «files/2023/khong-co.pdf»",
        ),
        (
            "content/van-ban/2023-01-10-ke-hoach-thi-dua.md:10:",
            "«files/2023/danh-sach.xlsx» nặng 1,2 MB, quá giới hạn 1 MB",
        ),
        ("content/van-ban/2024-04-01-chi-thi.md:4:", "có mã «KH» nhưng loại văn bản là «Chỉ thị» (mã «CT»)"),
        ("content/van-ban/khong-chuyen-muc.md:1:", "không có dòng «Category: Văn bản»"),
    ]
    assert len(report) == len(expected), "\n".join(report)
    for (where, what), line in zip(expected, report, strict=True):
        assert line.startswith(where) and what in line, line
    assert not output.exists()


def test_a_bad_document_date_names_its_line(tmp_path):
    content = write_content(tmp_path)
    (content / "van-ban" / "2021-12-01-cong-van.md").write_text(
        DOCUMENTS["2021-12-01-cong-van.md"].replace("Issued: 2021-12-01", "Issued: 31/02/2021"),
        encoding="utf-8",
    )
    with pytest.raises(ContentErrors) as caught:
        build_site(content, tmp_path / "output", **SETTINGS)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == ("content/van-ban/2021-12-01-cong-van.md", 6)
    assert "31/02/2021" in problem.message


def test_a_number_may_come_back_in_another_year_but_not_in_the_same_one(tmp_path):
    content = write_content(tmp_path)
    old_plan = DOCUMENTS["2021-12-01-cong-van.md"].replace("125/LĐLĐ-VP", "01/KH-LĐLĐ")
    old_plan = old_plan.replace("Công văn", "Kế hoạch").replace("2021-12-01", "2015-02-01")
    (content / "van-ban" / "2015-02-01-ke-hoach-2015.md").write_text(old_plan, encoding="utf-8")
    output = build_site(content, tmp_path / "output", **SETTINGS)
    # "Replaces: 01/KH-LĐLĐ" in 2024 means the 2023 plan, the nearest with that number.
    older = page(output, "van-ban/ke-hoach-thi-dua/")
    assert [href for _, href in relation(older, "duoc-thay-the-boi")] == [
        "../../van-ban/ke-hoach-thi-dua-2024/"
    ]
    assert relation(page(output, "van-ban/ke-hoach-2015/"), "duoc-thay-the-boi") == []

    same_year = old_plan.replace("2015-02-01", "2023-06-01")
    (content / "van-ban" / "2015-02-01-ke-hoach-2015.md").write_text(same_year, encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        build_site(content, tmp_path / "output2", **SETTINGS)
    (problem,) = caught.value.problems
    assert problem.path.endswith("ke-hoach-2015.md") or problem.path.endswith("ke-hoach-thi-dua.md")
    assert "năm 2023 trùng với tệp content/van-ban/" in problem.message


def test_the_documents_category_page_leads_to_the_document_lists(site):
    links = [a["href"] for a in page(site, "chuyen-muc/van-ban/").select("main .listing-meta a")]
    assert "../../van-ban/" in links


def test_document_lists_are_in_the_sitemap(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("van-ban/", "van-ban/loai/ke-hoach/", "van-ban/co-quan/lien-doan-lao-dong-tinh-an-khang/"):
        assert f"/{url}</loc>" in sitemap
    assert "/van-ban/chi-thi/</loc>" in sitemap


def test_menu_leads_to_the_documents_list_and_home_news_leaves_documents_out(site):
    home = page(site, "")
    menu = {a.get_text(strip=True): a["href"] for a in home.select(".site-nav a")}
    assert menu["Văn bản"] == "./van-ban/"
    featured = home.select_one(".home__featured .featured__title").get_text(strip=True)
    latest = [a.get_text(strip=True) for a in home.select(".home__latest .article-list__title")]
    assert featured == "Tin thường"
    assert latest == ["Tin thường"]
