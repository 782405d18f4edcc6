"""Article fields from blocks: title, date line, category, byline, credits and captions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, escape_markdown
from .boilerplate import DROP, END, classify, is_slogan
from .dates import DateHit, date_line

HEADER_SPAN = 8  # the title and date line sit within the first blocks of a page
# "Tác giả: ...", "Nguồn: ...", "Bài và ảnh: ..." -> which fields the value fills.
BYLINE_FIELDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"^(?:tác giả|người viết|phóng viên)\s*:\s*(?P<value>.+)$", re.I), ("author",)),
    (
        re.compile(r"^(?:bài và ảnh|tin và ảnh|bài,? ảnh|tin,? ảnh)\s*:\s*(?P<value>.+)$", re.I),
        ("author", "credit"),
    ),
    (re.compile(r"^nguồn\s*:\s*(?P<value>.+)$", re.I), ("source",)),
    (re.compile(r"^theo\s+(?P<value>[^,;:]+?)\.?$", re.I), ("source",)),  # "Theo Báo Lao động" when a name
)
_CREDIT = re.compile(
    r"(?:^|(?<=[\s.,;(–-]))(?:[Ảả]nh|Photo)\s*:?\s*(?P<credit>[^\s.;()]+(?:\s+[^\s.;()]+){0,4})\s*\)?\.?$"
)
_NAME_JOINERS = {"và", "-", "&", "–"}


@dataclass
class Found:
    """Fields found in a page, each with a confidence (high, medium, low)."""

    title: str = ""
    category: str = ""
    header_date: DateHit | None = None
    author: str = ""
    source: str = ""
    credits: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    confidence: dict[str, str] = field(default_factory=dict)


def is_boilerplate(block: Block) -> bool:
    """A line to drop wherever it is: portal tools, counters, slogans, link lists."""
    return block.kind == "links" or classify(block.text) == DROP or is_slogan(block.text)


def split_credit(text: str) -> tuple[str, str]:
    """("caption", "credit") of "Quang cảnh. Ảnh: Huy Dương"; credit "" when there is none."""
    match = _CREDIT.search(text)
    if not match or not looks_like_name(match.group("credit")):
        return text, ""
    caption = text[: match.start()].rstrip(" .,-–(") + ("." if text[: match.start()].strip() else "")
    return caption.strip(" ").removesuffix("..").strip(), match.group("credit")


def looks_like_name(text: str) -> bool:
    """A person's or agency's name: 1-6 words, each capitalised ("Huy Dương", "TTXVN")."""
    words = [word for word in re.sub(r"\(.*?\)", "", text).split() if word not in _NAME_JOINERS]
    return 0 < len(words) <= 6 and len(text) <= 60 and all(word[0].isupper() for word in words)


def is_category_line(text: str) -> bool:
    """A short label above the title ("Hoạt động"): few words, no digits, no full stop."""
    return len(text.split()) <= 5 and not re.search(r"[\d.:;!?]$|\d", text)


def title_index(blocks: list[Block]) -> int | None:
    """Index of the title: the first <h1> near the top, else the first line that is not
    a date line or a category label."""
    top = blocks[:HEADER_SPAN]
    heading = next((i for i, block in enumerate(top) if block.kind == "heading" and block.level == 1), None)
    if heading is not None:
        return heading
    for index, block in enumerate(top):
        if block.kind not in ("p", "heading") or date_line(block.text):
            continue
        if is_category_line(block.text) and _title_follows(blocks, index):
            continue
        return index
    return None


def find_header(blocks: list[Block], found: Found) -> int:
    """Fill title, date line and category from the top of the page; return where the body starts."""
    title_at = title_index(blocks)
    if title_at is None:
        return 0
    found.title = blocks[title_at].text.rstrip(". ")
    found.confidence["title"] = "high" if blocks[title_at].kind == "heading" else "medium"
    date_at = next((i for i in range(min(len(blocks), title_at + 3)) if date_line(blocks[i].text)), None)
    if date_at is not None:
        found.header_date = date_line(blocks[date_at].text)
    first = min(title_at, date_at if date_at is not None else title_at)
    if first > 0 and blocks[first - 1].kind == "p" and is_category_line(blocks[first - 1].text):
        found.category = blocks[first - 1].text
    return max(title_at, date_at if date_at is not None else -1) + 1


def _title_follows(blocks: list[Block], index: int) -> bool:
    """A short line is a category label when a date line or a longer line comes next."""
    following = blocks[index + 1 : index + 3]
    return any(date_line(b.text) or len(b.text.split()) > 5 for b in following)


def cut_end(blocks: list[Block]) -> list[Block]:
    """The body up to the first line that starts the portal's after-article matter."""
    for index, block in enumerate(blocks):
        if classify(block.text) == END:
            return blocks[:index]
    return blocks


def take_date_line(body: list[Block], found: Found) -> list[Block]:
    """Without a date by the title, a date line elsewhere ("Cập nhật lúc ...") dates the page."""
    if found.header_date is not None:
        return body
    for index, block in enumerate(body):
        hit = date_line(block.text) if block.kind == "p" else None
        if hit:
            found.header_date = hit
            return body[:index] + body[index + 1 :]
    return body


def take_byline_fields(body: list[Block], found: Found) -> list[Block]:
    """Remove "Tác giả:", "Nguồn:" lines from the body and fill author, source, credits."""
    kept = []
    for block in body:
        match = next(((m, keys) for pattern, keys in BYLINE_FIELDS if (m := pattern.match(block.text))), None)
        if match is None or len(block.text) > 80 or block.kind != "p":
            kept.append(block)
            continue
        value = match[0].group("value").strip(" .")
        if block.text.lower().startswith("theo") and not (value[:1].isupper() and len(value.split()) <= 8):
            kept.append(block)  # "Theo kế hoạch ..." is a sentence, not a source
            continue
        for key in match[1]:
            if key == "credit":
                found.credits.append(f"Ảnh: {value}")
            else:
                setattr(found, key, value)
                found.confidence[key] = "high"
    return kept


def take_last_line_byline(body: list[Block], found: Found) -> list[Block]:
    """The short last line of the article is its author ("Thu Hoài")."""
    if found.author or not body or body[-1].kind != "p":
        return body
    text = body[-1].text
    name, credit = split_credit(text)
    name = name.rstrip(" .-–")
    if text.endswith((".", ":", ";", "!", "?")) and not credit:
        return body
    if not looks_like_name(name):
        return body
    found.author = name
    found.confidence["author"] = "medium"
    if credit:
        found.credits.append(f"Ảnh: {credit}")
    return body[:-1]


def mark_captions(body: list[Block], found: Found) -> list[Block]:
    """Paragraphs and images that carry a photo credit become captions; credits are kept."""
    marked = []
    for block in body:
        source = block.caption if block.kind == "image" else block.text
        caption, credit = split_credit(source) if block.kind in ("image", "p", "caption") else (source, "")
        if credit:
            found.credits.append(f"Ảnh: {credit}")
        if block.kind == "image":
            block = block.but(caption=caption.rstrip(" ."), credit=credit)
        elif credit or block.kind == "caption":
            block = caption_block(caption, credit)
        if block.kind in ("caption", "image") and block.caption:
            found.captions.append(block.caption)
        marked.append(block)
    return marked


def caption_block(caption: str, credit: str) -> Block:
    """A caption paragraph with no photo beside it, in italics, with its credit."""
    credit_md = f" ({escape_markdown('Ảnh: ' + credit)})" if credit else ""
    return Block(
        text=caption,
        markdown=f"*{escape_markdown(caption)}*{credit_md}",
        kind="caption",
        caption=caption,
        credit=credit,
    )


def guess_text_captions(body: list[Block]) -> list[Block]:
    """In text extracts, one short sentence between long paragraphs is a photo caption."""
    marked = list(body)
    for index in range(1, len(body) - 1):
        before, block, after = body[index - 1], body[index], body[index + 1]
        short = len(block.text) <= 160 and block.text.count(". ") == 0 and block.text.endswith(".")
        long_around = min(len(before.text), len(after.text)) >= max(200, 2 * len(block.text))
        if block.kind == "p" and short and long_around and not block.text[:1].isdigit():
            marked[index] = caption_block(block.text, "")
    return marked
