"""Markdown images as responsive pictures; an image alone in its paragraph becomes a figure.

`![Alt](images/x.jpg "Chú thích | Ảnh: Huy Dương")` (or a photo beside the article,
`![Alt](bai/01.jpg)`, see `catalog.resolve_src`) gives a `<figure>` with a `<picture>`
(WebP and JPEG/PNG at a few widths, width/height, lazy loading) and a `<figcaption>`
holding the caption and the credit. An image that cannot be published, and a lead
image (`Image:`) that cannot, are recorded on the Markdown instance as
`content_problems` [(line, message)] for the reader to report with the file name.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .catalog import ImageCatalog, is_external, written_path

# Replaced by the path to the site root once the page's URL is known (see __init__.py).
ROOT_PLACEHOLDER = "@images-root@"
BODY_SIZES = "(min-width: 50rem) 46rem, 100vw"
CREDIT_SEPARATOR = " | "


def split_title(title: str) -> tuple[str, str]:
    """'Caption | Ảnh: Huy Dương' -> ('Caption', 'Ảnh: Huy Dương'); either part may be empty."""
    caption, _, credit = title.partition(CREDIT_SEPARATOR.strip())
    return caption.strip(), credit.strip()


def srcset(candidates: list[tuple[str, int]], root: str) -> str:
    """'root/a.webp 480w, root/b.webp 960w'."""
    return ", ".join(f"{root}/{url} {width}w" for url, width in candidates)


def fill_picture(element: ET.Element, data: dict[str, Any], alt: str, root: str, sizes: str) -> None:
    """Turn `element` into <picture> with a WebP source and a sized, lazy fallback <img>."""
    tail = element.tail
    element.clear()
    element.tag, element.tail = "picture", tail
    ET.SubElement(
        element, "source", {"type": "image/webp", "srcset": srcset(data["webp"], root), "sizes": sizes}
    )
    img = {
        "src": f"{root}/{data['src']}",
        "srcset": srcset(data["fallback"], root),
        "sizes": sizes,
        "width": str(data["width"]),
        "height": str(data["height"]),
        "alt": alt,
        "loading": "lazy",
        "decoding": "async",
    }
    ET.SubElement(element, "img", img)


def figure_caption(title: str) -> ET.Element | None:
    """<figcaption> with the caption and the credit, or None without a title."""
    caption, credit = split_title(title)
    if not caption and not credit:
        return None
    figcaption = ET.Element("figcaption", {"class": "figure__caption"})
    if caption:
        ET.SubElement(figcaption, "span", {"class": "figure__text"}).text = caption
    if credit:
        ET.SubElement(figcaption, "span", {"class": "figure__credit"}).text = credit
    return figcaption


class SourceLines(Preprocessor):
    """Keeps the file's lines (header included) so problems can name a line."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.image_source_lines = list(lines)
        self.md.content_problems = []
        return lines


class PictureTreeprocessor(Treeprocessor):
    """Rewrites every local <img> of the body as a <picture>, in a <figure> when alone."""

    def __init__(self, md, catalog: ImageCatalog) -> None:
        super().__init__(md)
        self.catalog = catalog

    def run(self, root: ET.Element) -> None:
        # The reader names the file being converted; images beside it are found from there.
        source_path = getattr(self.md, "source_path", None)
        self.check_lead_image(source_path)
        parents = {child: parent for parent in root.iter() for child in parent}
        for img in [element for element in root.iter("img")]:
            src = img.get("src", "")
            if is_external(src):
                continue
            path = self.catalog.resolve(src, source_path)
            problem = self.catalog.problem(path)
            if problem:
                self.report(src, problem)
                continue
            self.replace(img, parents.get(img), path)

    def replace(self, img: ET.Element, parent: ET.Element | None, path: str) -> None:
        """Picture in place of the image; the paragraph becomes a figure when the image is alone."""
        data = self.catalog.picture_data(path)
        if data is None:  # a vector image: Pelican publishes it, found from content/
            img.set("src", "{static}/" + path)
            return
        alt, title = img.get("alt", ""), img.get("title", "")
        if parent is not None and self.alone_in(img, parent):
            parent.tag, parent.attrib = "figure", {"class": "figure"}
            caption = figure_caption(title)
            if caption is not None:
                parent.append(caption)
        elif title:
            alt = alt or split_title(title)[0]
        fill_picture(img, data, alt, ROOT_PLACEHOLDER, BODY_SIZES)

    @staticmethod
    def alone_in(img: ET.Element, parent: ET.Element) -> bool:
        """True when `img` is the only thing in a paragraph."""
        return (
            parent.tag == "p"
            and len(parent) == 1
            and not (parent.text or "").strip()
            and not (img.tail or "").strip()
        )

    def check_lead_image(self, source_path: str | None) -> None:
        """The `Image:` of the header must be an image we can publish; it is kept content-relative."""
        meta = getattr(self.md, "Meta", {})
        src = " ".join(meta.get("image") or []).strip()
        if not src:
            return
        path = self.catalog.resolve(src, source_path)
        problem = self.catalog.problem(path)
        if problem:
            self.report(src, problem, field="image")
        else:  # templates look the image up from content/ (images/..., tin-cu/bai/01.jpg)
            meta["image"] = [path]

    def report(self, src: str, message: str, field: str | None = None) -> None:
        """Record a problem for the reader: line and a message naming the image as written."""
        self.md.content_problems.append((self.line_of(src, field), f"ảnh «{written_path(src)}»: {message}"))

    def line_of(self, src: str, field: str | None) -> int:
        """1-based line that names the image (or the header field), else 1."""
        lines = getattr(self.md, "image_source_lines", [])
        for number, line in enumerate(lines, start=1):
            if field and line.lower().startswith(field + ":"):
                return number
            if not field and src in line:
                return number
        return 1


class PictureExtension(Extension):
    """Registers the line keeper and the picture treeprocessor for one build's catalog."""

    def __init__(self, catalog: ImageCatalog, **kwargs: Any) -> None:
        self.catalog = catalog
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API name)
        md.preprocessors.register(SourceLines(md), "image_source_lines", 29)
        # After inline patterns (which create <img>) and before prettify.
        md.treeprocessors.register(PictureTreeprocessor(md, self.catalog), "pictures", 15)
