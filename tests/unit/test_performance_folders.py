"""performance/folders.py: the previous output's page directories made ahead in the new output,
and those no page of the new build asked for removed again."""

from __future__ import annotations

import os
import subprocess
import sys

import performance.folders as folders
from performance.folders import FoldersAhead, folders_of, make_folders, remove_unasked

PAGES = [
    "2019/11/21/day-manh/index.html",
    "2019/11/21/index.html",
    "2019/11/21/nhin-lai/index.html",
    "index.html",
    "the/thi-dua/index.html",
]


def tree(root):
    """Every folder under root, relative, sorted."""
    return sorted(os.path.relpath(folder, root) for folder, _, _ in os.walk(root) if folder != str(root))


def test_every_folder_comes_once_and_after_its_parent():
    assert folders_of(PAGES) == [
        "2019",
        "2019/11",
        "2019/11/21",
        "2019/11/21/day-manh",
        "2019/11/21/nhin-lai",
        "the",
        "the/thi-dua",
    ]


def test_a_name_sorting_between_a_folder_and_its_children_keeps_parents_first(tmp_path):
    # "a-b" sorts between "a" and "a/c" ('-' comes before '/'): "a" still comes before "a/c".
    folders = folders_of(["a/c/index.html", "a-b/index.html"])
    assert folders == ["a", "a-b", "a/c"]
    assert len(make_folders(str(tmp_path), folders)) == 3  # each one's parent was there in time


def test_the_folders_are_made_and_only_the_new_ones_reported(tmp_path):
    (tmp_path / "2019").mkdir()
    made = make_folders(str(tmp_path), folders_of(PAGES))
    assert tree(tmp_path) == folders_of(PAGES)
    assert str(tmp_path / "2019") not in made and str(tmp_path / "the/thi-dua") in made


def test_a_removed_staging_folder_is_not_made_again(tmp_path):
    gone = tmp_path / "staging"
    assert make_folders(str(gone), folders_of(PAGES)) == []
    assert not gone.exists()


def test_only_the_empty_folders_no_page_asked_for_are_removed(tmp_path):
    made = make_folders(str(tmp_path), folders_of(PAGES))
    (tmp_path / "the/thi-dua/feed.xml").write_text("", encoding="utf-8")  # written by something else
    asked = {str(tmp_path / "2019/11/21/day-manh")}  # and so its parents
    assert remove_unasked(made, asked) == 1  # the deleted article's folder
    assert tree(tmp_path) == ["2019", "2019/11", "2019/11/21", "2019/11/21/day-manh", "the", "the/thi-dua"]


def test_the_folders_are_made_by_a_helper_and_the_unasked_ones_go_at_the_end(tmp_path):
    ahead = FoldersAhead(str(tmp_path), PAGES, min_folders=0)
    asked = {str(tmp_path / "2019/11/21/day-manh")}
    os.makedirs(*asked, exist_ok=True)  # as Pelican does while it queues: the helper may be there first
    assert ahead.finish(asked) == 3  # the/thi-dua, then "the" once it is empty, and nhin-lai
    assert tree(tmp_path) == ["2019", "2019/11", "2019/11/21", "2019/11/21/day-manh"]


def test_a_helper_that_fails_half_way_leaves_no_unasked_folder(tmp_path, monkeypatch):
    def failing(root, folders):
        make_folders(root, folders[:5])  # made some (nhin-lai too), then died
        return subprocess.Popen(
            [sys.executable, "-c", "raise SystemExit(1)"], stdout=subprocess.PIPE, text=True
        ), ""

    monkeypatch.setattr(folders, "start_helper", failing)
    ahead = FoldersAhead(str(tmp_path), PAGES, min_folders=0)
    assert ahead.finish({str(tmp_path / "2019/11/21/day-manh")}) == 1  # nhin-lai's, though unreported
    assert tree(tmp_path) == ["2019", "2019/11", "2019/11/21", "2019/11/21/day-manh"]


def test_few_folders_are_left_to_pelican(tmp_path):
    ahead = FoldersAhead(str(tmp_path), PAGES, min_folders=100)
    assert ahead.finish(set()) == 0 and tree(tmp_path) == []
