"""What the site knows about one document (văn bản), read from an article's metadata."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from vietnamese.text import format_size, slugify, to_nfc

from .numbering import (
    DocumentNumber,
    DocumentNumberError,
    document_status,
    normalise_number,
    parse_document_number,
)

# Metadata keys (lower case, as Pelican stores them) that hold lists separated by ";".
LIST_FIELDS = ("recipients", "attachments", "replaces", "replacedby", "related")


def split_list(value: Any) -> list[str]:
    """ "a; b;c" (or several metadata lines) -> ["a", "b", "c"]; empty items dropped."""
    if value is None:
        return []
    lines = value if isinstance(value, list | tuple) else [value]
    items = [item.strip() for line in lines for item in to_nfc(str(line)).split(";")]
    return [item.lstrip("-–• ").rstrip(".").strip() for item in items if item.strip(" -–•.")]


def as_date(value: Any) -> date | None:
    """A metadata date (datetime from the reader) as a calendar day."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


@dataclass
class Attachment:
    """One attached file: where it is, what it is, how big."""

    path: str  # relative to content/, as written
    exists: bool
    size: int

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def extension(self) -> str:
        return os.path.splitext(self.path)[1].lstrip(".").lower()

    @property
    def kind(self) -> str:
        """File type for readers: "PDF", "DOCX"."""
        return self.extension.upper()

    @property
    def size_text(self) -> str:
        return format_size(self.size)

    @property
    def url(self) -> str:
        """Static files keep their path under content/."""
        return self.path.replace(os.sep, "/")


def read_attachment(path: str, content_root: str) -> Attachment:
    """Look an attachment up on disk."""
    full = os.path.join(content_root, path)
    exists = os.path.isfile(full)
    return Attachment(path, exists, os.path.getsize(full) if exists else 0)


@dataclass
class Document:
    """The Decree 42/2022 fields of one document, plus its links to other documents."""

    article: Any
    number_text: str
    number: DocumentNumber | None
    number_error: str | None
    doc_type: str
    issuer: str
    issued: date | None
    effective: date | None
    expires: date | None
    signer: str
    abstract: str
    recipients: list[str]
    attachments: list[Attachment]
    replaces_numbers: list[str]
    replaced_by_numbers: list[str]
    related_numbers: list[str]
    # Filled once every document is known (links both ways, status).
    replaces: list[Any] = field(default_factory=list)
    replaced_by: list[Any] = field(default_factory=list)
    related: list[Any] = field(default_factory=list)
    status: str = ""

    @property
    def key(self) -> str:
        return normalise_number(self.number_text)

    @property
    def display_number(self) -> str:
        return self.number.text if self.number else self.number_text

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None

    @property
    def type_slug(self) -> str:
        return slugify(self.doc_type)

    @property
    def issuer_slug(self) -> str:
        return slugify(self.issuer)


def read_document(article: Any, content_root: str, known_codes: set[str]) -> Document:
    """Build the Document for one article of the documents category."""
    meta = article.metadata
    number_text = to_nfc(str(meta.get("docnumber", ""))).strip()
    number, error = None, None
    try:
        number = parse_document_number(number_text, known_codes)
    except DocumentNumberError as problem:
        error = str(problem)
    lists = {key: split_list(meta.get(key)) for key in LIST_FIELDS}
    return Document(
        article=article,
        number_text=number_text,
        number=number,
        number_error=error,
        doc_type=to_nfc(str(meta.get("doctype", ""))).strip(),
        issuer=to_nfc(str(meta.get("issuer", ""))).strip(),
        issued=as_date(meta.get("issued")) or as_date(meta.get("date")),
        effective=as_date(meta.get("effective")),
        expires=as_date(meta.get("expires")),
        signer=to_nfc(str(meta.get("signer", ""))).strip(),
        abstract=to_nfc(str(meta.get("abstract", ""))).strip(),
        recipients=lists["recipients"],
        attachments=[read_attachment(path, content_root) for path in lists["attachments"]],
        replaces_numbers=lists["replaces"],
        replaced_by_numbers=lists["replacedby"],
        related_numbers=lists["related"],
    )


@dataclass(frozen=True)
class Reference:
    """A link to another document: on the site (document set) or only its number."""

    number: str
    document: Document | None = None


def _closest(candidates: list[Document], near: date | None) -> Document | None:
    """Of the documents with one number (numbering restarts yearly), the one nearest in time."""
    if not candidates:
        return None
    if near is None:
        return candidates[0]
    return min(candidates, key=lambda doc: abs(((doc.issued or near) - near).days))


def _refer(doc: Document, numbers: list[str], by_key: dict[str, list[Document]]) -> list[Reference]:
    return [Reference(n, _closest(by_key.get(normalise_number(n), []), doc.issued)) for n in numbers]


def _merge(refs: list[Reference], more: Document) -> list[Reference]:
    """refs plus `more` unless it is already there."""
    if any(ref.document is more for ref in refs):
        return refs
    return refs + [Reference(more.display_number, more)]


def link_documents(documents: list[Document], today: date) -> None:
    """Resolve Replaces/ReplacedBy/Related both ways, then derive each status."""
    by_key: dict[str, list[Document]] = {}
    for doc in documents:
        by_key.setdefault(doc.key, []).append(doc)
    for doc in documents:
        doc.replaces = _refer(doc, doc.replaces_numbers, by_key)
        doc.replaced_by = _refer(doc, doc.replaced_by_numbers, by_key)
        doc.related = _refer(doc, doc.related_numbers, by_key)
    # The other side of each link, so a link written once shows on both documents.
    opposite = {"replaces": "replaced_by", "replaced_by": "replaces", "related": "related"}
    for doc in documents:
        for name, other_side in opposite.items():
            for ref in getattr(doc, name):
                if ref.document is not None and ref.document is not doc:
                    setattr(ref.document, other_side, _merge(getattr(ref.document, other_side), doc))
    for doc in documents:
        doc.status = document_status(today, doc.issued, doc.effective, doc.expires, superseded_from(doc))


def superseded_from(doc: Document) -> date | None:
    """The first day a replacing document on the site is in force, if any."""
    starts = [
        ref.document.effective or ref.document.issued
        for ref in doc.replaced_by
        if ref.document is not None and (ref.document.effective or ref.document.issued)
    ]
    return min(starts) if starts else None
