"""A function run in a forked child of the build, its result read back through a pipe.

The child sees the whole site as it was at the fork, without copying or pickling it; only the
result crosses back (pickled). A thread of the build's process reads the pipe as the child
writes, so the child never waits for the build to ask. A child that fails or dies gives the
fallback result instead: callers then do the work themselves (or stop the build, where a
child may have written part of its share), so a lost child costs time only.

The objects are frozen (gc.freeze) for the fork only: the collector in the child would
otherwise touch, and so copy, every one of them; in the build's process they go back to the
collector, so a long-lived process (the devserver) still frees what a build left.

Used by the reading workers and the render keys (plugins/performance), and by the search
index's preparing of pages and its merge (plugins/search).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """Ask Linux to kill this worker when the build dies (killed, the machine's limits...).

    An orphaned worker would go on writing into a staging folder the next build deletes.
    """
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the check between pages does it
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class ForkedCall:
    """`function(*args)` in a forked child; `result(fallback)` waits for it."""

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        incoming, outgoing = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # the collector would otherwise touch, and so copy, every object in the child
        try:
            self.pid = os.fork()
        except OSError:
            gc.unfreeze()
            raise
        if self.pid == 0:
            os.close(incoming)
            run_and_exit(function, args, outgoing)
        gc.unfreeze()
        os.close(outgoing)
        self.data = b""
        self.reader = threading.Thread(target=self.receive, args=(incoming,), daemon=True)
        self.reader.start()

    def receive(self, pipe: int) -> None:
        """In a thread of the build's process: read the child's answer to its end, then reap it."""
        with os.fdopen(pipe, "rb") as stream:
            self.data = stream.read()
        os.waitpid(self.pid, 0)

    def result(self, fallback: Any = None) -> Any:
        """What the child returned, or `fallback` if it failed or died before answering."""
        self.reader.join()
        try:
            found = pickle.loads(self.data) if self.data else fallback
        except (pickle.UnpicklingError, EOFError, ValueError):  # cut short: the child died
            found = fallback
        self.data = b""
        return found


def run_and_exit(function: Callable[..., Any], args: tuple, pipe: int) -> None:
    """In the child: run the function, send its result, and exit (never return into Pelican)."""
    code = 0
    die_with_parent()
    try:
        result = function(*args)
        with os.fdopen(pipe, "wb") as stream:
            pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 (the build's process does the work itself)
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
