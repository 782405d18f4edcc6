"""A build says its phases and how many pages of how many it has written."""

from __future__ import annotations

import re
import subprocess

from building import sitebuild_command
from conftest import FIXTURE_CONTENT


def test_a_build_reports_each_phase_and_every_page_written(tmp_path):
    result = subprocess.run(
        sitebuild_command(FIXTURE_CONTENT, tmp_path / "output"), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    said = " ".join((result.stdout + result.stderr).split())
    sources = len([p for p in FIXTURE_CONTENT.rglob("*") if p.suffix == ".md"])
    assert f"Đọc nội dung: {sources} tệp bài viết và trang…" in said
    written = re.search(r"Ghi trang: (\d+)/(\d+) bài viết và trang, (\d+) trang danh sách", said)
    assert written and written.group(1) == written.group(2) and int(written.group(3)) > 0
    assert "Lập chỉ mục tìm kiếm" in said
    assert said.index("Đọc nội dung") < said.index("Ghi trang") < said.index("Lập chỉ mục tìm kiếm")
