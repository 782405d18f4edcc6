"""This project's own build signals, besides Pelican's.

`before_pages_written` is sent (with the settings) by plugins/performance's page writer once
every page is queued and keyed, just before it writes the first one. content_guard, whose
checks run in a forked process while the pages are queued, waits for them there, so content
errors still stop the build before any page is written.

`DAY_DECISIONS` names the shared context's entry where a plugin puts what it decided from the
build's day in Vietnam (the documents plugin: each document's status), as {plugin: value}.
The page writer's render keys hold that value, not the date: a build on a new day renders
pages again only when something the day decides has changed, not every page each morning.
A plugin whose pages depend on the day in any other way must put it there.
"""

from __future__ import annotations

from blinker import signal

before_pages_written = signal("before_pages_written")

DAY_DECISIONS = "day_decisions"
