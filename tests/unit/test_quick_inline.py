"""Markdown's inline patterns skipped on plain text: the same HTML as Markdown's own processor."""

from __future__ import annotations

import re

import markdown
import pytest
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.treeprocessors import InlineProcessor
from performance.quick_inline import QuickInlineExtension, match_possible_checks, registered_patterns

from conftest import ROOT
from sitebuild import load_settings

# Every inline syntax Markdown and the extensions the site uses know, each in a paragraph of
# its own and beside plain Vietnamese prose, and in the blocks that hold inline text
# (headings, lists, tables, definitions, footnotes, quotes, HTML blocks with markdown="1").
EXAMPLES = [
    "Công đoàn cơ sở trao 1.252 suất quà, mỗi suất 500.000 đồng (28/7).",
    "Dòng đầu, hai dấu cách ở cuối  \nDòng sau của cùng đoạn.",
    "Một dòng\nnối tiếp không ngắt.",
    "Chữ *nghiêng*, **đậm**, ***cả hai***, _gạch dưới_, __đậm__ và snake_case_name.",
    "Dấu * giữa câu * và 2 * 3 = 6.",
    "Mã `lệnh` và ``mã có ` bên trong`` và \\`không phải mã\\`.",
    "Thoát \\*dấu sao\\* và \\[ngoặc\\] và \\\\ gạch.",
    '[Liên kết](https://example.org/a "tiêu đề"), [tham chiếu][ref], [ref] và ![ảnh](a.jpg).',
    "![Ảnh tham chiếu][ref] và ![ref].\n\n[ref]: https://example.org/r",
    "<https://congdoan.vn/tin> và <lienhe@congdoan.vn>.",
    'Thẻ <span class="x">trong dòng</span>, <br> và <!-- chú thích -->.',
    "Thực thể &amp; &copy; &#8212; &#x2014; và & đứng một mình.",
    "Chú thích[^1] ở đây.\n\n[^1]: Theo Quyết định **số 12**.",
    "Công đoàn (CĐ) và CĐCS.\n\n*[CĐ]: Công đoàn\n*[CĐCS]: Công đoàn cơ sở",
    "## Tiêu đề có *nhấn mạnh* {: #rieng }\n\nĐoạn văn thường.",
    "- mục *một*\n- mục [hai](b.html)\n    - mục con `ba`",
    "| Cột | Số |\n| --- | ---: |\n| *a* | 1 |\n| b | [2](c.html) |",
    "Thuật ngữ\n:   Định nghĩa có **đậm**.",
    "> Trích dẫn có _nhấn_ và <em>thẻ</em>.",
    '<div markdown="1">\nTrong khối HTML *vẫn là Markdown*.\n</div>',
    "```\nmã *không* nhấn [a](b)\n```",
    "Đoạn văn {: .lead }",
    "Góc < và > rời, a<b, 3 > 2 và email ở@giữa câu.",
]


@pytest.fixture(scope="module")
def markdown_config() -> dict:
    """The site's Markdown settings (pelicanconf.py)."""
    return load_settings(ROOT / "pelicanconf.py")["MARKDOWN"]


def converted(config: dict, texts: list[str], quick: bool) -> list[str]:
    """Each text converted by one Markdown, reset between texts, with or without the shortcut."""
    extensions = [*config.get("extensions", []), *config["extension_configs"]]
    if quick:
        extensions.append(QuickInlineExtension())
    md = markdown.Markdown(
        extensions=extensions,
        extension_configs=config["extension_configs"],
        output_format=config["output_format"],
    )
    results = []
    for text in texts:
        md.reset()
        results.append(md.convert(text))
    return results


def test_each_inline_syntax_gives_the_same_html(markdown_config):
    plain = converted(markdown_config, EXAMPLES, quick=False)
    assert converted(markdown_config, EXAMPLES, quick=True) == plain
    # The examples do hold what they are meant to: the comparison would catch a pattern skipped.
    joined = "\n".join(plain)
    for made in ("<br>", "<em>", "<strong>", "<code>", "<a href", "<img", "<abbr", "footnote", "&amp;"):
        assert made in joined, made


def test_the_sample_sites_articles_give_the_same_html(markdown_config):
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "content").rglob("*.md"))]
    assert len(texts) > 20
    assert converted(markdown_config, texts, quick=True) == converted(markdown_config, texts, quick=False)


def test_plain_prose_is_not_searched_by_any_pattern(markdown_config, monkeypatch):
    tried = []
    apply_pattern = InlineProcessor._InlineProcessor__applyPattern

    def counting(self, *args, **kwargs):
        tried.append(args[0])
        return apply_pattern(self, *args, **kwargs)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__applyPattern", counting)
    prose = [EXAMPLES[0] + "\n\n## Kết quả đạt được\n\n- Trao 20 suất quà.\n- Thăm 12 gia đình."]
    converted(markdown_config, prose, quick=True)
    assert tried == []
    converted(markdown_config, prose, quick=False)
    assert len(tried) > 15  # each of Markdown's patterns, on each of the four texts


def test_every_pattern_of_the_pinned_markdown_is_known(markdown_config):
    """A Markdown that changes a pattern's expression would turn the shortcut off: this says so."""
    md = markdown.Markdown(extensions=list(markdown_config["extension_configs"]))
    checks = match_possible_checks(registered_patterns(md.inlinePatterns))
    assert checks[0] is not None, "quick_inline.NEEDED_TEXT no longer matches Markdown's patterns"


class Highlight(markdown.extensions.Extension):
    """Another extension's pattern, which the shortcut knows nothing about: ==text== → <mark>."""

    def extendMarkdown(self, md):  # noqa: N802
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"()==(.+?)==", "mark"), "mark", 65)


def test_a_pattern_it_does_not_know_is_still_tried(markdown_config):
    config = {**markdown_config, "extensions": [Highlight()]}
    texts = ["Ngày ==28/7== năm 1929.", "Có ==đánh dấu== và *nhấn*."]
    quick = converted(config, texts, quick=True)
    assert quick == converted(config, texts, quick=False)
    assert all(re.search(r"<mark>[^<]+</mark>", html) for html in quick)


def test_a_pattern_registered_between_two_files_is_tried_in_the_second(markdown_config):
    md = markdown.Markdown(extensions=[*markdown_config["extension_configs"], QuickInlineExtension()])
    assert "<mark>" not in md.convert("Ngày ==28/7== năm 1929.")
    Highlight().extendMarkdown(md)
    md.reset()
    assert "<mark>28/7</mark>" in md.convert("Ngày ==28/7== năm 1929.")
