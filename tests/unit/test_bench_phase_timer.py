"""The profile's phase timer (`bench.py --profile`): a phase's time is the wall-clock time during
which any call of it runs, so Pagefind's parts, run in two threads at a time, are not lost."""

from __future__ import annotations

import threading
import time

import pytest

import bench


def sleeper(seconds: float, inner=None) -> None:
    """Sleep, or call `inner` (a timed function) and sleep after it."""
    if inner is not None:
        inner(0.0)
    time.sleep(seconds)


def test_calls_overlapping_in_two_threads_count_the_time_either_was_running():
    totals: dict[str, float] = {}
    timed = bench.timed(sleeper, "parts", totals)
    first = threading.Thread(target=timed, args=(0.4,))
    first.start()
    time.sleep(0.2)
    timed(0.4)  # runs from 0.2 s to 0.6 s, the other thread's call from 0 to 0.4 s
    first.join()
    # Pagefind's parts run so, two at a time: the phase lasted 0.6 s, not 0.8 s (the sum of
    # the calls) nor 0.4 s (the call that ended it).
    assert totals["parts"] == pytest.approx(0.6, abs=0.1)


def test_calls_one_after_another_add_up_and_a_nested_call_counts_once():
    totals: dict[str, float] = {}
    timed = bench.timed(sleeper, "phase", totals)
    timed(0.1)
    timed(0.1, inner=timed)
    assert totals["phase"] == pytest.approx(0.2, abs=0.08)
