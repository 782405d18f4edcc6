"""The cyclic collector's full passes held off while a site is built.

CPython's collector walks every tracked object once the middle generation has been
collected ten times and the objects promoted since the last full pass are a quarter of
those that survived it. A build only adds long-lived objects while it reads (the site grows
to millions of them), so at 20,000 articles an edit rebuild made 13 full passes of up to
0.8 s each, 5 s of the main process in all, and they found between 0 and 83 objects to free;
9 of them, 3 s, while the site was read. From `initialized` to `finalized` a full pass
waits for a million collections of the middle generation (none come in one build); the
young generations are collected as usual. Rendering many pages is the exception
(`usual_full_passes`, around the page writer's rendering): it makes cycles that outlive the
young generations, and with the passes held off there too, the 20,000-article cold build
peaked at 1,031 MiB, not 954-970.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Collections of the middle generation between two full passes while a site is built
# (CPython's default is 10).
FULL_PASS_AFTER = 1_000_000

# The thresholds from before the build, while the build holds the full passes off.
_normal: list[tuple[int, ...]] = []


def hold_off_full_passes(_pelican=None) -> None:
    """initialized: no full pass until the build has finished."""
    if _normal:
        # The previous build in this process (make devserver) failed before `finalized`:
        # its objects are garbage now, and only a full pass frees their cycles.
        gc.collect()
    else:
        _normal.append(gc.get_threshold())
    _hold_off()


def _hold_off() -> None:
    """The thresholds from before the build, but for the full pass's."""
    young, middle, *_ = _normal[0]
    gc.set_threshold(young, middle, FULL_PASS_AFTER)


def resume_full_passes(_pelican=None) -> None:
    """finalized: the collector's thresholds as they were before the build."""
    if _normal:
        gc.set_threshold(*_normal.pop())


@contextmanager
def usual_full_passes() -> Iterator[None]:
    """Within: the thresholds from before the build (the page writer's rendering); after:
    held off again, if the build held them off."""
    if not _normal:
        yield
        return
    gc.set_threshold(*_normal[0])
    try:
        yield
    finally:
        _hold_off()
