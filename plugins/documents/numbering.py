"""Document numbers, types and status: pure rules with no Pelican in them.

A union document number follows QĐ 933/QĐ-TLĐ (2024): number / type code - issuer code,
optionally with the year after the number ("01/KH-LĐLĐ", "15/2015/KH-LĐLĐ"). A công văn
carries no type code ("125/LĐLĐ-VP"). The type table maps each type name to its code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from vietnamese.text import to_nfc

# Type name -> code (QĐ 933/QĐ-TLĐ and Nghị định 30/2020/NĐ-CP, Phụ lục III).
DEFAULT_TYPES: dict[str, str] = {
    "Nghị quyết": "NQ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Quy chế": "QC",
    "Quy định": "QyĐ",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Chương trình": "CTr",
    "Kế hoạch": "KH",
    "Phương án": "PA",
    "Đề án": "ĐA",
    "Báo cáo": "BC",
    "Biên bản": "BB",
    "Tờ trình": "TTr",
    "Công văn": "CV",
    "Công điện": "CĐ",
    "Giấy mời": "GM",
    "Thông tri": "TT",
}
# A công văn's number names only the issuer ("125/LĐLĐ-VP"), by convention.
TYPES_WITHOUT_CODE = frozenset({"Công văn"})

_NUMBER = re.compile(
    r"(?:số\s*:?\s*)?"
    r"(?P<number>\d{1,5})"
    r"(?:/(?P<year>(?:19|20)\d{2}))?"
    r"/(?P<code>[^\W_]+(?:-[^\W_.]+(?:\.[^\W_]+)*)*)",
    re.IGNORECASE,
)


class DocumentNumberError(ValueError):
    """A document number that does not follow the convention; the message is Vietnamese."""


@dataclass(frozen=True)
class DocumentNumber:
    """A parsed number: "15/2015/KH-LĐLĐ" -> 15, 2015, "KH", "LĐLĐ"."""

    number: str
    year: int | None
    type_code: str | None
    issuer_code: str

    @property
    def text(self) -> str:
        """The number as shown on the site: "15/2015/KH-LĐLĐ"."""
        year = f"/{self.year}" if self.year else ""
        code = f"{self.type_code}-{self.issuer_code}" if self.type_code else self.issuer_code
        return f"{self.number}{year}/{code}"


NUMBER_HINT = "Viết theo mẫu SỐ/MÃ LOẠI-MÃ CƠ QUAN, ví dụ «01/KH-LĐLĐ» hoặc «15/2015/KH-LĐLĐ»."


def parse_document_number(value: str, known_codes: frozenset[str] | set[str]) -> DocumentNumber:
    """Read "Số: 01/KH-LĐLĐ"; a first code segment not in known_codes is part of the issuer."""
    text = re.sub(r"\s+", " ", to_nfc(value)).strip()
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise DocumentNumberError(f"số văn bản «{text}» không đúng quy ước. {NUMBER_HINT}")
    first, _, rest = match["code"].partition("-")
    if rest and first in known_codes:
        type_code, issuer_code = first, rest
    elif not rest:
        raise DocumentNumberError(f"số văn bản «{text}» thiếu mã cơ quan ban hành. {NUMBER_HINT}")
    else:
        type_code, issuer_code = None, match["code"]
    year = int(match["year"]) if match["year"] else None
    return DocumentNumber(match["number"], year, type_code, issuer_code)


def normalise_number(value: str) -> str:
    """Key to match numbers written differently: "Số: 01/kh-lđlđ" and "01/KH-LĐLĐ" agree."""
    text = re.sub(r"\s+", "", to_nfc(value)).upper()
    return re.sub(r"^SỐ:?", "", text)


def canonical_type(name: str, types: dict[str, str]) -> str:
    """The type as the table spells it ("kế hoạch" -> "Kế hoạch"); unknown names unchanged."""
    wanted = " ".join(to_nfc(name).split()).casefold()
    return next((known for known in types if known.casefold() == wanted), name)


def type_code_problem(doc_type: str, number: DocumentNumber | None, types: dict[str, str]) -> str | None:
    """Vietnamese message for an unknown type or a type code that disagrees with it, else None."""
    expected = types.get(doc_type)
    if expected is None:
        known = ", ".join(types)
        return f"loại văn bản «{doc_type}» không có trong bảng loại; hãy dùng một trong: {known}."
    if number is None or (number.type_code is None and doc_type in TYPES_WITHOUT_CODE):
        return None
    if number.type_code != expected:
        found = f"mã «{number.type_code}»" if number.type_code else "không có mã loại"
        return (
            f"số văn bản «{number.text}» có {found} nhưng loại văn bản là «{doc_type}» "
            f"(mã «{expected}»); hãy sửa số hoặc dòng DocType."
        )
    return None


# Status labels shown to readers.
IN_FORCE = "Còn hiệu lực"
EXPIRED = "Hết hiệu lực"
NOT_YET = "Chưa có hiệu lực"


def document_status(
    today: date,
    issued: date | None,
    effective: date | None = None,
    expires: date | None = None,
    superseded_from: date | None = None,
) -> str:
    """Status on `today`: not yet in force before it takes effect, expired from `expires`.

    `effective` defaults to `issued`; `superseded_from` is the day a replacing document
    takes effect, which ends this one too.
    """
    start = effective or issued
    ends = [day for day in (expires, superseded_from) if day is not None]
    if start is not None and today < start:
        return NOT_YET
    if ends and today >= min(ends):
        return EXPIRED
    return IN_FORCE
