"""ForkedCall (plugins/forked.py): work done in a forked child, its result read back."""

from __future__ import annotations

import gc
import os

from forked import ForkedCall


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
