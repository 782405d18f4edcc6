"""The Markdown reader keeps one Markdown between files: no file's state may reach the next."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT
from content_guard.reader import CheckedMarkdownReader
from images import start_catalog
from sitebuild import load_settings

# Footnotes, an abbreviation, a heading the next file repeats (its id must not become
# "ket-qua_1") and an image that is not there (a problem of this file only). No Summary:
# Pelican resets the Markdown before it converts one, which would hide a missing reset.
FIRST = """Title: Tổng kết phong trào thi đua
Date: 2024-01-15 08:00
Category: Tin tức - Sự kiện

## Kết quả

Công đoàn (CĐ) khen thưởng 20 tập thể[^1].

![Ảnh hội nghị](khong-co-anh-nay.jpg)

*[CĐ]: Công đoàn

[^1]: Theo Quyết định số 12/QĐ-LĐLĐ.
"""

# The same heading, a footnote mark and the abbreviation without their definitions here;
# a Summary: (Pelican converts it with the same Markdown, without the header's reader).
SECOND = """Title: Hội thao công nhân
Date: 2024-02-01 07:30
Category: Hoạt động Công đoàn
Tags: thể thao
Summary: Giải **bóng đá** công nhân.

## Kết quả

CĐ cơ sở đạt giải nhất[^1].
"""


@pytest.fixture
def settings(tmp_path: Path) -> dict:
    """pelicanconf's settings at a temp content folder, with the images plugin's Markdown extension."""
    content = tmp_path / "content"
    (content / "tin-tuc").mkdir(parents=True)
    (content / "tin-tuc" / "tong-ket.md").write_text(FIRST, encoding="utf-8")
    (content / "tin-tuc" / "hoi-thao.md").write_text(SECOND, encoding="utf-8")
    settings = load_settings(
        ROOT / "pelicanconf.py",
        {
            "PATH": str(content),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "CACHE_PATH": str(tmp_path / "cache"),
        },
    )
    start_catalog(SimpleNamespace(settings=settings))
    return settings


def read_fresh(settings: dict, path: Path) -> tuple:
    """(html, metadata, problems) from a reader that has read nothing before."""
    reader = CheckedMarkdownReader(settings)
    html, metadata = reader.read(str(path))
    return html, metadata, reader.problems


def test_one_reader_reads_each_file_as_a_fresh_reader_does(settings):
    content = Path(settings["PATH"]) / "tin-tuc"
    reader = CheckedMarkdownReader(settings)
    seen = []
    for name in ("tong-ket.md", "hoi-thao.md", "tong-ket.md"):
        known = len(reader.problems)
        html, metadata = reader.read(str(content / name))
        seen.append(reader._md)
        assert (html, metadata, reader.problems[known:]) == read_fresh(settings, content / name), name
    assert seen[0] is seen[1] is seen[2]  # the Markdown was reused, not made again
    first, second = (read_fresh(settings, content / name) for name in ("tong-ket.md", "hoi-thao.md"))
    # What each file must not lend the next: its footnotes, abbreviation, heading ids, problem.
    assert 'class="footnote"' in first[0] and "<abbr" in first[0] and len(first[2]) == 1
    assert 'class="footnote"' not in second[0] and "<abbr" not in second[0] and second[2] == []
    assert 'id="ket-qua"' in second[0]
    assert "summary" not in first[1] and "<strong>bóng đá</strong>" in second[1]["summary"]
