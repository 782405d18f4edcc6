"""URLs computed once: an article's or page's url and save_as, remembered once they are final.

Pelican formats `url` and `save_as` from the settings (ARTICLE_URL, ...) and the metadata on
every read, and templates read them tens of thousands of times in a build. Once every
generator has finished, nothing the URL is made of changes any more, so each article and
page gets its values computed once. Static files are left alone: an `{attach}` link moves
one while the pages are written. Each article's and page's path relative to content/ is
remembered from the start (`remember_source_path`): Pelican computes it again for every URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pelican.contents import Article, Content, Page

URL_KEYS = ("url", "save_as")


# Pelican's `url_format` property: the values a URL pattern is formatted with.
PELICAN_URL_FORMAT = Content.url_format
# An instance's values while its URLs are frozen (one `url_format` for url and save_as).
URL_FORMAT_MEMO = "_performance_url_format"


def url_format_once(content: Any) -> dict[str, Any]:
    """`Content.url_format` (installed by `install`): the values being frozen with, if any,
    else Pelican's. Copying an article's metadata and working out its path was half of each
    URL's cost, paid twice an article (url, then save_as)."""
    values = content.__dict__.get(URL_FORMAT_MEMO)
    return values if values is not None else PELICAN_URL_FORMAT.fget(content)


def install() -> None:
    """Let freeze_urls format url and save_as from one `url_format` (once per process)."""
    if Content.url_format is PELICAN_URL_FORMAT:
        Content.url_format = property(url_format_once, doc=PELICAN_URL_FORMAT.__doc__)


def freeze_urls(content: Any) -> None:
    """Make `content.url` and `content.save_as` return the values they have now.

    Pelican's properties call `self.get_url_setting(key)`; an instance attribute of that
    name shadows the method, so the properties read a dict instead of formatting again.
    """
    content.__dict__[URL_FORMAT_MEMO] = PELICAN_URL_FORMAT.fget(content)
    try:
        frozen = {key: content.get_url_setting(key) for key in URL_KEYS}
    finally:
        del content.__dict__[URL_FORMAT_MEMO]
    compute = content.get_url_setting

    def frozen_url_setting(key: str) -> str:
        """The remembered value of url and save_as; anything else as Pelican computes it."""
        return frozen[key] if key in frozen else compute(key)

    content.get_url_setting = frozen_url_setting


def remember_source_path(content: Any) -> None:
    """content_object_init: `content.get_relative_source_path()` answers from what Pelican
    computed in `__init__` (`relative_source_path`) while the source path stays the same.

    Pelican asks again each time it formats a URL (`url_format` computes it even when the
    metadata has a `path`) and when it adds the source path: four times an article, about
    12 µs each (os.path.relpath and abspath), half a second at 10,000 articles. A path
    given as argument (a link to another file) is computed as before.
    """
    if not isinstance(content, (Article, Page)):
        return
    source, relative = content.source_path, content.relative_source_path
    compute = content.get_relative_source_path

    def remembered_source_path(source_path: str | None = None) -> str | None:
        """The remembered path for the content's own source; anything else as Pelican computes it."""
        if not source_path and content.source_path == source:
            return relative
        return compute(source_path)

    content.get_relative_source_path = remembered_source_path


def pages_and_articles(generated: Iterable[Any]) -> list[Any]:
    """Articles and pages (drafts and hidden ones too) among Pelican's generated content."""
    return [content for content in generated if isinstance(content, (Article, Page))]


def stale_urls(contents: Iterable[Any]) -> list[tuple[str, str, str]]:
    """(source, remembered, computed now) for every url or save_as that changed since freezing."""
    found = []
    for content in contents:
        for key in URL_KEYS:
            remembered = getattr(content, key)
            computed = type(content).get_url_setting(content, key)
            if remembered != computed:
                found.append((content.source_path, remembered, computed))
    return found
