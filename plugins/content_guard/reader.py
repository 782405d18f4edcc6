"""A Markdown reader that reads content as our text rules say and records problems.

It decodes UTF-8 (BOM and CRLF accepted), normalises to NFC, reads dates with
`vietnamese.text.parse_content_date`, and checks the fields every article needs.
A file with a problem is recorded (file, line, Vietnamese message) and skipped
quietly; the plugin stops the build once every file has been read, so the editor
sees all problems at once.
"""

from __future__ import annotations

import os
import re
from typing import Any

from markdown import Markdown
from pelican.readers import MarkdownReader

from vietnamese.encodings import guess_byte_encoding
from vietnamese.text import DateFormatError, decode_source, parse_content_date

from .problems import ContentProblem, display_path

_METADATA_LINE = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):")
DATE_FIELDS = ("date", "modified")
# Documents (plugins/documents): their dates follow the same rule, and a document
# without `Date:` is dated by `Issued:` (ngày ban hành).
DOCUMENT_DATE_FIELDS = ("issued", "effective", "expires")
SKIP = {"status": "skip"}
# Where markdown.extensions.meta registers its preprocessor (before fenced code, at 25).
META_PRIORITY = 27
EMPTY_MEANS_ABSENT = frozenset({"summary", "tags", "author", "authors", "slug"})


# What to do for each encoding a non-UTF-8 file may be in.
CONVERT = "hãy chuyển mã sang Unicode (Unikey: Công cụ chuyển mã, nguồn {}) rồi lưu với bảng mã UTF-8"
ENCODING_ADVICE = {"TCVN3": CONVERT.format("TCVN3"), "VNI": CONVERT.format("VNI Windows")}
SAVE_AS_UTF8 = "hãy mở tệp (Notepad, VS Code, Notepad++) và lưu lại với bảng mã UTF-8"


def not_utf8_message(encoding: str) -> str:
    """What an editor reads for a file that is not UTF-8, naming what it looks like."""
    advice = ENCODING_ADVICE.get(encoding, SAVE_AS_UTF8)
    return f"tệp không phải UTF-8 (có vẻ là bảng mã {encoding}); {advice}."


def metadata_lines(text: str) -> dict[str, int]:
    """Map each metadata key (lower case) of a Markdown header to its 1-based line."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            break
        match = _METADATA_LINE.match(line)
        if match:
            found.setdefault(match.group(1).lower(), number)
    return found


def locate_field(path: str, *keys: str) -> int:
    """Line of the first of keys in the file's header, or 1 when none is there."""
    with open(path, "rb") as handle:
        lines = metadata_lines(decode_source(handle.read()))
    return next((lines[key] for key in keys if key in lines), 1)


class FieldError(ValueError):
    """A metadata value that cannot be read; knows its field so the line can be named."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class CheckedMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader with our decoding, date rule and required fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problems: list[ContentProblem] = []
        self._lines: dict[str, int] = {}
        # False when the last file read had a problem: Pelican's content cache must not keep
        # it, so it is read, and its problem reported, on every build (content_guard).
        self.last_read_clean = True
        self._reusable: tuple[dict[str, Any], Markdown, Any] | None = None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Return (html, metadata), or a skip marker after recording a problem."""
        known = len(self.problems)
        result = self._read(source_path)
        self.last_read_clean = len(self.problems) == known
        return result

    def _read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """read(), whose problems go to self.problems."""
        self._source_path = source_path
        with open(source_path, "rb") as handle:
            data = handle.read()
        try:
            text = decode_source(data)
        except UnicodeDecodeError:
            return self._skip(1, not_utf8_message(guess_byte_encoding(data)))
        self._lines = metadata_lines(text)
        self._md = self._markdown()
        self._md.source_path = source_path  # extensions (images) resolve relative links from here
        content = self._md.convert(text)
        self._record_extension_problems()
        try:
            metadata = self._parse_metadata(getattr(self._md, "Meta", {}))
        except FieldError as error:
            return self._skip(self._line_of(error.field), str(error))
        if "date" not in metadata and "issued" in metadata:
            metadata["date"] = metadata["issued"]
        # `make newpost` leaves Summary: and Tags: empty: empty means "not given", so the
        # summary falls back to the start of the text.
        metadata = {k: v for k, v in metadata.items() if k not in EMPTY_MEANS_ABSENT or v}
        missing = self._missing_field(metadata)
        if missing:
            return self._skip(*missing)
        return content, metadata

    def _markdown(self) -> Markdown:
        """One Markdown a reader, reset between files, where Pelican makes one a file: making
        it (every extension's processors and patterns) cost 2.4 s of CPU over 10,000 articles."""
        config = self.settings["MARKDOWN"]
        if self._reusable is None or self._reusable[0] is not config:
            md = Markdown(**config)
            self._reusable = (config, md, md.preprocessors["meta"])
            return md
        _config, md, meta = self._reusable
        md.reset()
        # Pelican's _parse_metadata takes the header's reader out before it converts Summary:.
        if "meta" not in md.preprocessors:
            md.preprocessors.register(meta, "meta", META_PRIORITY)
        return md

    def process_metadata(self, name: str, value: Any) -> Any:
        """Read dates with our rule; everything else as Pelican does."""
        if name in DATE_FIELDS + DOCUMENT_DATE_FIELDS and isinstance(value, str):
            try:
                return parse_content_date(value)
            except DateFormatError as error:
                raise FieldError(name, f"ngày ({name.capitalize()}:) sai: {error}") from None
        return super().process_metadata(name, value)

    def _missing_field(self, metadata: dict[str, Any]) -> tuple[int, str] | None:
        """The first required field that is absent or empty, as (line, message)."""
        if not str(metadata.get("title", "")).strip():
            return (
                self._line_of("title"),
                "bài viết thiếu tiêu đề; thêm một dòng «Title: Tiêu đề bài viết» ở đầu tệp.",
            )
        if not self._is_page() and "date" not in metadata:
            return (1, "bài viết thiếu ngày đăng; thêm một dòng «Date: 2019-11-21 09:25» ở đầu tệp.")
        return None

    def _is_page(self) -> bool:
        """Pages (Giới thiệu, Liên hệ) need no date; articles do."""
        relative = os.path.relpath(self._source_path, self.settings["PATH"])
        return any(
            relative == folder or relative.startswith(folder.rstrip("/") + os.sep)
            for folder in self.settings["PAGE_PATHS"]
        )

    def _record_extension_problems(self) -> None:
        """Problems Markdown extensions left on the instance as `content_problems` [(line, message)]."""
        path = display_path(self._source_path, self.settings["PATH"])
        for line, message in getattr(self._md, "content_problems", ()):
            self.problems.append(ContentProblem(path, line, message))

    def _line_of(self, key: str) -> int:
        return self._lines.get(key, 1)

    def _skip(self, line: int, message: str) -> tuple[str, dict[str, Any]]:
        """Record a problem in the current file and tell Pelican to skip it."""
        path = display_path(self._source_path, self.settings["PATH"])
        self.problems.append(ContentProblem(path, line, message))
        return "", dict(SKIP)
