"""What Pagefind is given for one page, and the record search.js shows for it.

The templates mark the indexed element with `data-pagefind-body` and `data-search-*`
attributes (category, year, date, type, number). For each page:

- Pagefind gets a small page of its own (the pages readers load are unchanged): the
  filters, the title folded (as a heading, so it weighs more), then every distinct word of
  the text once, folded (marks and đ removed, lower case), plus the document-number keys;
- search.js gets a record (title, date, category, number and the reader's text, without
  the element's excluded parts) that the plugin writes beside Pagefind's bundle.

Why each word once: Pagefind sends, for a searched word, its position on every page that
holds it, and on a union portal "cong", "doan", "lao", "dong" are on nearly every page,
many times. One position a page is what matching needs; search.js ranks the phrase and
the exact spelling itself from the records of the first results. Why folded only:
Pagefind folds marks but not đ, so a folded query would not find "đoàn"; indexing the
marked text as well would double the index. Why a record of our own: Pagefind indexes
every word of its meta fields, so the reader's text cannot travel there.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re

from vietnamese.text import fold_diacritics

from .keys import document_number_keys

ANY_TAG = "[a-z][a-z0-9]*"
SEARCH_ATTRIBUTE = re.compile(r'\bdata-search-([a-z]+)="([^"]*)"')
TAG = re.compile(r"<[^>]*>")
VOID_TAGS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)
# A simple CSS selector: a tag, a class, an id, or a tag with a class or an id.
SIMPLE_SELECTOR = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?:(?P<kind>[.#])(?P<name>[\w-]+))?$")
# Punctuation around a word (not inside it: "28/7", "500.000", "01/kh-ldld" stay whole).
EDGE_PUNCTUATION = "\"'()[]{}<>.,;:!?…“”‘’«»–—-*/\\|"
# data-search-<name> that become Pagefind filters (search.js's select boxes). The others
# (date, number) go to the record only: Pagefind would index a meta field's words.
FILTERS = ("category", "year", "type")
RECORD_FIELDS = ("date", "category", "number")


def opening_tag(tag: str = ANY_TAG, attribute: str = "") -> re.Pattern:
    """A pattern for opening tags named `tag` (a regex) whose attributes match `attribute`."""
    return re.compile(rf"<(?P<tag>{tag})\b[^>]*{attribute}[^>]*>")


BODY_ATTRIBUTE = "data-pagefind-body"
BODY_OPEN = opening_tag(attribute=rf"\b{BODY_ATTRIBUTE}\b")
TITLE_OPEN = opening_tag("h1")


def element_end(page: str, opening: re.Match) -> int | None:
    """Where the element opened by `opening` closes (the start of its end tag), or None."""
    tag = opening.group("tag")
    if tag in VOID_TAGS:
        return opening.end()
    depth = 1
    for match in re.compile(rf"<(/?){tag}\b[^>]*>").finditer(page, opening.end()):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.start()
    return None


def body_opening(page: str) -> re.Match | None:
    """The opening tag of the data-pagefind-body element.

    Found from the attribute's text back to its tag's "<": the pattern alone tries every tag
    of the page before it (0.12 ms a page, a second of a cold build at 10,000 articles).
    Where that finds nothing (the words in the text only, or a "<" inside an attribute's
    value), the pattern searches the whole page.
    """
    position = page.find(BODY_ATTRIBUTE)
    if position == -1:
        return None
    while position != -1:
        start = page.rfind("<", 0, position)
        opening = BODY_OPEN.match(page, start) if start != -1 else None
        if opening is not None and opening.end() > position:
            return opening
        position = page.find(BODY_ATTRIBUTE, position + 1)
    return BODY_OPEN.search(page)


def body_span(page: str) -> tuple[int, int, dict[str, str]] | None:
    """Start and end of the data-pagefind-body element's inside, and its data-search-* values."""
    opening = body_opening(page)
    end = element_end(page, opening) if opening else None
    if end is None:
        return None
    values = {name: html.unescape(value) for name, value in SEARCH_ATTRIBUTE.findall(opening.group(0))}
    return opening.end(), end, values


def selector_pattern(selector: str) -> re.Pattern:
    """The opening tags a simple selector (`p`, `.dateline`, `#id`, `footer.x`) matches."""
    parts = SIMPLE_SELECTOR.match(selector.strip())
    if not parts or not (parts.group("tag") or parts.group("name")):
        raise ValueError(f"not a simple selector: {selector!r}")
    attribute = ""
    if parts.group("name"):
        name = re.escape(parts.group("name"))
        key = "class" if parts.group("kind") == "." else "id"
        attribute = rf'\s{key}="(?:[^"]*\s)?{name}(?:\s[^"]*)?"'
    return opening_tag(parts.group("tag") or ANY_TAG, attribute)


def remove_elements(fragment: str, pattern: re.Pattern) -> str:
    """The HTML without the elements whose opening tag matches `pattern` (and their insides)."""
    kept, position = [], 0
    while opening := pattern.search(fragment, position):
        end = element_end(fragment, opening)
        if end is None:
            break
        kept.append(fragment[position : opening.start()])
        close = fragment.find(">", end)
        position = end if opening.group("tag") in VOID_TAGS else close + 1
    kept.append(fragment[position:])
    return "".join(kept)


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


@functools.lru_cache(maxsize=65536)
def folded_word(token: str) -> str:
    """One word folded and lower-case, without the punctuation around it (cached: a site
    has a few tens of thousands of distinct words, each on many pages)."""
    return fold_diacritics(token.strip(EDGE_PUNCTUATION)).lower()


def distinct_words(text: str) -> list[str]:
    """Each word of the text once, folded and lower-case, in order of first appearance."""
    words = (folded_word(token) for token in dict.fromkeys(text.lower().split()))
    return [word for word in dict.fromkeys(words) if word]


def filter_fields(values: dict[str, str]) -> str:
    """Hidden spans carrying the page's Pagefind filters (their text is not indexed)."""
    spans = [
        f'<span data-pagefind-filter="{name}">{html.escape(values[name])}</span>'
        for name in FILTERS
        if values.get(name)
    ]
    return f"<div hidden data-pagefind-ignore>{''.join(spans)}</div>"


def split_title(inner_html: str) -> tuple[str, str]:
    """The element's first h1 as text, and the element's inside without it."""
    opening = TITLE_OPEN.search(inner_html)
    end = element_end(inner_html, opening) if opening else None
    if end is None:
        return "", inner_html
    title = plain_text(inner_html[opening.end() : end])
    return title, inner_html[: opening.start()] + inner_html[end + len("</h1>") :]


def page_url(relative: str) -> str:
    """The URL Pagefind gives a page written at `relative` ("2019/a/index.html" -> "/2019/a/")."""
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def mirror_name(relative: str) -> str:
    """The flat file name Pagefind reads the prepared form of the page at `relative` from (and
    the URL it gives the page: "/<name>"; search.js takes the reader's URL from the record).

    One folder of files, not the site's tree: the tree is a folder a page (21,000 at 10,000
    articles), made and removed again for every part, and on an ext4 disk each new folder
    passes over the inodes freed just before (the part indexed before it): the 40 parts of
    10,000 articles' pattern run alone took 2.5-3.9 s as trees, 0.2 s flat. Named by the path
    alone, so that a page has the same name (and page id) in any part and in one Pagefind run
    over every page."""
    return hashlib.sha256(relative.encode()).hexdigest()[:24] + ".html"


def prepare_page(page: str, relative: str, exclude: list[re.Pattern] = ()) -> tuple[str, dict] | None:
    """(the page Pagefind indexes, search.js's record) for a written page, or None when it has
    no data-pagefind-body."""
    span = body_span(page)
    if span is None:
        return None
    start, end, values = span
    title, inner = split_title(page[start:end])
    for pattern in exclude:
        inner = remove_elements(inner, pattern)
    text = plain_text(inner)
    keys = document_number_keys(values["number"]) if values.get("number") else []
    indexed = " ".join(distinct_words(text) + keys)
    prepared = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body>'
        f"<div data-pagefind-body>{filter_fields(values)}"
        f"<h1>{html.escape(fold_diacritics(title).lower())}</h1><p>{html.escape(indexed)}</p>"
        "</div></body></html>"
    )
    record = {"url": page_url(relative), "title": title, "text": text}
    record.update((name, values[name]) for name in RECORD_FIELDS if values.get(name))
    return prepared, record
