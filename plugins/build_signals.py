"""This project's own build signals, besides Pelican's.

`before_pages_written` is sent (with the settings) by plugins/performance's page writer once
every page is queued and keyed, just before it writes the first one. content_guard, whose
checks run in a forked process while the pages are queued, waits for them there, so content
errors still stop the build before any page is written.
"""

from __future__ import annotations

from blinker import signal

before_pages_written = signal("before_pages_written")
