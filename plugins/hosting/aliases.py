"""Legacy URLs (`Aliases:`): static redirect pages and .htaccess rules for old portal addresses."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from content_guard.problems import ERROR, WARNING
from content_guard.source import normalise_url


@dataclass(frozen=True)
class Alias:
    """One old address of an article: a path below the site root, maybe with a query string."""

    path: str
    query: str
    target: str  # the article's URL, relative to the site root
    source: str = ""  # the article's file, for messages

    @property
    def save_as(self) -> str:
        """The file a static redirect page goes to (folders get index.html)."""
        return self.path + "index.html" if self.path.endswith("/") or not self.path else self.path


def parse_aliases(value: str | list, target: str, source: str = "") -> list[Alias]:
    """`/tin-tuc/123/a.html; /index.php?id=1` -> Alias objects (leading '/' = the site root)."""
    items = value if isinstance(value, list) else str(value).split(";")
    aliases = []
    for item in (i.strip() for i in items):
        if item:
            parts = urlsplit(item)
            aliases.append(Alias(parts.path.lstrip("/"), parts.query, target, source))
    return aliases


def alias_issue(alias: Alias, taken: frozenset[str]) -> tuple[str | None, str]:
    """(Vietnamese message, severity) when an alias cannot become a static redirect, else (None, "")."""
    shown = "/" + alias.path + (f"?{alias.query}" if alias.query else "")
    if ".." in alias.path.split("/"):
        return (
            f"địa chỉ cũ {shown} trong Aliases: không được có '..'; hãy viết đường dẫn tính từ gốc "
            "trang cũ, ví dụ /tin-tuc/123.html.",
            ERROR,
        )
    if alias.query:
        return (
            f"địa chỉ cũ {shown} chỉ chuyển hướng được bằng .htaccess (Apache), không có trang tĩnh "
            "(xem docs/deploy.md nếu dùng nginx).",
            WARNING,
        )
    if normalise_url(alias.path) in taken:
        return (
            f"địa chỉ cũ {shown} trong Aliases: trùng với một trang đang có; hãy bỏ nó khỏi Aliases:.",
            ERROR,
        )
    return None, ""


def redirect_page(alias: Alias, canonical: str, title: str) -> str:
    """A static page that sends readers (and search engines) to the article; no script (CSP)."""
    relative = posixpath.relpath(alias.target or ".", posixpath.dirname(alias.save_as) or ".")
    href = html.escape(relative + ("/" if alias.target.endswith("/") and relative != "." else ""))
    if relative == ".":
        href = "./"
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<link rel="canonical" href="{html.escape(canonical)}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n</head>\n<body>\n'
        f'<p>Bài viết đã chuyển sang địa chỉ mới: <a href="{href}">{html.escape(title)}</a></p>\n'
        "</body>\n</html>\n"
    )


def htaccess_rule(alias: Alias, site_path: str) -> list[str]:
    """mod_rewrite lines: a permanent redirect; a query string is matched exactly and dropped."""
    lines = []
    if alias.query:
        lines.append(f'  RewriteCond "%{{QUERY_STRING}}" "^{re.escape(alias.query)}$"')
    pattern = "^" + re.escape(alias.path) + "$"
    lines.append(f'  RewriteRule "{pattern}" "{site_path}/{alias.target}" [R=301,L,QSD]')
    return lines
