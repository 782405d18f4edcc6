"""Fragments rendered once: a macro's HTML kept per build, by macro, arguments and SITEURL.

An article's list item, the "Tin mới" list, the calendars and the date picker are the same
on many pages: `{{ render_once(macro, args...) }}` renders the macro the first time a key is
seen and gives the same HTML afterwards. The key is the macro, its arguments and the page's
SITEURL (links are relative, so the same list differs between /2019/ and /2019/11/21/).
A macro rendered this way must depend on nothing else of the page: only its arguments,
SITEURL and what is the same for the whole build (settings, site_index, categories, pages).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator
from datetime import date
from typing import Any

from jinja2 import Undefined, pass_context
from jinja2.runtime import Context, Macro
from markupsafe import Markup
from pelican.urlwrappers import URLWrapper

_SCALARS = (str, int, float, bool, type(None), range)
_EXACT_SCALARS = frozenset(_SCALARS)
_NO_KEYWORDS = (dict, ())  # key_of({})
# Classes whose objects key_of has keyed by identity (articles, periods, calendars), so
# that the next one of them skips the type tests before that.
_KEYED_BY_IDENTITY: set[type] = set()


class FragmentCache:
    """Rendered macros of one build (one per Jinja environment, that is per generator).

    At most `limit` fragments are kept, the least recently used going first: pages are
    written in date order, so the fragments a page needs are mostly those of the last pages,
    and memory stays the same for 2,000 or 20,000 articles.
    """

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self.rendered: OrderedDict[Hashable, Markup] = OrderedDict()
        # Objects keyed by identity stay referenced, so their id() is never reused in this build.
        self.pinned: dict[int, Any] = {}
        self.hits = 0

    @pass_context
    def __call__(self, context: Context, macro: Macro, *args: Any, **kwargs: Any) -> Markup:
        """The macro's HTML for these arguments on a page at this SITEURL, rendered once."""
        # The code object is the same every time a template imports the macro again.
        key = (
            macro._func.__code__,
            context.get("SITEURL"),
            self.key_of(args),
            self.key_of(kwargs) if kwargs else _NO_KEYWORDS,
        )
        found = self.rendered.get(key)
        if found is None:
            found = self.rendered[key] = Markup(macro(*args, **kwargs))
            if len(self.rendered) > self.limit:
                self.rendered.popitem(last=False)
        else:
            self.rendered.move_to_end(key)
            self.hits += 1
        return found

    def key_of(self, value: Any) -> Hashable:
        """A key that is equal for two values only when a macro renders them the same way."""
        kind = type(value)
        # The common cases first, by exact type: a list item's key is made 70 times a page.
        if kind in _EXACT_SCALARS:
            return (kind, value)
        if kind is tuple or kind is list:
            return (kind, tuple(map(self.key_of, value)))
        if kind in _KEYED_BY_IDENTITY:
            self.pinned[id(value)] = value
            return ("id", id(value))
        if isinstance(value, _SCALARS):
            # str and Markup print differently ("<" is escaped in one only): keep the type.
            return (type(value), value)
        if isinstance(value, Undefined):  # prints as nothing, whatever name it stands for
            return (type(value),)
        if isinstance(value, date):  # datetime too: equal instants in two zones print differently
            return (type(value), value.isoformat(), str(getattr(value, "tzinfo", None)))
        if isinstance(value, (list, tuple)):
            return (type(value), tuple(self.key_of(item) for item in value))
        if isinstance(value, dict):
            return (dict, tuple(sorted((key, self.key_of(item)) for key, item in value.items())))
        if isinstance(value, URLWrapper):  # equal by slug alone, but the name is printed
            return (type(value), value.slug, value.name)
        if isinstance(value, Iterator):
            raise TypeError("render_once: give a list, not an iterator (add `| list`)")
        # Articles, periods, calendars: the very object (they live for the whole build).
        _KEYED_BY_IDENTITY.add(kind)  # every test above is by type: its next object ends here too
        self.pinned[id(value)] = value
        return ("id", id(value))
