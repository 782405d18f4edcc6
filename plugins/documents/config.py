"""The DOCUMENTS setting: module defaults, merged with pelicanconf and validated."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from plugin_settings import merged_settings
from vietnamese.text import today_in_vietnam

from .numbering import DEFAULT_TYPES

DEFAULTS: dict[str, Any] = {
    # Articles of this category are documents; they live in this folder of content/.
    "CATEGORY": "Văn bản",
    "FOLDER": "van-ban",
    # Document pages live under /van-ban/ and keep their URL when a date is corrected.
    "URL": "van-ban/{slug}/",
    "INDEX_URL": "van-ban/",
    "TYPE_URL": "van-ban/loai/{slug}/",
    "ISSUER_URL": "van-ban/co-quan/{slug}/",
    "YEAR_URL": "van-ban/nam/{year}/",
    # Everything the client-side filter needs, one small JSON.
    "INDEX_JSON": "van-ban/danh-sach.json",
    "PAGE_SIZE": 20,
    "MAX_ATTACHMENT_MB": 20,
    "EXTENSIONS": ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods"],
    # Type name -> code; a dict here is merged over the default table.
    "TYPES": {},
    # The day statuses are computed for: None = the build day in Vietnam time.
    # A static page shows the status of the day it was built; rebuild to refresh it.
    "TODAY": None,
}

_URL_KEYS = ("URL", "INDEX_URL", "TYPE_URL", "ISSUER_URL", "YEAR_URL")


class DocumentsSettingsError(ValueError):
    """A wrong key or value in the DOCUMENTS setting."""


def _fail(message: str) -> None:
    raise DocumentsSettingsError(f"documents plugin: {message}")


def documents_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """DOCUMENTS from pelicanconf merged over DEFAULTS, checked; TYPES and TODAY resolved."""
    merged = merged_settings(settings, "DOCUMENTS", DEFAULTS, "documents", DocumentsSettingsError)
    for key in _URL_KEYS:
        if not str(merged[key]).endswith("/"):
            _fail(f"DOCUMENTS['{key}'] must end with '/'")
    for key in ("PAGE_SIZE", "MAX_ATTACHMENT_MB"):
        if not isinstance(merged[key], int | float) or merged[key] <= 0:
            _fail(f"DOCUMENTS['{key}'] must be a positive number")
    if not isinstance(merged["TYPES"], dict):
        _fail("DOCUMENTS['TYPES'] must be a dict of type name -> code")
    merged["TYPES"] = {**DEFAULT_TYPES, **merged["TYPES"]}
    merged["EXTENSIONS"] = [ext.lower().lstrip(".") for ext in merged["EXTENSIONS"]]
    merged["TODAY"] = resolve_today(merged["TODAY"])
    return merged


def resolve_today(value: Any) -> date:
    """The status day: a date, "YYYY-MM-DD", or None for today in Vietnam time."""
    if value is None:
        return today_in_vietnam()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        _fail(f"DOCUMENTS['TODAY'] must be a date like '2024-05-01' or None, not {value!r}")
        raise
