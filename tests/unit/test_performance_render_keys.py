"""Render keys: equal inputs give equal fingerprints, and every change a reader could see changes them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from markupsafe import Markup
from pelican.contents import Article, Static
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category
from performance.content_cache import STAMP_KEY
from performance.render_keys import Fingerprinter, build_stamp, page_key

from archives import archives_settings, build_site_index

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def article(text="<p>Nội dung bài.</p>", **metadata):
    """A Pelican article with the default settings."""
    settings = {**DEFAULT_CONFIG, "SUMMARY_MAX_LENGTH": 5}
    values = {"title": "Hội nghị", "date": datetime(2024, 5, 1, 8, 0, tzinfo=VIETNAM), "slug": "hoi-nghi"}
    values.update(metadata)
    return Article(text, metadata=values, settings=settings, source_path="/c/hoi-nghi.md", context={})


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Hà Nội", "Hà Nội "),
        ("1", 1),
        ("<b>", Markup("<b>")),  # printed differently under autoescape
        (datetime(2024, 5, 1, 8, tzinfo=VIETNAM), datetime(2024, 5, 1, 1, tzinfo=ZoneInfo("UTC"))),
        (date(2024, 5, 1), date(2024, 5, 2)),
        ([1, 2], [2, 1]),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),  # a template lists a dict in its order
        ((1,), [1]),
    ],
)
def test_values_a_page_would_print_differently_have_different_fingerprints(first, second):
    assert Fingerprinter().of(first) != Fingerprinter().of(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({1, 2, 3}, {3, 2, 1}),
        ([{"x": [1, 2]}], [{"x": [1, 2]}]),
        (Category("Nữ công", {}), Category("Nữ công", {})),
    ],
)
def test_equal_values_have_equal_fingerprints_in_separate_builds(first, second):
    assert Fingerprinter().of(first) == Fingerprinter().of(second)


def test_unordered_collections_ignore_the_order_pelican_found_files_in():
    assert Fingerprinter().of_unordered({"b": 2, "a": 1}) == Fingerprinter().of_unordered({"a": 1, "b": 2})
    assert Fingerprinter().of_unordered({"a": 1}) != Fingerprinter().of_unordered({"a": 2})


def test_unordered_dicts_still_tell_which_key_holds_which_value():
    # Two files whose contents swapped paths: each page linking either one must be written again.
    swapped = Fingerprinter().of_unordered({"a.md": "A", "b.md": "B"})
    assert swapped != Fingerprinter().of_unordered({"a.md": "B", "b.md": "A"})
    assert Fingerprinter().of_unordered({"ab": ""}) != Fingerprinter().of_unordered({"a": "b"})
    assert Fingerprinter().of_unordered({"a", "b"}) == Fingerprinter().of_unordered({"b", "a"})


def test_an_article_in_a_list_counts_its_summary_and_metadata_but_not_the_rest_of_its_text():
    base = Fingerprinter().of([article("<p>Một hai ba bốn năm sáu bảy.</p>")])
    later_words = Fingerprinter().of([article("<p>Một hai ba bốn năm sáu bảy tám chín.</p>")])
    first_words = Fingerprinter().of([article("<p>Mười hai ba bốn năm sáu bảy.</p>")])
    retitled = Fingerprinter().of([article("<p>Một hai ba bốn năm sáu bảy.</p>", title="Hội nghị mới")])
    assert later_words == base  # past the summary's five words: lists look the same
    assert first_words != base  # the summary changed
    assert retitled != base


def test_the_article_a_page_is_written_for_counts_with_its_whole_text():
    short = Fingerprinter().of_page_variable(article("<p>Một hai ba bốn năm sáu bảy.</p>"))
    longer = Fingerprinter().of_page_variable(article("<p>Một hai ba bốn năm sáu bảy tám chín.</p>"))
    assert short != longer


def test_objects_that_point_at_each_other_are_fingerprinted():
    class Node:
        pass

    first, second = Node(), Node()
    first.other, second.other = second, first
    first.name, second.name = "một", "hai"
    assert Fingerprinter().of(first) == Fingerprinter().of(first)


def test_a_known_summary_is_not_cut_again():
    fingerprints = Fingerprinter()
    fingerprints.of(article("<p>Một hai ba bốn năm sáu bảy.</p>"))
    remembered = fingerprints.summaries_used
    assert len(remembered) == 1
    source = next(iter(remembered))
    later = Fingerprinter({source: "00" * 16})  # what an earlier build saved for this text
    later.of(article("<p>Một hai ba bốn năm sáu bảy.</p>"))
    assert later.summaries_used == {source: "00" * 16}


def test_page_key_changes_with_name_template_and_variables():
    fingerprints = Fingerprinter()
    key = page_key(fingerprints, b"site", "2024/index.html", "period_archives.html", {"period": "2024"})
    assert key == page_key(
        fingerprints, b"site", "2024/index.html", "period_archives.html", {"period": "2024"}
    )
    assert key != page_key(
        fingerprints, b"other", "2024/index.html", "period_archives.html", {"period": "2024"}
    )
    assert key != page_key(
        fingerprints, b"site", "2023/index.html", "period_archives.html", {"period": "2024"}
    )
    assert key != page_key(fingerprints, b"site", "2024/index.html", "index.html", {"period": "2024"})
    assert key != page_key(
        fingerprints, b"site", "2024/index.html", "period_archives.html", {"period": "2023"}
    )


class Record:
    """A plugin's object that names an article and other records (a document and its links)."""

    def __init__(self, name):
        self.name, self.article, self.links = name, None, []


def documents_linked_both_ways():
    """Two articles, each with a record that links to the other's record and back."""
    first = article(slug="mot", title="Một")
    second = article(slug="hai", title="Hai")
    first.source_path, second.source_path = "/c/mot.md", "/c/hai.md"
    first.relative_source_path, second.relative_source_path = "mot.md", "hai.md"
    records = Record("một"), Record("hai")
    for item, record in zip((first, second), records, strict=True):
        item.document, record.article = record, item
    records[0].links, records[1].links = [records[1]], [records[0]]
    return first, second, list(records)


def test_an_articles_fingerprint_does_not_depend_on_what_was_fingerprinted_before():
    """The build shares the contents over processes in different ways: a cycle (two documents
    that name each other) must not make a fingerprint depend on where its walk came in."""
    first, second, records = documents_linked_both_ways()
    in_order = Fingerprinter()
    expected = [in_order.of(first), in_order.of(second), in_order.of(records)]
    reversed_order = Fingerprinter()
    records_first = reversed_order.of(records)
    assert [reversed_order.of(first), reversed_order.of(second), records_first] == expected
    alone = Fingerprinter()
    assert alone.of(second) == expected[1]


def test_another_article_inside_an_articles_fingerprint_counts_by_its_path():
    first, second, _records = documents_linked_both_ways()
    before = Fingerprinter().of(first)
    second.title = "Hai, sửa lại"  # in the site digest through the second article's own fingerprint
    assert Fingerprinter().of(first) == before
    second.relative_source_path = "hai-moi.md"
    assert Fingerprinter().of(first) != before


def test_fingerprinting_a_static_file_does_not_mark_its_location_as_read():
    """Pelican moves a file for an {attach} link only until its location is read."""
    settings = {**DEFAULT_CONFIG, "STATIC_SAVE_AS": "{path}", "STATIC_URL": "{path}"}
    static = Static("", settings=settings, source_path="/c/files/a.pdf", context={})
    first = Fingerprinter().of(static)
    assert static._output_location_referenced is False
    static.url  # noqa: B018 (what a template does)
    assert static._output_location_referenced is True
    assert Fingerprinter().of(static) == first


def test_the_site_index_counts_by_the_articles_and_settings_it_is_grouped_from():
    """Its periods, groups and calendars are not walked: they follow from what it is made from,
    so what changes them (an article's date or category, the settings) changes its fingerprint."""
    config = archives_settings({**DEFAULT_CONFIG})

    def articles(day=2):
        return [
            article(
                slug="a", date=datetime(2024, 5, day, 8, 0, tzinfo=VIETNAM), category=Category("Nữ công", {})
            ),
            article(
                slug="b", date=datetime(2024, 4, 30, 8, 0, tzinfo=VIETNAM), category=Category("Văn bản", {})
            ),
        ]

    def fingerprint(index):
        return Fingerprinter().of(index)

    same = [fingerprint(build_site_index(articles(), config)) for _ in range(2)]
    assert same[0] == same[1]
    assert fingerprint(build_site_index(articles(day=3), config)) != same[0]
    assert fingerprint(build_site_index(articles(), {**config, "DAY_URL": "ngay/{date:%Y}/"})) != same[0]
    walked = replace(build_site_index(articles(), config), inputs=None)  # made elsewhere: walked
    assert fingerprint(walked) != same[0] and fingerprint(walked) == fingerprint(replace(walked))


def test_a_period_has_one_fingerprint_whichever_page_meets_it_first():
    """Days, months and years name each other (parents, children): a walk through them would
    stop where it first came round, and a page's key would depend on what was keyed before it."""
    items = [article(slug=f"a{day}", date=datetime(2024, 5, day, 8, 0, tzinfo=VIETNAM)) for day in (1, 2)]
    periods = build_site_index(items, archives_settings({**DEFAULT_CONFIG})).periods
    day, month, year = periods["day"][0], periods["month"][0], periods["year"][0]
    through_year = Fingerprinter()
    through_year.of(year)
    assert through_year.of(day) == Fingerprinter().of(day)
    assert through_year.of(month) == Fingerprinter().of(month) != Fingerprinter().of(periods["day"][1])


def test_the_build_stamp_changes_with_what_the_day_decided(tmp_path):
    (tmp_path / "theme").mkdir()
    (tmp_path / "content").mkdir()
    settings = {
        STAMP_KEY: "the reading stamp",
        "THEME": str(tmp_path / "theme"),
        "PATH": str(tmp_path / "content"),
        "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    in_force = build_stamp(settings, {"documents": [("van-ban/a.md", "Còn hiệu lực")]})
    assert in_force == build_stamp(settings, {"documents": [("van-ban/a.md", "Còn hiệu lực")]})
    assert in_force != build_stamp(settings, {"documents": [("van-ban/a.md", "Hết hiệu lực")]})
    assert in_force != build_stamp(settings, None)
