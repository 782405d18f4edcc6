"""The IMAGES setting: module defaults, merged with pelicanconf's dict and validated."""

from __future__ import annotations

import os
from typing import Any

from plugin_settings import merged_settings

from .pipeline import Recipe

DEFAULTS: dict[str, Any] = {
    # Folders under content/ whose images are processed and published (originals stripped too);
    # "" is the whole content folder, so a photo may sit next to its article.
    "SOURCE_DIRS": [""],
    # Folders under content/ left to Pelican's static copy as they are (attachments).
    "EXCLUDE_DIRS": ["files"],
    # Widths of the responsive copies; never wider than the source.
    "WIDTHS": [480, 960, 1600],
    # List thumbnails: one crop ratio everywhere, a few widths.
    "THUMB_RATIO": [3, 2],
    "THUMB_WIDTHS": [320, 640],
    # Open Graph image (Facebook, Zalo): cropped to this size.
    "OG_SIZE": [1200, 630],
    "WEBP_QUALITY": 78,
    "JPEG_QUALITY": 82,
    "ORIGINAL_QUALITY": 90,
    # Bad input: above these the build stops with a Vietnamese message.
    "MAX_PIXELS": 60_000_000,
    "MAX_BYTES": 25 * 1024 * 1024,
    # Outside output/ (which is rebuilt from scratch each time); relative to the folder holding content/.
    "CACHE_PATH": "cache/images",
    # Worker processes; 0 means one per CPU core.
    "WORKERS": 0,
    # Log progress when image work runs longer than this many seconds.
    "PROGRESS_AFTER": 3.0,
}

_INT_LISTS = ("WIDTHS", "THUMB_WIDTHS")
_PAIRS = ("THUMB_RATIO", "OG_SIZE")
_QUALITIES = ("WEBP_QUALITY", "JPEG_QUALITY", "ORIGINAL_QUALITY")


class ImagesSettingsError(ValueError):
    """A wrong key or value in the IMAGES setting."""


def _fail(key: str, expected: str) -> None:
    raise ImagesSettingsError(f"images plugin: IMAGES['{key}'] must be {expected}")


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _folder(value: Any) -> bool:
    """A folder path relative to content/ that stays inside it."""
    return isinstance(value, str) and not value.startswith(("/", "..")) and "/../" not in value


def _validate(merged: dict[str, Any]) -> None:
    """Check every value's type and range; the error names the plugin and the key."""
    for key in _INT_LISTS:
        if not merged[key] or not all(_positive_int(v) for v in merged[key]):
            _fail(key, "a non-empty list of positive whole numbers (pixels)")
    for key in _PAIRS:
        if len(merged[key]) != 2 or not all(_positive_int(v) for v in merged[key]):
            _fail(key, "two positive whole numbers, e.g. [3, 2]")
    for key in _QUALITIES:
        if not _positive_int(merged[key]) or merged[key] > 100:
            _fail(key, "a whole number from 1 to 100")
    for key in ("MAX_PIXELS", "MAX_BYTES"):
        if not _positive_int(merged[key]):
            _fail(key, "a positive whole number")
    if not isinstance(merged["WORKERS"], int) or merged["WORKERS"] < 0:
        _fail("WORKERS", "0 (one per CPU core) or a positive whole number")
    if not isinstance(merged["PROGRESS_AFTER"], int | float) or merged["PROGRESS_AFTER"] < 0:
        _fail("PROGRESS_AFTER", "a number of seconds")
    if not merged["SOURCE_DIRS"] or not all(_folder(d) for d in merged["SOURCE_DIRS"]):
        _fail("SOURCE_DIRS", 'a non-empty list of folder names under content/ ("" for all of it)')
    excluded = merged["EXCLUDE_DIRS"]
    if not isinstance(excluded, list) or not all(_folder(d) and d for d in excluded):
        _fail("EXCLUDE_DIRS", "a list of folder names under content/")
    if not isinstance(merged["CACHE_PATH"], str) or not merged["CACHE_PATH"]:
        _fail("CACHE_PATH", "a folder path")


def images_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """IMAGES from pelicanconf merged over DEFAULTS; unknown keys are an error."""
    merged = merged_settings(settings, "IMAGES", DEFAULTS, "images", ImagesSettingsError)
    _validate(merged)
    return merged


def recipe_from(merged: dict[str, Any]) -> Recipe:
    """The pipeline's part of the settings."""
    return Recipe(
        widths=tuple(merged["WIDTHS"]),
        thumb_ratio=tuple(merged["THUMB_RATIO"]),
        thumb_widths=tuple(merged["THUMB_WIDTHS"]),
        og_size=tuple(merged["OG_SIZE"]),
        webp_quality=merged["WEBP_QUALITY"],
        jpeg_quality=merged["JPEG_QUALITY"],
        original_quality=merged["ORIGINAL_QUALITY"],
        max_pixels=merged["MAX_PIXELS"],
        max_bytes=merged["MAX_BYTES"],
    )


def cache_root(merged: dict[str, Any], content_root: str) -> str:
    """Absolute cache folder: a relative CACHE_PATH sits beside content/."""
    path = os.path.expanduser(merged["CACHE_PATH"])
    return path if os.path.isabs(path) else os.path.join(os.path.dirname(content_root), path)
