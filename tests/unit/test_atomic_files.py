"""Files written in one step (plugins/atomic_files.py)."""

from __future__ import annotations

import os

import pytest
from atomic_files import write_new_text, write_text_atomically


def test_the_file_is_replaced_whole_and_no_partial_file_stays(tmp_path):
    target = tmp_path / "render-keys.json"
    target.write_text("cũ", encoding="utf-8")
    write_text_atomically(target, '{"khóa": "mới"}')
    assert target.read_text(encoding="utf-8") == '{"khóa": "mới"}'
    assert [path.name for path in tmp_path.iterdir()] == ["render-keys.json"]


def test_a_write_that_fails_leaves_the_previous_file_as_it_was(tmp_path):
    target = tmp_path / "source-stamps.json"
    target.write_text("trước", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomically(target, "nửa \udc80")  # cannot be encoded: the write stops halfway
    assert target.read_text(encoding="utf-8") == "trước"
    assert [path.name for path in tmp_path.iterdir()] == ["source-stamps.json"]


def test_a_new_file_is_written_under_its_name_without_a_temporary_one(tmp_path):
    target = tmp_path / "khoa.json"
    write_new_text(target, '{"tiêu đề": "Hội nghị"}')
    assert target.read_text(encoding="utf-8") == '{"tiêu đề": "Hội nghị"}'
    assert [path.name for path in tmp_path.iterdir()] == ["khoa.json"]


def test_a_stopped_builds_file_is_replaced_not_written_into(tmp_path):
    """The old file may be a hard link of a page of the output: that page keeps its bytes."""
    published, left = tmp_path / "published.json", tmp_path / "khoa.json"
    published.write_text("bản đang đăng", encoding="utf-8")
    os.link(published, left)
    write_new_text(left, "bản mới")
    assert left.read_text(encoding="utf-8") == "bản mới"
    assert published.read_text(encoding="utf-8") == "bản đang đăng"
