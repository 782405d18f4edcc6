"""Markdown's inline patterns skipped on text none of them can match, with the same HTML.

Python-Markdown tries each of its 15 inline patterns (links, emphasis, code, entities, ...)
on every run of text, one after the other: 40 % of converting the benchmark's articles,
most of whose paragraphs are plain sentences. Every one of those patterns needs a character
that plain Vietnamese prose does not have (`[`, `<`, `*`, `_`, a backtick, `&`, a
backslash, or two spaces before a line break), so one search for any of them tells whether
a text can hold inline Markdown at all; a text without them is left as Markdown leaves it.

A pattern is trusted only when its name and its expression are those listed in
`NEEDED_TEXT`, read from the pinned Markdown: a pattern another extension adds, or one a
new Markdown changes, turns the shortcut off for the texts it applies to, and Markdown
tries its patterns as before.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

# (pattern name, its expression) -> the strings one of which a match holds.
NEEDED_TEXT: dict[tuple[str, str], tuple[str, ...]] = {
    ("backtick", r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)"): ("`",),
    ("escape", r"\\(.)"): ("\\",),
    ("footnote", r"\[\^([^\]]*)\]"): ("[",),
    ("reference", r"(?<!\!)\["): ("[",),
    ("link", r"(?<!\!)\["): ("[",),
    ("image_link", r"\!\["): ("[",),
    ("image_reference", r"\!\["): ("[",),
    ("short_reference", r"(?<!\!)\["): ("[",),
    ("short_image_ref", r"\!\["): ("[",),
    ("autolink", r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>"): ("<",),
    ("automail", r"<([^<> !]+@[^@<> ]+)>"): ("<",),
    ("linebreak", "  \\n"): ("  \n",),
    (
        "html",
        r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+"""
        r"""\s*+/?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>)"""
        r""".)*\]\])>)""",
    ): ("<",),
    ("entity", r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)"): ("&",),
    ("em_strong", r"\*|_"): ("*", "_"),
}


def needed_text(name: str, pattern: Any) -> tuple[str, ...] | None:
    """What a match of this registered pattern must hold, or None when it is not known."""
    compiled = getattr(pattern, "compiled_re", None)
    if compiled is None:
        return None
    return NEEDED_TEXT.get((name, compiled.pattern))


def registered_patterns(registry: Any) -> list[tuple[str, Any]]:
    """(name, pattern) of Markdown's inline patterns, in the order Markdown tries them."""
    patterns = list(registry)  # iterating sorts the registry by priority
    return list(zip((item.name for item in registry._priority), patterns, strict=True))


@functools.lru_cache(maxsize=64)
def _any_of(needed: frozenset[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(text) for text in sorted(needed)))


def match_possible_checks(patterns: list[tuple[str, Any]]) -> list[re.Pattern | None]:
    """For each index i, a search that finds nothing only in a text none of patterns[i:] can match.

    None at i (and before) when a pattern from i on is not known: such texts are tried in full.
    """
    checks: list[re.Pattern | None] = [None] * (len(patterns) + 1)
    needed: set[str] = set()
    for index in range(len(patterns) - 1, -1, -1):
        found = needed_text(*patterns[index])
        if found is None:
            break
        needed.update(found)
        checks[index] = _any_of(frozenset(needed))
    return checks


class QuickInlineProcessor(InlineProcessor):
    """Markdown's inline processor, which returns at once a text no pattern left can match."""

    # Until run() has looked at the patterns: none skipped.
    checks: list[re.Pattern | None] = []
    # The patterns the checks were made for, compared by identity with the registry's.
    checked: list[tuple[str, Any]] = []

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        patterns = registered_patterns(self.inlinePatterns)
        if patterns != self.checked:  # the same file after file (patterns compare by identity)
            self.checks, self.checked = match_possible_checks(patterns), patterns
        return super().run(tree, ancestors)

    # The base class's private method (name-mangled): every text of the tree goes through it.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        check = self.checks[patternIndex] if patternIndex < len(self.checks) else None
        if check is not None and check.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


class QuickInlineExtension(Extension):
    """Puts QuickInlineProcessor in the place of Markdown's inline processor."""

    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)
