"""A file put at a second place (plugins/hard_links.py)."""

from __future__ import annotations

import os

import pytest
from hard_links import link_or_copy


def test_a_file_is_linked_and_a_file_already_there_is_never_written_into(tmp_path):
    cached, kept = tmp_path / "cached.html", tmp_path / "kept.html"
    cached.write_text("trang mới", encoding="utf-8")
    kept.write_text("trang cũ", encoding="utf-8")
    link_or_copy(cached, tmp_path / "new.html")
    assert os.path.samefile(cached, tmp_path / "new.html")
    linked_to_old = tmp_path / "output.html"
    os.link(kept, linked_to_old)  # a page of the output, linked to the previous output's
    with pytest.raises(FileExistsError):
        link_or_copy(cached, linked_to_old)
    assert kept.read_text(encoding="utf-8") == "trang cũ"
    with pytest.raises(FileNotFoundError):
        link_or_copy(tmp_path / "missing.html", tmp_path / "other.html")
