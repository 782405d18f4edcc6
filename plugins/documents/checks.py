"""The editors' checks for documents: each problem names the file, the line and the fix."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from typing import Any

from content_guard.problems import ContentProblem, display_path
from content_guard.reader import locate_field

from .config import documents_settings
from .model import Document
from .numbering import type_code_problem

# Document slugs that the document lists use under /van-ban/.
RESERVED_SLUGS = frozenset({"loai", "co-quan", "nam"})
_PAGE_SLUG = re.compile(r"trang-\d+")


def _number_problems(doc: Document, config: dict[str, Any]) -> Iterable[tuple[str, str]]:
    if not doc.number_text:
        yield "docnumber", "văn bản thiếu số, ký hiệu; thêm dòng «DocNumber: 01/KH-LĐLĐ»."
    elif doc.number_error:
        yield "docnumber", doc.number_error
    if not doc.doc_type:
        yield "doctype", "văn bản thiếu loại; thêm dòng «DocType: Kế hoạch» (hoặc Quyết định, ...)."
    else:
        message = type_code_problem(doc.doc_type, doc.number, config["TYPES"])
        if message:
            yield "doctype", message


def _field_problems(doc: Document, config: dict[str, Any]) -> Iterable[tuple[str, str]]:
    if not doc.issuer:
        yield "issuer", "văn bản thiếu cơ quan ban hành; thêm dòng «Issuer: Liên đoàn Lao động tỉnh ...»."
    if doc.article.slug in RESERVED_SLUGS or _PAGE_SLUG.fullmatch(doc.article.slug):
        yield (
            "slug",
            (
                f"đường dẫn (slug) «{doc.article.slug}» trùng với danh sách văn bản; "
                "hãy đổi tên tệp hoặc thêm dòng «Slug: ...» khác."
            ),
        )


def _attachment_problems(doc: Document, config: dict[str, Any]) -> Iterable[tuple[str, str]]:
    limit = config["MAX_ATTACHMENT_MB"] * 1024 * 1024
    allowed = config["EXTENSIONS"]
    for item in doc.attachments:
        if item.extension not in allowed:
            yield (
                "attachments",
                (f"tệp đính kèm «{item.path}» có đuôi không được nhận; chỉ nhận: {', '.join(allowed)}."),
            )
        elif item.exists and item.size > limit:
            # A missing file is content_guard's check (every Image: and Attachments: path).
            yield (
                "attachments",
                (
                    f"tệp đính kèm «{item.path}» nặng {item.size_text}, quá giới hạn "
                    f"{config['MAX_ATTACHMENT_MB']} MB; hãy nén hoặc chia nhỏ tệp."
                ),
            )


def _duplicate_numbers(documents: list[Document], content_root: str) -> dict[int, str]:
    """id(doc) -> message for a document whose number and year an earlier one already has.

    Numbering restarts every year, so "01/KH-LĐLĐ" of 2015 and of 2019 are two documents.
    """
    seen: dict[tuple[str, int | None], Document] = {}
    found = {}
    for doc in documents:
        if not doc.number_text:
            continue
        other = seen.setdefault((doc.key, doc.year), doc)
        if other is not doc:
            other_path = display_path(other.article.source_path, content_root)
            found[id(doc)] = (
                f"số văn bản «{doc.display_number}» năm {doc.year} trùng với tệp {other_path}; "
                "mỗi văn bản một số, hãy kiểm tra lại."
            )
    return found


CHECKS: tuple[Callable[[Document, dict[str, Any]], Iterable[tuple[str, str]]], ...] = (
    _number_problems,
    _field_problems,
    _attachment_problems,
)


def document_problems(documents: list[Document], settings: dict[str, Any]) -> list[ContentProblem]:
    """Every problem of the documents, with file and line, in Vietnamese."""
    config = documents_settings(settings)
    content_root = settings["PATH"]
    duplicates = _duplicate_numbers(documents, content_root)
    problems = []
    for doc in documents:
        source = doc.article.source_path
        found = [item for check in CHECKS for item in check(doc, config)]
        if id(doc) in duplicates:
            found.append(("docnumber", duplicates[id(doc)]))
        for key, message in found:
            line = locate_field(source, key, "title")
            problems.append(ContentProblem(display_path(source, content_root), line, message))
    return problems


def misplaced_problems(articles: Iterable[Any], settings: dict[str, Any]) -> list[ContentProblem]:
    """Files in the documents folder that are not in the documents category."""
    config = documents_settings(settings)
    content_root = settings["PATH"]
    folder = os.path.join(content_root, config["FOLDER"]) + os.sep
    return [
        ContentProblem(
            display_path(article.source_path, content_root),
            locate_field(article.source_path, "category", "title"),
            f"tệp trong thư mục {config['FOLDER']}/ là văn bản nhưng không có dòng "
            f"«Category: {config['CATEGORY']}»; hãy thêm (hoặc sửa) dòng đó.",
        )
        for article in articles
        if article.source_path.startswith(folder) and article.category.name != config["CATEGORY"]
    ]
