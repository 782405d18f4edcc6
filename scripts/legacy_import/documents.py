"""Official documents (KẾ HOẠCH, CHỈ THỊ, NGHỊ QUYẾT, ...): type, number, issuer, recipients."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .boilerplate import fold_line
from .dates import find_dates

# The heading a document starts with (folded) -> DocType as the site writes it.
DOC_TYPES = {
    "ke hoach": "Kế hoạch",
    "chi thi": "Chỉ thị",
    "nghi quyet": "Nghị quyết",
    "quyet dinh": "Quyết định",
    "thong bao": "Thông báo",
    "huong dan": "Hướng dẫn",
    "bao cao": "Báo cáo",
    "chuong trinh": "Chương trình",
    "cong van": "Công văn",
    "thong tu": "Thông tư",
    "nghi dinh": "Nghị định",
    "to trinh": "Tờ trình",
    "quy che": "Quy chế",
    "quy dinh": "Quy định",
    "ket luan": "Kết luận",
    "loi keu goi": "Lời kêu gọi",
}
HEADER_SPAN = 10
_NUMBER = re.compile(r"^số\s*:?\s*(?P<number>\d+[\w/.-]*[\w])", re.IGNORECASE)
_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap tu do hanh phuc")
_ISSUER_IN_TEXT = re.compile(
    r"^(?:Ban Thường vụ|Ban Chấp hành|Thường trực|Ban Chấp hành Công đoàn)\s+(?P<issuer>.+?)\s+"
    r"(?:đề nghị|yêu cầu|quyết định|hướng dẫn|thông báo|chỉ thị|ban hành|xây dựng)\b"
)
_SIGNER_TITLES = re.compile(
    r"^(tm\.|kt\.|tl\.|q\.)?\s*(ban thuong vu|ban chap hanh|chu tich|pho chu tich|truong ban|giam doc)"
)
_ABSTRACT_MAX = 200
_TEXT_STARTS = ("can cu", "dieu ", "xet ", "theo ", "thuc hien", "nham ", "ngay ", "tiep tuc")


@dataclass
class Document:
    """What identifies an official document, besides its text."""

    doc_type: str
    abstract: str = ""
    number: str = ""
    issuer: str = ""
    issued: object = None  # datetime of "..., ngày 30 tháng 01 năm 2015" when printed
    signer: str = ""
    recipients: list[str] = field(default_factory=list)


def doc_type_at(blocks: list[Block]) -> int | None:
    """Index of the document-type heading ("KẾ HOẠCH") near the top, or None."""
    for index, block in enumerate(blocks[:HEADER_SPAN]):
        folded = fold_line(block.text)
        if block.text.isupper() and folded in DOC_TYPES:
            return index
    return None


def read_header(blocks: list[Block], document: Document) -> None:
    """Number, issuer and date from the lines above the type heading."""
    for block in blocks:
        folded = fold_line(block.text)
        number = _NUMBER.match(block.text)
        if number:
            document.number = number.group("number")
        elif folded.startswith(_MOTTO):
            continue
        elif (hits := find_dates(block.text)) and "ngay" in folded:
            document.issued = hits[0].moment
        elif block.text.isupper() and not document.issuer and len(block.text) < 120:
            document.issuer = block.text.title() if block.text.isupper() else block.text


def read_abstract(blocks: list[Block]) -> tuple[str, int]:
    """The trích yếu right under the type heading (up to four short lines) and how many lines.

    It ends at a sentence (abstracts have no full stop), a numbered point, or a line that
    starts the text ("Căn cứ", "Điều 1", ...).
    """
    lines: list[str] = []
    for block in blocks[:4]:
        text = block.text
        starts_text = bool(lines) and fold_line(text).startswith(_TEXT_STARTS)
        if len(text) > _ABSTRACT_MAX or text.endswith((":", ".")) or text[:1].isdigit() or starts_text:
            break
        lines.append(text.removeprefix("V/v").strip())
    return " ".join(lines).strip(), len(lines)


def read_tail(blocks: list[Block], document: Document) -> list[Block]:
    """Take "Nơi nhận:" and the signature off the end; return the body that remains."""
    start = next((i for i, b in enumerate(blocks) if fold_line(b.text).startswith("noi nhan")), len(blocks))
    tail = blocks[start + 1 :]
    for block in tail:
        text = block.text.strip()
        if text.startswith(("-", "+", "•")):
            item = text.lstrip("-+• ").rstrip(" ;.,")
            if item and not fold_line(item).startswith("luu"):
                document.recipients.append(item)
        elif not _SIGNER_TITLES.match(fold_line(text)) and len(text.split()) <= 5 and text[:1].isupper():
            document.signer = text
    body = blocks[:start]
    while body and _SIGNER_TITLES.match(fold_line(body[-1].text)):
        body = body[:-1]
    return body


def issuer_from_text(blocks: list[Block]) -> str:
    """The issuing body named in the text ("Ban Thường vụ Liên đoàn Lao động tỉnh X đề nghị")."""
    for block in blocks:
        match = _ISSUER_IN_TEXT.search(block.text)
        if match:
            return match.group("issuer")
    return ""


def read_document(blocks: list[Block]) -> tuple[Document, list[Block]] | None:
    """A Document and its body blocks, or None when the page is not an official document."""
    at = doc_type_at(blocks)
    if at is None:
        return None
    document = Document(DOC_TYPES[fold_line(blocks[at].text)])
    read_header(blocks[:at], document)
    document.abstract, taken = read_abstract(blocks[at + 1 :])
    body = read_tail(blocks[at + 1 + taken :], document)
    document.issuer = document.issuer or issuer_from_text(body)
    return document, body


def document_title(document: Document) -> str:
    """ "Kế hoạch thực hiện Chỉ thị số 08/CT-UBND ...": the type, then the abstract."""
    if not document.abstract:
        return f"{document.doc_type} {document.number}".strip()
    abstract = document.abstract
    return f"{document.doc_type} {abstract[:1].lower()}{abstract[1:]}"
