"""Performance plugin: a faster build with byte-identical output.

Adds:
- URLs computed once (`urls.py`): when every generator has finished reading
  (`all_generators_finalized`), each article's and page's `url` and `save_as` are computed
  and remembered, instead of being formatted from the settings each time a template asks.
  Plugins change URLs before that point (documents sets `override_url` when the articles
  are finalized); nothing may change them after it (`urls.stale_urls` tells, for tests).
"""

from __future__ import annotations

from pelican import signals

from .urls import freeze_urls, pages_and_articles


def freeze_content_urls(generators: list) -> None:
    """all_generators_finalized: remember every article's and page's url and save_as."""
    generated = generators[0].context["generated_content"].values()
    for content in pages_and_articles(generated):
        freeze_urls(content)


def register() -> None:
    """Connect the handlers."""
    signals.all_generators_finalized.connect(freeze_content_urls)
