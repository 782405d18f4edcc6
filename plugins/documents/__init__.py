"""Documents plugin: official documents (văn bản) as Decree 42/2022/NĐ-CP asks portals to show them.

Articles of the category DOCUMENTS["CATEGORY"] ("Văn bản", the default for files in
content/van-ban/) become documents: number and code parsed (QĐ 933/QĐ-TLĐ), type, issuer,
dates and a status derived from them, signer, abstract, recipients, attachments with type
and size, and replaces / replaced by / related links resolved both ways. Each document
page lives at /van-ban/<slug>/ and uses the `document` template. The plugin writes
/van-ban/ (newest first, paginated), lists per type, issuer and year, and a JSON index for
the client-side filter. `checks.document_problems` finds what an editor must fix; it runs as one of
content_guard's checks, so the build and `make check` report those problems with the rest.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from build_signals import DAY_DECISIONS
from pelican import signals
from pelican.contents import Article
from pelican.paginator import Paginator

from content_guard.checks import content_checks
from content_guard.problems import ContentProblem
from vietnamese.text import format_date, slugify, sort_key

from .checks import document_problems, misplaced_problems
from .config import documents_settings
from .model import Document, link_documents, read_document
from .numbering import canonical_type

logger = logging.getLogger(__name__)


@dataclass
class DocumentGroup:
    """One list of documents (all, one type, one issuer, one year) and where it lives."""

    name: str
    url: str
    documents: list[Document] = field(default_factory=list)

    @property
    def save_as(self) -> str:
        return self.url + "index.html"


@dataclass
class DocumentIndex:
    """Every document, newest first, and the groupings the lists show."""

    all: DocumentGroup
    types: list[DocumentGroup]
    issuers: list[DocumentGroup]
    years: list[DocumentGroup]


def newest_first(documents: list[Document]) -> list[Document]:
    """Newest issued first; same day: higher number first, then title."""
    return sorted(
        documents,
        key=lambda d: (
            d.issued is not None,
            d.issued,
            d.number.number.zfill(6) if d.number else "",
            d.article.title,
        ),
        reverse=True,
    )


def group_documents(documents: list[Document], attribute: str, url: str, label=str) -> list[DocumentGroup]:
    """Documents grouped by one attribute, each group keeping the newest-first order."""
    groups: dict[Any, DocumentGroup] = {}
    for doc in documents:
        value = getattr(doc, attribute)
        if value in (None, ""):
            continue
        if value not in groups:
            groups[value] = DocumentGroup(label(value), url.format(slug=slugify(str(value)), year=value))
        groups[value].documents.append(doc)
    return list(groups.values())


def build_index(documents: list[Document], config: dict[str, Any]) -> DocumentIndex:
    """Group the (newest first) documents for the lists."""
    types = group_documents(documents, "doc_type", config["TYPE_URL"])
    issuers = group_documents(documents, "issuer", config["ISSUER_URL"])
    years = group_documents(documents, "year", config["YEAR_URL"], label=lambda y: f"Năm {y}")
    return DocumentIndex(
        all=DocumentGroup("Văn bản", config["INDEX_URL"], documents),
        types=sorted(types, key=lambda g: sort_key(g.name)),
        issuers=sorted(issuers, key=lambda g: sort_key(g.name)),
        years=sorted(years, key=lambda g: g.name, reverse=True),
    )


def collect_documents(generator) -> None:
    """After the articles are read: documents get their data, URL, template and links."""
    config = documents_settings(generator.settings)
    content_root = generator.settings["PATH"]
    codes = set(config["TYPES"].values())
    documents = [
        read_document(article, content_root, codes)
        for article in generator.articles
        if article.category.name == config["CATEGORY"]
    ]
    link_documents(documents, config["TODAY"])
    for doc in documents:
        doc.doc_type = canonical_type(doc.doc_type, config["TYPES"])
        article = doc.article
        article.document = doc
        article.template = "document"
        article.override_url = config["URL"].format(slug=article.slug)
        article.override_save_as = article.override_url + "index.html"
    generator.context["documents"] = build_index(newest_first(documents), config)
    # Home page and sidebars list news; documents have their own block and list.
    generator.context["news_articles"] = [a for a in generator.articles if not hasattr(a, "document")]
    logger.debug("documents: %d, statuses as of %s", len(documents), config["TODAY"])
    # The statuses are what the day decides, not the day itself: the pages stay as they are
    # on a new day unless a status changed (build_signals.DAY_DECISIONS).
    decisions = generator.context.setdefault(DAY_DECISIONS, {})
    decisions["documents"] = sorted((doc.article.relative_source_path, doc.status) for doc in documents)
    generator.context["documents_config"] = {key: value for key, value in config.items() if key != "TODAY"}


def section_url(category, config: dict[str, Any]) -> str:
    """Where a category's menu link goes: the documents list (with its filter) for "Văn bản"."""
    return config["INDEX_URL"] if category.name == config["CATEGORY"] else category.url


def add_jinja_filters(generator) -> None:
    """`{{ category | section_url }}` for menus, breadcrumbs and the home page's blocks."""
    config = documents_settings(generator.settings)
    generator.env.filters["section_url"] = lambda category: section_url(category, config)


def check_documents(site) -> list[ContentProblem]:
    """content_guard check: what an editor must fix in the documents (build and `make check`)."""
    index: DocumentIndex | None = site.settings.get("documents")
    if index is None:
        return []
    articles = [content for content in site.contents if isinstance(content, Article)]
    return document_problems(index.all.documents, site.settings) + misplaced_problems(articles, site.settings)


def write_group(generator, writer, group: DocumentGroup, per_page: int, **extra: Any) -> None:
    """Write one list of documents, split into pages (/trang-2/, ...)."""
    paginator = Paginator(group.save_as, group.url, group.documents, generator.settings, per_page)
    template = generator.get_template("documents")
    for number in paginator.page_range:
        page = paginator.page(number)
        writer.write_file(
            page.save_as,
            template,
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            paginated={},
            url=page.url,
            group=group,
            documents_page=page,
            documents_paginator=paginator,
            documents_previous_page=paginator.page(number - 1) if number > 1 else None,
            documents_next_page=paginator.page(number + 1) if paginator.num_pages > number else None,
            **extra,
        )


def index_entries(index: DocumentIndex) -> list[dict[str, Any]]:
    """What the filter needs of each document; URLs relative to the site root."""
    return [
        {
            "number": doc.display_number,
            "title": doc.article.title,
            "abstract": doc.abstract,
            "url": doc.article.url,
            "type": doc.doc_type,
            "issuer": doc.issuer,
            "year": doc.year,
            "issued": doc.issued.isoformat() if doc.issued else None,
            "issued_text": format_date(doc.issued, "list") if doc.issued else "",
            "status": doc.status,
        }
        for doc in index.all.documents
    ]


def write_document_lists(generator, writer) -> None:
    """Write /van-ban/, the lists per type, issuer and year, and the filter's JSON."""
    index: DocumentIndex | None = generator.context.get("documents")
    if index is None or not index.all.documents:
        return
    config = generator.context["documents_config"]
    per_page = config["PAGE_SIZE"]
    write_group(generator, writer, index.all, per_page, is_main_list=True)
    for kind, groups in (("type", index.types), ("issuer", index.issuers), ("year", index.years)):
        for group in groups:
            write_group(generator, writer, group, per_page, group_kind=kind)
    write_index_json(os.path.join(generator.output_path, config["INDEX_JSON"]), index_entries(index))


def write_index_json(path: str, entries: list[dict[str, Any]]) -> None:
    """The filter's data, through the JSON serializer."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"version": 1, "documents": entries}, handle, ensure_ascii=False, separators=(",", ":"))


def register() -> None:
    """Connect the handlers."""
    signals.generator_init.connect(add_jinja_filters)
    signals.article_generator_finalized.connect(collect_documents)
    content_checks.connect(check_documents)
    signals.article_writer_finalized.connect(write_document_lists)
