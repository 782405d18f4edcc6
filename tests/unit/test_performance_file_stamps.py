"""Source stamps remembered by the file's identity (plugins/performance/file_stamps.py)."""

from __future__ import annotations

import hashlib
import os

import pytest
from performance import file_stamps
from performance.file_stamps import SourceStamps


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """The files whose bytes were read and hashed."""
    found: list[str] = []
    real = file_stamps.file_sha256

    def counting(filename):
        found.append(os.path.basename(filename))
        return real(filename)

    monkeypatch.setattr(file_stamps, "file_sha256", counting)
    return found


@pytest.fixture
def settled(monkeypatch) -> None:
    """Files written by the test count as settled (they were all written within the last second)."""
    monkeypatch.setattr(file_stamps, "STABLE_NS", 0)


def test_the_stamp_is_pelicans_own_sha256_of_the_bytes(tmp_path):
    source = tmp_path / "bai.md"
    source.write_text("Title: Bài viết\n\nNội dung.\n", encoding="utf-8")
    stamp = SourceStamps(tmp_path / file_stamps.MEMO_FILE).stamp(str(source))
    assert stamp == hashlib.sha256(source.read_bytes()).digest()


def test_an_untouched_file_is_not_read_again_by_the_next_build(tmp_path, hashed, settled):
    source, memo = tmp_path / "bai.md", tmp_path / "cache" / file_stamps.MEMO_FILE
    source.write_text("Nội dung.\n", encoding="utf-8")
    first = SourceStamps(memo)
    stamp = first.stamp(str(source))
    assert first.stamp(str(source)) == stamp  # asked twice in one build (both cache layers)
    first.save()
    assert hashed == ["bai.md"]
    assert SourceStamps(memo).stamp(str(source)) == stamp
    assert hashed == ["bai.md"]


def test_an_edit_of_the_same_size_with_the_old_modification_time_is_hashed_again(tmp_path, hashed, settled):
    source, memo = tmp_path / "bai.md", tmp_path / file_stamps.MEMO_FILE
    source.write_text("Ngày 1/5.\n", encoding="utf-8")
    before = os.stat(source)
    first = SourceStamps(memo)
    first.stamp(str(source))
    first.save()
    source.write_text("Ngày 2/5.\n", encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))  # as tar or rsync -t would
    assert SourceStamps(memo).stamp(str(source)) == hashlib.sha256(b"Ng\xc3\xa0y 2/5.\n").digest()
    assert hashed == ["bai.md", "bai.md"]


def test_a_file_changed_just_before_it_was_hashed_is_not_remembered(tmp_path, hashed):
    source, memo = tmp_path / "bai.md", tmp_path / file_stamps.MEMO_FILE
    source.write_text("Vừa lưu.\n", encoding="utf-8")
    first = SourceStamps(memo)
    first.stamp(str(source))
    first.save()
    SourceStamps(memo).stamp(str(source))
    assert hashed == ["bai.md", "bai.md"]


@pytest.mark.parametrize(
    "damage", ["", "{not json", '{"format": 1, "files": []}', '{"format": 99, "files": {}}']
)
def test_a_damaged_memo_means_hashing_every_file(tmp_path, hashed, settled, damage):
    source, memo = tmp_path / "bai.md", tmp_path / file_stamps.MEMO_FILE
    source.write_text("Nội dung.\n", encoding="utf-8")
    memo.write_text(damage, encoding="utf-8")
    assert SourceStamps(memo).stamp(str(source)) == hashlib.sha256(source.read_bytes()).digest()
    assert hashed == ["bai.md"]


def test_a_cache_layer_that_keeps_nothing_looks_at_no_file_and_takes_nothing_it_loaded(tmp_path):
    """Pelican's generators cache at the readers' layer: the generator's own layer asks for
    stamps it compares with nothing it holds."""
    from pelican.cache import FileStampDataCacher

    source = tmp_path / "bai.md"
    source.write_text("Title: Tin\n\nNội dung.\n", encoding="utf-8")
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "GZIP_CACHE": False, "CHECK_MODIFIED_METHOD": "sha256"}
    readers = FileStampDataCacher(settings, "Readers", caching_policy=True, load_policy=False)
    generator = FileStampDataCacher(settings, "Generator", caching_policy=False, load_policy=False)
    generator._cache[str(source)] = (file_stamps.file_sha256(str(source)), "stale article")  # as loaded
    generator.readers = readers
    stamps, looked = SourceStamps(tmp_path / "memo.json"), []
    stamp = stamps.stamp
    stamps.stamp = lambda name: looked.append(name) or stamp(name)
    file_stamps.use_stamps(generator, stamps)
    assert generator.get_cached_data(str(source), None) is None
    generator.cache_data(str(source), "kept nowhere")
    assert looked == []  # the file was not looked at
    readers.cache_data(str(source), "parsed")
    assert readers.get_cached_data(str(source), None) == "parsed"
    assert looked == [str(source)] * 2
