"""The one model every source becomes: a list of blocks, each with plain text and Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from vietnamese.text import to_nfc

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|])")
# Markup characters written as entities, so text can never turn into HTML.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_LIST_START = re.compile(r"^(\d+)([.)])(\s)")
_BLOCK_START = re.compile(r"^([#+-])(\s)")


@dataclass(frozen=True)
class Block:
    """One paragraph-level piece of a page: its plain text, its Markdown, and what it is."""

    text: str
    markdown: str
    kind: str = "p"  # p, heading, image, list, table, quote, code
    level: int = 0  # heading level
    image: str = ""  # image source (kind "image")
    caption: str = ""
    credit: str = ""

    def but(self, **changes) -> Block:
        """A copy with some fields changed."""
        return replace(self, **changes)


def clean_text(text: str) -> str:
    """NFC, non-breaking and repeated spaces collapsed, ends stripped."""
    return " ".join(to_nfc(text).replace("\u00a0", " ").split())


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally: specials escaped, no accidental list or heading."""
    escaped = "".join(_ENTITIES.get(char, char) for char in text)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    escaped = _LIST_START.sub(r"\1\\\2\3", escaped)
    return _BLOCK_START.sub(r"\\\1\2", escaped)


def paragraph(text: str) -> Block:
    """A plain paragraph block from text."""
    text = clean_text(text)
    return Block(text=text, markdown=escape_markdown(text))


def text_blocks(source: str) -> list[Block]:
    """Blocks of a text extract: every non-empty line is a paragraph."""
    return [paragraph(line) for line in source.splitlines() if clean_text(line)]
