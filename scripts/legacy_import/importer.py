"""Import many sources into one folder: slugs, files, images, manifest and report."""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from vietnamese.encodings import LegacyEncodingError, decode_vietnamese_bytes

from .article import HTML_SUFFIXES, Article, analyse, attach_images, render
from .dates import format_metadata_date
from .manifest import Entry, by_source, edited_since_import, entry_for, load, save, sha256, write_if_changed
from .report import SourceReport, write_report
from .site_rules import SiteRules, document_problem, fallback_category, map_category

log = logging.getLogger(__name__)
SOURCE_SUFFIXES = HTML_SUFFIXES + (".txt",)
_SLUG_LINE = re.compile(r"^slug:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
_DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-")


class SourceError(ValueError):
    """A source path that does not exist or holds nothing to import (Vietnamese message)."""


@dataclass
class Run:
    """One import run: where to write, options, and what is taken so far."""

    out: Path
    rules: SiteRules
    category: str = ""  # for pages whose category is unknown: --category or DEFAULT_CATEGORY
    force: bool = False
    manifest: dict[str, Entry] = field(default_factory=dict)
    by_source: dict[str, Entry] = field(default_factory=dict)
    taken: dict[str, Path] = field(default_factory=dict)  # slug -> file that uses it


def collect_sources(paths: list[Path]) -> list[Path]:
    """Source files from files and folders, sorted; a saved page's _files folder is skipped."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [
                file
                for file in path.rglob("*")
                if file.is_file()
                and file.suffix.lower() in SOURCE_SUFFIXES
                and not _in_files_folder(file, path)
            ]
        else:
            raise SourceError(f"{path}: không có tệp hay thư mục này; hãy kiểm tra lại đường dẫn.")
    return sorted(dict.fromkeys(found))


def _in_files_folder(file: Path, root: Path) -> bool:
    """True for files inside a browser's "page_files" folder."""
    return any(part.endswith("_files") for part in file.relative_to(root).parts[:-1])


def existing_slugs(out: Path) -> dict[str, Path]:
    """Slugs of the Markdown files already in the folder (Slug: line, or the file name)."""
    slugs = {}
    for file in sorted(out.rglob("*.md")):
        head = file.read_text(encoding="utf-8", errors="replace")[:2000]
        match = _SLUG_LINE.search(head.split("\n\n", 1)[0])
        slugs[match.group(1) if match else _DATED_NAME.sub("", file.stem)] = file
    return slugs


def unique_slug(slug: str, source_hash: str, taken: dict[str, Path], own: Path | None) -> str:
    """The slug, or slug plus a piece of the source's hash when another file has it."""
    holder = taken.get(slug)
    if holder is None or holder == own:
        return slug
    return f"{slug}-{source_hash[:6]}"


def decode(path: Path, data: bytes) -> tuple[str, list[dict[str, str]]]:
    """Text of a source in NFC, and a warning when it had to be converted."""
    decoded = decode_vietnamese_bytes(data, name=path.name)
    warnings = []
    if decoded.converted:
        message = f"tệp dùng bảng mã {decoded.encoding}; đã chuyển sang Unicode (UTF-8, NFC)."
        warnings.append({"code": "encoding", "message": message})
    return decoded.text, warnings


def place(run: Run, article: Article, source: Path, source_hash: str) -> Path:
    """Give the article its unique slug and file name, then its images' names."""
    entry = entry_for(run.manifest, run.by_source, source_hash, _key(source))
    own = run.out / entry.output if entry else None
    article.slug = entry.slug if entry else unique_slug(article.slug, source_hash, run.taken, own)
    if article.moment is None:
        article.moment = datetime.fromtimestamp(source.stat().st_mtime).replace(second=0, microsecond=0)
        article.metadata["Status"] = "draft"
    article.metadata["Date"] = format_metadata_date(article.moment)
    article.metadata["Slug"] = article.slug
    article.metadata = {
        key: article.metadata[key] for key in _ORDER if key in article.metadata
    } | article.metadata
    attach_images(article, source)
    target = own or run.out / f"{article.moment:%Y-%m-%d}-{article.slug}.md"
    run.taken[article.slug] = target
    return target


_ORDER = ("Title", "Date", "Author", "Category", "Slug", "Summary", "OriginalURL", "Credits", "Status")


def copy_images(run: Run, article: Article) -> None:
    """Copy a saved page's local images beside the articles (only those that differ)."""
    for file, name in article.images:
        target = run.out / name
        if target.is_file() and target.read_bytes() == file.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)


def write_article(run: Run, article: Article, source: Path, target: Path, source_hash: str) -> str:
    """Write the file unless nothing changed or an editor changed it; return the status."""
    text = render(article)
    entry = entry_for(run.manifest, run.by_source, source_hash, _key(source))
    if edited_since_import(target, entry) and not run.force:
        return "edited"
    if entry is not None:
        run.manifest.pop(entry.source_hash, None)  # a page saved again replaces its old entry
    copy_images(run, article)
    wrote = write_if_changed(target, text)
    run.manifest[source_hash] = run.by_source[_key(source)] = Entry(
        source_hash,
        target.relative_to(run.out).as_posix(),
        article.slug,
        sha256(text.encode("utf-8")),
        _key(source),
    )
    return "written" if wrote else "unchanged"


def import_one(run: Run, source: Path, shown: str) -> SourceReport:
    """Import one source file and say what happened to it."""
    data = source.read_bytes()
    source_hash = sha256(data + run.category.encode("utf-8"))
    try:
        text, encoding_warnings = decode(source, data)
    except LegacyEncodingError as error:
        return SourceReport(shown, "failed", warnings=[{"code": "encoding", "message": str(error)}])
    article = analyse(source, text)
    if not article.metadata:
        return SourceReport(shown, "skipped", warnings=encoding_warnings + _warnings(article))
    follow_site_rules(article, run.rules, run.category)
    target = place(run, article, source, source_hash)
    warnings = encoding_warnings + _warnings(article)
    status = write_article(run, article, source, target, source_hash)
    return SourceReport(shown, status, target.relative_to(run.out).as_posix(), article.fields, warnings)


def follow_site_rules(article: Article, rules: SiteRules, fallback: str) -> None:
    """A category the site knows; a document the build would refuse is kept as a draft."""
    legacy = article.metadata.get("Category", "")
    if "DocType" in article.metadata:
        category, note = rules.document_category, ""
        problem = document_problem(article.metadata, rules)
        if problem:
            article.metadata["Status"] = "draft"
            article.warn("document_draft", problem)
    else:
        category, note = map_category(legacy, fallback, rules)
    article.metadata["Category"] = category
    confidence = "high" if legacy == category else "medium" if legacy else "low"
    article.fields["category"] = {"value": category, "confidence": confidence}
    if legacy and legacy != category:
        article.fields["category"]["legacy"] = legacy
    if note:
        article.warn("category", note)


def _warnings(article: Article) -> list[dict[str, str]]:
    """The article's warnings as report objects."""
    return [{"code": warning.code, "message": warning.message} for warning in article.warnings]


def import_sources(
    paths: list[Path], out: Path, rules: SiteRules, category: str = "", force: bool = False
) -> list[SourceReport]:
    """Import every source under paths into out; write the manifest and the report."""
    sources = collect_sources(paths)
    fallback = fallback_category(category, rules)  # an unknown --category stops before any write
    out.mkdir(parents=True, exist_ok=True)
    run = Run(out, rules, fallback, force, load(out))
    run.by_source = by_source(run.manifest)
    run.taken = existing_slugs(out)
    reports = [import_one(run, source, _shown(source)) for source in sources]
    save(out, run.manifest)
    write_report(out, reports)
    return reports


def _key(source: Path) -> str:
    """How the manifest names a source: its resolved path."""
    return source.resolve().as_posix()


def _shown(source: Path) -> str:
    """How a source is named in the report: relative to the current folder when inside it."""
    try:
        return source.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return source.as_posix()
