"""URLs remembered once the generators have finished (plugins/performance/urls.py)."""

from __future__ import annotations

import os
from datetime import datetime

from pelican.contents import Article, Content, Page, Static
from pelican.settings import DEFAULT_CONFIG
from performance import urls
from performance.urls import freeze_urls, pages_and_articles, remember_source_path, stale_urls

PELICAN_URL_FORMAT = urls.PELICAN_URL_FORMAT  # Pelican's own, whatever is installed

SETTINGS = {
    **DEFAULT_CONFIG,
    "ARTICLE_URL": "{date:%Y}/{date:%m}/{date:%d}/{slug}/",
    "ARTICLE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html",
}


def article(slug: str = "hoi-nghi", settings: dict | None = None) -> Article:
    metadata = {"title": "Hội nghị", "date": datetime(2019, 11, 21, 9, 25), "slug": slug}
    return Article(
        "<p>Nội dung</p>", metadata=metadata, settings=settings or SETTINGS, source_path=f"/c/{slug}.md"
    )


def test_a_frozen_article_keeps_its_url_and_save_as():
    item = article()
    freeze_urls(item)
    assert (item.url, item.save_as) == ("2019/11/21/hoi-nghi/", "2019/11/21/hoi-nghi/index.html")
    assert stale_urls([item]) == []


def test_a_change_after_freezing_is_reported():
    item = article()
    freeze_urls(item)
    item.slug = "doi-ten"
    assert item.url == "2019/11/21/hoi-nghi/"
    assert stale_urls([item]) == [
        ("/c/hoi-nghi.md", "2019/11/21/hoi-nghi/", "2019/11/21/doi-ten/"),
        ("/c/hoi-nghi.md", "2019/11/21/hoi-nghi/index.html", "2019/11/21/doi-ten/index.html"),
    ]


def test_an_override_set_before_freezing_is_kept():
    item = article()
    item.override_url = "van-ban/hoi-nghi/"
    freeze_urls(item)
    assert item.url == "van-ban/hoi-nghi/"


def test_only_articles_and_pages_are_frozen():
    static = Static("", metadata={"title": "x"}, settings=SETTINGS, source_path="/c/images/x.jpg")
    page = Page("", metadata={"title": "Giới thiệu"}, settings=SETTINGS, source_path="/c/pages/a.md")
    item = article()
    # Static files stay live: an {attach} link moves one while the pages are written.
    assert pages_and_articles([item, static, page, None]) == [item, page]


def test_the_source_path_is_remembered_for_the_content_itself(monkeypatch):
    item = article(settings={**SETTINGS, "PATH": "/c"})
    remember_source_path(item)
    assert item.relative_source_path == "hoi-nghi.md"
    calls = []
    original = os.path.relpath
    monkeypatch.setattr(os.path, "relpath", lambda *args: calls.append(args) or original(*args))
    assert item.get_relative_source_path() == "hoi-nghi.md"
    assert item.url == "2019/11/21/hoi-nghi/"
    assert calls == []  # neither the path nor the URL computed it again
    assert item.get_relative_source_path("/c/anh/a.jpg") == "anh/a.jpg"  # another file: computed
    assert len(calls) == 1


def test_a_moved_source_is_computed_again():
    item = article(settings={**SETTINGS, "PATH": "/c"})
    remember_source_path(item)
    item.source_path = "/c/2020/hoi-nghi.md"
    assert item.get_relative_source_path() == "2020/hoi-nghi.md"


def test_url_and_save_as_are_frozen_from_one_url_format(monkeypatch):
    made = []
    monkeypatch.setattr(
        urls,
        "PELICAN_URL_FORMAT",
        property(lambda content: made.append(1) or PELICAN_URL_FORMAT.fget(content)),
    )
    monkeypatch.setattr(Content, "url_format", PELICAN_URL_FORMAT)  # restored after the test
    urls.install()
    item, draft = article(), article("ban-nhap")
    draft.status = "draft"
    for content in (item, draft):
        freeze_urls(content)
    assert len(made) == 2  # once each, for both keys
    assert (item.url, item.save_as) == ("2019/11/21/hoi-nghi/", "2019/11/21/hoi-nghi/index.html")
    assert (draft.url, draft.save_as) == ("drafts/ban-nhap.html", "drafts/ban-nhap.html")
    assert urls.URL_FORMAT_MEMO not in vars(item)
    item.slug = "doi-ten"  # outside freezing, Pelican's values as ever
    assert type(item).get_url_setting(item, "url") == "2019/11/21/doi-ten/"
