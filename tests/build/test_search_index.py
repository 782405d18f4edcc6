"""The search index in a real build: articles and documents only, nothing extra in the pages."""

from __future__ import annotations

import gzip
import json

from conftest import page


def fragments(site) -> list[dict]:
    """Every Pagefind fragment (one per indexed page), decoded."""
    decoded = []
    for path in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        decoded.append(json.loads(data[len(b"pagefind_dcd") :]))
    return decoded


def test_the_index_holds_every_article_and_document_and_no_listing(sample_site):
    urls = {fragment["url"] for fragment in fragments(sample_site)}
    articles = list(sample_site.glob("20[0-9][0-9]/[01][0-9]/[0-3][0-9]/*/index.html"))
    documents = [
        p for p in sample_site.glob("van-ban/*/index.html") if p.parent.name not in {"loai", "co-quan", "nam"}
    ]
    documents = [p for p in documents if not p.parent.name.startswith("trang-")]
    assert len(urls) == len(articles) + len(documents)
    assert "/2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/" in urls
    assert "/van-ban/ke-hoach-thi-dua-dac-biet/" in urls
    assert not any(url.startswith(("/chuyen-muc/", "/tim-kiem/", "/the/")) or url == "/" for url in urls)


def test_a_document_is_indexed_with_its_filters_meta_and_number_keys(sample_site):
    document = next(f for f in fragments(sample_site) if f["url"] == "/van-ban/ke-hoach-thi-dua-dac-biet/")
    assert document["filters"] == {"category": ["Văn bản"], "type": ["Kế hoạch"], "year": ["2015"]}
    assert document["meta"]["number"] == "15/KH-LĐLĐ"
    assert document["meta"]["date"] == "2015-06-05T00:00:00+07:00"
    text, folded = document["content"].split("⁂")
    assert "Đại hội Đảng bộ" in text and "Dai hoi Dang bo" in folded
    assert folded.rstrip(". ").endswith("15kh 15khldld")
    assert "Gửi phản hồi" not in text  # menus, tools and footers are not indexed


def test_pages_readers_load_carry_no_folded_copy(sample_site):
    article = page(sample_site, "2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/")
    body = article.select_one("[data-pagefind-body]")
    assert body is not None and body.name == "article"
    assert "⁂" not in str(article) and not article.select("[data-pagefind-filter], [data-pagefind-meta]")
    search = page(sample_site, "tim-kiem/")
    region = search.select_one('[data-module="search"]')
    assert region["data-bundle"] == "../pagefind/" and region["data-root"] == "../"
    assert search.select_one('script[src="../theme/js/search.js"]')
