"""Pure functions of the hosting plugin: alias parsing, redirect rules, one header table for three hosts."""

from __future__ import annotations

import pytest

from hosting.aliases import Alias, htaccess_rule, parse_aliases, redirect_page
from hosting.rules import CACHE_RULES, SECURITY_HEADERS, htaccess, netlify_headers, nginx_snippet


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/tin-tuc/123/a.html", [("tin-tuc/123/a.html", "", "tin-tuc/123/a.html")]),
        ("/tin-cu/45/", [("tin-cu/45/", "", "tin-cu/45/index.html")]),
        ("/index.php?option=com_content&id=7", [("index.php", "option=com_content&id=7", "index.php")]),
        (" /a.html ; ; /b.html ", [("a.html", "", "a.html"), ("b.html", "", "b.html")]),
        ("", []),
    ],
)
def test_parse_aliases(value, expected):
    found = parse_aliases(value, "2019/11/21/bai/")
    assert [(a.path, a.query, a.save_as) for a in found] == expected


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("tin-tuc/123/a.html", "../../2019/11/21/bai/"),
        ("a.html", "2019/11/21/bai/"),
        ("tin-cu/45/", "../../2019/11/21/bai/"),
    ],
)
def test_redirect_page_links_relative_to_where_it_is(path, link):
    page = redirect_page(Alias(path, "", "2019/11/21/bai/"), "https://x.vn/2019/11/21/bai/", "Bài <1>")
    assert f'content="0; url={link}"' in page and f'<a href="{link}">Bài &lt;1&gt;</a>' in page
    assert "<script" not in page and "style=" not in page


def test_htaccess_rule_for_a_query_string_alias_matches_it_exactly_and_drops_it():
    rule = htaccess_rule(Alias("index.php", "id=7&x=1", "2019/bai/"), "/cong-doan")
    assert rule == [
        '  RewriteCond "%{QUERY_STRING}" "^id=7\\&x=1$"',
        '  RewriteRule "^index\\.php$" "/cong-doan/2019/bai/" [R=301,L,QSD]',
    ]


@pytest.mark.parametrize("render", [lambda: htaccess("", []), netlify_headers, nginx_snippet])
def test_every_host_file_has_every_header_and_cache_rule(render):
    text = render()
    for name, value in SECURITY_HEADERS.items():
        assert name in text and value in text
    for _, cache in CACHE_RULES:
        assert cache in text
