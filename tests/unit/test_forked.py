"""ForkedCall, ForkedBatches and map_forked (plugins/forked.py): work done in a forked child,
its result read back (whole, or batch by batch as the child makes them)."""

from __future__ import annotations

import ctypes
import gc
import os
import sys
import time

import pytest
from forked import ForkedBatches, ForkedCall, map_forked, resident_mib, return_free_memory


def test_the_child_sees_the_parents_objects_and_sends_back_its_result():
    site = {"articles": [f"bài {number}" for number in range(1000)]}
    # A closure over an object that is never pickled: only the result crosses back.
    call = ForkedCall(lambda: [name.upper() for name in site["articles"][:2]])
    assert call.result(fallback=None) == ["BÀI 0", "BÀI 1"]


def test_a_child_that_raises_gives_the_fallback(capfd):
    def fails():
        raise ValueError("hỏng")

    assert ForkedCall(fails).result(fallback="tự làm") == "tự làm"
    assert "ValueError: hỏng" in capfd.readouterr().err  # the child's traceback is printed


def test_a_child_that_dies_gives_the_fallback():
    assert ForkedCall(os._exit, 9).result(fallback=[]) == []


def test_each_call_waits_for_its_own_child():
    calls = [ForkedCall(pow, number, 2) for number in range(4)]
    assert [call.result() for call in calls] == [0, 1, 4, 9]


def test_the_build_process_objects_go_back_to_the_collector():
    """Frozen for the fork only: a long-lived process (the devserver) still frees what a build left."""
    assert gc.get_freeze_count() == 0
    ForkedCall(len, "abc").result()
    assert gc.get_freeze_count() == 0


def test_batches_arrive_while_the_child_is_still_making_the_next(tmp_path):
    seen = tmp_path / "the build has the first batch"

    def two_batches():
        yield ["bài 1", "bài 2"]
        # The second batch says whether the build's process got the first before it was made.
        deadline = time.monotonic() + 20
        while not seen.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        yield ["đã nhận lô đầu" if seen.exists() else "lô đầu chưa đến"]

    batches = ForkedBatches(two_batches).batches()
    assert next(batches) == ["bài 1", "bài 2"]
    seen.touch()
    assert list(batches) == [["đã nhận lô đầu"]]


def test_a_child_that_dies_half_way_ends_the_batches_after_the_whole_ones():
    def dies_after_two():
        yield {"a": 1}
        yield {"b": 2}
        os._exit(9)

    assert list(ForkedBatches(dies_after_two).batches()) == [{"a": 1}, {"b": 2}]


def test_a_child_that_raises_half_way_ends_the_batches(capfd):
    def raises_after_one():
        yield "lô 1"
        raise ValueError("hỏng giữa chừng")

    assert list(ForkedBatches(raises_after_one).batches()) == ["lô 1"]
    assert "ValueError: hỏng giữa chừng" in capfd.readouterr().err
    assert gc.get_freeze_count() == 0


def test_map_forked_gives_each_result_in_order_from_two_processes():
    found = map_forked(lambda n: (n * n, os.getpid()), list(range(9)), min_items=4)
    assert [square for square, _pid in found] == [n * n for n in range(9)]
    pids = [pid for _square, pid in found]
    assert pids[0::2] == [os.getpid()] * 5  # this process: every other item from the first
    assert len(set(pids[1::2])) == 1 and pids[1] != os.getpid()


def test_map_forked_below_its_minimum_stays_in_this_process():
    found = map_forked(lambda n: os.getpid(), list(range(3)), min_items=4)
    assert found == [os.getpid()] * 3


def test_map_forked_does_a_failed_childs_items_itself():
    parent = os.getpid()

    def only_here(n):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return -n

    assert map_forked(only_here, [1, 2, 3, 4], min_items=2) == [-1, -2, -3, -4]


def test_map_forked_raises_here_what_raises_everywhere():
    def always(n):
        raise ValueError(f"hỏng {n}")

    with pytest.raises(ValueError, match="hỏng 0"):
        map_forked(always, [0, 1], min_items=2)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_free_memory_in_the_middle_of_the_heap_goes_back_to_the_system():
    # 1,000-byte objects come from the C allocator; keeping every 100th pins the heap's top,
    # so only a trim can return the pages between them.
    blobs = [os.urandom(1000) for _ in range(100_000)]
    kept = blobs[::100]
    del blobs
    before = resident_mib()
    return_free_memory()
    assert before - resident_mib() > 50
    assert len(kept) == 1000


def test_without_glibc_returning_free_memory_does_nothing(monkeypatch):
    def no_library(_name):
        raise OSError("no such library")

    monkeypatch.setattr(ctypes, "CDLL", no_library)
    return_free_memory()  # the memory is merely kept for reuse; the build goes on
