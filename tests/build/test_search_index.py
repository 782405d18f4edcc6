"""The search index in a real build: articles and documents only, nothing extra in the pages."""

from __future__ import annotations

import gzip
import json

from conftest import page


def fragments(site) -> list[dict]:
    """Every Pagefind fragment (one per indexed page), decoded, with its page id and, as "url",
    the URL of the page its record leads the reader to (Pagefind's own is the name of the
    prepared page it read)."""
    decoded = []
    for path in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        fragment = {**json.loads(data[len(b"pagefind_dcd") :]), "id": path.stem}
        decoded.append({**fragment, "url": record(site, fragment)["url"]})
    return decoded


def test_the_index_holds_every_article_and_document_and_no_listing(sample_site):
    found = fragments(sample_site)
    urls = {fragment["url"] for fragment in found}
    assert len(urls) == len(found)  # each page once
    articles = list(sample_site.glob("20[0-9][0-9]/[01][0-9]/[0-3][0-9]/*/index.html"))
    documents = [
        p for p in sample_site.glob("van-ban/*/index.html") if p.parent.name not in {"loai", "co-quan", "nam"}
    ]
    documents = [p for p in documents if not p.parent.name.startswith("trang-")]
    assert len(urls) == len(articles) + len(documents)
    assert "/2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/" in urls
    assert "/van-ban/ke-hoach-thi-dua-dac-biet/" in urls
    assert not any(url.startswith(("/chuyen-muc/", "/tim-kiem/", "/the/")) or url == "/" for url in urls)


def record(site, fragment: dict) -> dict:
    """search.js's record for a Pagefind page: pagefind/record/<page id>.json."""
    return json.loads((site / "pagefind" / "record" / f"{fragment['id']}.json").read_text(encoding="utf-8"))


def test_a_document_is_indexed_with_its_filters_and_number_keys_and_has_its_record(sample_site):
    document = next(f for f in fragments(sample_site) if f["url"] == "/van-ban/ke-hoach-thi-dua-dac-biet/")
    assert document["filters"] == {"category": ["Văn bản"], "type": ["Kế hoạch"], "year": ["2015"]}
    assert "dai hoi dang bo" in document["content"]
    assert document["content"].rstrip(". ").endswith("15kh 15khldld")
    shown = record(sample_site, document)
    assert shown["number"] == "15/KH-LĐLĐ"
    assert shown["title"].startswith("Kế hoạch phát động đợt thi đua đặc biệt")
    assert shown["date"] == "2015-06-05T00:00:00+07:00" and shown["category"] == "Văn bản"
    assert "Đại hội Đảng bộ" in shown["text"]
    assert "Gửi phản hồi" not in shown["text"] + document["content"]  # menus, tools, footers: out


def test_every_indexed_page_has_a_record_and_the_index_holds_folded_words_only(sample_site):
    found = fragments(sample_site)
    records = {path.stem for path in (sample_site / "pagefind" / "record").glob("*.json")}
    assert records == {fragment["id"] for fragment in found}
    for fragment in found:
        assert not fragment["meta"].keys() - {"title"}  # Pagefind indexes every meta field's words
        assert not set(fragment["content"]) & set("đăâêôơưáàảãạ"), fragment["url"]


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
