"""The related lists remembered between builds (plugins/archives/related_memo.py)."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from archives import related_memo
from archives.reading import related_by_tags

TAGS = ["thi đua", "nữ công", "học bổng", "an toàn lao động", "đoàn viên", "tết"]


def site(size: int = 300, seed: int = 5) -> list[SimpleNamespace]:
    pick = random.Random(seed)
    start = datetime(2025, 1, 1)
    return [
        SimpleNamespace(
            title=str(i), date=start - timedelta(hours=i), tags=pick.sample(TAGS, pick.randint(0, 3))
        )
        for i in range(size)
    ]


def titles(lists) -> list[list[str]]:
    return [[item.title for item in found] for found in lists]


@pytest.fixture
def computed(monkeypatch) -> list[int]:
    """How many times the lists were worked out (not taken from the memo)."""
    calls: list[int] = []
    real = related_memo.related_positions
    monkeypatch.setattr(related_memo, "related_positions", lambda *args: calls.append(1) or real(*args))
    return calls


def test_the_remembered_lists_are_those_worked_out(tmp_path, computed):
    articles = site()
    first = related_memo.related_lists(articles, 5, str(tmp_path))
    again = related_memo.related_lists(site(), 5, str(tmp_path))  # the next build's own objects
    assert titles(first) == titles(again) == titles(related_by_tags(articles, 5))
    assert len(computed) == 1
    assert (tmp_path / related_memo.MEMO_FILE).is_file()


@pytest.mark.parametrize(
    "change",
    [
        lambda articles: articles[10].tags.append("tết"),  # a tag added
        lambda articles: articles.insert(0, articles.pop(40)),  # an article moved (a new date)
        lambda articles: articles.pop(3),  # an article deleted
    ],
)
def test_a_change_of_tags_or_order_works_the_lists_out_again(tmp_path, computed, change):
    related_memo.related_lists(site(), 5, str(tmp_path))
    articles = site()
    change(articles)
    found = related_memo.related_lists(articles, 5, str(tmp_path))
    assert titles(found) == titles(related_by_tags(articles, 5))
    assert len(computed) == 2


def test_a_text_edit_keeps_the_lists(tmp_path, computed):
    related_memo.related_lists(site(), 5, str(tmp_path))
    articles = site()
    articles[7].text = "Nội dung đã sửa"
    related_memo.related_lists(articles, 5, str(tmp_path))
    assert len(computed) == 1


@pytest.mark.parametrize("damage", ["{", '{"key": 1}', "null", "[]"])
def test_a_damaged_memo_is_worked_out_again_and_mended(tmp_path, computed, damage):
    articles = site()
    related_memo.related_lists(articles, 5, str(tmp_path))
    memo = tmp_path / related_memo.MEMO_FILE
    memo.write_text(damage, encoding="utf-8")
    assert titles(related_memo.related_lists(articles, 5, str(tmp_path))) == titles(
        related_by_tags(articles, 5)
    )
    assert json.loads(memo.read_text(encoding="utf-8"))["key"]
    assert len(computed) == 2


def test_positions_out_of_range_are_not_taken(tmp_path, computed):
    articles = site(20)
    related_memo.related_lists(articles, 5, str(tmp_path))
    memo = tmp_path / related_memo.MEMO_FILE
    saved = json.loads(memo.read_text(encoding="utf-8"))
    saved["positions"][0] = [99]
    memo.write_text(json.dumps(saved), encoding="utf-8")
    assert titles(related_memo.related_lists(articles, 5, str(tmp_path))) == titles(
        related_by_tags(articles, 5)
    )
    assert len(computed) == 2


def test_without_a_cache_folder_nothing_is_kept(tmp_path, computed):
    articles = site(30)
    assert titles(related_memo.related_lists(articles, 5, None)) == titles(related_by_tags(articles, 5))
    assert list(tmp_path.iterdir()) == []
