"""`make newpost`: a new draft in its category's folder that `make check` accepts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_CONTENT, settings_file

TITLE = "Đại hội Công đoàn cơ sở điểm: đổi mới, dân chủ, đoàn kết"


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of the sample content and a settings file pointing at it."""
    content = Path(shutil.copytree(SAMPLE_CONTENT, tmp_path / "content"))
    settings_file(tmp_path / "conf.py", content, NEWPOST_AUTHOR="Thu Hoài")
    return tmp_path


def run(site: Path, script: str, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "scripts" / script), "--settings", str(site / "conf.py")]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, cwd=site, check=False, env={"PATH": "/usr/bin"}
    )


def newpost(site: Path, title: str, category: str) -> subprocess.CompletedProcess:
    return run(site, "newpost.py", "--title", title, "--category", category)


def test_vietnamese_title_gives_ascii_slug_and_a_draft_check_accepts(site):
    made = newpost(site, TITLE, "Hoạt động Công đoàn")
    assert made.returncode == 0, made.stderr
    slug = "dai-hoi-cong-doan-co-so-diem-doi-moi-dan-chu-doan-ket"
    path = re.search(r"bản nháp\): (\S+)", made.stdout).group(1)
    assert re.fullmatch(rf"content/hoat-dong-cong-doan/\d{{4}}-\d{{2}}-\d{{2}}-{slug}\.md", path)
    assert f"http://localhost:8000/ban-nhap/{slug}/" in made.stdout
    text = (site / path).read_text(encoding="utf-8")
    header = dict(line.split(":", 1) for line in text.strip().split("\n"))
    assert header["Title"].strip() == TITLE
    assert re.fullmatch(r" \d{4}-\d{2}-\d{2} \d{2}:\d{2}", header["Date"])
    assert header["Category"].strip() == "Hoạt động Công đoàn"
    assert header["Slug"].strip() == slug and slug.isascii()
    assert header["Author"].strip() == "Thu Hoài"
    assert header["Summary"] == "" and header["Tags"] == ""
    assert header["Status"].strip() == "draft"

    checked = run(site, "check_content.py")
    assert checked.returncode == 0, checked.stdout
    assert "0 lỗi" in checked.stdout


def test_same_title_twice_gets_a_unique_slug(site):
    first = newpost(site, "Tết sum vầy", "Chăm lo đời sống người lao động")
    second = newpost(site, "Tết sum vầy", "Chăm lo đời sống người lao động")
    assert "/ban-nhap/tet-sum-vay/" in first.stdout
    assert "/ban-nhap/tet-sum-vay-2/" in second.stdout
    assert "content/cham-lo-doi-song/" in second.stdout


def test_category_typo_suggests_the_closest(site):
    made = newpost(site, "Bài mới", "Thi dua khen thuong")
    assert made.returncode == 1
    assert (
        "chuyên mục «Thi dua khen thuong» không có. Có phải ý bạn là «Thi đua - Khen thưởng»?" in made.stderr
    )
    assert "Traceback" not in made.stderr
    assert not list((site / "content").rglob("*bai-moi*"))
