"""content_guard/findings.py: one-file findings kept by sha256, under one stamp, never half-trusted."""

from __future__ import annotations

import json
import os

import forked
import pytest

from content_guard import checks_may_run_meanwhile
from content_guard.checks import PARALLEL_MIN_FILES, check_each_file, file_findings
from content_guard.findings import CACHE_FILE, FileFindings, FindingsCache, findings_cache, key_of
from content_guard.source import build_index, read_source

FOUND = FileFindings(
    problems=((8, "có thẻ <script>; ...", "error"), (1, "chữ NFD; ...", "warning")),
    links=(
        (10, "images/a.jpg", "Ảnh hội nghị", True),
        (12, "{filename}b.md", None, True),
        (14, "x", "", False),
    ),
)


def counting(found: FileFindings):
    """A compute function that counts its calls."""
    calls = []

    def compute() -> FileFindings:
        calls.append(1)
        return found

    return compute, calls


def test_findings_survive_the_cache_file_unchanged(tmp_path):
    first = FindingsCache(tmp_path / CACHE_FILE, "stamp-1")
    assert first.findings(key_of(b"bai"), counting(FOUND)[0]) == FOUND
    first.save()
    again = FindingsCache(tmp_path / CACHE_FILE, "stamp-1")
    compute, calls = counting(FileFindings((), ()))
    assert again.findings(key_of(b"bai"), compute) == FOUND
    assert calls == [] and (again.hits, again.misses) == (1, 0)


def test_other_bytes_are_checked_again(tmp_path):
    cache = FindingsCache(tmp_path / CACHE_FILE, "stamp-1")
    cache.findings(key_of(b"bai"), counting(FOUND)[0])
    compute, calls = counting(FileFindings((), ()))
    assert cache.findings(key_of(b"bai da sua"), compute) == FileFindings((), ())
    assert calls == [1]


def test_another_stamp_empties_the_cache(tmp_path):
    first = FindingsCache(tmp_path / CACHE_FILE, "stamp-1")
    first.findings(key_of(b"bai"), counting(FOUND)[0])
    first.save()
    compute, calls = counting(FileFindings((), ()))
    FindingsCache(tmp_path / CACHE_FILE, "stamp-2").findings(key_of(b"bai"), compute)
    assert calls == [1]


def test_a_save_keeps_only_the_files_of_this_build(tmp_path):
    first = FindingsCache(tmp_path / CACHE_FILE, "s")
    first.findings(key_of(b"old"), counting(FOUND)[0])
    first.findings(key_of(b"kept"), counting(FOUND)[0])
    first.save()
    second = FindingsCache(tmp_path / CACHE_FILE, "s")
    second.findings(key_of(b"kept"), counting(FOUND)[0])
    second.save()
    assert len(json.loads((tmp_path / CACHE_FILE).read_text(encoding="utf-8"))["files"]) == 1


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        "[]",
        '{"format": 1, "stamp": "s", "files": []}',
        '{"format": 99, "stamp": "s", "files": {}}',
    ],
)
def test_a_broken_or_foreign_cache_file_counts_as_empty(tmp_path, stored):
    (tmp_path / CACHE_FILE).write_text(stored, encoding="utf-8")
    compute, calls = counting(FOUND)
    assert FindingsCache(tmp_path / CACHE_FILE, "s").findings(key_of(b"bai"), compute) == FOUND
    assert calls == [1]


def test_an_entry_of_another_shape_is_computed_again(tmp_path):
    cache = FindingsCache(tmp_path / CACHE_FILE, "s")
    cache.findings(key_of(b"bai"), counting(FOUND)[0])
    cache.save()
    record = json.loads((tmp_path / CACHE_FILE).read_text(encoding="utf-8"))
    record["files"] = {key: [["no line"], []] for key in record["files"]}
    (tmp_path / CACHE_FILE).write_text(json.dumps(record), encoding="utf-8")
    compute, calls = counting(FOUND)
    assert FindingsCache(tmp_path / CACHE_FILE, "s").findings(key_of(b"bai"), compute) == FOUND
    assert calls == [1]


def test_without_the_content_cache_nothing_is_written(tmp_path):
    cache = findings_cache({"CACHE_CONTENT": False, "CACHE_PATH": str(tmp_path)})
    cache.findings(key_of(b"bai"), counting(FOUND)[0])
    cache.save()
    assert list(tmp_path.iterdir()) == []


def test_a_file_s_findings_hold_its_problems_and_the_links_of_its_body(tmp_path):
    (tmp_path / "bai.md").write_text(
        "Title: Bài\nDate: 2021-03-08\n\n![Ảnh](images/a.jpg)\n\n<iframe src='x'></iframe>\n\n"
        "```\n<script>ví dụ trong khối mã</script>\n```\n",
        encoding="utf-8",
    )
    found = file_findings(read_source(str(tmp_path / "bai.md"), str(tmp_path), []))
    assert [(line, message[:15]) for line, message, _ in found.problems] == [(6, "có thẻ <iframe>")]
    assert found.links == ((4, "images/a.jpg", "Ảnh", True),)


@pytest.mark.parametrize(
    ("body", "links"),
    [
        ('Xem <a href="/lien-he/">liên hệ</a>.', ((4, "/lien-he/", None, False),)),
        ("Xem [liên hệ](/lien-he/).", ((4, "/lien-he/", None, True),)),
        ("[lh]: /lien-he/", ((4, "/lien-he/", None, True),)),
        ("Chỉ có chữ, không có liên kết.", ()),
    ],
)
def test_a_body_s_links_are_found_whichever_form_is_its_only_one(tmp_path, body, links):
    (tmp_path / "bai.md").write_text(f"Title: Bài\nDate: 2021-03-08\n\n{body}\n", encoding="utf-8")
    assert file_findings(read_source(str(tmp_path / "bai.md"), str(tmp_path), [])).links == links


def staged_context(files: int) -> dict:
    """Pelican's context in a build into a staging folder (scripts/sitebuild.py names the
    previous output), after reading `files` content files."""
    return {
        "PREVIOUS_OUTPUT_PATH": None,
        "generated_content": {f"bai-{n}.md": object() for n in range(files)},
    }


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="the checks run meanwhile on two cores only")
def test_the_checks_run_beside_the_queueing_unless_a_large_cold_build_checks_first(monkeypatch):
    settings = staged_context(PARALLEL_MIN_FILES + 5)
    cold = FindingsCache()
    # A small process: every file in the one child beside the queueing.
    monkeypatch.setattr(forked, "COLD_CHECKS_BESIDE_MAX_MIB", forked.resident_mib() * 2)
    assert checks_may_run_meanwhile(settings, cold)
    # A process too large for a child beside the queueing: a cold build checks first, over two cores.
    monkeypatch.setattr(forked, "COLD_CHECKS_BESIDE_MAX_MIB", forked.resident_mib() / 2)
    assert not checks_may_run_meanwhile(settings, cold)
    warm = FindingsCache()
    warm.known = {key_of(f"{number}".encode()): [] for number in range(PARALLEL_MIN_FILES)}
    assert checks_may_run_meanwhile(settings, warm)
    assert not checks_may_run_meanwhile({**settings, "CONTENT_GUARD": {"CHECK_ONLY": True}}, warm)
    unstaged = {key: value for key, value in settings.items() if key != "PREVIOUS_OUTPUT_PATH"}
    assert not checks_may_run_meanwhile(unstaged, warm)


def test_the_index_keeps_the_text_only_of_files_whose_findings_are_not_cached(tmp_path):
    unchanged = "Title: Cũ\nDate: 2021-03-08\n\n<iframe src='x'></iframe>\n"
    edited = "Title: Mới\nDate: 2021-03-09\n\n<script>x</script>\n"
    (tmp_path / "cu.md").write_text(unchanged, encoding="utf-8")
    (tmp_path / "moi.md").write_text(edited, encoding="utf-8")
    cache = FindingsCache()
    cache.findings(key_of(unchanged.encode()), lambda: FileFindings(((4, "có thẻ <iframe>", "error"),), ()))
    site = build_index({"PATH": str(tmp_path)}, cache)
    by_name = {os.path.basename(source.path): source for source in site.files}
    assert by_name["cu.md"].kept_text is None and by_name["moi.md"].kept_text == edited
    assert by_name["cu.md"].text == unchanged  # read again if a check asks for it
    found = [(os.path.basename(p.path), p.message[:15]) for p in check_each_file(site)]
    assert found == [("cu.md", "có thẻ <iframe>"), ("moi.md", "có thẻ <script>")]
