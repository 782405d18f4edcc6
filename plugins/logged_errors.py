"""Counting the errors a build logs: a build that logged one must not be published.

Used by scripts/sitebuild.py (the build as a whole) and by the page writer's worker
processes (plugins/performance), whose log records never reach the build's own handlers;
the reading workers count warnings too (a file that logged one is read again by the build).
"""

from __future__ import annotations

import logging


class ErrorCounter(logging.Handler):
    """Counts ERROR records (and worse; or from another `level` up) logged while it is attached."""

    def __init__(self, level: int = logging.ERROR) -> None:
        super().__init__(level=level)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
