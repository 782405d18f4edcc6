"""What Pagefind is given for one page: its HTML plus filters, meta and a folded copy of the text.

All of it goes only into the index, never into the page a reader loads. The templates mark
the indexed element with `data-pagefind-body` and `data-search-*` attributes (category, year,
date, type, number); this module turns them into Pagefind filters and meta, and appends
after FOLDED_MARK the element's inside with marks and đ folded, plus the document-number keys,
so "doan" finds "đoàn" (Pagefind folds marks but not đ). search.js shows snippets from the
text before the mark only.
"""

from __future__ import annotations

import html
import re

from vietnamese.text import fold_diacritics

from .keys import FOLDED_MARK, document_number_keys

BODY_OPEN = re.compile(r"<(?P<tag>[a-z]+)\b[^>]*\bdata-pagefind-body\b[^>]*>")
SEARCH_ATTRIBUTE = re.compile(r'\bdata-search-([a-z]+)="([^"]*)"')
DATA_ATTRIBUTE = re.compile(r'\sdata-(?:pagefind|search)-[a-z-]+(="[^"]*")?')
# data-search-<name> -> what Pagefind gets: filters (search.js's select boxes) and meta (shown
# in results). No sort keys: search.js ranks itself, and they would cost every query bytes.
ROLES = {
    "filter": ("category", "year", "type"),
    "meta": ("date", "category", "number"),
}


def body_span(page: str) -> tuple[int, int, dict[str, str]] | None:
    """Start and end of the data-pagefind-body element's inside, and its data-search-* values."""
    opening = BODY_OPEN.search(page)
    if not opening:
        return None
    tag = opening.group("tag")
    values = {name: html.unescape(value) for name, value in SEARCH_ATTRIBUTE.findall(opening.group(0))}
    depth = 1
    for match in re.compile(rf"<(/?){tag}\b[^>]*>").finditer(page, opening.end()):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return opening.end(), match.start(), values
    return None


def pagefind_fields(values: dict[str, str]) -> str:
    """Hidden spans carrying Pagefind filters, meta and sort keys (their text is not indexed)."""
    spans = [
        f'<span data-pagefind-{role}="{name}">{html.escape(values[name])}</span>'
        for role, names in ROLES.items()
        for name in names
        if values.get(name)
    ]
    return f"<div hidden data-pagefind-ignore>{''.join(spans)}</div>"


def folded_copy(inner_html: str, number: str) -> str:
    """The hidden block: the body with marks and đ folded, plus the document-number keys.

    The whole text is folded, not only the words with đ: a folded query then finds its words
    in one place of the index (a copy of only the đ words made a query load 3 times more).
    """
    folded = DATA_ATTRIBUTE.sub("", fold_diacritics(inner_html))
    keys = " ".join(document_number_keys(number)) if number else ""
    return f"<div hidden><p>{FOLDED_MARK}</p>{folded}<p>{keys}</p></div>"


def html_for_index(page: str) -> str | None:
    """The page as Pagefind should index it, or None when it has no data-pagefind-body."""
    span = body_span(page)
    if span is None:
        return None
    start, end, values = span
    extra = pagefind_fields(values) + folded_copy(page[start:end], values.get("number", ""))
    return page[:end] + extra + page[end:]
