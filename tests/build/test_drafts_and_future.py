"""Drafts and future-dated articles stay off the site; a date already past is published."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

from conftest import FIXTURE_CONTENT, build_site
from vietnamese.text import VIETNAM_TZ

ARTICLE = "Title: {title}\nDate: {date:%Y-%m-%d %H:%M}\nCategory: Tin tức - Sự kiện\n\nNội dung.\n"


def test_future_article_waits_for_its_date_and_drafts_never_appear(tmp_path):
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    now = datetime.now(VIETNAM_TZ).replace(tzinfo=None)
    future, past = now + timedelta(days=2), now - timedelta(hours=1)
    (content / "tin-tuc" / "hen-gio.md").write_text(
        ARTICLE.format(title="Bài hẹn giờ tương lai", date=future), encoding="utf-8"
    )
    (content / "tin-tuc" / "vua-dang.md").write_text(
        ARTICLE.format(title="Bài vừa đến giờ đăng", date=past), encoding="utf-8"
    )
    output = build_site(content, tmp_path / "output")
    pages = "\n".join(p.read_text(encoding="utf-8") for p in output.rglob("*.html"))
    feeds = "\n".join(p.read_text(encoding="utf-8") for p in output.rglob("*.xml"))
    assert "Bài vừa đến giờ đăng" in pages and "Bài vừa đến giờ đăng" in feeds
    assert (output / f"{past:%Y/%m/%d}" / "vua-dang" / "index.html").is_file()
    for hidden in ("Bài hẹn giờ tương lai", "Bản nháp chưa đăng"):
        assert hidden not in pages and hidden not in feeds
    assert not (output / f"{future:%Y/%m/%d}" / "hen-gio").exists()
    assert not (output / "ban-nhap").exists()
