"""Write the small, valid attachment files of the sample documents (content/files/).

PDF by hand (one page, one line of text, a correct cross-reference table); DOCX and XLSX
as the smallest Office Open XML packages Word and Excel open. Run it again to recreate
the files: `.venv/bin/python scripts/sample_attachments.py [content-folder]`.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent


def pdf_bytes(title: str) -> bytes:
    """A one-page PDF showing `title` (ASCII, Helvetica)."""
    text = title.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{target}"/></Relationships>'
)
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
)
_MAIN = "application/vnd.openxmlformats-officedocument"


def write_package(path: Path, parts: dict[str, str]) -> None:
    """A zip package with fixed timestamps, so the bytes do not change between runs."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            package.writestr(info, text.encode("utf-8"), zipfile.ZIP_DEFLATED)


def docx_parts(title: str) -> dict[str, str]:
    """Word document with one paragraph."""
    override = (
        f'<Override PartName="/word/document.xml" ContentType="{_MAIN}.wordprocessingml.document.main+xml"/>'
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{escape(title)}</w:t></w:r></w:p></w:body></w:document>"
    )
    return {
        "[Content_Types].xml": _TYPES.format(overrides=override),
        "_rels/.rels": _RELS.format(target="word/document.xml"),
        "word/document.xml": body,
    }


def xlsx_parts(rows: list[tuple[str, int]]) -> dict[str, str]:
    """Excel workbook with one sheet of (label, number) rows."""
    overrides = (
        f'<Override PartName="/xl/workbook.xml" ContentType="{_MAIN}.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_MAIN}.spreadsheetml.worksheet+xml"/>'
    )
    cells = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{escape(label)}</t></is></c>'
        f'<c r="B{n}"><v>{value}</v></c></row>'
        for n, (label, value) in enumerate(rows, start=1)
    )
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    return {
        "[Content_Types].xml": _TYPES.format(overrides=overrides),
        "_rels/.rels": _RELS.format(target="xl/workbook.xml"),
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {ns} {rel_ns}>'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": _RELS.format(target="worksheets/sheet1.xml").replace(
            "officeDocument/2006/relationships/officeDocument", "officeDocument/2006/relationships/worksheet"
        ),
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<worksheet {ns}><sheetData>{cells}</sheetData></worksheet>",
    }


SAMPLES = {
    "files/2015/ke-hoach-thi-dua-dac-biet-2015.pdf": ("pdf", "Ke hoach so 15/KH-LDLD ngay 05/6/2015"),
    "files/2022/chi-thi-thang-cong-nhan-2022.pdf": ("pdf", "Chi thi so 03/CT-LDLD ngay 15/4/2022"),
    "files/2022/nghi-quyet-hoi-nghi-bch-2022.docx": ("docx", "Nghị quyết số 05/NQ-LĐLĐ"),
    "files/2023/quyet-dinh-khen-thuong-2023.pdf": ("pdf", "Quyet dinh so 125/QD-LDLD"),
    "files/2023/danh-sach-khen-thuong-2023.xlsx": ("xlsx", [("Tập thể", 12), ("Cá nhân", 48)]),
    "files/2023/thong-bao-lich-tiep-doan-vien.pdf": ("pdf", "Thong bao so 07/TB-LDLD"),
    "files/2024/huong-dan-dai-hoi-cdcs-2024.docx": ("docx", "Hướng dẫn số 02/HD-LĐLĐ"),
    "files/2024/bao-cao-so-ket-6-thang-2024.pdf": ("pdf", "Bao cao so 21/BC-LDLD"),
}


def write_samples(content: Path) -> None:
    """Write every sample attachment under content/."""
    for relative, (kind, data) in SAMPLES.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "pdf":
            path.write_bytes(pdf_bytes(data))
        elif kind == "docx":
            write_package(path, docx_parts(data))
        else:
            write_package(path, xlsx_parts(data))


if __name__ == "__main__":
    write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content")
