"""Fingerprints kept from the previous build (plugins/performance/fingerprint_memo.py)."""

from __future__ import annotations

from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from performance import fingerprint_memo
from performance.render_keys import Fingerprinter

STAMP = bytes(16)
# Longer than a summary (50 words): an edit of its end leaves the summary lists show as it was.
LONG = "<p>" + " ".join(["công đoàn"] * 40) + "</p>"


def article(path, text=LONG, title="Tin"):
    item = Article(text, metadata={"title": title}, settings=DEFAULT_CONFIG, context={})
    item.relative_source_path = path
    item.source_path = f"/site/content/{path}"
    return item


def record_of(contents, sources):
    prints = Fingerprinter()
    found = [(prints.of(item), prints.of_page_variable(item)) for item in contents]
    return {
        fingerprint_memo.RECORD_KEY: fingerprint_memo.memo_record(STAMP, contents, found, sources),
        "texts": {
            item.relative_source_path: with_text.hex()
            for item, (_, with_text) in zip(contents, found, strict=True)
        },
    }


def test_only_files_with_their_recorded_sha256_keep_their_fingerprints():
    contents = [article("a.md"), article("b.md"), article("c.md")]
    sources = {"/site/content/a.md": "aa", "/site/content/b.md": "bb"}  # c.md: saved just now
    record = record_of(contents, sources)
    split = fingerprint_memo.split_contents(record, STAMP, contents, {**sources, "/site/content/b.md": "b2"})
    assert [item.relative_source_path for item in split.unchanged] == ["a.md"]
    assert [item.relative_source_path for item in split.changed] == ["b.md", "c.md"]


def test_nothing_is_kept_under_another_stamp_or_without_a_memo():
    contents = [article("a.md")]
    record = record_of(contents, {"/site/content/a.md": "aa"})
    assert (
        fingerprint_memo.split_contents(record, bytes([1]) * 16, contents, {"/site/content/a.md": "aa"})
        is None
    )
    assert fingerprint_memo.split_contents({}, STAMP, contents, {}) is None


def test_the_memo_serves_only_when_the_changed_files_differ_in_their_text_alone():
    before = [article("a.md"), article("b.md")]
    record = record_of(before, {"/site/content/a.md": "aa", "/site/content/b.md": "bb"})
    sources = {"/site/content/a.md": "aa", "/site/content/b.md": "b2"}
    text_edit = [article("a.md"), article("b.md", text=LONG + "<p>Đoạn thêm.</p>")]
    split = fingerprint_memo.split_contents(record, STAMP, text_edit, sources)
    prints = Fingerprinter()
    assert fingerprint_memo.only_texts_changed(prints, split)
    fingerprint_memo.adopt_recorded(prints, split, record["texts"], {})
    assert prints.of(text_edit[0]).hex() == record[fingerprint_memo.RECORD_KEY]["contents"]["a.md"][1]
    title_edit = [article("a.md"), article("b.md", title="Tin đã sửa")]
    split = fingerprint_memo.split_contents(record, STAMP, title_edit, sources)
    assert not fingerprint_memo.only_texts_changed(Fingerprinter(), split)
