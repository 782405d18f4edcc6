"""Writes skipped on a rebuild whose site digest is unchanged (plugins/performance/shortcut.py)."""

from __future__ import annotations

import os
from types import SimpleNamespace

from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from performance.shortcut import (
    KeptPageLinker,
    Shortcut,
    SkippedWrite,
    recorded_calls,
    same_sources,
    stop_unfinished_linkers,
)

CONTEXT: dict = {}


def article(path):
    item = Article("<p>Nội dung.</p>", metadata={"title": "Tin"}, settings=DEFAULT_CONFIG, context={})
    item.relative_source_path = path
    return item


def shortcut(changed=()):
    calls = {"a/index.html": ["a/index.html"], "list.html": ["list.html", "trang-2/list.html"], "twice": None}
    keys = {"a/index.html": "k1", "list.html": "k2", "trang-2/list.html": "k3"}
    return Shortcut(CONTEXT, calls, keys, set(changed), site="base")


def test_a_write_made_last_time_with_no_changed_text_is_skipped_with_all_its_pages():
    assert shortcut().skipped_pages("list.html", CONTEXT, {"articles": [article("x.md")]}) == [
        "list.html",
        "trang-2/list.html",
    ]
    assert shortcut(changed={"b.md"}).skipped_pages(
        "a/index.html", CONTEXT, {"article": article("a.md")}
    ) == ["a/index.html"]


def test_a_write_is_queued_when_its_page_could_differ():
    changed = shortcut(changed={"a.md"})
    assert changed.skipped_pages("a/index.html", CONTEXT, {"article": article("a.md")}) is None
    assert changed.skipped_pages("a/index.html", {}, {}) is None  # another context (a copy)
    assert changed.skipped_pages("new.html", CONTEXT, {}) is None  # not written last time
    assert changed.skipped_pages("twice", CONTEXT, {}) is None  # written twice, or overridden
    short = Shortcut(CONTEXT, {"a/index.html": ["a/index.html", "b.html"]}, {"a/index.html": "k"}, set(), "s")
    assert short.skipped_pages("a/index.html", CONTEXT, {}) is None  # a page without a key


def test_the_record_names_each_writes_pages_and_none_for_a_write_overridden_later():
    kept = SimpleNamespace(name="a.html", skipped=False)
    overridden = SimpleNamespace(name="b.html", skipped=True)
    assert recorded_calls({"a": [kept], "b": [kept, overridden], "c": None, "d": []}) == {
        "a": ["a.html"],
        "b": None,
        "c": None,
        "d": [],
    }


def test_the_sources_must_be_those_the_record_names():
    contents = [article("a.md"), article("b.md")]
    assert same_sources(contents, {"a.md": "1", "b.md": "2"})
    assert not same_sources(contents, {"a.md": "1"})
    assert not same_sources(contents, {"a.md": "1", "c.md": "2"})
    assert not same_sources(contents, None)


def test_a_write_with_a_page_missing_from_the_previous_output_leaves_nothing_linked(tmp_path):
    previous, output = tmp_path / "previous", tmp_path / "output"
    (previous / "a").mkdir(parents=True)
    (previous / "a" / "index.html").write_text("cũ", encoding="utf-8")
    names = ["a/index.html", "b/index.html"]
    for name in names:  # the writer makes a skipped write's folders as Pelican would
        (output / name).parent.mkdir(parents=True)
    write = SkippedWrite("a/index.html", names, None, CONTEXT, {}, {})
    write.paths = [str(output / name) for name in names]
    assert write.link(str(previous)) is False
    assert not (output / "a" / "index.html").exists()  # a replay renders it: never into the old inode
    (previous / "b").mkdir()
    (previous / "b" / "index.html").write_text("cũ", encoding="utf-8")
    assert write.link(str(previous)) is True
    assert os.path.samefile(output / "b" / "index.html", previous / "b" / "index.html")


def test_the_linker_links_writes_as_they_come_and_a_write_composed_after_all_loses_its_links(tmp_path):
    previous, output = tmp_path / "previous", tmp_path / "output"
    writes = []
    for name in ("a", "b", "c"):
        (previous / name).mkdir(parents=True)
        (previous / name / "index.html").write_text(f"cũ {name}", encoding="utf-8")
        (output / name).mkdir(parents=True)
        write = SkippedWrite(f"{name}/index.html", [f"{name}/index.html"], None, CONTEXT, {}, {})
        write.paths = [str(output / name / "index.html")]
        writes.append(write)
    (output / "c" / "index.html").write_text("a page already there", encoding="utf-8")
    linker = KeptPageLinker(str(previous))
    for write in writes:
        linker.add(write)
    linker.finish()
    assert [write.linked for write in writes] == [True, True, False]
    assert os.path.samefile(output / "a" / "index.html", previous / "a" / "index.html")
    assert (output / "c" / "index.html").read_text(encoding="utf-8") == "a page already there"
    writes[1].unlink()  # to be rendered: its file must not be the previous output's
    assert not (output / "b" / "index.html").exists() and not writes[1].linked
    assert (previous / "b" / "index.html").read_text(encoding="utf-8") == "cũ b"


def test_a_kept_page_whose_folder_is_not_made_yet_gets_it(tmp_path):
    """The writer leaves a skipped write's folder to the linker (most are made ahead)."""
    previous, output = tmp_path / "previous", tmp_path / "output"
    (previous / "2019" / "11" / "21" / "tin").mkdir(parents=True)
    (previous / "2019" / "11" / "21" / "tin" / "index.html").write_text("cũ", encoding="utf-8")
    output.mkdir()
    name = "2019/11/21/tin/index.html"
    write = SkippedWrite(name, [name], None, CONTEXT, {}, {})
    write.paths = [str(output / name)]
    assert write.link(str(previous)) is True
    assert os.path.samefile(output / name, previous / name)
    missing = SkippedWrite("x/index.html", ["x/index.html"], None, CONTEXT, {}, {})
    missing.paths = [str(output / "x" / "index.html")]
    assert missing.link(str(previous)) is False and not (output / "x").exists()


def test_a_linker_left_waiting_by_a_failed_build_ends_when_the_next_build_starts():
    linker = KeptPageLinker("/no/previous/output")
    linker.add(SkippedWrite("a.html", [], None, CONTEXT, {}, {}))  # never finished: the build failed
    stop_unfinished_linkers()
    assert not linker.thread.is_alive()
