"""Contents' fingerprints kept from the previous build: a rebuild walks only the changed files.

Fingerprinting every article as lists show it (render_keys.Fingerprinter) was the largest
cost left of a one-article edit: 1.1-1.4 s at 10,000 articles, 3.1 s at 20,000. Yet an
article's fingerprint depends only on its own objects (another article inside it counts by
its path), and those objects are made from
- its source file's bytes and the build's stamp (code, settings, theme, images, packages,
  what the day decided), through Pelican's reader and the plugins;
- what the generators and plugins attach from the other articles: neighbours and related
  articles (by path), lists and groups, made from those articles' metadata, never from their
  text (no plugin of this project reads another article's text while the site is read).

So on a rebuild with the previous build's source files and stamp, the articles whose source
file has the recorded sha256 are not walked: their fingerprints are the recorded ones,
provided every article whose file changed (or whose sha256 is not known: a file saved a
moment before the build) still has its recorded fingerprint once walked again, that is,
only its text changed. Otherwise every article is walked, as before. The site digest is still
made from the whole context, so anything the generators put in the context outside the
articles is compared afresh. A plugin that copied one article's text into another would
break this; `PERFORMANCE["REUSE_FINGERPRINTS"] = False` turns the memo off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pelican.contents import Content

from . import render_keys

# The record's entry (render-keys.json): {"stamp": build stamp, "contents": {path: [sha, fingerprint]}}.
RECORD_KEY = "fingerprints"


@dataclass
class MemoSplit:
    """The contents of a rebuild, split by whether their recorded fingerprints may serve."""

    unchanged: list[Content]  # source file as recorded: the recorded fingerprint, if all goes well
    changed: list[Content]  # walked again, and compared with what was recorded
    recorded: dict[str, list[Any]]  # the previous build's entries by path


def source_digests(seen: Mapping[str, list[Any]]) -> dict[str, str]:
    """sha256 (hex) of each source file by its path, from file_stamps' table of this build."""
    return {name: entry[1] for name, entry in seen.items()}


def split_contents(
    record: Mapping[str, Any], stamp: bytes, contents: list[Content], sources: Mapping[str, str]
) -> MemoSplit | None:
    """The contents whose source file is the one the previous build fingerprinted, and the others;
    None when the previous build's memo is missing or was made with another stamp."""
    memo = record.get(RECORD_KEY)
    if not isinstance(memo, dict) or memo.get("stamp") != stamp.hex():
        return None
    recorded = memo.get("contents")
    if not isinstance(recorded, dict):
        return None
    unchanged, changed = [], []
    for content in contents:
        entry = recorded.get(content.relative_source_path)
        digest = sources.get(content.source_path)
        if _valid(entry) and digest is not None and entry[0] == digest:
            unchanged.append(content)
        else:
            changed.append(content)
    return MemoSplit(unchanged, changed, recorded)


def _valid(entry: Any) -> bool:
    return isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], str)


def only_texts_changed(fingerprints: render_keys.Fingerprinter, split: MemoSplit) -> bool:
    """True when every changed content, walked again, has its recorded fingerprint (as lists
    show it: everything but its text)."""
    for content in split.changed:
        entry = split.recorded.get(content.relative_source_path)
        if not _valid(entry) or fingerprints.of(content).hex() != entry[1]:
            return False
    return True


def adopt_recorded(
    fingerprints: render_keys.Fingerprinter,
    split: MemoSplit,
    texts: Mapping[str, str],
    summaries: Mapping[str, str],
) -> None:
    """Take the recorded fingerprints of the unchanged contents (with their text: `texts`, the
    record's), and keep the summary digests for the next build (they are not looked up now)."""
    found = [
        (
            bytes.fromhex(split.recorded[content.relative_source_path][1]),
            bytes.fromhex(texts[content.relative_source_path]),
        )
        for content in split.unchanged
    ]
    fingerprints.adopt(split.unchanged, found, dict(summaries))


def memo_record(
    stamp: bytes, contents: list[Content], found: list[tuple[bytes, bytes]], sources: Mapping[str, str]
) -> dict[str, Any]:
    """What the next build needs: the stamp, and each content's source sha256 and fingerprint."""
    entries = {
        content.relative_source_path: [sources.get(content.source_path), listed.hex()]
        for content, (listed, _with_text) in zip(contents, found, strict=True)
    }
    return {"stamp": stamp.hex(), "contents": entries}
