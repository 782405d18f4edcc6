"""The fast path (a rebuild that reuses the caches of the previous build) gives exactly what a
clean build gives, after an edit, an addition and a deletion (issue 9)."""

from __future__ import annotations

import shutil

import pytest

from building import tree_hashes
from conftest import FIXTURE_CONTENT, build_site

EDITED = "tin-tuc/2019-11-21-day-manh-phong-trao.md"
DELETED = "tin-tuc/2019-12-31-nhin-lai-nam-2019.md"
ADDED = "tin-tuc/2019-11-22-bai-moi-them.md"


def edit(content):
    """Change an article's title, tags and body (neighbours, lists and tags show it)."""
    path = content / EDITED
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "Title: Đẩy mạnh phong trào thi đua cuối năm", "Title: Đẩy mạnh thi đua những tháng cuối năm"
    )
    text = text.replace("Tags: thi đua, đoàn viên", "Tags: thi đua, an toàn lao động")
    path.write_text(text + "\nĐoạn mới: công đoàn cơ sở hưởng ứng sôi nổi.\n", encoding="utf-8")


def add(content):
    """A new article on a day that already has news."""
    (content / ADDED).write_text(
        "Title: Bài mới thêm vào giữa tháng\nDate: 2019-11-22 10:00\nCategory: Hoạt động Công đoàn\n"
        "Tags: đoàn viên\n\nNội dung bài mới về Mái ấm Công đoàn.\n",
        encoding="utf-8",
    )


def delete(content):
    """An article removed (its page, its day's archive entry and its neighbours' links go)."""
    (content / DELETED).unlink()


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """A copy of the fixture content, built once so every cache is filled."""
    root = tmp_path_factory.mktemp("fast-path")
    content = shutil.copytree(FIXTURE_CONTENT, root / "content")
    build_site(content, root / "warm", CACHE_PATH=str(root / "cache"))
    return root


@pytest.mark.parametrize("change", [edit, add, delete], ids=["edit", "addition", "deletion"])
def test_rebuild_with_the_caches_equals_a_clean_build(warm, change, tmp_path):
    content = warm / "content"
    change(content)
    fast = tree_hashes(build_site(content, warm / "warm", CACHE_PATH=str(warm / "cache")))
    clean_root = tmp_path / "clean"
    clean_content = shutil.copytree(content, clean_root / "content")  # its own, empty caches
    clean = tree_hashes(
        build_site(clean_content, clean_root / "output", CACHE_PATH=str(clean_root / "cache"))
    )
    assert fast.keys() == clean.keys()
    assert [name for name in fast if fast[name] != clean[name]] == []
