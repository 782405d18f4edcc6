"""The queueing writer keeps Pelican's rule for a file written twice, and renders what it queued."""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

import performance.writer as page_writer
import pytest
from jinja2 import Template
from pelican.writers import FileOverwriteFailedError
from performance.writer import ContextCopies, ParallelWriter, writing_line

ONE_PROCESS = {"PERFORMANCE_CONFIG": {"WORKERS": 1, "REUSE_PAGES": False}}


def writer_in(folder):
    return ParallelWriter(str(folder), settings=dict(ONE_PROCESS))


def context():
    return {"localsiteurl": "", "SITENAME": "Công đoàn"}


def test_pages_are_written_only_when_flushed(tmp_path):
    writer = writer_in(tmp_path)
    writer.write_file("a/index.html", Template("{{ SITENAME }}: {{ title }}"), context(), title="Trang A")
    assert not (tmp_path / "a" / "index.html").exists()
    writer.flush()
    assert (tmp_path / "a" / "index.html").read_text(encoding="utf-8") == "Công đoàn: Trang A"


def test_an_overriding_write_replaces_the_page_queued_before_it(tmp_path):
    writer = writer_in(tmp_path)
    writer.write_file("x.html", Template("đầu"), context())
    writer.write_file("x.html", Template("thay"), context(), override_output=True)
    writer.write_file("x.html", Template("sau"), context())  # after an override: skipped
    writer.flush()
    assert (tmp_path / "x.html").read_text(encoding="utf-8") == "thay"


def test_a_file_written_twice_without_override_is_an_error(tmp_path):
    writer = writer_in(tmp_path)
    writer.write_file("x.html", Template("một"), context())
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("x.html", Template("hai"), context())


def test_after_the_flush_pages_are_written_at_once(tmp_path):
    writer = writer_in(tmp_path)
    writer.flush()
    writer.write_file("muon.html", Template("muộn"), context())
    assert (tmp_path / "muon.html").read_text(encoding="utf-8") == "muộn"


@pytest.mark.parametrize(
    ("kept", "rendering", "workers", "line"),
    [
        (0, 21055, 2, "Ghi trang: 21.055 trang cần dựng (2 tiến trình song song)…"),
        (21054, 1, 1, "Ghi trang: 1 trang cần dựng, 21.054 trang không đổi được giữ nguyên…"),
    ],
)
def test_the_progress_line_says_what_is_rendered_and_what_is_kept(kept, rendering, workers, line):
    assert writing_line(kept, rendering, workers) == line


def queued_copy(shared, **own):
    """What Pelican hands a template: a copy of the shared context with the page's entries."""
    variables = shared.copy()
    variables.update(own)
    return variables


def test_a_queued_page_gives_back_the_very_variables_it_was_asked_to_render():
    shared = {"SITENAME": "Công đoàn", "articles": [1, 2], "localsiteurl": None}
    copies, seen = ContextCopies(), []
    for step in range(4):
        if step == 1:
            shared["localsiteurl"] = ".."  # replaced: keeps its place
        if step == 2:
            shared["calendar"] = {"2019": []}  # added after the first copy
        if step == 3:
            del shared["articles"]  # removed and added again: a new place
            shared["articles"] = [3]
        variables = queued_copy(shared, output_file=f"{step}/index.html", article=object())
        own, base = copies.split(variables, shared)
        rebuilt = base.copy()
        rebuilt.update(own)
        assert list(rebuilt) == list(variables)
        assert all(rebuilt[key] is value for key, value in variables.items())
        seen.append(id(base))
    assert seen[0] == seen[1] == seen[2] != seen[3]  # one copy while the context only grew


def test_pages_queued_from_one_context_share_one_copy_of_it(tmp_path):
    writer = writer_in(tmp_path)
    shared = context()
    for name in ("a", "b"):
        writer.write_file(f"{name}/index.html", Template("{{ SITENAME }}: {{ title }}"), shared, title=name)
    first, second = writer.queue
    assert first.base is second.base
    assert first.own["title"] == "a" and "SITENAME" not in first.own
    writer.flush()
    assert (tmp_path / "b" / "index.html").read_text(encoding="utf-8") == "Công đoàn: b"
    assert first.own == {} and first.template is None  # let go once written


@pytest.mark.parametrize("workers", [2, 3])
def test_pages_are_rendered_once_each_by_whichever_process_is_free(tmp_path, monkeypatch, workers):
    parent = os.getpid()

    def render(page):
        # Slow children: a fixed share each would leave them most of the work. The build's
        # process is ten times faster, not instant: instant, it could empty the queue before a
        # child just forked on a busy machine has taken anything.
        time.sleep(0.02 if os.getpid() != parent else 0.002)
        # O_EXCL: a page rendered twice fails the child, and so the build.
        with open(tmp_path / page.name, "x", encoding="utf-8") as handle:
            handle.write(str(os.getpid()))

    reported = []
    monkeypatch.setattr(page_writer, "render", render)
    monkeypatch.setattr(page_writer, "written", lambda page: reported.append(page.name))
    pages = [SimpleNamespace(name=f"trang-{number}", release=lambda: None) for number in range(120)]
    page_writer.render_all(pages, workers)
    assert sorted(reported) == sorted(page.name for page in pages)  # each told to the plugins once
    renderers = [(tmp_path / page.name).read_text(encoding="utf-8") for page in pages]
    assert len(set(renderers)) == workers  # every process took some
    assert renderers.count(str(parent)) > 0.6 * len(pages)  # the fast one took more than its share


def test_a_queue_whose_lock_a_dead_process_kept_stops_the_build_instead_of_hanging(monkeypatch):
    monkeypatch.setattr(page_writer, "LOCK_TIMEOUT", 0.1)
    queue = page_writer.PageQueue(20)
    assert list(queue.taken())[:3] == [0, 1, 2]
    held = page_writer.PageQueue(20)
    held.lock.acquire()  # as a process killed while it took pages would leave it
    with pytest.raises(page_writer.PageWriteError, match="dừng giữa chừng"):
        next(held.taken())
