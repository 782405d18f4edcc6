"""One source (saved page or text extract) to one article: fields, warnings, Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from vietnamese.text import format_date, slugify, to_nfc

from .blocks import Block, escape_markdown, text_blocks
from .dates import DateHit, find_dates, format_metadata_date
from .documents import Document, document_title, read_document
from .fields import (
    Found,
    cut_end,
    find_header,
    guess_text_captions,
    is_boilerplate,
    mark_captions,
    take_byline_fields,
    take_date_line,
    take_last_line_byline,
)
from .html_to_markdown import PageFacts, html_blocks, local_image_path

DOCUMENT_CATEGORY = "Văn bản"
SLUG_MAX = 70
SUMMARY_MAX = 300
_YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)")
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class Warning_:
    """A warning about one source: a stable code and a Vietnamese message."""

    code: str
    message: str


@dataclass
class Article:
    """Everything the importer learned from one source."""

    title: str = ""
    moment: datetime | None = None
    slug: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    body: list[Block] = field(default_factory=list)
    images: list[tuple[Path, str]] = field(default_factory=list)  # (file on disk, name in DIR)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[Warning_] = field(default_factory=list)

    def warn(self, code: str, message: str) -> None:
        """Record a warning."""
        self.warnings.append(Warning_(code, message))


# Warnings about dates: code -> Vietnamese message template.
DATE_WARNINGS = {
    "weekday_mismatch": "thứ in trên trang không khớp với ngày: {right} mới đúng; hãy kiểm tra lại ngày.",
    "print_date": (
        "ngày trên trang ({printed}) có lẽ là ngày in trang, vì bài nói về năm {year}; "
        "đã lấy ngày {chosen}, hãy kiểm tra lại."
    ),
    "from_text": "trang không in ngày đăng; đã lấy ngày muộn nhất trong bài ({chosen}), hãy kiểm tra lại.",
    "no_date": (
        "không tìm thấy ngày đăng; bài được để ở dạng nháp (Status: draft) với ngày của tệp, "
        "hãy sửa Date: rồi bỏ dòng Status."
    ),
}
# The report's code for each kind of date warning.
DATE_WARNING_CODES = {"print_date": "uncertain_date", "from_text": "uncertain_date"}


def date_warning(kind: str, **values: object) -> Warning_:
    """A date warning of one kind with its values filled in."""
    return Warning_(DATE_WARNING_CODES.get(kind, kind), DATE_WARNINGS[kind].format(**values))


def choose_date(
    header: DateHit | None, body_hits: list[DateHit], years: list[int]
) -> tuple[DateHit | None, str, list[Warning_]]:
    """The article's date, its confidence, and warnings (weekday mismatch, probable print date)."""
    if header is None:
        if not body_hits:
            return None, "none", [date_warning("no_date")]
        latest = max(body_hits, key=lambda hit: hit.moment)
        return latest, "low", [date_warning("from_text", chosen=f"{latest.moment:%d/%m/%Y}")]
    warnings, chosen = [], header
    if not header.weekday_matches:
        warnings.append(date_warning("weekday_mismatch", right=format_date(header.moment, "day_archive")))
    if years and max(years) < header.moment.year - 1:
        earlier = [hit for hit in body_hits if hit.moment < header.moment]
        chosen = max(earlier, key=lambda hit: hit.moment) if earlier else header
        printed, day = f"{header.moment:%d/%m/%Y}", f"{chosen.moment:%d/%m/%Y}"
        warnings.append(date_warning("print_date", printed=printed, year=max(years), chosen=day))
    return chosen, ("low" if warnings else "high"), warnings


def mentioned_years(found: Found) -> list[int]:
    """Years the title and the body talk about."""
    text = " ".join([found.title] + [block.text for block in found.body])
    return [int(year) for year in _YEAR.findall(text)]


def make_slug(title: str) -> str:
    """Slug from the title, cut at a word so URLs stay short."""
    slug = slugify(title)
    if len(slug) <= SLUG_MAX:
        return slug
    return slug[:SLUG_MAX].rsplit("-", 1)[0]


def lead(body: list[Block]) -> str:
    """The lead: the first paragraph, cut at a sentence end near SUMMARY_MAX characters."""
    first = next((block.text for block in body if block.kind == "p" and len(block.text) > 40), "")
    if len(first) <= SUMMARY_MAX:
        return first
    cut = first[:SUMMARY_MAX]
    end = max(cut.rfind(". "), cut.rfind("; "))
    return cut[: end + 1] if end > 80 else cut.rsplit(" ", 1)[0] + "…"


def read_blocks(path: Path, text: str) -> tuple[PageFacts, list[Block]]:
    """Blocks of a source: saved HTML page or text extract."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return html_blocks(text)
    return PageFacts(), text_blocks(text)


def extract(blocks: list[Block], from_text: bool) -> tuple[Found, Document | None]:
    """Header, body, byline, credits and captions; an official document when it is one."""
    found = Found()
    blocks = [block for block in blocks if not is_boilerplate(block)]
    document_and_body = read_document(blocks)
    if document_and_body:
        document, body = document_and_body
        found.title = document_title(document)
        found.confidence["title"] = "medium"
        found.body = cut_end(body)
        return found, document
    start = find_header(blocks, found)
    body = take_date_line(cut_end(blocks[start:]), found)
    body = take_byline_fields(body, found)
    body = take_last_line_byline(body, found)
    if from_text:
        body = guess_text_captions(body)
    found.body = mark_captions(body, found)
    return found, None


def analyse(path: Path, text: str) -> Article:
    """An Article from the decoded text of one source; Category is the page's own (see site_rules)."""
    facts, blocks = read_blocks(path, to_nfc(text))
    found, document = extract(blocks, from_text=not facts.title and path.suffix.lower() not in HTML_SUFFIXES)
    found.title = found.title or facts.title
    article = Article(title=found.title, body=found.body)
    if not found.title or not any(block.kind == "p" for block in found.body):
        article.warn(
            "nothing_recognisable",
            "không nhận ra bài viết nào trong tệp (không có tiêu đề hay nội dung); tệp được bỏ qua.",
        )
        return article
    body_hits = [hit for block in found.body for hit in find_dates(block.text)]
    header = found.header_date
    if document and document.issued:
        header = DateHit(document.issued, None, False, 0, 0, "issued")
    hit, confidence, warnings = choose_date(header, body_hits, mentioned_years(found))
    article.warnings += warnings
    article.moment = hit.moment if hit else None
    article.slug = make_slug(found.title)
    chosen_category = DOCUMENT_CATEGORY if document else facts.category or found.category
    fill_fields(article, found, document, facts, chosen_category, confidence)
    return article


def fill_fields(
    article: Article,
    found: Found,
    document: Document | None,
    facts: PageFacts,
    category: str,
    date_confidence: str,
) -> None:
    """The report's table of fields found, with their confidence, and warnings for gaps."""
    fields = {
        "title": (found.title, found.confidence.get("title", "low")),
        "date": (format_metadata_date(article.moment) if article.moment else "", date_confidence),
        "author": (
            found.author or found.source,
            found.confidence.get("author" if found.author else "source", ""),
        ),
        "category": (category, "high" if category else ""),
        "credits": ("; ".join(dict.fromkeys(found.credits)), "medium" if found.credits else ""),
        "captions": (" | ".join(found.captions), "medium" if found.captions else ""),
        "summary": (lead(article.body), "medium"),
        "original_url": (facts.original_url, "high" if facts.original_url else ""),
    }
    if document:
        fields["document"] = (f"{document.doc_type} {document.number}".strip(), "medium")
    article.fields = {
        name: {"value": value, "confidence": conf} for name, (value, conf) in fields.items() if value
    }
    if not (found.author or found.source):
        article.warn("no_author", "không tìm thấy tác giả; hãy thêm dòng «Author: ...» nếu biết.")
    article.metadata = metadata(article, found, document, facts, category)


def metadata(
    article: Article, found: Found, document: Document | None, facts: PageFacts, category: str
) -> dict[str, str]:
    """Pelican metadata in the order the file shows it; empty values left out."""
    values = {
        "Title": article.title,
        "Date": format_metadata_date(article.moment) if article.moment else "",
        "Author": found.author or found.source,
        "Category": category,
        "Slug": article.slug,
        "Summary": escape_markdown(lead(article.body)),
        "OriginalURL": facts.original_url,
        "Credits": "; ".join(dict.fromkeys(found.credits)),
    }
    if document:
        values |= {
            "DocType": document.doc_type,
            "DocNumber": document.number,
            "Issuer": document.issuer,
            "Issued": format_metadata_date(document.issued) if document.issued else "",
            "Signer": document.signer,
            "Abstract": document.abstract,
            "Recipients": "; ".join(document.recipients),
        }
    return {key: " ".join(str(value).split()) for key, value in values.items() if value}


def image_markdown(block: Block, target: str) -> str:
    """![alt](path "Caption | Ảnh: credit"), the caption contract of the site."""
    alt = escape_markdown(block.text or block.caption or "Ảnh")
    title = " | ".join(
        part for part in (block.caption, f"Ảnh: {block.credit}" if block.credit else "") if part
    )
    title = title.replace('"', "”")
    return f'![{alt}]({target} "{title}")' if title else f"![{alt}]({target})"


def attach_images(article: Article, source: Path) -> None:
    """Images of a saved page: local files are copied beside the article, remote ones become links."""
    for index, block in enumerate(article.body):
        if block.kind != "image":
            continue
        local = local_image_path(block.image)
        file = (source.parent / local).resolve() if local else None
        if file is not None and file.is_file():
            number = len(article.images) + 1
            name = f"{article.slug}/{number:02d}-{slugify(file.stem) or 'anh'}{file.suffix.lower()}"
            article.images.append((file, name))
            article.body[index] = block.but(markdown=image_markdown(block, "{static}" + name))
        elif local:
            article.warn(
                "missing_image", f"không thấy tệp ảnh «{block.image}» bên cạnh trang đã lưu; ảnh bị bỏ qua."
            )
            article.body[index] = block.but(markdown="")
        else:
            # The site's pages load nothing from other hosts, so a remote image is kept as a link.
            article.warn("remote_image", f"ảnh «{block.image}» nằm ở trang khác; hãy tải về rồi chèn lại.")
            label = escape_markdown(block.caption or block.text or "Ảnh")
            article.body[index] = block.but(markdown=f"[Ảnh: {label}]({block.image})")


def render(article: Article) -> str:
    """The Markdown file: metadata lines, a blank line, the body."""
    header = "\n".join(f"{key}: {value}" for key, value in article.metadata.items())
    body = "\n\n".join(block.markdown for block in article.body if block.markdown)
    return f"{header}\n\n{body}\n"
