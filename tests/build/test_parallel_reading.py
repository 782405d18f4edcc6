"""Articles read over several processes (plugins/performance/prefetch.py, issue 9): the same
site as reading in one process, every problem still reported with its file and line, and a
worker that dies costs time, not articles."""

from __future__ import annotations

import logging
import os
import pickle
import shutil
from pathlib import Path

import pytest
from performance import prefetch

from building import tree_hashes
from conftest import FIXTURE_CONTENT, build_site
from content_guard.problems import ContentErrors
from content_guard.reader import CheckedMarkdownReader

# One worker a file (every article is read in a forked worker), even for the fixture's few
# articles; and reading in the build's process only.
SPREAD = {"WORKERS": 20, "PARALLEL_MIN_READS": 0}
ONE_PROCESS = {"WORKERS": 1}
BAD_DATE = "Title: Bài có ngày sai\nDate: 2021-02-31 08:00\nCategory: Tin tức - Sự kiện\n\nNội dung.\n"


@pytest.fixture
def content(tmp_path) -> Path:
    """A writable copy of the fixture content."""
    return Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))


def build(content: Path, where: Path, performance: dict) -> Path:
    """Build with its own cache folder, so every article is read (none is in the cache)."""
    return build_site(content, where / "output", CACHE_PATH=str(where / "cache"), PERFORMANCE=performance)


def markdown_files(content: Path) -> set[str]:
    return {str(path.resolve()) for path in content.rglob("*.md") if "pages" not in path.parts}


@pytest.fixture
def read_here(monkeypatch) -> list[str]:
    """The files the build's own process reads (a worker's reads land in the worker's copy)."""
    paths: list[str] = []
    original = CheckedMarkdownReader.read

    def counted(reader, path):
        paths.append(str(Path(path).resolve()))
        return original(reader, path)

    monkeypatch.setattr(CheckedMarkdownReader, "read", counted)
    return paths


def prefetch_announced(records) -> bool:
    return any("chưa có trong bộ nhớ đệm" in record.getMessage() for record in records)


def test_reading_in_workers_gives_the_same_site_and_fills_the_cache(content, tmp_path, caplog, read_here):
    with caplog.at_level(logging.INFO, logger="progress"):
        spread = build(content, tmp_path / "spread", SPREAD)
    assert prefetch_announced(caplog.records)
    # The page "Giới thiệu" only: the build's own share of 20 is less than one article.
    assert [Path(path).name for path in read_here] == ["gioi-thieu.md"]
    single = build(content, tmp_path / "single", ONE_PROCESS)
    assert tree_hashes(spread) == tree_hashes(single)
    # What the workers read went into Pelican's content cache: the next build reads nothing.
    with (tmp_path / "spread" / "cache" / "ArticlesGenerator-Readers").open("rb") as handle:
        cached = pickle.load(handle)
    articles = {path for path in markdown_files(content) if "ban-nhap" not in path}
    assert articles <= set(cached)


def test_problems_in_workers_shares_are_reported_with_file_and_line(content, tmp_path):
    (content / "tin-tuc" / "ngay-sai.md").write_text(BAD_DATE, encoding="utf-8")
    (content / "hoat-dong" / "ngay-sai-nua.md").write_text(BAD_DATE, encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        build(content, tmp_path / "spread", SPREAD)
    report = caught.value.report()
    assert "content/tin-tuc/ngay-sai.md:2: ngày (Date:) sai" in report
    assert "content/hoat-dong/ngay-sai-nua.md:2: ngày (Date:) sai" in report
    with pytest.raises(ContentErrors) as single:
        build(content, tmp_path / "single", ONE_PROCESS)
    assert single.value.report() == report


def test_a_worker_that_dies_leaves_its_share_to_the_build(content, tmp_path, monkeypatch):
    def die(readers, path):  # only ever called in a worker
        os._exit(9)

    monkeypatch.setattr(prefetch, "read_clean", die)
    survived = build(content, tmp_path / "spread", SPREAD)
    single = build(content, tmp_path / "single", ONE_PROCESS)
    assert tree_hashes(survived) == tree_hashes(single)


def test_a_worker_that_dies_half_way_leaves_the_files_it_did_not_send_to_the_build(
    content, tmp_path, monkeypatch, read_here
):
    shares = []
    split = prefetch.split_shares
    monkeypatch.setattr(prefetch, "split_shares", lambda *args: shares.extend(split(*args)) or shares)
    monkeypatch.setattr(prefetch, "BATCH_FILES", 1)  # one file a batch
    reads = iter(range(1000))
    clean = prefetch.read_clean

    def dies_at_the_third(readers, path):  # only ever called in the worker
        if next(reads) == 2:
            os._exit(9)
        return clean(readers, path)

    monkeypatch.setattr(prefetch, "read_clean", dies_at_the_third)
    survived = build(content, tmp_path / "spread", {"WORKERS": 2, "PARALLEL_MIN_READS": 0})
    [worker_share] = shares
    assert len(worker_share) > 3
    # The worker's first two files came from the worker; the build's process read the rest.
    assert set(worker_share[:2]).isdisjoint(read_here)
    assert set(worker_share[2:]) <= set(read_here)
    monkeypatch.undo()
    assert tree_hashes(survived) == tree_hashes(build(content, tmp_path / "single", ONE_PROCESS))


def test_few_uncached_articles_are_read_in_the_build_process(content, tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="progress"):
        build(content, tmp_path / "few", {"WORKERS": 2})  # default PARALLEL_MIN_READS: 200
    assert not prefetch_announced(caplog.records)
