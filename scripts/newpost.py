"""Create a new article (a draft) with its metadata filled in, in its category's folder.

    .venv/bin/python scripts/newpost.py --title "..." --category "..." [--author ...] [--tags ...]

`make newpost TITLE="..." CATEGORY="..."` runs it. The date is now in Vietnam time,
the slug comes from the title (ASCII, đ -> d) and is made unique, and the file starts
as `Status: draft`. It prints the new file's path and where to preview it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from content_guard.source import find_sources, known_categories, read_source
from sitebuild import load_settings
from vietnamese.text import VIETNAM_TZ, closest_match, slugify, to_nfc

DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-")
PREVIEW = "http://localhost:{port}/"
TEMPLATE = """Title: {title}
Date: {date}
Category: {category}
Slug: {slug}
Author: {author}
Tags: {tags}
Summary:
Status: draft

"""


class NewPostError(Exception):
    """A problem with what the editor asked for; the message is Vietnamese."""


def used_slugs(sources: list) -> set[str]:
    """Slugs already taken: from `Slug:` lines and from file names less their date."""
    slugs = set()
    for source in sources:
        stem = DATED_NAME.sub("", Path(source.path).stem)
        slugs.add(slugify(source.value("slug") or stem))
    return slugs


def unique_slug(title: str, taken: set[str]) -> str:
    """The title's slug, with -2, -3, ... when another article has it."""
    base = slugify(title)
    if not base:
        raise NewPostError("tiêu đề phải có ít nhất một chữ hoặc số.")
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def check_category(name: str, choices: list[str]) -> str:
    """The category as written, if known; else an error suggesting the closest."""
    name = " ".join(to_nfc(name).split())
    if name in choices:
        return name
    guess = closest_match(name, choices)
    hint = (
        f"Có phải ý bạn là «{guess}»?"
        if guess
        else "Các chuyên mục có: " + ", ".join(f"«{c}»" for c in choices)
    )
    raise NewPostError(f"chuyên mục «{name}» không có. {hint}")


def category_folder(category: str, sources: list, content_root: str) -> Path:
    """The folder most articles of the category are in; else one named by its slug."""
    folders = Counter(
        Path(s.path).parent for s in sources if s.value("category") == category and not s.is_page
    )
    if folders:
        return folders.most_common(1)[0][0]
    return Path(content_root) / slugify(category)


def choose_author(given: str | None, settings: dict) -> str:
    """--author (or AUTHOR=), else $NEWPOST_AUTHOR, else the NEWPOST_AUTHOR or AUTHOR setting."""
    return (
        given
        or os.environ.get("NEWPOST_AUTHOR")
        or settings.get("NEWPOST_AUTHOR")
        or settings.get("AUTHOR", "")
    )


def create_post(settings: dict, title: str, category: str, author: str, tags: str, now: datetime) -> Path:
    """Write the new draft and return its path."""
    title = " ".join(to_nfc(title).split())
    if not title or not category.strip():
        raise NewPostError(
            'hãy cho tiêu đề và chuyên mục: make newpost TITLE="Tiêu đề" CATEGORY="Tin tức - Sự kiện"'
        )
    root = settings["PATH"]
    sources = [read_source(p, root, settings.get("PAGE_PATHS", [])) for p in find_sources(settings)]
    category = check_category(category, known_categories(settings, sources))
    slug = unique_slug(title, used_slugs(sources))
    folder = category_folder(category, sources, root)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{now:%Y-%m-%d}-{slug}.md"
    text = TEMPLATE.format(
        title=title, date=f"{now:%Y-%m-%d %H:%M}", category=category, slug=slug, author=author, tags=tags
    )
    with open(path, "x", encoding="utf-8") as handle:
        handle.write("\n".join(line.rstrip() for line in text.split("\n")))
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: create the draft, print its path and preview address."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # `make newpost TITLE=... CATEGORY=...`: make puts command-line variables in the environment.
    parser.add_argument("--title", default=os.environ.get("TITLE", ""))
    parser.add_argument("--category", default=os.environ.get("CATEGORY", ""))
    parser.add_argument("--author", default=os.environ.get("AUTHOR", ""))
    parser.add_argument("--tags", default=os.environ.get("TAGS", ""))
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args(argv)
    settings = load_settings(args.settings)
    now = datetime.now(VIETNAM_TZ)
    try:
        path = create_post(
            settings, args.title, args.category, choose_author(args.author, settings), args.tags, now
        )
    except NewPostError as error:
        print(f"Không tạo được bài mới: {error}", file=sys.stderr)
        return 1
    slug = slugify(read_source(str(path), settings["PATH"], []).value("slug"))
    preview = PREVIEW.format(port=args.port)
    print(f"Đã tạo bài mới (bản nháp): {os.path.relpath(path)}")
    print(f"Xem trước khi đang chạy `make devserver`: {preview}ban-nhap/{slug}/")
    print(f"Khi xoá dòng «Status: draft», bài sẽ ở: {preview}{now:%Y/%m/%d}/{slug}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
