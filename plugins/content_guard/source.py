"""What the checks look at: each content file as written, and the site Pelican read.

`SourceFile` keeps the bytes, the text before NFC (so decomposed text can be
reported), the header fields with their lines, and the body lines with theirs.
`SiteIndex` adds the whole site: every file, Pelican's content objects, the known
categories and the URLs the build will write.
"""

from __future__ import annotations

import os
import posixpath
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from vietnamese.text import decode_source

from .findings import FindingsCache, key_of
from .problems import ContentProblem, display_path
from .reader import _METADATA_LINE

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")


@dataclass(frozen=True)
class SourceFile:
    """One Markdown file: its key, header and body lines, and its text while it is needed.

    `key` is the sha256 of the bytes (the findings cache's key). The text before NFC is kept
    only for files whose one-file findings are not cached yet: at 20,000 articles the texts
    of every file were about 250 MB in the process that runs the checks.
    """

    path: str
    display: str
    key: str
    header: dict[str, tuple[int, str]]
    body_start: int
    is_page: bool
    is_utf8: bool
    kept_text: str | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str | None:
        """The text before NFC (None when the file is not UTF-8), read again if it was not kept."""
        if self.kept_text is not None or not self.is_utf8:
            return self.kept_text
        with open(self.path, "rb") as handle:
            return decode_source(handle.read(), nfc=False)

    def value(self, key: str) -> str:
        """A header value ("" when absent)."""
        return self.header.get(key, (1, ""))[1]

    def line_of(self, key: str) -> int:
        """The line of a header field (1 when absent)."""
        return self.header.get(key, (1, ""))[0]

    def lines(self) -> list[str]:
        """Every line of the text."""
        return (self.text or "").split("\n")

    def body_lines(self) -> Iterator[tuple[int, str]]:
        """(line number, line) of the body, after the header and its blank line."""
        lines = self.lines()
        for index in range(self.body_start - 1, len(lines)):
            yield index + 1, lines[index]

    @property
    def is_draft(self) -> bool:
        """`Status: draft` (or hidden): not published."""
        return self.value("status").strip().lower() in {"draft", "hidden"}

    def problem(self, line: int, message: str, severity: str = "error") -> ContentProblem:
        """A problem in this file."""
        return ContentProblem(self.display, line, message, severity)


def parse_header(text: str) -> tuple[dict[str, tuple[int, str]], int]:
    """Header fields (lower-case key -> (line, value)) and the first body line."""
    header: dict[str, tuple[int, str]] = {}
    # Only the lines up to the first empty one can be the header: the body is not split.
    end = text.find("\n\n")
    lines = (text if end < 0 else text[: end + 1]).split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return header, number + 1
        match = _METADATA_LINE.match(line)
        if match is None and number == 1:
            return header, 1
        if match:
            header.setdefault(match.group(1).lower(), (number, line[match.end() :].strip()))
    return header, len(lines) + 1


def read_source(
    path: str, content_root: str, page_paths: list[str], keeps_text: Callable[[str], bool] = lambda _key: True
) -> SourceFile:
    """Read one content file for the checks; `keeps_text(key)` says whether its text is kept."""
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = decode_source(data, nfc=False)
    except UnicodeDecodeError:
        text = None
    header, body_start = parse_header(text) if text is not None else ({}, 1)
    relative = os.path.relpath(path, content_root).replace(os.sep, "/")
    is_page = any(relative.startswith(folder.rstrip("/") + "/") for folder in page_paths)
    key = key_of(data)
    kept = text if text is not None and keeps_text(key) else None
    return SourceFile(
        path, display_path(path, content_root), key, header, body_start, is_page, text is not None, kept
    )


def find_sources(settings: dict[str, Any]) -> list[str]:
    """Every Markdown file under PATH, except hidden folders and the static folders."""
    root = settings["PATH"]
    skipped = {os.path.normpath(os.path.join(root, p)) for p in settings.get("STATIC_PATHS", [])}
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(
            d for d in subfolders if not d.startswith(".") and os.path.join(folder, d) not in skipped
        )
        found += [os.path.join(folder, f) for f in sorted(files) if f.endswith(MARKDOWN_EXTENSIONS)]
    return found


def site_urls(context: dict[str, Any], url_of: dict[str, str] | None = None) -> frozenset[str]:
    """Every URL (folder form, no leading slash) the build writes for content and listings.

    `url_of` (content URLs by source path) saves computing each URL again: Pelican formats
    an article's URL from its pattern on every access.
    """
    urls = {""}
    contents = [c for c in context.get("generated_content", {}).values() if c is not None]
    for content in contents:
        if getattr(content, "status", "") == "published":
            url = url_of[os.path.normpath(content.source_path)] if url_of else content.url
            urls.add(url)
            date = getattr(content, "date", None)
            if date is not None and url.startswith(f"{date:%Y}/"):
                urls.update({f"{date:%Y}/", f"{date:%Y}/{date:%m}/", f"{date:%Y}/{date:%m}/{date:%d}/"})
    for key in ("categories", "tags", "authors"):
        urls.update(item.url for item, _ in context.get(key, ()))
    for name in context.get("DIRECT_TEMPLATES", ()):
        urls.add(context.get(f"{name.upper()}_SAVE_AS", "").removesuffix("index.html"))
    return frozenset(normalise_url(url) for url in urls)


def normalise_url(url: str) -> str:
    """One form for a site path: no leading slash, no index.html, folders end with a slash."""
    url = url.lstrip("/").removesuffix("index.html")
    if url and not url.endswith("/") and "." not in posixpath.basename(url):
        url += "/"
    return url


def known_categories(settings: dict[str, Any], files: list[SourceFile]) -> list[str]:
    """`CATEGORIES` when set; else the menu order, the default and those used by two files."""
    if settings.get("CATEGORIES"):
        return list(settings["CATEGORIES"])
    used = Counter(f.value("category") for f in files if f.value("category"))
    ordered = list(settings.get("ARCHIVES", {}).get("CATEGORY_ORDER", []))
    return ordered + [settings.get("DEFAULT_CATEGORY", "")] + [c for c, n in used.items() if n > 1]


@dataclass(frozen=True)
class SiteIndex:
    """The whole site for the checks: files, Pelican's objects, categories, URLs.

    `findings` keeps what the one-file checks found in each file (by its sha256).
    """

    content_root: str
    settings: dict[str, Any]
    files: tuple[SourceFile, ...]
    contents: tuple[Any, ...] = ()
    urls: frozenset[str] = frozenset()
    categories: tuple[str, ...] = ()
    url_of: dict[str, str] = field(default_factory=dict)
    findings: FindingsCache = field(default_factory=FindingsCache)
    # Whether many files the findings cache lacks may be checked over two cores (a fork).
    forks: bool = True


def build_index(
    context: dict[str, Any], findings: FindingsCache | None = None, forks: bool = True
) -> SiteIndex:
    """Read every content file and take the rest from Pelican's finished context."""
    root = context["PATH"]
    findings = findings or FindingsCache()
    pages = context.get("PAGE_PATHS", [])
    # A file whose findings are cached is only looked at through its header from here on.
    files = [read_source(p, root, pages, lambda key: not findings.knows(key)) for p in find_sources(context)]
    contents = tuple(c for c in context.get("generated_content", {}).values() if c is not None)
    url_of = {os.path.normpath(c.source_path): c.url for c in contents}
    return SiteIndex(
        content_root=root,
        settings=context,
        files=tuple(files),
        contents=contents,
        urls=site_urls(context, url_of),
        categories=tuple(known_categories(context, files)),
        url_of=url_of,
        findings=findings,
        forks=forks,
    )
