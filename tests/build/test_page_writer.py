"""The page writer (plugins/performance): pages rendered in worker processes, unchanged pages kept
from the previous output, and nothing of the previous output touched by a build that fails."""

from __future__ import annotations

import json
import logging
import os
import shutil

import forked
import performance.render_keys as render_keys
import performance.writer as page_writer
import pytest

from building import tree_folders, tree_hashes
from conftest import FIXTURE_CONTENT, ROOT, build_site, page

EDITED = "tin-tuc/2019-11-21-day-manh-phong-trao.md"
EDITED_PAGE = "2019/11/21/day-manh-phong-trao/index.html"
OTHER_PAGE = "2019/12/31/nhin-lai-nam-2019/index.html"
# Two processes even for the fixture's few pages, so the forked path is the one tested (and
# the folders made ahead by a child).
PARALLEL = {"WORKERS": 2, "PARALLEL_MIN_PAGES": 0, "PARALLEL_MIN_FOLDERS": 0}


def build(root, content=None, **overrides):
    """Build `content` (the copy under root) into root/output with its own cache and two workers."""
    overrides.setdefault("PERFORMANCE", PARALLEL)
    return build_site(
        content or root / "content", root / "output", CACHE_PATH=str(root / "cache"), **overrides
    )


def inode(output, name):
    return (output / name).stat().st_ino


def append_paragraph(content, text="Đoạn bổ sung: công đoàn cơ sở hưởng ứng sôi nổi."):
    """An edit of the body only, after the summary (title, tags and lists stay the same)."""
    path = content / EDITED
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    """A copy of the fixture content, built once."""
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    build(tmp_path)
    return tmp_path


def html_pages(output):
    return sorted(path.relative_to(output).as_posix() for path in output.rglob("*.html"))


def test_parallel_build_equals_a_build_in_one_process(site, tmp_path_factory):
    single = tmp_path_factory.mktemp("single")
    shutil.copytree(FIXTURE_CONTENT, single / "content")
    build(single, PERFORMANCE={"WORKERS": 1, "REUSE_PAGES": False})
    assert tree_hashes(site / "output") == tree_hashes(single / "output")
    assert tree_folders(site / "output") == tree_folders(single / "output")


def test_a_rebuild_of_unchanged_content_keeps_every_page_file(site):
    output = site / "output"
    before = {name: inode(output, name) for name in html_pages(output)}
    build(site)
    assert {name: inode(output, name) for name in html_pages(output)} == before


def test_an_edit_of_the_text_renders_only_that_article_again(site):
    output = site / "output"
    before = {name: inode(output, name) for name in html_pages(output)}
    append_paragraph(site / "content")
    build(site)
    after = {name: inode(output, name) for name in html_pages(output)}
    assert [name for name in before if after[name] != before[name]] == [EDITED_PAGE]
    assert "Đoạn bổ sung" in page(output, EDITED_PAGE.removesuffix("index.html")).get_text()


def test_a_theme_change_renders_every_page_again(tmp_path):
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    theme = shutil.copytree(ROOT / "theme", tmp_path / "theme")
    build(tmp_path, THEME=str(theme))
    footer = theme / "templates" / "components" / "site_footer.html"
    footer.write_text(
        footer.read_text(encoding="utf-8").replace("</footer>", "<p>Dòng mới ở chân trang</p></footer>", 1),
        encoding="utf-8",
    )
    build(tmp_path, THEME=str(theme))
    output = tmp_path / "output"
    missing = [
        name
        for name in html_pages(output)
        if "site-footer" in (output / name).read_text(encoding="utf-8")
        and "Dòng mới ở chân trang" not in (output / name).read_text(encoding="utf-8")
    ]
    assert missing == []
    assert "Dòng mới ở chân trang" in (output / "index.html").read_text(encoding="utf-8")


def test_keys_are_trusted_only_for_the_output_they_were_saved_with(site):
    """An output replaced by hand (a copy, an upload tool) is not where the kept pages come from."""
    output = site / "output"
    replaced = site / "replaced"
    shutil.copytree(output, replaced)
    (replaced / OTHER_PAGE).write_text("sửa tay", encoding="utf-8")
    shutil.rmtree(output)
    replaced.rename(output)
    build(site)
    assert "sửa tay" not in (output / OTHER_PAGE).read_text(encoding="utf-8")


def failing_render(fail_in_child: bool):
    """render() that fails in a worker process, or in the build's own on the edited article's page."""
    parent = os.getpid()
    real = page_writer.render

    def render(queued):
        in_child = os.getpid() != parent
        if (in_child and fail_in_child) or (queued.name == EDITED_PAGE and not fail_in_child):
            raise RuntimeError("hỏng khi ghi trang")
        real(queued)

    return render


@pytest.mark.parametrize(
    ("in_child", "performance"),
    [
        # Every other page is hard-linked from the output being kept, then the edited one fails.
        (False, {"WORKERS": 1}),
        # Every page rendered over two processes; the worker fails.
        (True, {"WORKERS": 2, "PARALLEL_MIN_PAGES": 0, "REUSE_PAGES": False}),
    ],
    ids=["in-the-build", "in-a-worker"],
)
def test_a_build_that_fails_while_writing_leaves_the_previous_output_as_it_was(
    site, monkeypatch, in_child, performance
):
    output = site / "output"
    before = tree_hashes(output)
    append_paragraph(site / "content")
    monkeypatch.setattr(page_writer, "render", failing_render(fail_in_child=in_child))
    with pytest.raises(page_writer.PageWriteError if in_child else RuntimeError):
        build(site, PERFORMANCE=performance)
    assert tree_hashes(output) == before
    monkeypatch.undo()
    build(site)  # and the next build, after the failure, is right
    assert "Đoạn bổ sung" in (output / EDITED_PAGE).read_text(encoding="utf-8")


def test_a_build_that_fails_after_writing_its_pages_does_not_make_the_next_one_write_them_all(
    site, monkeypatch
):
    """The failed build saved its keys for an output that never replaced the previous one; the
    next build still keeps the previous output's unchanged pages, from the record before."""
    import search

    output = site / "output"
    before = {name: inode(output, name) for name in html_pages(output)}
    append_paragraph(site / "content")

    def index_fails(output, settings):
        raise search.SearchIndexError("Pagefind hỏng")

    monkeypatch.setattr(search, "index_site", index_fails)
    with pytest.raises(search.SearchIndexError):
        build(site)
    monkeypatch.undo()
    build(site)
    after = {name: inode(output, name) for name in html_pages(output)}
    assert [name for name in before if after[name] != before[name]] == [EDITED_PAGE]
    assert "Đoạn bổ sung" in (output / EDITED_PAGE).read_text(encoding="utf-8")


def test_an_error_logged_in_a_worker_fails_the_build(site, monkeypatch):
    """A template that logs an error (a missing image, a bad link) in a worker is not lost."""
    from sitebuild import BuildLoggedErrors

    parent, real = os.getpid(), page_writer.render

    def render(queued):
        if os.getpid() != parent:
            logging.getLogger("theme").error("ảnh không tìm thấy khi ghi %s", queued.name)
        real(queued)

    output = site / "output"
    before = tree_hashes(output)
    monkeypatch.setattr(page_writer, "render", render)
    with pytest.raises(BuildLoggedErrors):
        build(site, PERFORMANCE={"WORKERS": 2, "PARALLEL_MIN_PAGES": 0, "REUSE_PAGES": False})
    assert tree_hashes(output) == before


def test_keys_made_over_two_processes_are_those_of_one(tmp_path, monkeypatch):
    """The site's contents fingerprinted in forked processes (all of them while the pages are
    queued, or shared with this process once the site is read), and half the pages keyed
    there, give every page the same key as one process: nothing changes the contents while
    Pelican queues the pages, and a content's fingerprint does not depend on which process
    made it, nor on what was fingerprinted before it."""
    content = shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    monkeypatch.setattr(page_writer, "PARALLEL_MIN_KEYS", 0)
    keyed_here, contents_here = [], []
    share_keys = page_writer.share_keys
    content_fingerprint = render_keys.Fingerprinter._content

    def counted_keys(fingerprints, bases, share):
        keyed_here.append(len(share))
        return share_keys(fingerprints, bases, share)

    def counted_content(fingerprints, item):
        contents_here.append(os.getpid())
        return content_fingerprint(fingerprints, item)

    monkeypatch.setattr(page_writer, "share_keys", counted_keys)
    monkeypatch.setattr(render_keys.Fingerprinter, "_content", counted_content)

    def keys_with(
        workers: int, early: bool = False, resident_limit: float = float("inf"), again=False
    ) -> dict:
        monkeypatch.setattr(page_writer, "EARLY_MIN_CONTENTS", 0 if early else 10**9)
        monkeypatch.setattr(forked, "RENDER_KEYS_BESIDE_MAX_MIB", resident_limit)
        keyed_here.clear(), contents_here.clear()
        if not again:
            for folder in ("output", "cache"):
                shutil.rmtree(tmp_path / folder, ignore_errors=True)
        # A rebuild walks every content here (not the fingerprints kept from the previous build,
        # which it takes once the files are older than file_stamps.STABLE_NS: test_fast_path).
        performance = {"WORKERS": workers, "REUSE_FINGERPRINTS": False}
        build_site(content, tmp_path / "output", CACHE_PATH=str(tmp_path / "cache"), PERFORMANCE=performance)
        record = json.loads((tmp_path / "cache" / page_writer.KEYS_FILE).read_text(encoding="utf-8"))
        return {name: record[name] for name in ("keys", "summaries", "site", "early_site", "texts")}

    one = keys_with(1)  # one process: the contents fingerprinted in a child, the pages keyed here
    pages = len(one["keys"])
    assert keyed_here == [pages] and contents_here == []
    assert one["site"] == one["early_site"]  # writing changed nothing the keys see
    two = keys_with(2)
    assert keyed_here == [(pages + 1) // 2]  # the pages of the other half were keyed in the child
    assert two == one
    early = keys_with(2, early=True)  # every content fingerprinted in the child beside the queueing
    assert contents_here == [] and keyed_here == [(pages + 1) // 2]
    assert early == one
    # A build's process too large to fork the child beside the queued pages: as without it.
    assert keys_with(2, early=True, resident_limit=forked.resident_mib() / 2) == one
    # A rebuild, whose summaries are known: the contents are fingerprinted here, as they were.
    assert keys_with(2, again=True) == one
    assert contents_here
