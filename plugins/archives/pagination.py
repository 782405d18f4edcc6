"""Which page numbers a paginated listing links to.

A category of 2,000 articles has 200 pages; a list of all 200 numbers on every page is a
wall of links on a phone, and written 200 times it made the pagination grow with the square
of the listing. Like GOV.UK's pagination component, a page links to the first and the last
page and to its near neighbours, with a gap mark for the numbers left out.
"""

from __future__ import annotations

NEIGHBOURS = 2  # numbers shown on each side of the current page


def page_numbers(current: int, last: int, neighbours: int = NEIGHBOURS) -> list[int | None]:
    """The page numbers to show, in order, with None where numbers are left out.

    A gap is only made where it saves more than one number: a None never stands for a
    single page, whose number takes no more room than the gap mark.
    """
    if last < 1:
        return []
    current = min(max(current, 1), last)
    shown = sorted({1, last, *range(max(1, current - neighbours), min(last, current + neighbours) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers:
            previous = numbers[-1]
            if number - previous == 2:
                numbers.append(previous + 1)
            elif number - previous > 2:
                numbers.append(None)
        numbers.append(number)
    return numbers
