"""Fragments rendered once per build (plugins/performance/fragments.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from pelican.urlwrappers import Category
from performance.fragments import FragmentCache

TEMPLATES = {
    "item.html": "{% macro item(value) %}[{{ SITEURL }}/{{ value }}{{ count() }}]{% endmacro %}",
    "page.html": '{% from "item.html" import item with context %}'
    "{% for value in values %}{{ render_once(item, value) }}{% endfor %}",
}


@pytest.fixture
def render():
    """A render function over an environment with render_once, and how often the macro ran."""
    calls = []
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    env.globals.update(render_once=FragmentCache(), count=lambda: calls.append(1) or "")

    def page(values, siteurl="..", template="page.html", **extra) -> str:
        return env.get_template(template).render(values=values, SITEURL=siteurl, **extra)

    page.calls = calls
    page.cache = env.globals["render_once"]
    return page


def test_each_key_is_rendered_once_across_pages(render):
    assert render(["a", "b", "a"]) == "[../a][../b][../a]"
    assert render(["b", "a"]) == "[../b][../a]"
    assert len(render.calls) == 2
    assert render.cache.hits == 3


def test_the_page_depth_is_part_of_the_key(render):
    assert render(["a"], siteurl="..") == "[../a]"
    assert render(["a"], siteurl="../../..") == "[../../../a]"
    assert len(render.calls) == 2


def test_text_and_markup_are_different_keys(render):
    assert render(["<b>", Markup("<b>")]) == "[../&lt;b&gt;][../<b>]"


def test_equal_instants_in_two_zones_are_different_keys(render):
    vietnam = datetime(2019, 11, 21, 9, 25, tzinfo=timezone(timedelta(hours=7)))
    utc = vietnam.astimezone(timezone.utc)
    assert vietnam == utc
    assert render([vietnam, utc]) == "[../2019-11-21 09:25:00+07:00][../2019-11-21 02:25:00+00:00]"


def test_categories_with_one_slug_but_two_names_are_different_keys(render):
    settings = {"SLUG_REGEX_SUBSTITUTIONS": []}
    first, second = Category("Tin tức", settings), Category("Tin Tức", settings)
    first.slug = second.slug = "tin-tuc"
    assert first == second
    assert render([first, second]) == "[../Tin tức][../Tin Tức]"


def test_objects_are_keyed_by_identity(render):
    class Item:
        def __init__(self, name):
            self.name = name

        def __str__(self):
            return self.name

    one, other = Item("x"), Item("x")
    assert render([one, other, one]) == "[../x][../x][../x]"
    assert len(render.calls) == 2


def test_an_iterator_is_refused(render):
    with pytest.raises(TypeError, match="not an iterator"):
        render([iter([1, 2])])


def test_the_least_recently_used_fragment_goes_first_when_the_cache_is_full(render):
    render.cache.limit = 2
    assert render(["a", "b", "a", "c", "a", "b"]) == "[../a][../b][../a][../c][../a][../b]"
    # a stays (used again before c came), b went when c came and is rendered again.
    assert len(render.calls) == 4
    assert list(render.cache.rendered) and len(render.cache.rendered) == 2
