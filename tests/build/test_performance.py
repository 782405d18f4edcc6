"""The performance plugin (issue 9): the same site, computed with less work."""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pelican.contents
import pytest
from check_content import collect_problems
from compare_outputs import differences
from pelican import signals
from pelican.contents import Article
from pelican.readers import Readers
from performance import cache_saving, file_stamps, read_snapshot
from performance.content_cache import STAMP_FILE, write_cache_file
from performance.urls import pages_and_articles, stale_urls
from PIL import Image

from conftest import FIXTURE_CONTENT, ROOT, SAMPLE_CONTENT, banner_slides_in, build_site, page
from content_guard.problems import ContentErrors
from content_guard.reader import CheckedMarkdownReader
from sitebuild import load_settings
from vietnamese.text import VIETNAM_TZ

BAD_CONTENT = ROOT / "tests" / "fixtures" / "bad-content" / "content"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict, list]:
    """The sample site (articles, documents with their own URLs, pages), and Pelican's context."""
    output, generators = build_keeping_generators(
        SAMPLE_CONTENT, tmp_path_factory.mktemp("performance") / "output"
    )
    return output, generators[0].context, generators


def build_keeping_generators(content: Path, output: Path, **settings) -> tuple[Path, list]:
    """build_site, and the build's generators as they were once every one had finished."""
    seen: dict = {}

    def keep_generators(generators: list) -> None:
        seen["generators"] = generators

    signals.all_generators_finalized.connect(keep_generators)
    try:
        built_output = build_site(content, output, **settings)
    finally:
        signals.all_generators_finalized.disconnect(keep_generators)
    return built_output, seen["generators"]


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


def test_each_generator_has_its_own_fragment_cache_and_reuses_it(tmp_path):
    # In one process: with two, the build's process renders the share of the pages it takes
    # from the queue, and its cache counts the hits of those pages only.
    _output, generators = build_keeping_generators(
        SAMPLE_CONTENT, tmp_path / "output", PERFORMANCE={"WORKERS": 1}
    )
    caches = [g.env.globals["render_once"] for g in generators if hasattr(g, "env")]
    assert len({id(cache) for cache in caches}) == len(caches) >= 2
    articles = caches[0]
    # Every article page shows the same header, footer and date picker fields.
    assert articles.hits > len(articles.rendered)


# --- Pelican's content cache (CACHE_CONTENT in pelicanconf.py) --------------------------------


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The Markdown files our reader parses (a file taken from the cache is not)."""
    found: list[str] = []
    read = CheckedMarkdownReader._read

    def counting_read(self, source_path):
        found.append(Path(source_path).name)
        return read(self, source_path)

    monkeypatch.setattr(CheckedMarkdownReader, "_read", counting_read)
    return found


def test_an_unchanged_file_is_not_parsed_again_and_the_output_is_the_same(tmp_path, parsed):
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    cache = str(tmp_path / "cache")
    first = build_site(content, tmp_path / "first", CACHE_PATH=cache)
    assert len(parsed) == len(list(content.rglob("*.md")))
    parsed.clear()
    second = build_site(content, tmp_path / "second", CACHE_PATH=cache)
    assert parsed == []
    assert not any(differences(first, second).values())
    edited = content / "tin-tuc" / "2019-11-21-day-manh-phong-trao.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("cuối năm", "quý IV"), encoding="utf-8")
    third = build_site(content, tmp_path / "third", CACHE_PATH=cache)
    assert parsed == [edited.name]
    assert (
        page(third, "2019/11/21/day-manh-phong-trao/").h1.get_text() == "Đẩy mạnh phong trào thi đua quý IV"
    )
    uncached = build_site(content, tmp_path / "uncached", CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    assert not any(differences(uncached, third).values())


def test_a_rebuild_hashes_only_the_source_files_that_changed(tmp_path, monkeypatch):
    """Pelican's cache finds files by their sha256; the memo spares reading the others."""
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    cache = str(tmp_path / "cache")
    monkeypatch.setattr(file_stamps, "STABLE_NS", 0)  # the copies were all made just now
    hashed: list[str] = []
    real = file_stamps.file_sha256
    monkeypatch.setattr(file_stamps, "file_sha256", lambda name: hashed.append(Path(name).name) or real(name))
    first = build_site(content, tmp_path / "first", CACHE_PATH=cache)
    sources = {path.name for path in content.rglob("*.md")}
    assert sources <= set(hashed)
    hashed.clear()
    edited = content / "tin-tuc" / "2019-11-21-day-manh-phong-trao.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("cuối năm", "quý IV"), encoding="utf-8")
    second = build_site(content, tmp_path / "second", CACHE_PATH=cache)
    assert set(hashed) & sources == {edited.name}
    assert page(second, "2019/11/21/day-manh-phong-trao/").h1.get_text().endswith("quý IV")
    uncached = build_site(content, tmp_path / "uncached", CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    assert not any(differences(uncached, second).values())
    assert any(differences(first, second).values())


def test_every_content_problem_is_reported_again_on_the_next_build(tmp_path, parsed):
    settings = load_settings(
        ROOT / "pelicanconf.py",
        {
            "PATH": str(BAD_CONTENT),
            "CACHE_PATH": str(tmp_path),
            "BANNER_SLIDES": banner_slides_in(BAD_CONTENT),
        },
    )
    first = [str(problem) for problem in collect_problems(settings)]
    parsed.clear()
    second = [str(problem) for problem in collect_problems(settings)]
    assert len(first) > 30 and second == first
    # Files the reader found a problem in were parsed again; the others came from the cache
    # (the site-wide checks, e.g. decomposed text, read every file on every build).
    assert {"ngay-31-thang-2.md", "anh-khong-co.md", "thieu-tieu-de.md", "ma-utf16.md"} <= set(parsed)
    assert not {"2019-11-21-bai-tot.md", "chu-to-hop-nfd.md"} & set(parsed)
    assert any("chu-to-hop-nfd.md" in problem for problem in second)


def test_a_build_that_stops_on_errors_stops_again_with_the_same_report(tmp_path):
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    (content / "tin-tuc" / "ngay-sai.md").write_text(
        "Title: Ngày sai\nDate: 31/02/2021\nCategory: Tin tức - Sự kiện\n\nNội dung.\n", encoding="utf-8"
    )
    reports = []
    for _ in range(2):
        with pytest.raises(ContentErrors) as caught:
            build_site(content, tmp_path / "output", CACHE_PATH=str(tmp_path / "cache"))
        reports.append([str(problem) for problem in caught.value.problems])
    assert reports[0] == reports[1]
    assert any(problem.startswith("content/tin-tuc/ngay-sai.md:2: ") for problem in reports[0])
    assert not (tmp_path / "output").exists()


def test_a_replaced_photo_empties_the_cache_and_its_new_size_is_written(tmp_path, parsed):
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    (content / "images").mkdir()
    Image.new("RGB", (800, 600), "navy").save(content / "images" / "anh.jpg")
    article = content / "tin-tuc" / "hoi-nghi-tong-ket.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\n![Hội nghị](images/anh.jpg)\n", encoding="utf-8"
    )
    cache = tmp_path / "cache"
    build_site(content, tmp_path / "first", CACHE_PATH=str(cache))
    stamp = (cache / STAMP_FILE).read_text(encoding="utf-8")
    Image.new("RGB", (600, 800), "navy").save(content / "images" / "anh.jpg")
    parsed.clear()
    output = build_site(content, tmp_path / "second", CACHE_PATH=str(cache))
    assert (cache / STAMP_FILE).read_text(encoding="utf-8") != stamp
    assert article.name in parsed
    img = page(output, "2019/11/21/hoi-nghi-tong-ket/").select_one(".article__body img")
    assert (img["width"], img["height"]) == ("600", "800")


def test_a_cache_file_cut_short_by_a_stopped_build_is_dropped_not_fatal(tmp_path, parsed):
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    cache = tmp_path / "cache"
    first = build_site(content, tmp_path / "first", CACHE_PATH=str(cache))
    saved = cache / "ArticlesGenerator-Readers"
    saved.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2])  # as a kill while saving leaves it
    parsed.clear()
    second = build_site(content, tmp_path / "second", CACHE_PATH=str(cache))
    articles = [path.name for path in content.rglob("*.md") if "pages" not in path.parts]
    assert sorted(parsed) == sorted(articles)  # the articles' cache was dropped, the pages' kept
    assert not any(differences(first, second).values())
    parsed.clear()
    build_site(content, tmp_path / "third", CACHE_PATH=str(cache))
    assert parsed == []


def test_the_articles_cache_saved_by_a_child_is_read_by_the_next_build(tmp_path, parsed, monkeypatch):
    """The articles cache is written by a forked child while the pages are written; the build
    records it at its end, and the next build takes every unchanged article from it."""
    monkeypatch.setattr(cache_saving, "BACKGROUND_MIN_ENTRIES", 0)
    forked = []
    real = cache_saving.ForkedCall
    monkeypatch.setattr(cache_saving, "ForkedCall", lambda *args: forked.append(args[0]) or real(*args))
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    cache = tmp_path / "cache"
    first = build_site(content, tmp_path / "first", CACHE_PATH=str(cache))
    assert forked == [write_cache_file]  # the articles' readers (the pages' cache is small)
    saved = cache / "ArticlesGenerator-Readers"
    record = json.loads((cache / STAMP_FILE).read_text(encoding="utf-8"))
    assert record["files"][saved.name] == hashlib.sha256(saved.read_bytes()).hexdigest()
    assert not list(cache.glob(".*partial"))
    parsed.clear()
    second = build_site(content, tmp_path / "second", CACHE_PATH=str(cache))
    assert parsed == []
    assert not any(differences(first, second).values())


class DeadChild:
    """A child killed before it answered."""

    def __init__(self, *args):
        pass

    def result(self, fallback=None):
        return fallback


def first_build_with_a_dead_cache_child(tmp_path: Path, monkeypatch) -> tuple[Path, Path, Path]:
    """The fixture content built once, the child saving the articles cache dying; (content,
    cache folder, output)."""
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    cache = tmp_path / "cache"
    with monkeypatch.context() as patched:
        patched.setattr(cache_saving, "BACKGROUND_MIN_ENTRIES", 0)
        patched.setattr(cache_saving, "ForkedCall", DeadChild)
        output = build_site(content, tmp_path / "first", CACHE_PATH=str(cache))
    return content, cache, output


def test_a_child_that_could_not_save_the_cache_leaves_it_to_the_build(tmp_path, parsed, monkeypatch):
    content, cache, _output = first_build_with_a_dead_cache_child(tmp_path, monkeypatch)
    parsed.clear()
    build_site(content, tmp_path / "second", CACHE_PATH=str(cache))
    assert parsed == []


# --- Articles kept whole between builds (read_snapshot.py) ------------------------------------


@pytest.fixture
def made_articles(monkeypatch) -> list[str]:
    """The articles made by Pelican's readers (from Markdown or from the readers' cache)."""
    found: list[str] = []
    real = Readers.read_file

    def counting_read_file(self, base_path, path, content_class=None, *args, **kwargs):
        if content_class is Article:
            found.append(Path(path).name)
        return real(self, base_path, path, content_class, *args, **kwargs)

    monkeypatch.setattr(Readers, "read_file", counting_read_file)
    return found


def articles_cache(cache: Path) -> dict:
    """The articles cache file's dict, loaded as a build loads it."""
    with (cache / "ArticlesGenerator-Readers").open("rb") as handle:
        return pickle.load(handle)


def kept_in(cache: Path) -> dict:
    """The articles kept in the articles cache file."""
    return articles_cache(cache)[read_snapshot.SNAPSHOT_KEY]


def test_a_rebuild_takes_each_unchanged_article_as_the_last_build_kept_it(tmp_path, made_articles):
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    cache = tmp_path / "cache"
    build_site(content, tmp_path / "first", CACHE_PATH=str(cache))
    articles = [path for path in content.rglob("*.md") if "pages" not in path.parts]
    assert sorted(made_articles) == sorted(path.name for path in articles)
    assert {Path(path).name for path in kept_in(cache)} == {path.name for path in articles}
    made_articles.clear()
    edited = content / "tin-tuc" / "2019-11-21-day-manh-phong-trao.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("cuối năm", "quý IV"), encoding="utf-8")
    rebuilt, generators = build_keeping_generators(content, tmp_path / "second", CACHE_PATH=str(cache))
    assert made_articles == [edited.name]  # every other article was taken as it was kept
    generator = next(g for g in generators if type(g).__name__ == "ArticlesGenerator")
    for article in generator.articles:  # the build's own settings and context, not copies
        assert article.settings is generator.settings
        assert article._context is generator.context
        assert all(tag.settings is generator.settings for tag in article.tags)
        assert article.get_relative_source_path() == article.relative_source_path
    assert page(rebuilt, "2019/11/21/day-manh-phong-trao/").h1.get_text().endswith("quý IV")
    clean = build_site(content, tmp_path / "clean", CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    assert not any(differences(clean, rebuilt).values())


def test_kept_articles_are_as_reading_left_them(tmp_path):
    """Kept before the plugins group the articles: nothing that names other articles, which
    the next build gives them again from its own grouping."""
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    cache = tmp_path / "cache"
    build_site(content, tmp_path / "first", CACHE_PATH=str(cache))
    kept = kept_in(cache)
    assert kept
    for stamp, article in kept.values():
        assert isinstance(stamp, bytes) and len(stamp) == 32
        state = vars(article)
        assert not {"related", "newer_article", "older_in_category", "series_articles"} & set(state)
        assert "_context" not in state and "get_url_setting" not in state


def test_articles_kept_by_a_child_that_died_are_not_saved_by_the_build(tmp_path, made_articles, monkeypatch):
    """The build saves the cache itself once the articles are grouped: without them then."""
    content, cache, first = first_build_with_a_dead_cache_child(tmp_path, monkeypatch)
    assert read_snapshot.SNAPSHOT_KEY not in articles_cache(cache)
    made_articles.clear()
    second = build_site(content, tmp_path / "second", CACHE_PATH=str(cache))
    articles = [path.name for path in content.rglob("*.md") if "pages" not in path.parts]
    assert sorted(made_articles) == sorted(articles)  # made again, from the readers' cache
    assert not any(differences(first, second).values())


def test_an_article_dated_ahead_is_published_once_its_date_has_passed(tmp_path, monkeypatch):
    """WITH_FUTURE_DATES = False makes it a draft when Pelican makes the Article: never kept,
    so the build after its date makes it again, published."""
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    due = datetime.now(VIETNAM_TZ).replace(tzinfo=None, microsecond=0) + timedelta(days=2)
    (content / "tin-tuc" / "hen-gio.md").write_text(
        f"Title: Bài hẹn giờ\nDate: {due:%Y-%m-%d %H:%M}\nCategory: Tin tức - Sự kiện\n\nNội dung.\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    published = f"{due:%Y/%m/%d}/hen-gio/index.html"
    assert not (build_site(content, tmp_path / "first", CACHE_PATH=str(cache)) / published).exists()
    assert "hen-gio.md" not in {Path(path).name for path in kept_in(cache)}

    class ThreeDaysLater(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(days=3)

    monkeypatch.setattr(
        pelican.contents, "datetime", SimpleNamespace(datetime=ThreeDaysLater, UTC=timezone.utc)
    )
    monkeypatch.setattr(read_snapshot, "datetime", ThreeDaysLater)
    assert (build_site(content, tmp_path / "later", CACHE_PATH=str(cache)) / published).is_file()


def test_articles_a_plugin_made_unpicklable_are_made_again_not_kept(tmp_path, made_articles):
    """Something a plugin sets on an article cannot be pickled: the build still saves the
    readers' cache, and the next build makes the articles from it."""
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    cache = tmp_path / "cache"

    def add_a_lock(instance) -> None:
        instance.lock = threading.Lock()

    signals.content_object_init.connect(add_a_lock)
    try:
        first = build_site(content, tmp_path / "first", CACHE_PATH=str(cache))
    finally:
        signals.content_object_init.disconnect(add_a_lock)
    assert read_snapshot.SNAPSHOT_KEY not in articles_cache(cache)
    assert not list(cache.glob(".*partial"))
    made_articles.clear()
    second = build_site(content, tmp_path / "second", CACHE_PATH=str(cache))
    assert sorted(made_articles) == sorted(p.name for p in content.rglob("*.md") if "pages" not in p.parts)
    assert not any(differences(first, second).values())
