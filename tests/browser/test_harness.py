"""The browser harness itself: the served sample site passes the strict CSP and axe-core."""

from __future__ import annotations

import pytest

from browsing import axe_violations


def test_article_page_loads_under_the_strict_csp_with_nothing_from_other_hosts(reader, site_url):
    page, watch = reader
    page.goto(site_url + "2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/")
    assert page.locator("h1").inner_text().startswith("Liên đoàn Lao động tỉnh")
    assert watch.csp_violations == []
    assert watch.foreign_requests == []
    assert watch.console_errors == []


@pytest.mark.parametrize("path", ["", "2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/"])
def test_axe_finds_no_violation(reader, site_url, path):
    page, _ = reader
    page.goto(site_url + path)
    assert axe_violations(page) == []
