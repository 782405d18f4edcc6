"""Articles pickled for the next build: without the build's context, settings or instance functions."""

from __future__ import annotations

import io
import pickle

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag
from pelican.utils import SafeDatetime
from performance import read_snapshot
from performance.urls import remember_source_path


def pickled(cache: dict, settings: dict) -> bytes:
    handle = io.BytesIO()
    read_snapshot.write_cache(cache, handle, settings)
    return handle.getvalue()


@pytest.fixture
def settings(monkeypatch) -> dict:
    settings = {**DEFAULT_CONFIG, "PATH": "/site/content"}
    monkeypatch.setitem(read_snapshot._BUILD, "settings", settings)
    return settings


def an_article(settings: dict, context: dict) -> Article:
    metadata = {
        "title": "Hội nghị",
        "date": SafeDatetime(2024, 5, 1, 8, 0),
        "tags": [Tag("Thi đua", settings)],
    }
    article = Article("<p>Nội dung</p>", metadata, settings, "/site/content/tin/hoi-nghi.md", context)
    remember_source_path(article)  # an instance function, as content_object_init leaves it
    return article


def test_an_article_loads_with_the_loading_build_settings_and_without_its_context(settings, monkeypatch):
    context = {"articles": ["the whole site"]}
    data = pickled({"kept": an_article(settings, context)}, settings)
    later = {**settings, "SITENAME": "Bản dựng sau"}
    monkeypatch.setitem(read_snapshot._BUILD, "settings", later)
    article = pickle.loads(data)["kept"]
    assert article.settings is later and article.tags[0].settings is later
    assert "_context" not in vars(article) and "get_relative_source_path" not in vars(article)
    assert article.title == "Hội nghị" and article._content == "<p>Nội dung</p>"
    assert b"the whole site" not in data


def test_settings_that_are_not_the_build_s_are_pickled_as_they_are(settings):
    other = {**settings, "SITENAME": "Khác"}
    tag = pickle.loads(pickled({"tag": Tag("Thi đua", other)}, settings))["tag"]
    assert tag.settings == other and tag.settings is not settings


def test_a_cache_loaded_outside_a_build_is_refused_as_unreadable(settings, monkeypatch):
    data = pickled({"tag": Tag("Thi đua", settings)}, settings)
    monkeypatch.delitem(read_snapshot._BUILD, "settings")
    # Pelican takes a cache that raises a PickleError for an empty one and reads every file.
    with pytest.raises(pickle.UnpicklingError):
        pickle.loads(data)
