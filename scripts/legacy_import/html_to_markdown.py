"""Saved HTML pages: page facts, noise removal, nh3 sanitising, and blocks with Markdown.

The page is parsed with BeautifulSoup, its menus, forms, sidebars and footers removed,
then sanitised with nh3 (no script, style, iframe, event handler or `javascript:` URL
survives) and walked into `Block`s whose Markdown is written here, not by a library, so
that captions, credits and image paths can be decided by the importer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import nh3
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .blocks import Block, clean_text, escape_markdown, paragraph

# Tags whose content is noise on every portal (removed before sanitising).
NOISE_TAGS = ("script", "style", "noscript", "iframe", "form", "nav", "aside", "select", "button")
NOISE_TAGS += ("input", "textarea", "object", "embed", "template", "footer", "marquee", "map")
# Class or id words that mark menus, slide shows, sidebars, share bars and footers: some
# anywhere in a name ("mainmenu", "footer-links"), short ones only as a whole word ("nav").
NOISE_NAMES = re.compile(
    r"menu|footer|sidebar|slide|banner|breadcrumb|carousel|marquee|quangcao|advert|othernews|other-news|"
    r"(?:^|[-_ ])(nav|navbar|header|share|social|toolbar|tools|print|related|comments?|ads|weblink|"
    r"lienket|search|login|poll|fontsize|textsize)(?:$|[-_ ])",
    re.IGNORECASE,
)
ALLOWED_TAGS = {"p", "div", "section", "article", "main", "header", "span", "font", "center"}
ALLOWED_TAGS |= {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "br", "hr"}
ALLOWED_TAGS |= {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption"}
ALLOWED_TAGS |= {"img", "a", "strong", "b", "em", "i", "u", "sup", "sub", "blockquote", "pre", "code"}
ALLOWED_ATTRIBUTES = {
    "*": {"class"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
CONTENT_TAGS = {"script", "style", "iframe", "noscript", "object", "embed", "template", "textarea", "select"}
CAPTION_NAMES = re.compile(r"caption|chuthich|chu-thich|image-desc|img-desc|note", re.IGNORECASE)
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "center", "h1", "h2", "h3", "h4"}
BLOCK_TAGS |= {"h5", "h6", "ul", "ol", "dl", "table", "figure", "blockquote", "pre", "hr", "li"}
BLOCK_TAGS |= {"tr", "td", "th", "tbody", "thead", "tfoot", "figcaption", "caption", "dt", "dd"}
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)")


@dataclass(frozen=True)
class PageFacts:
    """What the page says about itself outside the article text."""

    title: str = ""
    original_url: str = ""
    category: str = ""


def sanitize(html: str) -> str:
    """HTML with only harmless tags and attributes: no script, handler or javascript: URL."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        clean_content_tags=CONTENT_TAGS,
        strip_comments=True,
        link_rel=None,
    )


def page_facts(soup: BeautifulSoup) -> PageFacts:
    """Title, original URL and breadcrumb category of a saved page."""
    canonical = soup.find("link", rel="canonical") or soup.find("meta", property="og:url")
    url = (canonical.get("href") or canonical.get("content") or "") if canonical else ""
    if not url.startswith("http"):
        url = _saved_from(soup)
    title_tag = soup.find("meta", property="og:title")
    title = title_tag.get("content", "") if title_tag else (soup.title.get_text() if soup.title else "")
    return PageFacts(clean_text(title), url, _breadcrumb_category(soup))


def _saved_from(soup: BeautifulSoup) -> str:
    """The address in a browser's "<!-- saved from url=(0045)http://... -->" comment."""
    for node in soup.contents[:5]:
        match = _SAVED_FROM.search(node) if isinstance(node, Comment) else None
        if match:
            return match.group(1)
    return ""


_BREADCRUMB = re.compile("breadcrumb", re.IGNORECASE)


def _breadcrumb_category(soup: BeautifulSoup) -> str:
    """The last link of the breadcrumb trail, which names the article's category."""
    trail = soup.find(class_=_BREADCRUMB) or soup.find(id=_BREADCRUMB)
    if trail is None:
        return ""
    links = [clean_text(link.get_text()) for link in trail.find_all("a")]
    links = [text for text in links if text and text.lower() not in ("trang chủ", "home")]
    return links[-1] if links else ""


def _is_noise(tag: Tag) -> bool:
    """A menu, sidebar, slide show or footer container, judged by tag, class and id."""
    if tag.name in NOISE_TAGS:
        return True
    if tag.name == "header" and not tag.find_parent(("article", "main")):
        return True
    names = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
    # A container holding the title holds the article too, whatever its name says.
    return bool(NOISE_NAMES.search(names)) and tag.find("h1") is None


def strip_noise(soup: BeautifulSoup) -> None:
    """Remove noise containers in place."""
    for tag in soup.find_all(_is_noise):
        if not tag.decomposed:
            tag.decompose()


def article_root(soup: BeautifulSoup) -> Tag:
    """The part of the page that holds the article: <main>, <article>, or the body."""
    for name in ("main", "article"):
        found = soup.find(name)
        if found and len(found.get_text(strip=True)) > 200:
            return found
    return soup.body or soup


def html_blocks(html: str) -> tuple[PageFacts, list[Block]]:
    """Facts and sanitised blocks of a saved page."""
    soup = BeautifulSoup(html, "html.parser")
    facts = page_facts(soup)
    strip_noise(soup)
    clean = BeautifulSoup(sanitize(str(article_root(soup))), "html.parser")
    for line_break in clean.find_all("br"):
        line_break.insert_after(" ")  # so the plain text keeps a space where a line broke
    return facts, merge_captions(to_blocks(clean))


def inline_markdown(node) -> str:
    """Markdown of inline content: text escaped, bold, italics, links, line breaks."""
    if isinstance(node, NavigableString):
        return escape_markdown(re.sub(r"\s+", " ", str(node)))
    if node.name == "img":
        return ""
    if node.name == "br":
        return "\n"
    inner = "".join(inline_markdown(child) for child in node.children)
    return _wrap_inline(node, inner)


def _wrap_inline(node: Tag, inner: str) -> str:
    """Wrap inner Markdown in the marks of node (bold, italics, link)."""
    text = inner.strip()
    if not text:
        return inner
    marks = {"strong": "**", "b": "**", "em": "*", "i": "*"}
    if node.name in marks:
        return f"{marks[node.name]}{text}{marks[node.name]}"
    href = node.get("href", "") if node.name == "a" else ""
    if href and not href.startswith("#"):
        return f"[{text}]({href.replace(' ', '%20')})"
    return inner


def _tidy_markdown(markdown: str) -> str:
    """One space between words, hard line breaks kept, ends stripped."""
    lines = [" ".join(line.split()) for line in markdown.split("\n")]
    return "  \n".join(line for line in lines if line)


def _image_block(img: Tag, caption: str = "") -> Block | None:
    """An image block from <img>, or None when it has no source."""
    src = img.get("src", "").strip()
    if not src:
        return None
    alt = clean_text(img.get("alt", ""))
    return Block(
        text=alt, markdown="", kind="image", image=src, caption=caption or clean_text(img.get("title", ""))
    )


def _flush(inline: list) -> list[Block]:
    """Blocks of a run of inline nodes: its images, then its text as one paragraph."""
    blocks: list[Block] = []
    for node in inline:
        images = [node] if isinstance(node, Tag) and node.name == "img" else []
        if isinstance(node, Tag) and not images:
            images = node.find_all("img")
        blocks += [block for img in images if (block := _image_block(img))]
    text = clean_text("".join(node.get_text() if isinstance(node, Tag) else str(node) for node in inline))
    if text:
        markdown = _tidy_markdown("".join(inline_markdown(node) for node in inline))
        names = " ".join(" ".join(n.get("class", [])) for n in inline if isinstance(n, Tag))
        kind = "caption" if CAPTION_NAMES.search(names) else "p"
        blocks.append(Block(text=text, markdown=markdown, kind=kind))
    return blocks


def to_blocks(node: Tag) -> list[Block]:
    """Blocks of a container: inline runs become paragraphs, block children their own blocks."""
    blocks: list[Block] = []
    inline: list = []
    for child in node.children:
        if isinstance(child, Tag) and child.name in BLOCK_TAGS:
            blocks += _flush(inline)
            inline = []
            blocks += block_of(child)
        elif isinstance(child, Tag) or str(child).strip() or inline:
            inline.append(child)
    blocks += _flush(inline)
    if CAPTION_NAMES.search(" ".join(node.get("class", []) if isinstance(node, Tag) else [])):
        blocks = [block.but(kind="caption") if block.kind == "p" else block for block in blocks]
    return blocks


def _heading(tag: Tag) -> list[Block]:
    """A heading block; body headings are written from level 2 down (the title is h1)."""
    text = clean_text(tag.get_text())
    if not text:
        return []
    level = int(tag.name[1])
    return [
        Block(
            text=text, markdown=f"{'#' * max(level, 2)} {escape_markdown(text)}", kind="heading", level=level
        )
    ]


def _list(tag: Tag, depth: int = 0) -> list[str]:
    """Markdown lines of a list, nested lists indented."""
    lines = []
    for number, item in enumerate(tag.find_all("li", recursive=False), start=1):
        marker = f"{number}." if tag.name == "ol" else "-"
        nested = item.find_all(("ul", "ol"), recursive=False)
        for sub in nested:
            sub.extract()
        text = _tidy_markdown("".join(inline_markdown(child) for child in item.children)).replace("  \n", " ")
        lines.append(f"{'    ' * depth}{marker} {text}")
        for sub in nested:
            lines += _list(sub, depth + 1)
    return lines


def _list_block(tag: Tag) -> list[Block]:
    """A list block, or kind "links" for a list of links (menus, "Các tin đã đăng")."""
    text = clean_text(tag.get_text(" "))
    if not text:
        return []
    link_text = sum(len(clean_text(a.get_text())) for a in tag.find_all("a"))
    items = tag.find_all("li")
    kind = "links" if len(items) >= 3 and link_text >= 0.8 * len(text.replace(" ", "")) else "list"
    return [Block(text=text, markdown="\n".join(_list(tag)), kind=kind)]


def _is_data_table(tag: Tag) -> bool:
    """A table of data (not a layout table holding images, paragraphs or other tables)."""
    if tag.find(("table", "img", "ul", "ol", "h1", "h2", "h3", "div", "figure")):
        return False
    cells = tag.find_all(("td", "th"))
    rows = tag.find_all("tr")
    return len(rows) >= 2 and len(cells) > len(rows) and all(len(cell.get_text()) < 300 for cell in cells)


def _table(tag: Tag) -> list[Block]:
    """A pipe table for data, or the cells' blocks for a layout table."""
    if not _is_data_table(tag):
        return [block for cell in tag.find_all(("td", "th", "caption")) for block in to_blocks(cell)]
    rows = []
    for row in tag.find_all("tr"):
        cells = [
            _tidy_markdown(inline_markdown(cell)).replace("  \n", " ") or " "
            for cell in row.find_all(("td", "th"))
        ]
        rows.append(cells)
    width = max(len(row) for row in rows)
    rows = [row + [" "] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return [Block(text=clean_text(tag.get_text(" ")), markdown="\n".join(lines), kind="table")]


def _figure(tag: Tag) -> list[Block]:
    """An image with its <figcaption> as caption."""
    caption_tag = tag.find("figcaption")
    caption = clean_text(caption_tag.get_text()) if caption_tag else ""
    images = [block for img in tag.find_all("img") if (block := _image_block(img, caption))]
    return images or ([paragraph(caption)] if caption else [])


def _quote(tag: Tag) -> list[Block]:
    """A block quote of the blocks inside it."""
    inner = to_blocks(tag)
    markdown = "\n>\n".join("> " + block.markdown.replace("\n", "\n> ") for block in inner if block.markdown)
    text = " ".join(block.text for block in inner)
    return [Block(text=text, markdown=markdown, kind="quote")] if text else []


def _pre(tag: Tag) -> list[Block]:
    """Preformatted text as a fenced block."""
    text = tag.get_text().strip("\n")
    return [Block(text=clean_text(text), markdown=f"```\n{text}\n```", kind="code")] if text.strip() else []


BLOCK_WRITERS = {
    **{f"h{level}": _heading for level in range(1, 7)},
    "ul": _list_block,
    "ol": _list_block,
    "table": _table,
    "figure": _figure,
    "blockquote": _quote,
    "pre": _pre,
    "hr": lambda tag: [],
}


def block_of(tag: Tag) -> list[Block]:
    """Blocks of one block-level element."""
    writer = BLOCK_WRITERS.get(tag.name, to_blocks)
    return writer(tag)


def merge_captions(blocks: list[Block]) -> list[Block]:
    """Attach a caption paragraph that follows an image to that image."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        is_caption = block.kind == "caption" or (block.kind == "p" and _looks_like_caption(block))
        if previous and previous.kind == "image" and not previous.caption and is_caption:
            merged[-1] = previous.but(caption=block.text)
            continue
        merged.append(block)
    return merged


def _looks_like_caption(block: Block) -> bool:
    """A short paragraph that is all italics, as portals write captions under photos."""
    markdown = block.markdown.strip()
    return len(block.text) <= 250 and markdown.startswith("*") and markdown.endswith("*")


def local_image_path(src: str) -> str:
    """The file part of an image source that may point into a saved page's _files folder."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return ""
    return unquote(parts.path)
