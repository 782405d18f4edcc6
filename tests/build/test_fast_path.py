"""The fast path (a rebuild that reuses the caches of the previous build) gives exactly what a
clean build gives, after an edit, an addition and a deletion (issue 9)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace

import performance.writer as page_writer
import pytest
from performance import file_stamps, fingerprint_memo
from performance.folders import FoldersAhead

import sitebuild
from building import no_leftovers_soon, sitebuild_command, tree_folders, tree_hashes, without_reusable_folders
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
    without_reusable_folders(warm)  # every folder made ahead, or by Pelican (the reused: below)
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


def test_a_rebuild_into_the_old_outputs_folders_equals_a_clean_build(tmp_path, monkeypatch):
    """The output before the last, emptied of its files, is the next build's folder: an
    article deleted since leaves no empty folder, an article added has its folder."""
    content = shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "PERFORMANCE": FAST}
    build_site(content, tmp_path / "output", **settings)
    build_site(content, tmp_path / "output", **settings)  # the first output is emptied for reuse
    assert no_leftovers_soon(tmp_path)
    reused = []
    staging_folder = sitebuild.staging_folder
    monkeypatch.setattr(
        sitebuild, "staging_folder", lambda *given: reused.append(staging_folder(*given)) or reused[-1]
    )
    delete(content)
    add(content)
    edit(content)
    fast_output = build_site(content, tmp_path / "output", **settings)
    monkeypatch.undo()
    assert len(reused[0][1]) > 20, "the build did not start from the old output's folders"
    clean_content = shutil.copytree(content, tmp_path / "clean" / "content")
    clean_output = build_site(
        clean_content,
        tmp_path / "clean" / "output",
        CACHE_PATH=str(tmp_path / "clean" / "cache"),
        PERFORMANCE=SLOW,
    )
    fast, clean = tree_hashes(fast_output), tree_hashes(clean_output)
    assert fast.keys() == clean.keys()
    assert [name for name in fast if fast[name] != clean[name]] == []
    assert tree_folders(fast_output) == tree_folders(clean_output)


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


def composed_pages(monkeypatch):
    """The names of the pages Pelican composes (queues) in the next build, and the writes skipped."""
    composed, skipped = [], []
    queue = page_writer.ParallelWriter._open_w
    skip = page_writer.ParallelWriter.skip

    def counting_open(writer, filename, *args, **kwargs):
        if writer.awaiting is not None:
            composed.append(os.path.relpath(filename, writer.output_path))
        return queue(writer, filename, *args, **kwargs)

    def counting_skip(writer, write):
        skipped.append(write.name)
        return skip(writer, write)

    monkeypatch.setattr(page_writer.ParallelWriter, "_open_w", counting_open)
    monkeypatch.setattr(page_writer.ParallelWriter, "skip", counting_skip)
    return composed, skipped


@pytest.fixture
def rebuilt(tmp_path):
    """A copy of the fixture content built twice (the second build records what the shortcut needs
    as any rebuild would)."""
    content = shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    for _ in range(2):
        build_site(content, tmp_path / "output", CACHE_PATH=str(tmp_path / "cache"), PERFORMANCE=FAST)
    return tmp_path


def clean_build_of(content, root):
    """The same content built from nothing, in one process, nothing kept."""
    clean = shutil.copytree(content, root / "clean-content")
    return build_site(clean, root / "clean", CACHE_PATH=str(root / "clean-cache"), PERFORMANCE=SLOW)


def test_a_text_edit_composes_only_the_pages_that_show_the_text(rebuilt, monkeypatch):
    """The site digest is unchanged: Pelican is not asked to compose the lists, archives and other
    articles again, their files are linked as they were (issue 9: a one-article edit)."""
    composed, skipped = composed_pages(monkeypatch)
    edit_text(rebuilt / "content")
    output = build_site(
        rebuilt / "content", rebuilt / "output", CACHE_PATH=str(rebuilt / "cache"), PERFORMANCE=FAST
    )
    monkeypatch.undo()
    assert "2019/11/21/day-manh-phong-trao/index.html" in composed
    assert "index.html" not in composed and "2019/11/index.html" not in composed
    assert len(composed) <= 2  # the article, and 404.html (written from a copy of the context)
    assert len(skipped) > 20
    clean = clean_build_of(rebuilt / "content", rebuilt)
    assert tree_hashes(output) == tree_hashes(clean)
    assert tree_folders(output) == tree_folders(clean)


def test_a_title_edit_composes_every_page_again(rebuilt, monkeypatch):
    composed, skipped = composed_pages(monkeypatch)
    edit(rebuilt / "content")
    build_site(rebuilt / "content", rebuilt / "output", CACHE_PATH=str(rebuilt / "cache"), PERFORMANCE=FAST)
    assert skipped == [] and "index.html" in composed


def test_a_kept_page_missing_from_the_previous_output_is_composed_and_written_again(rebuilt, monkeypatch):
    """A file deleted by hand in output/ (the folder itself is the same): its write is queued after all."""
    output = rebuilt / "output"
    (output / "2019" / "12" / "index.html").unlink()
    composed, skipped = composed_pages(monkeypatch)
    edit_text(rebuilt / "content")
    build_site(rebuilt / "content", output, CACHE_PATH=str(rebuilt / "cache"), PERFORMANCE=FAST)
    monkeypatch.undo()
    assert skipped and "2019/12/index.html" in composed
    clean = clean_build_of(rebuilt / "content", rebuilt)
    assert tree_hashes(output) == tree_hashes(clean)


def recorded_fingerprints(cache):
    """The contents' fingerprints a build recorded for the next one (fingerprint_memo.py)."""
    record = json.loads((cache / page_writer.KEYS_FILE).read_text(encoding="utf-8"))
    return {path: entry[1] for path, entry in record[fingerprint_memo.RECORD_KEY]["contents"].items()}


@pytest.mark.parametrize("change", [edit_text, edit], ids=["text-edit", "title-edit"])
def test_fingerprints_kept_from_the_previous_build_are_those_a_walk_gives(change, tmp_path, monkeypatch):
    """A rebuild walks only the article whose file changed and takes the others' recorded
    fingerprints (only when its edit is to the text); they are those of walking every article,
    and the site is the clean build's."""
    monkeypatch.setattr(file_stamps, "STABLE_NS", 0)  # the fixture's files were written just now
    content = shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    cache = tmp_path / "cache"
    for _ in range(2):  # the second build records each file's sha256 with its fingerprint
        build_site(content, tmp_path / "output", CACHE_PATH=str(cache), PERFORMANCE=FAST)
    splits = []
    adopt = fingerprint_memo.adopt_recorded
    monkeypatch.setattr(
        fingerprint_memo,
        "adopt_recorded",
        lambda prints, split, *rest: splits.append(split) or adopt(prints, split, *rest),
    )
    change(content)
    output = build_site(content, tmp_path / "output", CACHE_PATH=str(cache), PERFORMANCE=FAST)
    kept = recorded_fingerprints(cache)
    if change is edit_text:
        assert [item.relative_source_path for split in splits for item in split.changed] == [EDITED]
        assert len(splits[0].unchanged) == len(kept) - 1 > 5
    else:
        assert splits == []  # the title changed: every article is walked again
    clean = clean_build_of(content, tmp_path)
    assert tree_hashes(output) == tree_hashes(clean)
    # The same site again, every article walked (a content's fingerprint holds its absolute path:
    # the walk is made in the same folders).
    no_memo = {**FAST, "REUSE_FINGERPRINTS": False}
    build_site(content, tmp_path / "output", CACHE_PATH=str(cache), PERFORMANCE=no_memo)
    assert kept == recorded_fingerprints(cache)


def test_a_base_changed_by_writing_composes_every_skipped_write_and_never_writes_into_the_old_output(
    rebuilt, monkeypatch
):
    """The site's base made again at the flush differs (as when a feed moves an {attach} file):
    the pages already linked from the previous output go, every skipped write is composed and
    rendered, and the previous output's files (whose inodes the links shared) keep their bytes."""
    output = rebuilt / "output"
    witness = rebuilt / "witness"  # second names for the previous output's files
    before = tree_hashes(output)
    for name in before:
        (witness / name).parent.mkdir(parents=True, exist_ok=True)
        os.link(output / name, witness / name)
    real = page_writer.Shortcut
    monkeypatch.setattr(
        page_writer, "Shortcut", lambda *args, **kwargs: replace(real(*args, **kwargs), site="another base")
    )
    composed, skipped = composed_pages(monkeypatch)
    edit_text(rebuilt / "content")
    build_site(rebuilt / "content", output, CACHE_PATH=str(rebuilt / "cache"), PERFORMANCE=FAST)
    monkeypatch.undo()
    assert len(skipped) > 20 and "index.html" in composed and "2019/12/index.html" in composed
    assert tree_hashes(witness) == before
    clean = clean_build_of(rebuilt / "content", rebuilt)
    assert tree_hashes(output) == tree_hashes(clean)
