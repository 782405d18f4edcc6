"""The search index in a real build: articles and documents only, nothing extra in the pages."""

from __future__ import annotations

import json

from pagefind_bundle import bundle_contents

from conftest import page

DOCUMENT = "/van-ban/ke-hoach-thi-dua-dac-biet/"


def index_of(site) -> dict:
    """What the site's search bundle holds (pages, words and filters by URL)."""
    return bundle_contents(site / "pagefind")["vi"]


def words_of(index: dict, url: str) -> set[str]:
    """The words the index finds the page at `url` by."""
    return {word for word, (pages, _variants) in index["words"].items() if url in pages}


def records(site) -> dict[str, dict]:
    """search.js's records, pagefind/record/<page id>.json, by page id."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in (site / "pagefind" / "record").glob("*.json")
    }


def test_the_index_holds_every_article_and_document_and_no_listing(sample_site):
    index = index_of(sample_site)
    urls = set(index["pages"])
    assert len(urls) == index["page_count"]  # each page once
    articles = list(sample_site.glob("20[0-9][0-9]/[01][0-9]/[0-3][0-9]/*/index.html"))
    documents = [
        p for p in sample_site.glob("van-ban/*/index.html") if p.parent.name not in {"loai", "co-quan", "nam"}
    ]
    documents = [p for p in documents if not p.parent.name.startswith("trang-")]
    assert len(urls) == len(articles) + len(documents)
    assert "/2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/" in urls
    assert DOCUMENT in urls
    assert not any(url.startswith(("/chuyen-muc/", "/tim-kiem/", "/the/")) or url == "/" for url in urls)


def test_a_document_is_indexed_with_its_filters_and_number_keys_and_has_its_record(sample_site):
    index = index_of(sample_site)
    filters = {
        name: [value for value, urls in values.items() if DOCUMENT in urls]
        for name, values in index["filters"].items()
    }
    assert filters == {"category": ["Văn bản"], "type": ["Kế hoạch"], "year": ["2015"]}
    words = words_of(index, DOCUMENT)
    assert {"dai", "hoi", "dang", "bo", "15kh", "15khldld"} <= words
    (shown,) = [record for record in records(sample_site).values() if record["url"] == DOCUMENT]
    assert shown["number"] == "15/KH-LĐLĐ"
    assert shown["title"].startswith("Kế hoạch phát động đợt thi đua đặc biệt")
    assert shown["date"] == "2015-06-05T00:00:00+07:00" and shown["category"] == "Văn bản"
    assert "Đại hội Đảng bộ" in shown["text"]
    # Menus, tools and footers are out of both: "Gửi phản hồi" is the article tools' link.
    assert "Gửi phản hồi" not in shown["text"] and "gui" not in words


def test_every_indexed_page_has_a_record_and_the_index_holds_folded_words_only(sample_site):
    index = index_of(sample_site)  # reads each page's URL from its record
    ids = records(sample_site)
    assert len(ids) == len(index["pages"]) == index["page_count"]
    assert not set(index["fields"]) - {"title"}  # Pagefind indexes every meta field's words
    marked = [word for word in index["words"] if set(word) & set("đăâêôơưáàảãạ")]
    assert not marked


def test_the_bundle_holds_what_search_js_loads_and_no_page_fragments(sample_site):
    """Pagefind's fragments (a page's folded text) and its ready-made interfaces are not
    published: search.js shows records and runs pagefind.js without a worker."""
    bundle = sample_site / "pagefind"
    assert not (bundle / "fragment").exists()
    top = {path.name for path in bundle.iterdir() if path.is_file()}
    assert "pagefind.js" in top and "pagefind-entry.json" in top
    assert any(name.startswith("wasm.") for name in top)
    assert not {name for name in top if name.startswith("pagefind-") and name != "pagefind-entry.json"}


def test_pages_readers_load_carry_no_folded_copy(sample_site):
    article = page(sample_site, "2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/")
    body = article.select_one("[data-pagefind-body]")
    assert body is not None and body.name == "article"
    assert not article.select("[data-pagefind-filter], [data-pagefind-meta]")
    assert "cong doan" not in str(article).lower()  # no folded text in what readers load
    search = page(sample_site, "tim-kiem/")
    region = search.select_one('[data-module="search"]')
    assert region["data-bundle"] == "../pagefind/" and region["data-root"] == "../"
    assert search.select_one('script[src="../theme/js/search.js"]')
