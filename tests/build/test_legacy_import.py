"""The import command end to end: files, images, report, re-runs, edits, and a real build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import build_site, page
from import_legacy import main
from legacy_pages import DECISION, LEGACY_SAMPLES, portal_page, saved_page_with_images
from vietnamese.encodings import to_windows_1258

CP1258_TITLE = "Công đoàn ngành Giáo dục trao học bổng cho con đoàn viên"


def cp1258_page() -> bytes:
    """A page saved by an old Windows portal in Windows-1258."""
    html = portal_page("Thứ Sáu, ngày 22 tháng 11 năm 2019 - 08:00").replace(
        "Hội nghị tổng kết phong trào thi đua năm 2019</h1>", CP1258_TITLE + "</h1>"
    )
    return to_windows_1258(html.replace('charset="utf-8"', 'charset="windows-1258"'))


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    """The three legacy samples, a saved page with images, a Windows-1258 page and a decision."""
    folder = tmp_path_factory.mktemp("sources")
    for sample in LEGACY_SAMPLES.glob("*.txt"):
        shutil.copy(sample, folder / sample.name)
    (folder / "quyet-dinh-125.txt").write_text(DECISION, encoding="utf-8")
    saved_page_with_images(folder / "hoi-nghi")
    (folder / "hoc-bong.htm").write_bytes(cp1258_page())
    return folder


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under folder (but the run's report) with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != "import-report.json"
    }


def mtimes_of(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def imported(sources, tmp_path_factory) -> Path:
    """The sources imported into content/tin-cu of a fresh site folder."""
    content = tmp_path_factory.mktemp("site") / "content"
    assert main([str(sources), "--out", str(content / "tin-cu")]) == 0
    return content / "tin-cu"


@pytest.fixture(scope="module")
def built(imported, tmp_path_factory) -> Path:
    """The imported articles built with the project's settings."""
    return build_site(imported.parent, tmp_path_factory.mktemp("built") / "output")


def report_of(folder: Path) -> dict:
    return json.loads((folder / "import-report.json").read_text(encoding="utf-8"))


def test_one_markdown_file_per_article_and_a_report(imported):
    articles = sorted(path.name for path in imported.glob("*.md"))
    assert len(articles) == 6
    report = report_of(imported)
    assert report["counts"]["written"] == 6
    by_output = {item["output"]: item for item in report["sources"]}
    assert set(by_output) == set(articles)
    vp = next(
        item for item in report["sources"] if item["source"].endswith("vp-ubnd-2012-phat-dong-thi-dua.txt")
    )
    assert vp["fields"]["author"] == {"value": "Thu Hoài", "confidence": "medium"}
    assert [w["code"] for w in vp["warnings"]] == ["uncertain_date", "category"]


def test_windows_1258_page_is_converted(imported):
    report = report_of(imported)
    item = next(item for item in report["sources"] if item["source"].endswith("hoc-bong.htm"))
    assert item["fields"]["title"]["value"] == CP1258_TITLE
    assert "encoding" in [w["code"] for w in item["warnings"]]
    text = (imported / item["output"]).read_text(encoding="utf-8")
    assert f"Title: {CP1258_TITLE}\n" in text


def test_saved_page_images_are_copied_beside_the_articles(imported):
    slug = "hoi-nghi-tong-ket-phong-trao-thi-dua-nam-2019"
    assert sorted(path.name for path in (imported / slug).iterdir()) == [
        "01-hoi-nghi.jpg",
        "02-khen-thuong.png",
    ]
    text = (imported / f"2019-11-21-{slug}.md").read_text(encoding="utf-8")
    assert (
        f'![Quang cảnh hội nghị]({{static}}{slug}/01-hoi-nghi.jpg "Quang cảnh hội nghị | Ảnh: Huy Dương")'
        in text
    )
    assert f'![Trao bằng khen]({{static}}{slug}/02-khen-thuong.png "Trao bằng khen cho các tập thể")' in text
    assert "Credits: Ảnh: Huy Dương\n" in text


def source_report(folder: Path, name: str) -> dict:
    """The report's entry for the source whose path ends with name."""
    return next(item for item in report_of(folder)["sources"] if item["source"].endswith(name))


def test_legacy_category_becomes_the_closest_known_one(imported):
    item = source_report(imported, "vp-ubnd-2012-phat-dong-thi-dua.txt")
    assert item["fields"]["category"] == {
        "value": "Hoạt động Công đoàn",
        "confidence": "medium",
        "legacy": "Hoạt động",
    }
    warning = next(w["message"] for w in item["warnings"] if w["code"] == "category")
    assert "«Hoạt động»" in warning and "«Hoạt động Công đoàn»" in warning
    assert "Category: Hoạt động Công đoàn\n" in (imported / item["output"]).read_text(encoding="utf-8")


def test_document_without_number_is_kept_as_a_draft(imported):
    item = source_report(imported, "cao-bang-2015-ke-hoach-thi-dua.txt")
    warning = next(w["message"] for w in item["warnings"] if w["code"] == "document_draft")
    assert warning.startswith("chưa có số, ký hiệu văn bản: bài được lưu ở dạng nháp")
    text = (imported / item["output"]).read_text(encoding="utf-8")
    assert "Status: draft\n" in text and "Category: Văn bản\n" in text and "DocType: Kế hoạch\n" in text
    assert "Tiếp tục thực hiện Kế hoạch số 01/KH-LĐLĐ" in text


def test_imported_files_pass_the_build(built, imported):
    article = page(built, "2019/11/21/hoi-nghi-tong-ket-phong-trao-thi-dua-nam-2019/")
    assert article.find("h1").get_text(strip=True) == "Hội nghị tổng kết phong trào thi đua năm 2019"
    images = article.select("main img")
    assert [img["alt"] for img in images] == ["Quang cảnh hội nghị", "Trao bằng khen"]
    base = built / "2019/11/21/hoi-nghi-tong-ket-phong-trao-thi-dua-nam-2019"
    assert all((base / img["src"]).resolve().is_file() for img in images)
    # The photos beside the article went through the image pipeline: figures, WebP, no GPS.
    figure = article.select_one(".article__body figure")
    assert figure.picture.source["type"] == "image/webp"
    assert figure.select_one(".figure__credit").get_text() == "Ảnh: Huy Dương"
    photo = built / "tin-cu/hoi-nghi-tong-ket-phong-trao-thi-dua-nam-2019/01-hoi-nghi.jpg"
    assert (base / images[0]["src"]).resolve() == photo.with_name("01-hoi-nghi.jpg.40.jpg")
    source = imported / "hoi-nghi-tong-ket-phong-trao-thi-dua-nam-2019/01-hoi-nghi.jpg"
    with Image.open(source) as copied:
        assert copied.getexif().get_ifd(0x8825)  # the imported copy still has its GPS...
    for published in photo.parent.iterdir():
        with Image.open(published) as image:
            assert not image.getexif(), published  # ...no published file has
    # The numbered decision, imported into tin-cu/, is a document (its category decides).
    decision = page(built, "van-ban/quyet-dinh-khen-thuong-cac-tap-the-co-thanh-tich-xuat-sac/")
    assert "125/QĐ-LĐLĐ" in decision.find("main").get_text()
    assert "125/QĐ-LĐLĐ" in page(built, "van-ban/").find("main").get_text()
    # The plan without a number is a draft: not published until an editor adds one.
    assert not list(built.rglob("ke-hoach-thuc-hien-chi-thi-so-08-*"))
    old = page(built, "2012/01/04/cong-doan-co-so-van-phong-ubnd-tinh-phat-dong-phong-trao-thi-dua-nam/")
    assert "Thu Hoài" in old.find("main").get_text()
    assert not article.find("script", src=False)


def test_reimport_writes_nothing(imported, sources, capsys):
    before, times = files_of(imported), mtimes_of(imported)
    assert main([str(sources), "--out", str(imported)]) == 0
    assert files_of(imported) == before
    assert {name: t for name, t in mtimes_of(imported).items() if name != "import-report.json"} == {
        name: t for name, t in times.items() if name != "import-report.json"
    }
    assert report_of(imported)["counts"]["unchanged"] == 6
    assert "0 đã ghi, 6 không đổi" in capsys.readouterr().out


def test_edited_file_is_kept_unless_forced(sources, tmp_path):
    out = tmp_path / "tin-cu"
    sample = sources / "vp-ubnd-2012-phat-dong-thi-dua.txt"
    assert main([str(sample), "--out", str(out)]) == 0
    target = next(out.glob("*.md"))
    edited = target.read_text(encoding="utf-8").replace("Author: Thu Hoài", "Author: Nguyễn Thu Hoài")
    target.write_text(edited, encoding="utf-8")
    assert main([str(sample), "--out", str(out)]) == 0
    assert target.read_text(encoding="utf-8") == edited
    assert report_of(out)["sources"][0]["status"] == "edited"
    assert main([str(sample), "--out", str(out), "--force"]) == 0
    assert "Author: Thu Hoài\n" in target.read_text(encoding="utf-8")


def test_same_title_gets_distinct_stable_slugs(tmp_path):
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "a.html").write_text(portal_page("21/11/2019 09:25"), encoding="utf-8")
    (sources / "b.html").write_text(portal_page("21/11/2020 09:25"), encoding="utf-8")
    out = tmp_path / "tin-cu"
    assert main([str(sources), "--out", str(out)]) == 0
    names = sorted(path.name for path in out.glob("*.md"))
    assert names[0] == "2019-11-21-hoi-nghi-tong-ket-phong-trao-thi-dua-nam-2019.md"
    assert names[1].startswith("2020-11-21-hoi-nghi-tong-ket-phong-trao-thi-dua-nam-2019-")
    first = files_of(out)
    shutil.rmtree(out)
    assert main([str(sources), "--out", str(out)]) == 0
    assert files_of(out) == first


def test_unreadable_sources_are_reported_and_others_imported(tmp_path, capsys):
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "tcvn3.txt").write_bytes("C«ng ®oµn ViÖt Nam ph¸t ®éng phong trµo thi ®ua".encode("cp1252"))
    (sources / "menu.html").write_text("<html><body><ul class='menu'><li>Trang chủ</li></ul></body></html>")
    shutil.copy(LEGACY_SAMPLES / "cao-bang-2015-phoi-hop-thi-dua.txt", sources)
    assert main([str(sources), "--out", str(tmp_path / "out")]) == 1
    printed = capsys.readouterr().out
    assert "tcvn3.txt: lỗi" in printed and "TCVN3" in printed
    assert "menu.html: bỏ qua" in printed and "không nhận ra bài viết" in printed
    assert len(list((tmp_path / "out").glob("*.md"))) == 1


def test_missing_source_is_a_vietnamese_error(tmp_path, capsys):
    assert main([str(tmp_path / "khong-co"), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert "khong-co: không có tệp hay thư mục này" in error
    assert "Traceback" not in error


def test_page_saved_again_with_changes_updates_its_article(tmp_path):
    source = tmp_path / "src" / "trang.html"
    source.parent.mkdir()
    source.write_text(portal_page(), encoding="utf-8")
    out = tmp_path / "tin-cu"
    assert main([str(source), "--out", str(out)]) == 0
    source.write_text(portal_page().replace("Thu Hoài", "Minh Anh"), encoding="utf-8")
    assert main([str(source), "--out", str(out)]) == 0
    articles = list(out.glob("*.md"))
    assert len(articles) == 1
    assert "Author: Minh Anh\n" in articles[0].read_text(encoding="utf-8")
    assert len(json.loads((out / ".import-manifest.json").read_text(encoding="utf-8"))["sources"]) == 1


def test_unknown_category_option_is_a_vietnamese_error(tmp_path, capsys):
    sample = LEGACY_SAMPLES / "vp-ubnd-2012-phat-dong-thi-dua.txt"
    assert main([str(sample), "--out", str(tmp_path / "out"), "--category", "Tin tuc su kien"]) == 2
    error = capsys.readouterr().err
    assert "chuyên mục «Tin tuc su kien» không có" in error and "«Tin tức - Sự kiện»" in error
    assert not (tmp_path / "out").exists()


def test_categories_come_from_the_given_settings(tmp_path):
    settings = tmp_path / "khac.py"
    settings.write_text(
        'CATEGORIES = ["Tin tức", "Văn bản"]\nDEFAULT_CATEGORY = "Tin tức"\n', encoding="utf-8"
    )
    sample = LEGACY_SAMPLES / "vp-ubnd-2012-phat-dong-thi-dua.txt"
    out = tmp_path / "out"
    assert main([str(sample), "--out", str(out), "--settings", str(settings)]) == 0
    assert "Category: Tin tức\n" in next(out.glob("*.md")).read_text(encoding="utf-8")
    warning = next(w["message"] for w in report_of(out)["sources"][0]["warnings"] if w["code"] == "category")
    assert "chuyên mục cũ «Hoạt động» không có trên trang mới; bài được xếp vào «Tin tức»" in warning
