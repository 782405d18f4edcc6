"""Render keys: a digest of everything a page's HTML is made from, to skip pages that did not change.

A page written by the templates depends on
- the build's *stamp*: the plugins' code, the settings, the images, the other files under
  content/, the theme's files, the packages that render, and what the plugins decided from
  the build's day (a document's status "còn hiệu lực" changes with it; the day itself does
  not count, so a new day renders pages again only when a status changed);
- the *site*: everything the generators put in the shared template context (every article's
  and page's metadata and summary, the lists, the calendars, the documents) except their
  text: the "Tin mới" list, the date picker and the neighbours are on every page;
- the *page* itself: its file name, template and the variables it is written with, where
  the article or page it shows counts with its whole text.

So an edit of one article's text changes the keys of that article's page and of the lists
that hold it (a list shows an article by its title, date, summary and image, which are in
the site digest too only through metadata and summary: the text itself is left out there).
A change of title, date, tags or summary changes the site digest, and every page is written
again, as before.

Fingerprints are blake2b digests; objects are visited once per build (by identity), which
is safe because nothing in the context changes while pages are written. An object whose
class has `render_key_inputs()` is fingerprinted by what that returns instead of by its
attributes: the objects it is computed from, and nothing else (archives' SiteIndex: the
articles and the settings).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, time, tzinfo
from importlib.metadata import version
from pathlib import Path, PurePath
from typing import Any

from pelican.contents import Content, Static
from pelican.urlwrappers import URLWrapper

from .content_cache import other_files_stat, reading_stamp

# Attributes that hold the build's settings or the shared context: they are in the stamp or
# in the site digest already, and following them from every object would visit all of it.
SKIPPED_ATTRIBUTES = frozenset(
    {"settings", "_context", "context", "get_url_setting", "get_relative_source_path"}
)
# Pelican's note that a static file's location was read (it then refuses to move the file for
# an {attach} link): bookkeeping of who looked when, never printed.
SKIPPED_CONTENT_ATTRIBUTES = frozenset({"_content", "_output_location_referenced"})
# What renders a page besides Pelican, Markdown and Babel (content_cache.PACKAGES).
RENDER_PACKAGES = ("jinja2", "markupsafe")
# Context entries Pelican fills in the order it found the files (a set's order, which changes
# from one process to the next); no page lists them in that order.
UNORDERED_CONTEXT_KEYS = frozenset({"generated_content", "static_content", "staticfiles", "static_links"})
_SCALARS = (str, int, float, bool, type(None))


def _digest(*parts: bytes) -> bytes:
    """One short digest over byte strings (length-prefixed, so parts cannot run together)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.digest()


def _inline(tag: bytes, data: bytes) -> bytes:
    """A value written out in full: a tag, its length and its bytes (so it cannot run into the next)."""
    return tag + len(data).to_bytes(4, "little") + data


def _combined(*encoded: bytes) -> bytes:
    """The fingerprint of an object made of fingerprints (each one delimits itself)."""
    return b"D" + hashlib.blake2b(b"".join(encoded), digest_size=16).digest()


def _combined_list(kind: bytes, encoded: list[bytes]) -> bytes:
    """_combined(kind, *encoded), without unpacking a long list into arguments."""
    hasher = hashlib.blake2b(kind, digest_size=16)
    hasher.update(b"".join(encoded))
    return b"D" + hasher.digest()


# Scalars are written out rather than hashed one by one: a site's context holds millions.
_SCALAR_TAGS = {str: b"s", int: b"i", float: b"f", bool: b"b", type(None): b"n"}


class Fingerprinter:
    """Digests of template inputs; each object is fingerprinted once per build.

    `of(value)` describes articles and pages inside it by their list signature (everything
    but their text); `of_page_variable(value)` counts an article or page given directly to a
    page (the one an article page shows) with its text. A fingerprint is either a scalar
    written out (tag, length, bytes) or "D" and a digest: both delimit themselves, so a
    container's fingerprint is the digest of its items' fingerprints one after the other.
    """

    def __init__(self, summaries: dict[str, str] | None = None) -> None:
        # Summary digests by the digest of the text they are cut from, kept from build to build:
        # cutting 10,000 summaries again costs seconds, looking them up nothing.
        self.summaries: dict[str, str] = dict(summaries or {})
        self.summaries_used: dict[str, str] = {}
        # Fingerprints by identity: `known` is the table in use, `outside` the one for what a
        # page or the context holds; inside a content's own fingerprint, where any other
        # content counts by its path, a table of that content's alone (see _content).
        self.outside: dict[int, bytes] = {}
        self.known = self.outside
        self.in_content = False
        self.leaves: dict[int, bytes] = {}
        self.with_text: dict[int, bytes] = {}
        # Objects fingerprinted by identity stay referenced, so an id is never reused meanwhile.
        self.pinned: dict[int, Any] = {}
        self.visiting: set[int] = set()

    def of_page_variable(self, value: Any) -> bytes:
        """The fingerprint of a variable a page is written with (an article counts its text)."""
        if isinstance(value, Content):
            found = self.with_text.get(id(value))
            if found is None:
                text = (getattr(value, "_content", None) or "").encode()
                found = self.with_text[id(value)] = _combined(
                    _inline(b"k", b"text"), self.of(value), _inline(b"t", text)
                )
                self.pinned[id(value)] = value
            return found
        return self.of(value)

    def adopt(
        self, contents: list[Content], found: list[tuple[bytes, bytes]], summaries: dict[str, str]
    ) -> None:
        """Take the fingerprints another process made of these contents (content_fingerprints)."""
        for content, (listed, with_text) in zip(contents, found, strict=False):
            self.outside.setdefault(id(content), listed)
            self.with_text.setdefault(id(content), with_text)
            self.pinned[id(content)] = content
        self.summaries_used.update(summaries)

    def of(self, value: Any) -> bytes:
        """The fingerprint of any template input."""
        kind = type(value)
        if kind is str:  # most of what is fingerprinted: written out as _inline would
            data = value.encode()
            return b"s" + len(data).to_bytes(4, "little") + data
        found = self.known.get(id(value))  # a pinned object: its id is not reused meanwhile
        if found is not None:
            return found
        tag = _SCALAR_TAGS.get(kind)
        if tag is not None:
            return _inline(tag, str(value).encode())
        if isinstance(value, str):  # Markup prints differently from str under autoescape
            return _inline(b"S", kind.__qualname__.encode() + b":" + value.encode())
        if isinstance(value, (date, time, URLWrapper)):
            return self._leaf(value)
        if isinstance(value, (tzinfo, PurePath)):
            return _inline(b"p", f"{kind.__name__}:{value}".encode())
        if isinstance(value, Content):
            return self._content_of(value)
        if id(value) in self.visiting:  # a cycle (two documents that name each other)
            return _inline(b"c", kind.__qualname__.encode())
        self.visiting.add(id(value))
        try:
            found = self._compound(value)
        finally:
            self.visiting.discard(id(value))
        self.known[id(value)] = found
        self.pinned[id(value)] = value
        return found

    def _leaf(self, value: Any) -> bytes:
        """A date or a category, tag or author: made of text alone, so one fingerprint serves
        inside every article's walk (each has a table of its own) and outside them."""
        found = self.leaves.get(id(value))
        if found is None:
            if isinstance(value, URLWrapper):  # equal by slug alone, but the name is printed
                found = _combined(_kind_tag(type(value)), self.of(value.name), self.of(value.slug))
            else:  # datetime too; equal instants in two zones print differently
                text = f"{type(value).__name__}:{value.isoformat()}:{getattr(value, 'tzinfo', None)}"
                found = _inline(b"d", text.encode())
            self.leaves[id(value)] = found
            self.pinned[id(value)] = value
        return found

    def _content_of(self, content: Content) -> bytes:
        """An article met inside another's fingerprint: its path. Elsewhere: its own fingerprint."""
        if self.in_content:
            return _inline(b"r", (content.relative_source_path or "").encode())
        found = self.known[id(content)] = self._content(content)
        self.pinned[id(content)] = content
        return found

    def of_unordered(self, value: Any) -> bytes:
        """The fingerprint of a collection whose order means nothing (a dict: its items).

        A dict's item is its key's fingerprint and its value's side by side (each delimits
        itself), not the digest of an (key, value) tuple: generated_content holds every
        article, and the site's digest is made three or four times a build (40 ms a time at
        10,000 articles with a digest an item, 5 ms without).
        """
        of = self.of
        if isinstance(value, Mapping):
            parts = [of(key) + of(item) for key, item in value.items()]
        else:
            parts = list(map(of, value))
        parts.sort()
        return _combined_list(_inline(b"k", b"unordered"), parts)

    def _compound(self, value: Any) -> bytes:
        """Fingerprint of a container, an article, a URL wrapper or any other object."""
        kind = _kind_tag(type(value))
        of = self.of
        if type(value) is dict:  # the common case, before the slower abstract Mapping check
            return _combined_list(kind, [of(key) + of(item) for key, item in value.items()])
        if type(value) is list:
            return _combined_list(kind, list(map(of, value)))
        if isinstance(value, Mapping):  # in insertion order: a template lists a dict that way
            return _combined(kind, *(self.of(key) + self.of(item) for key, item in value.items()))
        if isinstance(value, (set, frozenset)):
            return _combined(kind, *sorted(self.of(item) for item in value))
        if isinstance(value, (list, tuple, range)):
            return _combined(kind, *map(self.of, value))
        inputs = getattr(type(value), "render_key_inputs", None)
        made_from = inputs(value) if inputs is not None else None
        if made_from is not None:  # computed from these alone (archives' SiteIndex)
            return _combined(kind, _inline(b"k", b"made from"), self.of(made_from))
        attributes = getattr(value, "__dict__", None)
        if attributes is None:  # functions, modules, iterators: nothing a page prints
            return _combined(_inline(b"k", b"opaque"), kind)
        return _combined(kind, self._attributes(attributes))

    def _attributes(self, attributes: Mapping[str, Any]) -> bytes:
        """Fingerprint of an object's attributes, in name order, settings left out."""
        of, skipped = self.of, SKIPPED_ATTRIBUTES
        return _combined_list(
            b"",
            [
                _attribute_tag(name) + of(attributes[name])
                for name in sorted(attributes)
                if name not in skipped
            ],
        )

    def _content(self, content: Content) -> bytes:
        """An article or page as lists show it: metadata, URL, summary and attributes, not its text.

        Other articles it holds (neighbours, related articles, translations, a document's
        article, at any depth) count by their path: their own fingerprints are part of the
        site digest, following them would walk the site, and a fingerprint made through a
        cycle (a document and its article) would depend on which of the two came first.
        """
        # Walked afresh from this content, with a table of its own: where a walk meets an
        # object it is inside of, it stops, and a table shared with other contents would give
        # each the stops of whichever was fingerprinted first (the order changes with the
        # processes the contents are shared over).
        outer = self.in_content, self.known, self.visiting
        self.in_content, self.known, self.visiting = True, {}, set()
        try:
            skipped = SKIPPED_CONTENT_ATTRIBUTES
            attributes = {name: item for name, item in vars(content).items() if name not in skipped}
            return _combined(
                b"content",
                self.of(_location(content, "url")),
                self.of(_location(content, "save_as")),
                self._summary(content),
                self._attributes(attributes),
            )
        finally:
            self.in_content, self.known, self.visiting = outer

    def knows_summary(self, content: Content) -> bool:
        """True when fingerprinting the content needs no summary cut (its digest is known)."""
        source = self._summary_source(content)
        return source is None or source in self.summaries

    def _summary_source(self, content: Content) -> str | None:
        """The digest of what a content's summary is cut from (None: it has no text)."""
        text = getattr(content, "_content", None)
        if text is None:
            return None
        return _digest(text.encode(), self.of(content.metadata.get("summary"))).hex()

    def _summary(self, content: Content) -> bytes:
        """The digest of the summary lists show, looked up by the text it is cut from when known."""
        source = self._summary_source(content)
        if source is None:
            return self.of(None)
        found = self.summaries.get(source)
        if found is None:
            found = _digest(self.of(content.summary)).hex()
        self.summaries_used[source] = found
        return _inline(b"m", bytes.fromhex(found))


def _location(content: Content, name: str) -> Any:
    """A content's `url` or `save_as`, read without side effects: a static file's own property
    notes that its location was referenced, which would stop an {attach} link moving it."""
    if isinstance(content, Static):
        return getattr(Content, name).fget(content)
    return getattr(content, name, None)


@functools.lru_cache(maxsize=4096)
def _kind_tag(kind: type) -> bytes:
    """The fingerprint part that names an object's type."""
    return _inline(b"k", kind.__qualname__.encode())


@functools.lru_cache(maxsize=4096)
def _attribute_tag(name: str) -> bytes:
    """The fingerprint part that names an attribute."""
    return _inline(b"a", name.encode())


def content_fingerprints(
    fingerprints: Fingerprinter, contents: list[Content]
) -> tuple[list[tuple[bytes, bytes]], dict[str, str]]:
    """Each content's fingerprints as lists show it and as its own page does, and the summary
    digests used (what Fingerprinter.adopt takes in another process)."""
    found = [(fingerprints.of(content), fingerprints.of_page_variable(content)) for content in contents]
    return found, fingerprints.summaries_used


def theme_files(theme: str) -> Iterable[tuple[str, bytes]]:
    """(relative path, digest) of every file of the theme, in a stable order."""
    root = Path(theme)
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix(), hashlib.sha256(path.read_bytes()).digest()


def build_stamp(settings: dict[str, Any], day_decisions: Mapping[str, Any] | None) -> bytes:
    """What every page depends on besides the content: code, settings, images, theme, packages,
    and what the plugins decided from the day (build_signals.DAY_DECISIONS), not the day itself."""
    parts = [reading_stamp(settings).encode(), repr(sorted((day_decisions or {}).items())).encode()]
    parts += [f"{package}={version(package)}".encode() for package in RENDER_PACKAGES]
    parts += [name.encode() + digest for name, digest in theme_files(settings["THEME"])]
    # Sizes and times too: an attachment's size is printed. A time can only make a key change
    # when nothing did (a fresh checkout), never the reverse.
    skip = [settings["OUTPUT_PATH"], settings["CACHE_PATH"]]
    parts += [repr(entry).encode() for entry in other_files_stat(settings["PATH"], skip)]
    return _digest(*parts)


def site_digest(
    fingerprints: Fingerprinter, context: Mapping[str, Any], settings: Mapping[str, Any]
) -> bytes:
    """Fingerprint of what the generators added to the shared context (settings are in the stamp)."""
    added = sorted(key for key in context if key not in settings or context[key] is not settings[key])
    added = [key for key in added if key not in ("localsiteurl", "output_file")]
    return _combined(
        *(
            _inline(b"K", key.encode())
            + (fingerprints.of_unordered if key in UNORDERED_CONTEXT_KEYS else fingerprints.of)(context[key])
            for key in added
        )
    )


def page_key(
    fingerprints: Fingerprinter,
    base: bytes,
    name: str,
    template_name: str,
    variables: Mapping[str, Any],
) -> str:
    """The key of one written file: build stamp and site digest (`base`), name, template, variables."""
    parts = [base, name.encode(), template_name.encode()]
    for key in sorted(variables):
        parts.append(_inline(b"K", key.encode()) + fingerprints.of_page_variable(variables[key]))
    return _digest(*parts).hex()
