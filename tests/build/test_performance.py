"""The performance plugin (issue 9): the same site, computed with less work."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican import signals
from performance.urls import pages_and_articles, stale_urls

from conftest import SAMPLE_CONTENT, build_site, page


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict, list]:
    """The sample site (articles, documents with their own URLs, pages), and Pelican's context."""
    seen: dict = {}

    def keep_context(generators: list) -> None:
        seen.update(context=generators[0].context, generators=generators)

    signals.all_generators_finalized.connect(keep_context)
    try:
        output = build_site(SAMPLE_CONTENT, tmp_path_factory.mktemp("performance") / "output")
    finally:
        signals.all_generators_finalized.disconnect(keep_context)
    return output, seen["context"], seen["generators"]


def test_no_url_changes_after_it_was_remembered(built):
    _output, context, _generators = built
    contents = pages_and_articles(context["generated_content"].values())
    assert len(contents) > 40
    assert all("get_url_setting" in vars(content) for content in contents)
    assert stale_urls(contents) == []


def test_remembered_urls_are_the_ones_the_pages_link_to(built):
    output, context, _generators = built
    documents = [a for a in context["articles"] if hasattr(a, "document")]
    assert documents and all(d.url.startswith("van-ban/") for d in documents)
    for content in context["articles"][:5] + documents[:2] + context["pages"]:
        assert (output / content.save_as).is_file()
        canonical = page(output, content.url).select_one("meta[property='og:url']")
        assert canonical is None or canonical["content"].endswith("/" + content.url)


def test_each_generator_has_its_own_fragment_cache_and_reuses_it(built):
    _output, _context, generators = built
    caches = [g.env.globals["render_once"] for g in generators if hasattr(g, "env")]
    assert len({id(cache) for cache in caches}) == len(caches) >= 2
    articles = caches[0]
    # Every article page shows the same header, footer, "Tin mới" and date picker.
    assert articles.hits > len(articles.rendered)
