"""What the site accepts, read from its settings: known categories and publishable documents.

An imported file must pass the build: its category must be one the site knows (CATEGORIES,
as content_guard checks it) and a document must pass the documents plugin's checks. What
cannot be published as is becomes a draft, with a warning saying what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from content_guard.source import known_categories
from documents.config import documents_settings
from documents.numbering import DocumentNumberError, parse_document_number, type_code_problem
from vietnamese.text import closest_match, to_nfc

DEFAULT_SETTINGS = Path(__file__).resolve().parents[2] / "pelicanconf.py"
DRAFT_NOTE = "bài được lưu ở dạng nháp; hãy {fix} rồi bỏ dòng «Status: draft»."


class SettingsError(ValueError):
    """Settings or an option the import cannot work with (Vietnamese message)."""


@dataclass(frozen=True)
class SiteRules:
    """The categories an article may use and what a document needs."""

    categories: tuple[str, ...]
    default_category: str
    document_category: str
    document_types: dict[str, str]


def rules_from_settings(settings: dict[str, Any]) -> SiteRules:
    """The site's rules from its Pelican settings (pelicanconf.py)."""
    documents = documents_settings(settings)
    categories = tuple(dict.fromkeys(c for c in known_categories(settings, []) if c))
    return SiteRules(
        categories, settings.get("DEFAULT_CATEGORY", ""), documents["CATEGORY"], documents["TYPES"]
    )


def _clean(name: str) -> str:
    """A category name in NFC with single spaces."""
    return " ".join(to_nfc(name).split())


def article_categories(rules: SiteRules) -> list[str]:
    """Categories a page that is not a document may get (the documents' one is not for them)."""
    return [c for c in rules.categories if c != rules.document_category]


def fallback_category(given: str, rules: SiteRules) -> str:
    """--category when the site knows it, else DEFAULT_CATEGORY; an unknown --category is an error."""
    name = _clean(given)
    if not name:
        return rules.default_category
    if name in article_categories(rules):
        return name
    guess = closest_match(name, article_categories(rules))
    hint = (
        f"có phải ý bạn là «{guess}»?"
        if guess
        else "các chuyên mục có: " + ", ".join(article_categories(rules))
    )
    raise SettingsError(f"--category: chuyên mục «{name}» không có trên trang; {hint}")


def map_category(legacy: str, fallback: str, rules: SiteRules) -> tuple[str, str]:
    """The site's category for a legacy one, and a warning (empty when nothing had to change)."""
    name = _clean(legacy)
    choices = article_categories(rules)
    if not name or name in choices:
        return (name or fallback), ""
    closest = closest_match(name, choices)
    if closest:
        return closest, f"chuyên mục cũ «{name}» được xếp vào chuyên mục «{closest}»; hãy kiểm tra lại."
    return fallback, (
        f"chuyên mục cũ «{name}» không có trên trang mới; bài được xếp vào «{fallback}». "
        "Hãy kiểm tra lại (hoặc thêm chuyên mục vào CATEGORIES trong pelicanconf.py)."
    )


def document_problem(metadata: dict[str, str], rules: SiteRules) -> str:
    """Why a document cannot be published as imported (the documents plugin's checks), or ""."""
    if not metadata.get("DocNumber"):
        return "chưa có số, ký hiệu văn bản: " + DRAFT_NOTE.format(fix="thêm dòng «DocNumber: ...»")
    try:
        number = parse_document_number(metadata["DocNumber"], set(rules.document_types.values()))
    except DocumentNumberError as error:
        return f"{error} " + DRAFT_NOTE.format(fix="sửa dòng DocNumber")
    problem = type_code_problem(metadata.get("DocType", ""), number, rules.document_types)
    if problem:
        return f"{problem} " + DRAFT_NOTE.format(fix="sửa")
    if not metadata.get("Issuer"):
        return "chưa rõ cơ quan ban hành: " + DRAFT_NOTE.format(fix="thêm dòng «Issuer: ...»")
    return ""
