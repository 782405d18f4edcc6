"""A queued page's own variables (what its render key counts besides the shared context)."""

from __future__ import annotations

import pytest
from performance.writer import QueuedPage, page_variables

ARTICLE, OTHER, LIST = object(), object(), object()


def naive(page: QueuedPage) -> dict:
    """The definition: every variable that is not the shared context's own object."""
    shared = page.shared_context
    return {
        key: value for key, value in page.variables.items() if key not in shared or shared[key] is not value
    }


@pytest.mark.parametrize(
    ("shared", "base", "own"),
    [
        ({"articles": LIST, "SITEURL": ""}, {"articles": LIST, "SITEURL": ""}, {"article": ARTICLE}),
        # the page gives back the shared object under a key its base had replaced
        ({"articles": LIST}, {"articles": OTHER}, {"articles": LIST}),
        # the shared context replaced an entry after the base was copied
        ({"articles": OTHER, "dates": LIST}, {"articles": LIST, "dates": LIST}, {}),
        # a key of the base the shared context does not have, overridden by the page
        ({"dates": LIST}, {"dates": LIST, "page_name": "a"}, {"page_name": "b", "article": ARTICLE}),
    ],
)
def test_own_variables_are_those_that_differ_from_the_shared_context(shared, base, own):
    page = QueuedPage(template=None, own=own, base=base, shared_context=shared, path="x/index.html")
    differing = {}
    assert page_variables(page, differing) == naive(page)
    assert page_variables(page, differing) == naive(page)  # again, from what was worked out once
