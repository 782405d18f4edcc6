"""The fast path (a rebuild that reuses the caches of the previous build) gives exactly what a
clean build gives, after an edit, an addition and a deletion (issue 9)."""

from __future__ import annotations

import os
import shutil
import subprocess

import performance.writer as page_writer
import pytest
from performance.folders import FoldersAhead

from building import sitebuild_command, tree_folders, tree_hashes
from conftest import FIXTURE_CONTENT, build_site

EDITED = "tin-tuc/2019-11-21-day-manh-phong-trao.md"
DELETED = "tin-tuc/2019-12-31-nhin-lai-nam-2019.md"
ADDED = "tin-tuc/2019-11-22-bai-moi-them.md"
# The fast path: unchanged pages kept from the previous output, the rest rendered in two
# processes (even for the fixture's few pages). The clean build: one process, nothing kept.
# The previous output's folders are made ahead even for the fixture's few, and the rebuild
# fingerprints the contents in a child while the pages are queued.
FAST = {"WORKERS": 2, "PARALLEL_MIN_PAGES": 0, "PARALLEL_MIN_FOLDERS": 0}
SLOW = {"WORKERS": 1, "REUSE_PAGES": False}


def edit(content):
    """Change an article's title, tags and body (neighbours, lists and tags show it)."""
    path = content / EDITED
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "Title: Đẩy mạnh phong trào thi đua cuối năm", "Title: Đẩy mạnh thi đua những tháng cuối năm"
    )
    text = text.replace("Tags: thi đua, đoàn viên", "Tags: thi đua, an toàn lao động")
    path.write_text(text + "\nĐoạn mới: công đoàn cơ sở hưởng ứng sôi nổi.\n", encoding="utf-8")


def edit_text(content):
    """Change only the end of an article's text: its page is rendered again, the lists are kept."""
    path = content / EDITED
    path.write_text(
        path.read_text(encoding="utf-8") + "\nĐoạn cuối thêm vào sau khi đăng.\n", encoding="utf-8"
    )


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
    build_site(content, root / "warm", CACHE_PATH=str(root / "cache"), PERFORMANCE=FAST)
    return root


@pytest.mark.parametrize(
    "change", [edit_text, edit, add, delete], ids=["text-edit", "edit", "addition", "deletion"]
)
def test_rebuild_with_the_caches_equals_a_clean_build(warm, change, tmp_path, monkeypatch):
    removed = []
    finish = FoldersAhead.finish
    monkeypatch.setattr(FoldersAhead, "finish", lambda self, asked: removed.append(finish(self, asked)))
    monkeypatch.setattr(page_writer, "EARLY_MIN_CONTENTS", 0)
    content = warm / "content"
    change(content)
    fast_output = build_site(content, warm / "warm", CACHE_PATH=str(warm / "cache"), PERFORMANCE=FAST)
    monkeypatch.undo()
    clean_root = tmp_path / "clean"
    clean_content = shutil.copytree(content, clean_root / "content")  # its own, empty caches
    clean_output = build_site(
        clean_content, clean_root / "output", CACHE_PATH=str(clean_root / "cache"), PERFORMANCE=SLOW
    )
    fast, clean = tree_hashes(fast_output), tree_hashes(clean_output)
    assert fast.keys() == clean.keys()
    assert [name for name in fast if fast[name] != clean[name]] == []
    assert tree_folders(fast_output) == tree_folders(clean_output)
    # The deleted article's folder, its day's and its month's (it was December's only article)
    # were made ahead from the previous output, then removed.
    assert removed == ([3] if change is delete else [0])


def test_articles_of_the_same_minute_come_out_in_the_same_order_in_every_process(tmp_path):
    """Pelican reads files in a set's order (it changes with Python's hash seed)."""
    content = shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    for number in range(6):
        (content / "tin-tuc" / f"2019-11-23-cung-phut-{number}.md").write_text(
            f"Title: Tin cùng phút số {number}\nDate: 2019-11-23 08:00\n"
            "Category: Tin tức - Sự kiện\n\nNội dung.\n",
            encoding="utf-8",
        )
    trees = []
    for seed in ("1", "2", "3"):
        output = tmp_path / f"output-{seed}"
        command = sitebuild_command(content, output)
        result = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}
        )
        assert result.returncode == 0, result.stderr
        trees.append(tree_hashes(output))
    assert trees[0] == trees[1] == trees[2]
