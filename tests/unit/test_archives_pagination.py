"""Which page numbers a listing links to: first, last, nearby, gaps for the rest."""

from __future__ import annotations

import pytest

from archives.pagination import page_numbers


@pytest.mark.parametrize(
    ("current", "last", "expected"),
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        (2, 7, [1, 2, 3, 4, None, 7]),
        (1, 8, [1, 2, 3, None, 8]),
        (8, 8, [1, None, 6, 7, 8]),
        (100, 200, [1, None, 98, 99, 100, 101, 102, None, 200]),
    ],
)
def test_first_last_and_two_either_side(current, last, expected):
    assert page_numbers(current, last) == expected


@pytest.mark.parametrize(("current", "last"), [(4, 8), (5, 9), (4, 7)])
def test_a_gap_never_hides_a_single_page(current, last):
    assert page_numbers(current, last) == list(range(1, last + 1))


def test_the_count_of_links_does_not_grow_with_the_listing():
    assert max(len(page_numbers(n, 2_000)) for n in range(1, 2_001)) == 9


def test_every_page_can_be_reached_and_the_current_one_is_shown():
    last = 40
    for current in range(1, last + 1):
        numbers = page_numbers(current, last)
        assert current in numbers and numbers[0] == 1 and numbers[-1] == last
        shown = [n for n in numbers if n is not None]
        assert shown == sorted(set(shown))


def test_a_number_out_of_range_is_taken_as_the_nearest_page():
    assert page_numbers(0, 3) == [1, 2, 3]
    assert page_numbers(9, 5) == page_numbers(5, 5)
    assert page_numbers(1, 0) == []
