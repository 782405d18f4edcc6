"""The benchmark corpus (scripts/bench_corpus.py): deterministic, realistic, in the site's shape."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

import bench_corpus
from sitebuild import load_settings
from vietnamese.text import is_nfc

ROOT_SETTINGS = bench_corpus.ROOT / "pelicanconf.py"
SIZE = 300


def split(text: str) -> tuple[dict[str, str], str]:
    """A Markdown file's header fields (lower-case keys) and its body."""
    head, _, body = text.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines())
    return {key.lower(): value for key, value in fields.items()}, body


def words(body: str) -> int:
    """Words of a body: whitespace-separated tokens with at least one letter or digit."""
    return len([token for token in body.split() if re.search(r"\w", token)])


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, dict[str, str], str]]:
    """The articles of a corpus of SIZE: (path, header fields, body)."""
    return [(path, *split(text)) for path, text in bench_corpus.articles(SIZE)]


def test_same_size_gives_the_same_bytes():
    first = list(bench_corpus.corpus_files(60))
    second = list(bench_corpus.corpus_files(60))
    assert first == second
    assert len(first) > 60


def test_a_smaller_corpus_is_the_start_of_a_larger_one():
    assert list(bench_corpus.articles(30)) == list(bench_corpus.articles(60))[:30]


def test_write_corpus_writes_the_same_files_twice(tmp_path):
    one = bench_corpus.write_corpus(tmp_path / "one", 40)
    two = bench_corpus.write_corpus(tmp_path / "two", 40)
    assert bench_corpus.corpus_digest(one) == bench_corpus.corpus_digest(two)
    assert (one / "pages" / "gioi-thieu.md").is_file()
    assert len(list(one.glob("images/bench/*.jpg"))) == bench_corpus.IMAGE_COUNT


def test_every_body_has_400_to_900_words(corpus):
    counts = [words(body) for _, _, body in corpus]
    assert min(counts) >= 400
    assert max(counts) <= 900
    assert max(counts) - min(counts) > 300  # lengths vary, as real articles do


def test_ten_categories_including_the_sites_own(corpus):
    used = {fields["category"] for _, fields, _ in corpus}
    assert len(used) == 10
    assert set(load_settings(ROOT_SETTINGS)["CATEGORIES"]) <= used


def test_dates_span_2012_to_2025_with_several_articles_on_some_days(corpus):
    moments = [datetime.strptime(fields["date"], "%Y-%m-%d %H:%M") for _, fields, _ in corpus]
    assert {moment.year for moment in moments} == set(range(2012, 2026))
    days = [moment.date() for moment in moments]
    assert len(set(days)) < len(days)


def test_text_is_vietnamese_nfc_with_tags_authors_and_some_lead_images(corpus):
    assert all(is_nfc(body) and is_nfc(fields["title"]) for _, fields, body in corpus)
    assert all("đ" in body.lower() for _, _, body in corpus)
    assert all(
        fields.get("tags") and fields.get("author") for _, fields, _ in corpus if "docnumber" not in fields
    )
    with_image = sum(1 for _, fields, _ in corpus if "image" in fields)
    assert SIZE / 16 < with_image < SIZE / 5


def test_documents_have_unique_numbers_per_year(corpus):
    documents = [fields for path, fields, _ in corpus if path.startswith("van-ban/")]
    assert len(documents) == SIZE // bench_corpus.DOCUMENT_EVERY
    assert all(fields["category"] == "Văn bản" for fields in documents)
    keys = [(fields["docnumber"], fields["issued"][:4]) for fields in documents]
    assert len(set(keys)) == len(keys)


def test_an_edit_changes_one_line_of_the_body():
    _, text = next(bench_corpus.articles(1))
    edited = bench_corpus.edited_text(text, 3)
    changed = [
        pair for pair in zip(text.splitlines(), edited.splitlines(), strict=True) if pair[0] != pair[1]
    ]
    assert len(changed) == 1
    assert changed[0][1].endswith(bench_corpus.EDIT_SENTENCE.format(number=3))
