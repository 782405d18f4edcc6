"""A function run in a forked child of the build, its result read back through a pipe.

The child sees the whole site as it was at the fork, without copying or pickling it; only the
result crosses back (pickled). A thread of the build's process reads the pipe as the child
writes, so the child never waits for the build to ask. A child that fails or dies gives the
fallback result instead: callers then do the work themselves (or stop the build, where a
child may have written part of its share), so a lost child costs time only.

The objects are frozen (gc.freeze) for the fork only: the collector in the child would
otherwise touch, and so copy, every one of them; in the build's process they go back to the
collector, so a long-lived process (the devserver) still frees what a build left.

Used by the reading workers and the render keys (plugins/performance), by the search
index's preparing of pages and its merge (plugins/search), and by the content checks
(plugins/content_guard: all of them while the pages are queued, or their one-file findings
over two cores first); `map_forked` is the every-other-item form, and `ForkedBatches` sends
a child's results in batches as it makes them (the reading workers).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import pickle
import queue
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

PR_SET_PDEATHSIG = 1  # linux/prctl.h
# A child forked beside Pelican's queueing of the pages copies what it reads (every object it
# reads gets a new reference count), about a third of the build's process, while the queue
# grows beside it. Above these sizes (MiB resident once the site is read) no such child is
# forked. On the benchmark's corpus the process holds about 220 MiB then at 10,000 articles
# and 370 MiB at 20,000, where the render keys' child leaves a cold build's peak at 955 MiB,
# and the content checks' child beside it took the peak to 1,037 MiB, over issue 9's 1 GiB.
RENDER_KEYS_BESIDE_MAX_MIB = 420
# The checks of every file of a cold build (a rebuild's checks child reads little and is
# forked at any size: content_guard).
COLD_CHECKS_BESIDE_MAX_MIB = 300


def resident_mib() -> float:
    """This process's resident memory in MiB (infinite where Linux's /proc does not tell)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return float("inf")


def die_with_parent() -> None:
    """Ask Linux to kill this worker when the build dies (killed, the machine's limits...).

    An orphaned worker would go on writing into a staging folder the next build deletes.
    """
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the check between pages does it
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def return_free_memory() -> None:
    """Give the pages the C allocator holds free back to the system (glibc's malloc_trim).

    Called before each fork (and by the page writer while it renders): free pages the
    build's process still holds stay counted in its memory for as long as the child runs,
    beside whatever the child allocates. At 20,000 articles the render keys' fork peaked at
    1,140 MiB without it, 940 MiB with it; it takes about 20 ms there.
    """
    with contextlib.suppress(OSError, AttributeError):  # not glibc: the memory is merely reused
        ctypes.CDLL(None).malloc_trim(0)


def fork_child(write: Callable[[IO[bytes]], None]) -> tuple[int, int]:
    """Fork; the child runs `write(the pipe's writing end)` and exits (run_and_exit). Return the
    child's pid and the pipe's reading end."""
    incoming, outgoing = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    return_free_memory()
    gc.freeze()  # the collector would otherwise touch, and so copy, every object in the child
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        os.close(incoming)
        os.close(outgoing)
        raise
    if pid == 0:
        os.close(incoming)
        run_and_exit(write, outgoing)
    gc.unfreeze()
    os.close(outgoing)
    return pid, incoming


class ForkedCall:
    """`function(*args)` in a forked child; `result(fallback)` waits for it."""

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        self.pid, incoming = fork_child(lambda stream: send(function(*args), stream))
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


_END = object()  # after the last batch


class ForkedBatches:
    """`function(*args)`, a generator, in a forked child: each batch it yields is sent at once,
    and `batches()` gives them in order as they arrive, so the build's process uses the first
    while the child makes the next. A child that fails or dies ends the batches early; each
    batch is pickled on its own, so those that arrived are whole."""

    def __init__(self, function: Callable[..., Iterable[Any]], *args: Any) -> None:
        self.pid, incoming = fork_child(lambda stream: send_each(function(*args), stream))
        self.arrived: queue.SimpleQueue = queue.SimpleQueue()
        self.reader = threading.Thread(target=self.receive, args=(incoming,), daemon=True)
        self.reader.start()

    def receive(self, pipe: int) -> None:
        """In a thread of the build's process: pass on each batch as it arrives, reap the child."""
        with os.fdopen(pipe, "rb") as stream:
            try:
                while True:
                    self.arrived.put(pickle.load(stream))
            except Exception:  # noqa: BLE001 (the end, or a batch cut short by the child's death)
                pass
        os.waitpid(self.pid, 0)
        self.arrived.put(_END)

    def batches(self) -> Iterator[Any]:
        """The child's batches, in order, each as soon as it has arrived."""
        while (batch := self.arrived.get()) is not _END:
            yield batch


def send(result: Any, stream: IO[bytes]) -> None:
    """In the child: send one result."""
    pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)


def send_each(batches: Iterable[Any], stream: IO[bytes]) -> None:
    """In the child: send each batch as soon as it is made."""
    for batch in batches:
        send(batch, stream)
        stream.flush()


def run_and_exit(write: Callable[[IO[bytes]], None], pipe: int) -> None:
    """In the child: write what the work gives into the pipe, and exit (never return into Pelican)."""
    code = 0
    die_with_parent()
    try:
        with os.fdopen(pipe, "wb") as stream:
            write(stream)
    except BaseException:  # noqa: BLE001 (the build's process does the work itself)
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def map_each(function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """function(item) for each item, in order."""
    return [function(item) for item in items]


def map_forked(function: Callable[[Any], Any], items: Sequence[Any], min_items: int) -> list[Any]:
    """function(item) for each item, in order; with at least `min_items` items and two usable
    cores, every other item in a forked child while this process does the others.

    Every other item, not halves: costly and cheap items are seldom spread evenly over a
    sorted list. A child that fails or dies leaves its items to this process, so an item
    that raises raises here, where the build reports it.
    """
    if len(items) < max(2, min_items) or len(os.sched_getaffinity(0)) < 2:
        return map_each(function, items)
    odd = ForkedCall(map_each, function, items[1::2])
    results: list[Any] = [None] * len(items)
    results[0::2] = map_each(function, items[0::2])
    found = odd.result(fallback=None)
    results[1::2] = found if found is not None else map_each(function, items[1::2])
    return results
