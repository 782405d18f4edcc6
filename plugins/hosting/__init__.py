"""Hosting plugin: what a static host needs besides the pages.

Adds to the output: `.htaccess` (Apache: charset, security headers with the strict CSP,
cache lifetimes, precompressed .br/.gz files, the 404 page, redirects from legacy URLs),
`_headers` (Netlify, Cloudflare Pages), a Vietnamese `404.html` whose links are absolute
paths (it is served from any depth), and a static redirect page for every `Aliases:` URL
of an article. The header tables live in rules.py; the HOSTING setting is merged over
DEFAULTS below.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pelican import signals

from content_guard.checks import content_checks
from content_guard.problems import ERROR, ContentProblem
from plugin_settings import merged_settings

from . import aliases, rules

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Path of the site's root on its domain ('' or '/cong-doan'); None: the path of SITEURL.
    "SITE_PATH": None,
    "HTACCESS": True,
    "NETLIFY_HEADERS": True,
    # Template rendered to 404.html ('' = no 404 page).
    "NOT_FOUND_TEMPLATE": "not_found",
}


class HostingSettingsError(ValueError):
    """A wrong key or value in the HOSTING setting."""


def hosting_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """HOSTING merged over DEFAULTS and checked; SITE_PATH resolved from SITEURL."""
    merged = merged_settings(settings, "HOSTING", DEFAULTS, "hosting", HostingSettingsError)
    if merged["SITE_PATH"] is None:
        merged["SITE_PATH"] = urlsplit(settings.get("SITEURL", "")).path
    path = str(merged["SITE_PATH"]).rstrip("/")
    if path and not path.startswith("/"):
        raise HostingSettingsError("hosting plugin: HOSTING['SITE_PATH'] must start with '/' (or be '')")
    merged["SITE_PATH"] = path
    return merged


def article_aliases(articles) -> list[aliases.Alias]:
    """Every alias of every article that can become a redirect (alias_problems reports the rest)."""
    found = []
    for article in articles:
        value = article.metadata.get("aliases")
        for alias in aliases.parse_aliases(value or "", article.url, article.relative_source_path):
            _message, severity = aliases.alias_issue(alias, frozenset())
            if severity != ERROR:  # a query string still gets its .htaccess rule
                found.append(alias)
    return found


def alias_problems(site) -> list[ContentProblem]:
    """content_guard check: old addresses (Aliases:) that cannot become redirects, with their line."""
    sources = {os.path.normpath(f.path): f for f in site.files}
    taken = site.urls
    problems = []
    for content in site.contents:
        source = sources.get(os.path.normpath(content.source_path))
        value = content.metadata.get("aliases")
        if not value or source is None:
            continue
        for alias in aliases.parse_aliases(value, content.url):
            message, severity = aliases.alias_issue(alias, taken)
            if message:
                problems.append(source.problem(source.line_of("aliases"), message, severity))
    return problems


def write_not_found(generator, writer, config: dict[str, Any]) -> None:
    """404.html at the output root, with absolute-path links so it works at any depth."""
    if not config["NOT_FOUND_TEMPLATE"]:
        return
    context = {**generator.context, "SITEURL": config["SITE_PATH"]}
    writer.write_file(
        "404.html",
        generator.get_template(config["NOT_FOUND_TEMPLATE"]),
        context,
        relative_urls=False,
        articles=generator.articles,
        dates=generator.dates,
        template_name=config["NOT_FOUND_TEMPLATE"],
        page_name="404",
        url="404.html",
    )


def planned_files(context: dict) -> set[str]:
    """Files other generators will write after the articles (pages, static files)."""
    items = [*context.get("pages", []), *context.get("hidden_pages", []), *context.get("staticfiles", [])]
    return {item.save_as for item in items if getattr(item, "save_as", "")}


def write_alias_pages(output: Path, found: list[aliases.Alias], generator, site_url: str) -> None:
    """A static redirect page for each alias without a query string."""
    titles = {a.url: a.title for a in generator.articles}
    taken = planned_files(generator.context)
    for alias in found:
        if alias.query:
            continue  # .htaccess only; alias_problems warned the editor
        target = output / alias.save_as
        if target.exists() or alias.save_as in taken:
            # A generated page the checks could not list (alias_problems catches the others).
            log.error(
                "%s: địa chỉ cũ /%s trong Aliases: trùng với một trang đang có; hãy bỏ nó khỏi Aliases:.",
                alias.source,
                alias.path,
            )
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        canonical = f"{site_url.rstrip('/')}/{alias.target}"
        target.write_text(aliases.redirect_page(alias, canonical, titles[alias.target]), encoding="utf-8")


def written_by(writer, page: Path) -> bool:
    """True when this build writes the page: the files Pelican's writer was asked for (a page
    the performance plugin keeps from the previous output is linked only later), else the disk."""
    asked = getattr(writer, "_written_files", None)
    if isinstance(asked, set):
        return os.path.abspath(page) in asked
    return page.exists()


def write_host_files(generator, writer) -> None:
    """404 page, alias pages, .htaccess and _headers; runs before pelican-precompress (finalized)."""
    settings = generator.settings
    config = hosting_settings(settings)
    output = Path(generator.output_path)
    write_not_found(generator, writer, config)
    found = article_aliases(generator.articles)
    write_alias_pages(output, found, generator, settings.get("SITEURL", ""))
    if config["HTACCESS"]:
        rules_lines = [line for alias in found for line in aliases.htaccess_rule(alias, config["SITE_PATH"])]
        (output / ".htaccess").write_text(rules.htaccess(config["SITE_PATH"], rules_lines), encoding="utf-8")
        search_page = output / settings.get("SEARCH_SAVE_AS", rules.SEARCH_PATH + "index.html")
        if written_by(writer, search_page) and search_page.parent != output:
            search_page.parent.mkdir(parents=True, exist_ok=True)
            (search_page.parent / ".htaccess").write_text(rules.search_htaccess(), encoding="utf-8")
    if config["NETLIFY_HEADERS"]:
        (output / "_headers").write_text(rules.netlify_headers(), encoding="utf-8")


def register() -> None:
    """Connect the handler."""
    content_checks.connect(alias_problems)
    signals.article_writer_finalized.connect(write_host_files)
