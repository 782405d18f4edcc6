"""One rule for every local plugin's settings dict (ARCHIVES, IMAGES, DOCUMENTS, ...).

A plugin's dict in pelicanconf.py is merged over the plugin's DEFAULTS; a key the plugin
does not know is an error that names the plugin, the key and the keys it does know, so a
typo ("WIDHTS") never passes silently. A plugin's Markdown extension joins the site's
MARKDOWN setting the same way for every plugin (`add_markdown_extension`).
"""

from __future__ import annotations

from typing import Any


def merged_settings(
    settings: dict[str, Any], key: str, defaults: dict[str, Any], plugin: str, error: type[Exception]
) -> dict[str, Any]:
    """settings[key] merged over defaults; raise `error` for a non-dict or an unknown key."""
    given = settings.get(key) or {}
    if not isinstance(given, dict):
        raise error(f"{plugin} plugin: {key} must be a dict")
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise error(
            f"{plugin} plugin: unknown key(s) in {key}: {', '.join(unknown)}; "
            f"known keys: {', '.join(sorted(defaults))}"
        )
    return {**defaults, **given}


def add_markdown_extension(settings: dict[str, Any], extension: Any) -> None:
    """Add a Markdown extension to settings["MARKDOWN"] for every reader made after this,
    leaving pelicanconf's dict (and its extension list) as it was."""
    markdown = settings["MARKDOWN"]
    settings["MARKDOWN"] = {**markdown, "extensions": [*markdown.get("extensions", []), extension]}
