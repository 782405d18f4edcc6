"""The content checks: one small function per problem, in two tables.

`FILE_CHECKS` look at one file alone (`SourceFile -> list[ContentProblem]`): what they
find, with the links and images the body names, is kept by the file's sha256 between
builds (`findings.py`), so a rebuild checks again only the files that changed (and a cold
build with many files checks them over two cores, `find_ahead_over_two_cores`). The site
checks of `BUILTIN_CHECKS` take the `SiteIndex` and return a list of `ContentProblem`
(severity error or warning); the first of them reports the one-file findings, the others
decide on every build what depends on the whole site (links to pages and files that must
exist, categories, future dates). `run_checks` runs that table and every check another
plugin connected to the `content_checks` signal. The build and `make check` both run
them, so they always agree.

Another plugin adds a check in its `register()`:

    from content_guard.checks import content_checks
    content_checks.connect(check_documents)   # def check_documents(site) -> list[ContentProblem]
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from urllib.parse import unquote

from forked import map_forked
from pelican.plugins.signals import signal

from vietnamese.encodings import detect_legacy_encoding
from vietnamese.text import (
    VIETNAM_TZ,
    DateFormatError,
    closest_match,
    first_non_nfc_line,
    in_vietnam_time,
    parse_content_date,
    to_nfc,
)

from .findings import FileFindings
from .problems import WARNING, ContentProblem
from .source import SiteIndex, SourceFile, normalise_url

Check = Callable[[SiteIndex], list[ContentProblem]]
FileCheck = Callable[[SourceFile], list[ContentProblem]]

# Other plugins connect `check(site) -> list[ContentProblem]` here (see the docstring).
content_checks = signal("content_guard.content_checks")

LEGACY_HINT = {
    "TCVN3": "chữ kiểu TCVN3 (phông .VnTime, ví dụ «Liªn ®oµn»)",
    "VNI": "chữ kiểu VNI (phông VNI-Times, ví dụ «Lieân ñoaøn»)",
    "mojibake": "chữ bị lỗi mã (ví dụ «CÃ´ng Ä‘oÃ n»: chữ UTF-8 bị đọc nhầm)",
}
UNSAFE_HTML = (
    (re.compile(r"<\s*script\b", re.I), "có thẻ <script>"),
    (re.compile(r"<\s*iframe\b", re.I), "có thẻ <iframe>"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "có thuộc tính on...= (mã chạy trong thẻ HTML)"),
    (
        re.compile(r"(?:\]\(\s*<?|\b(?:href|src)\s*=\s*[\"']?|^\s*\[[^\]]+\]:\s*)javascript\s*:", re.I),
        "có liên kết «javascript:»",
    ),
)
# Every UNSAFE_HTML pattern needs one of these: a text without both is not searched line by line.
MAY_BE_UNSAFE = re.compile(r"<|javascript", re.I)
INLINE_CODE = re.compile(r"`[^`]*`")
MARKDOWN_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)
HTML_ATTR = re.compile(r"""\b(src|href|alt)\s*=\s*["']([^"']*)["']""", re.I)
HTML_HREF = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']([^"']*)["']""", re.I)
PELICAN_LINK = re.compile(r"^\{(filename|static|attach)\}")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)
# Parts of the site other plugins write, which the link check cannot list.
GENERATED_PREFIXES = ("theme/", "feeds/", "du-lieu/", "tim-kiem/", "van-ban/", "sitemap.xml", "robots.txt")
# `Image:` is the images plugin's (it reports a missing, broken or oversized lead image).
FILE_FIELDS = ("attachments",)
PARALLEL_MIN_FILES = 1000  # fewer unknown files are checked faster than a fork costs
LISTING_PAGE = re.compile(r"trang-\d+/$")


def text_files(site: SiteIndex) -> Iterator[SourceFile]:
    """Files that are UTF-8 (the reader reports the others)."""
    return (f for f in site.files if f.is_utf8)


def prose_lines(source: SourceFile) -> Iterator[tuple[int, str]]:
    """Body lines outside fenced code blocks, with inline code removed."""
    fenced = False
    for number, line in source.body_lines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            yield number, (INLINE_CODE.sub("", line) if "`" in line else line)


# --- Checks on one file alone (their findings are cached by the file's sha256) ------------


def nfc_problems(source: SourceFile) -> list[ContentProblem]:
    """Decomposed (NFD) text: published fine, but fixed in the file by `make check FIX=1`."""
    line = first_non_nfc_line(source.text)
    if line is None:
        return []
    return [
        source.problem(
            line,
            "chữ tiếng Việt gõ kiểu tổ hợp (NFD, dấu tách rời chữ); chạy «make check FIX=1» để tự sửa tệp.",
            WARNING,
        )
    ]


def legacy_encoding_problems(source: SourceFile) -> list[ContentProblem]:
    """Text in TCVN3 or VNI, or mojibake: readers would see garbage."""
    found = detect_legacy_encoding(source.text)
    if found is None:
        return []
    lines = source.lines()
    line = next((n for n, text in enumerate(lines, 1) if detect_legacy_encoding(text, 1) == found), 1)
    return [
        source.problem(
            line,
            f"{LEGACY_HINT[found]}; hãy chuyển sang Unicode (ví dụ bằng Unikey: "
            "Công cụ chuyển mã, đích Unicode) rồi dán lại.",
        )
    ]


def unsafe_html_problems(source: SourceFile) -> list[ContentProblem]:
    """Script, iframe, on...= attributes and javascript: links are not allowed in articles."""
    if not MAY_BE_UNSAFE.search(source.text or ""):  # most articles: no line to look at
        return []
    return [
        source.problem(
            number,
            f"{what}; bài viết không được chứa mã chạy được, hãy xoá phần này "
            "(muốn nhúng video hay bản đồ, hãy dùng một liên kết thường).",
        )
        for number, line in prose_lines(source)
        for pattern, what in UNSAFE_HTML
        if pattern.search(line)
    ]


def empty_body_problems(source: SourceFile) -> list[ContentProblem]:
    """A file with no text after its header (a warning while it is a draft).

    A document (văn bản) needs no body: its page is the Decree 42 table, and its text is
    usually the attached file.
    """
    if source.value("docnumber") or source.value("attachments"):
        return []
    if any(line.strip() for _, line in source.body_lines()):
        return []
    return [
        source.problem(
            source.body_start if source.header else 1,
            "bài chưa có nội dung; viết nội dung sau dòng trống dưới phần thông tin đầu bài.",
            WARNING if source.is_draft else "error",
        )
    ]


FILE_CHECKS: tuple[FileCheck, ...] = (
    nfc_problems,
    legacy_encoding_problems,
    unsafe_html_problems,
    empty_body_problems,
)


def file_findings(source: SourceFile) -> FileFindings:
    """Everything the one-file checks find in one file, and the links its body names."""
    problems = (problem for check in FILE_CHECKS for problem in check(source))
    return FileFindings(
        tuple((p.line, p.message, p.severity) for p in problems),
        tuple(body_links(source)),
    )


def findings_of(site: SiteIndex, source: SourceFile) -> FileFindings:
    """One file's findings: from the cache when its bytes were checked before."""
    return site.findings.findings(source.key, lambda: file_findings(source))


def checked_over_two_cores(unknown: int) -> bool:
    """Whether this many files the findings cache lacks are checked over two cores (a cold build)."""
    return unknown >= PARALLEL_MIN_FILES


def find_ahead_over_two_cores(site: SiteIndex, sources: list[SourceFile]) -> None:
    """Many files the cache does not know (a cold build): their one-file findings are made
    over two cores first, every other file in a forked process (3 s of one core for 10,000)."""
    if not site.forks:
        return
    unknown = {source.key: source for source in sources if not site.findings.knows(source.key)}
    if not checked_over_two_cores(len(unknown)):
        return
    found = map_forked(file_findings, list(unknown.values()), PARALLEL_MIN_FILES)
    for key, findings in zip(unknown, found, strict=True):
        site.findings.add_ahead(key, findings)


def check_each_file(site: SiteIndex) -> list[ContentProblem]:
    """What FILE_CHECKS find in every UTF-8 file (the reader reports the others)."""
    sources = list(text_files(site))
    find_ahead_over_two_cores(site, sources)
    return [
        source.problem(line, message, severity)
        for source in sources
        for line, message, severity in findings_of(site, source).problems
    ]


# --- Checks that depend on the rest of the site (run on every build) -------------------


def check_future_date(site: SiteIndex) -> list[ContentProblem]:
    """A published article dated in the future only appears once that day has come."""
    now = datetime.now(VIETNAM_TZ)
    problems = []
    for source in text_files(site):
        if source.is_draft or source.is_page or not source.value("date"):
            continue
        try:
            moment = in_vietnam_time(parse_content_date(source.value("date")))
        except DateFormatError:
            continue  # the reader reports it
        if moment > now:
            problems.append(
                source.problem(
                    source.line_of("date"),
                    f"ngày đăng «{source.value('date')}» ở tương lai: bài chỉ hiện trên trang web "
                    "khi đến ngày đó và trang được xây dựng lại (make html); "
                    "nếu ngày viết nhầm, hãy sửa lại.",
                    WARNING,
                )
            )
    return problems


def check_category(site: SiteIndex) -> list[ContentProblem]:
    """An article's category must be a known one; suggest the closest by folded text."""
    known = {" ".join(to_nfc(c).split()) for c in site.categories}
    problems = []
    for source in text_files(site):
        name = " ".join(to_nfc(source.value("category")).split())
        if source.is_page or not name or name in known:
            continue
        guess = closest_match(name, list(site.categories))
        hint = (
            f"có phải ý bạn là «{guess}»?"
            if guess
            else "các chuyên mục có: " + ", ".join(f"«{c}»" for c in site.categories) + "."
        )
        problems.append(
            source.problem(
                source.line_of("category"),
                f"chuyên mục «{name}» không có; {hint} Hãy sửa dòng «Category:» "
                "(hoặc thêm chuyên mục mới vào CATEGORIES trong pelicanconf.py).",
            )
        )
    return problems


# --- Links, images and attachments -----------------------------------------------------


def body_links(source: SourceFile) -> Iterator[tuple[int, str, str | None, bool]]:
    """(line, target, alt, from_markdown) of every link and image; alt is None for links."""
    text = source.text or ""
    if "[" not in text and "<" not in text:  # neither a Markdown link nor an HTML tag
        return
    for number, line in prose_lines(source):
        for bang, label, target in MARKDOWN_LINK.findall(line):
            yield number, target, (label if bang else None), True
        match = REFERENCE_LINK.match(line)
        if match:
            yield number, match.group(1), None, True
        for tag in HTML_IMG.findall(line):
            attrs = {k.lower(): v for k, v in HTML_ATTR.findall(tag)}
            yield number, attrs.get("src", ""), attrs.get("alt", ""), False
        for href in HTML_HREF.findall(line):
            yield number, href, None, False


def header_files(source: SourceFile) -> Iterator[tuple[int, str]]:
    """(line, path) of the files named in `Attachments:`."""
    for key in FILE_FIELDS:
        for path in source.value(key).split(";"):
            if path.strip():
                yield source.line_of(key), path.strip()


def file_exists(site: SiteIndex, source: SourceFile, target: str) -> bool:
    """A file target exists: from content/ (images/x.jpg, /images/x.jpg) or from the file's folder."""
    target = unquote(PELICAN_LINK.sub("", target).split("#")[0].split("?")[0])
    if target.startswith("/"):
        return os.path.isfile(os.path.join(site.content_root, target.lstrip("/")))
    return any(
        os.path.isfile(os.path.normpath(os.path.join(base, target)))
        for base in (site.content_root, os.path.dirname(source.path))
    )


def page_exists(site: SiteIndex, source: SourceFile, target: str) -> bool:
    """A site URL, from the site root or from this page's own URL, is written by the build."""
    path = unquote(target.split("#")[0].split("?")[0])
    own = site.url_of.get(os.path.normpath(source.path), "")
    candidates = [path] if path.startswith("/") else [path, os.path.normpath(os.path.join(own, path))]
    for candidate in candidates:
        url = normalise_url(candidate.lstrip("./") if candidate.startswith("./") else candidate)
        url = LISTING_PAGE.sub("", url)  # /chuyen-muc/x/trang-2/ exists when /chuyen-muc/x/ does
        if url in site.urls or url.startswith(GENERATED_PREFIXES):
            return True
    return False


def link_problem(site: SiteIndex, source: SourceFile, target: str, is_image: bool) -> str | None:
    """What is wrong with one link target, or None."""
    if not target or EXTERNAL.match(target) or target.lower().startswith("javascript"):
        return None
    kind = PELICAN_LINK.match(target)
    if kind and kind.group(1) == "filename":
        if file_exists(site, source, target):
            return None
        return f"liên kết tới bài «{target}» nhưng không có tệp đó; hãy kiểm tra tên tệp và thư mục."
    if kind or is_image or target.lstrip("/").startswith(("images/", "files/")):
        if file_exists(site, source, target):
            return None
        what = "ảnh" if is_image else "tệp đính kèm"
        return f"không tìm thấy {what} «{target}»; hãy chép tệp vào content/ hoặc sửa đường dẫn."
    if file_exists(site, source, target) or page_exists(site, source, target):
        return None
    return f"liên kết nội bộ «{target}» không dẫn tới trang nào của trang web; hãy sửa hoặc bỏ liên kết."


def check_links_and_images(site: SiteIndex) -> list[ContentProblem]:
    """Missing images, attachments and internal pages; images without alt text."""
    problems = []
    for source in text_files(site):
        for number, target, alt, from_markdown in findings_of(site, source).links:
            # The images plugin reports a Markdown image it cannot find, read or publish.
            message = (
                None
                if alt is not None and from_markdown
                else link_problem(site, source, target, alt is not None)
            )
            if message:
                problems.append(source.problem(number, message))
            if alt is not None and not alt.strip():
                problems.append(
                    source.problem(
                        number,
                        f"ảnh «{target}» chưa có lời mô tả (alt); viết mô tả trong ngoặc vuông: "
                        "![Mô tả ảnh](images/...).",
                    )
                )
        for number, path in header_files(source):
            if not file_exists(site, source, path):
                problems.append(
                    source.problem(
                        number,
                        f"không tìm thấy tệp «{path}»; đường dẫn tính từ thư mục content/, "
                        "hãy chép tệp vào đó hoặc sửa đường dẫn.",
                    )
                )
    return problems


BUILTIN_CHECKS: tuple[Check, ...] = (
    check_each_file,
    check_future_date,
    check_category,
    check_links_and_images,
)


def run_checks(site: SiteIndex) -> list[ContentProblem]:
    """Every built-in check, then every check connected to `content_checks`."""
    problems: list[ContentProblem] = []
    for check in BUILTIN_CHECKS:
        problems.extend(check(site))
    for _receiver, extra in content_checks.send(site):
        problems.extend(extra or ())
    return problems


def fix_nfc(path: str) -> bool:
    """Rewrite a UTF-8 file in NFC, keeping its BOM and line ends; tell whether it changed."""
    with open(path, "rb") as handle:
        data = handle.read()
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    try:
        text = data[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        return False
    fixed = bom + to_nfc(text).encode("utf-8")
    if fixed == data:
        return False
    with open(path, "wb") as handle:
        handle.write(fixed)
    return True
