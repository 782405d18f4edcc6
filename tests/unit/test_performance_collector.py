"""performance/collector.py: no full pass of the cyclic collector while a site is built,
except while many pages are rendered; the thresholds come back once it has finished."""

from __future__ import annotations

import gc
import weakref

import pytest
from performance import collector


@pytest.fixture
def full_passes():
    """Counts the collector's full passes; leaves the thresholds as they were."""
    before = gc.get_threshold()
    passes = []

    def count(phase, info):
        if phase == "start" and info["generation"] == 2:
            passes.append(1)

    gc.callbacks.append(count)
    yield passes
    gc.callbacks.remove(count)
    collector.resume_full_passes()
    gc.set_threshold(*before)


def grow_a_site(objects: int = 600_000) -> list:
    """Many long-lived container objects, as reading a site makes."""
    return [[number] for number in range(objects)]


class Cycle:
    """An object that refers to itself: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_the_usual_thresholds_make_full_passes_as_the_site_grows(full_passes):
    grow_a_site()
    assert full_passes  # what the build holds off (else the next test proves nothing)


def test_a_build_makes_no_full_pass_until_it_has_finished(full_passes):
    normal = gc.get_threshold()
    collector.hold_off_full_passes()
    site = grow_a_site()
    assert full_passes == [] and len(site) == 600_000
    collector.resume_full_passes()
    assert gc.get_threshold() == normal


def test_rendering_many_pages_has_the_usual_full_passes(full_passes):
    normal = gc.get_threshold()
    collector.hold_off_full_passes()
    with collector.usual_full_passes():
        assert gc.get_threshold() == normal
        grow_a_site()
    assert full_passes
    assert gc.get_threshold()[2] == collector.FULL_PASS_AFTER  # held off again for the rest


def test_a_build_that_failed_before_it_finished_has_its_cycles_freed_by_the_next(full_passes):
    collector.hold_off_full_passes()
    cycle = Cycle()
    gone = weakref.ref(cycle)
    gc.collect(1)
    gc.collect(1)  # now in the oldest generation, where only a full pass looks
    del cycle
    grow_a_site(100_000)
    assert gone() is not None
    collector.hold_off_full_passes()  # the next build starts without `finalized` in between
    assert gone() is None
