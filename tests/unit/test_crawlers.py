"""sitemap.xml: a well-formed urlset, laid out as ElementTree lays it out, with escaped URLs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from crawlers import SITEMAP_NS, sitemap_xml

SITE = "https://ldld.example.vn/tin"


def element_tree_sitemap(entries):
    """The same urlset made node by node with ElementTree (how the plugin first wrote it)."""
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for url, lastmod in entries:
        node = ET.SubElement(urlset, "url")
        ET.SubElement(node, "loc").text = f"{SITE}/{url}"
        if lastmod:
            ET.SubElement(node, "lastmod").text = lastmod
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


@pytest.mark.parametrize(
    "entries",
    [
        [],
        [("", "2025-03-01T08:00:00+07:00")],
        [
            ("", "2025-03-01T08:00:00+07:00"),
            ("gioi-thieu/", None),
            ("2025/03/01/hoi-nghi/", "2025-03-01T08:00:00+07:00"),
            ("tim-kiem/?q=a&b=<c>", "2025-03-02T09:30:00+07:00"),
        ],
    ],
)
def test_sitemap_is_the_element_tree_layout(entries):
    assert sitemap_xml(SITE, entries) == element_tree_sitemap(entries)


def test_sitemap_parses_and_lists_every_entry():
    data = sitemap_xml(SITE, [("", "2025-03-01T08:00:00+07:00"), ("a&b/", None)])
    root = ET.fromstring(data)
    urls = root.findall(f"{{{SITEMAP_NS}}}url")
    assert [node.findtext(f"{{{SITEMAP_NS}}}loc") for node in urls] == [f"{SITE}/", f"{SITE}/a&b/"]
    assert urls[1].find(f"{{{SITEMAP_NS}}}lastmod") is None
