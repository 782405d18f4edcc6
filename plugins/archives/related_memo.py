"""The "Tin liên quan" lists remembered between builds, keyed by what they follow from.

Finding each article's related articles looks at the neighbours of every article in each of
its tags' lists: 0.2 s of every build at 10,000 articles, 0.4 s at 20,000, and a rebuild after
a text edit finds the same lists. They follow from the articles' order and each article's
tags (by slug) alone, with the count and the window: a digest of those keys the lists, kept as
positions in <CACHE_PATH>/archives-related.json. Any other tag, date or article gives another
digest, and the lists are found again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from atomic_files import write_text_atomically

from .reading import RELATED_WINDOW, related_positions, tag_key

MEMO_FILE = "archives-related.json"
FORMAT = 1


def inputs_digest(articles: Sequence[Any], count: int, window: int) -> str:
    """sha256 of what the lists follow from: each article's tag keys, in the articles' order."""
    digest = hashlib.sha256(f"related {FORMAT} {count} {window}\n".encode())
    for article in articles:
        tags = [str(tag_key(tag)) for tag in getattr(article, "tags", None) or ()]
        digest.update(json.dumps(tags, ensure_ascii=False).encode() + b"\n")
    return digest.hexdigest()


def saved_positions(memo: Path, key: str, size: int) -> list[list[int]] | None:
    """The positions kept under this key, if the file holds them whole; else None."""
    try:
        saved = json.loads(memo.read_text(encoding="utf-8"))
        if saved["key"] != key:
            return None
        positions = saved["positions"]
        if len(positions) != size:
            return None
        if all(type(j) is int and 0 <= j < size for found in positions for j in found):
            return positions
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def keep_positions(memo: Path, key: str, positions: list[list[int]]) -> None:
    """Write the memo in one step (a stopped build leaves the previous one whole)."""
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(memo, json.dumps({"key": key, "positions": positions}, separators=(",", ":")))
    except OSError:  # only the next build's speed depends on it
        pass


def related_lists(
    articles: Sequence[Any], count: int, cache_folder: str | None, window: int = RELATED_WINDOW
) -> list[list[Any]]:
    """reading.related_by_tags, taken from the memo in cache_folder when it was made from the
    same inputs (None: no memo)."""
    if not cache_folder:
        positions = related_positions(articles, count, window)
    else:
        memo, key = Path(cache_folder) / MEMO_FILE, inputs_digest(articles, count, window)
        positions = saved_positions(memo, key, len(articles))
        if positions is None:
            positions = related_positions(articles, count, window)
            keep_positions(memo, key, positions)
    return [[articles[j] for j in found] for found in positions]
