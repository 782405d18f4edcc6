"""Counting the errors a build logs: a build that logged one must not be published.

Used by scripts/sitebuild.py (the build as a whole) and by the page writer's worker
processes (plugins/performance), whose log records never reach the build's own handlers.
"""

from __future__ import annotations

import logging


class ErrorCounter(logging.Handler):
    """Counts ERROR records (and worse) logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
