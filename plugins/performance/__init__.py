"""Performance plugin: a faster build with byte-identical output.

Adds:
- URLs computed once (`urls.py`): when every generator has finished reading
  (`all_generators_finalized`), each article's and page's `url` and `save_as` are computed
  and remembered, instead of being formatted from the settings each time a template asks.
  Plugins change URLs before that point (documents sets `override_url` when the articles
  are finalized); nothing may change them after it (`urls.stale_urls` tells, for tests).
- Fragments rendered once (`fragments.py`): the Jinja global `render_once(macro, args...)`
  renders a macro once per build for each set of arguments and SITEURL (an article's list
  item, the "Tin mới" list, calendars, the date picker, header and footer) and reuses the
  HTML on every other page. The cache belongs to the generator's Jinja environment, so
  each build starts empty.
"""

from __future__ import annotations

from pelican import signals

from .fragments import FragmentCache
from .urls import freeze_urls, pages_and_articles


def freeze_content_urls(generators: list) -> None:
    """all_generators_finalized: remember every article's and page's url and save_as."""
    generated = generators[0].context["generated_content"].values()
    for content in pages_and_articles(generated):
        freeze_urls(content)


def add_fragment_cache(generator) -> None:
    """generator_init: a fresh `render_once` for this generator's templates."""
    generator.env.globals["render_once"] = FragmentCache()


def register() -> None:
    """Connect the handlers."""
    signals.generator_init.connect(add_fragment_cache)
    signals.all_generators_finalized.connect(freeze_content_urls)
