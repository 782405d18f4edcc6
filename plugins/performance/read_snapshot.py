"""Articles kept whole between builds: an unchanged file's Article is taken as the last build left it.

With Pelican's content cache at the reader layer, a rebuild still makes every article again
from its cached HTML and metadata: the file's look-up, `Article.__init__` with its signals,
the check of its save_as. At 10,000 articles that is about 1 s of every rebuild, and loading
the cache another 0.3 s, for articles whose files did not change.

So the articles cache file also holds, under SNAPSHOT_KEY, each article as it was when
Pelican finished reading it (`(stamp, Article)` by the file's absolute path, the stamp being
the sha256 Pelican's cache compares). It is saved with the rest of the cache, at the moment
Pelican saves it: after the articles are read and before any plugin groups them
(`article_generator_finalized`), so what is kept is exactly what reading the file gives.
On the next build the generator takes the kept article for every file whose stamp is the
same; the others are read as before, through Pelican's readers and their cache.

What an Article holds that is not its own is left out of the pickle (`SnapshotPickler`):
the build's context (given back from the generator when the article is taken), the build's
settings (a reference resolved to the loading build's settings: the cache is only loaded
under the same settings, content_cache.py) and functions plugins set on the instance
(`urls.remember_source_path` is applied again). The cache's stamp (content_cache.py)
covers everything else an article's reading depends on but the clock: an article dated
after now (a draft until then, WITH_FUTURE_DATES) is never kept. content_guard keeps a file
with a problem out of the readers' cache, and so out of the snapshot.
"""

from __future__ import annotations

import copyreg
import os
import pickle
from datetime import datetime, timezone
from types import FunctionType
from typing import Any

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from .urls import remember_source_path

# The key of the kept articles inside the readers' cache dict (never a file's path).
SNAPSHOT_KEY = "\0performance:articles"
# The settings of the build running in this process (set at `initialized`), which a pickled
# reference to "the build's settings" stands for.
_BUILD: dict[str, Any] = {}


def start_build(settings: dict[str, Any]) -> None:
    """initialized: the settings a loaded cache's references resolve to."""
    _BUILD["settings"] = settings


def build_settings() -> dict[str, Any]:
    """What a pickled SETTINGS reference loads as: this process's build settings."""
    settings = _BUILD.get("settings")
    if settings is None:
        # Pelican takes an unreadable cache for an empty one and reads every file.
        raise pickle.UnpicklingError("performance plugin: a cache with build references outside a build")
    return settings


class BuildSettings:
    """Pickled in place of the build's settings dict: loads as the loading build's settings."""

    def __reduce__(self) -> tuple:
        return (build_settings, ())


SETTINGS = BuildSettings()


class SnapshotPickler(pickle.Pickler):
    """Pickles articles and the terms (tags, categories, authors) they name without the build's
    context, settings and instance functions (see the module's docstring)."""

    def __init__(self, handle: Any, settings: dict[str, Any]) -> None:
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.settings = settings

    def reducer_override(self, obj: Any) -> Any:
        # Called for objects other than the built-in types Pickle writes itself (str, dict, ...).
        if isinstance(obj, (Content, URLWrapper)):
            return (copyreg.__newobj__, (type(obj),), self.state_of(obj), None, None)
        return NotImplemented

    def state_of(self, obj: Any) -> dict[str, Any]:
        state = {}
        for name, value in vars(obj).items():
            if name == "_context" or isinstance(value, FunctionType):
                continue
            state[name] = SETTINGS if value is self.settings else value
        return state


def write_cache(cache: dict, handle: Any, settings: dict[str, Any]) -> None:
    """Pickle a readers' cache dict (with its kept articles, if any) to handle."""
    SnapshotPickler(handle, settings).dump(cache)


def cache_key(generator: Any, filename: str) -> str:
    """The absolute path Pelican's readers key a file by."""
    return os.path.abspath(os.path.join(generator.path, filename))


def serve_kept_articles(generator: Any) -> None:
    """article_generator_init: the generator takes each article kept by the last build whose
    file has the same stamp; every article this build ends with is kept for the next one."""
    readers = generator.readers
    if not getattr(readers, "_cache_data_policy", False):
        return
    found = readers._cache.pop(SNAPSHOT_KEY, None)  # noqa: SLF001 (Pelican's cache layer)
    kept: dict[str, tuple[Any, Any]] = found if isinstance(found, dict) else {}
    taken: dict[str, tuple[Any, Any]] = {}
    readers.kept_articles = taken
    get_cached_data, cache_data = generator.get_cached_data, generator.cache_data

    def current(key: str, stamp: Any, article: Any) -> bool:
        """The file still has this stamp, and the article is not waiting for its date."""
        return stamp == readers._get_file_stamp(key) and not waits_for_its_date(article)  # noqa: SLF001

    def take_kept(filename: str, default: Any = None) -> Any:
        key = cache_key(generator, filename)
        entry = kept.pop(key, None)
        if entry is not None and current(key, *entry):
            article = entry[1]
            article._context = generator.context  # noqa: SLF001 (Pelican's Content)
            remember_source_path(article)
            taken[key] = entry
            return article
        return get_cached_data(filename, default)

    def keep_read(filename: str, article: Any) -> None:
        # Only an article its readers cached just now: a file with a problem is not cached.
        key = cache_key(generator, filename)
        entry = readers._cache.get(key)  # noqa: SLF001
        if entry is not None and current(key, entry[0], article):
            taken[key] = (entry[0], article)
        cache_data(filename, article)

    generator.get_cached_data, generator.cache_data = take_kept, keep_read


def waits_for_its_date(article: Any) -> bool:
    """True for an article dated after now while WITH_FUTURE_DATES is off: Pelican makes it a
    draft when it makes the Article, and the same file makes a published one once the date
    has passed, so it is never kept (nor taken, should the clock have gone back)."""
    if article.settings.get("WITH_FUTURE_DATES", True):
        return False
    date = getattr(article, "date", None)
    if date is None:
        return False
    return date > (datetime.now() if date.tzinfo is None else datetime.now(timezone.utc))


def with_kept_articles(readers: Any) -> dict:
    """The readers' cache dict to save: its entries, and this build's articles under SNAPSHOT_KEY."""
    taken = getattr(readers, "kept_articles", None)
    cache = readers._cache  # noqa: SLF001
    return {**cache, SNAPSHOT_KEY: taken} if taken else cache
