"""Benchmark the legacy import: pages imported per second over generated saved pages.

    .venv/bin/python scripts/bench_import.py [--pages 3000] [--folder .bench/import]

Generates varied saved pages (date forms, boilerplate, lists, tables, captions) into a
git-ignored folder, imports them into a fresh output folder, then imports again (which
must write nothing) and prints both speeds. A benchmark, not a test: nothing fails on time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from legacy_import.importer import import_sources
from legacy_import.site_rules import DEFAULT_SETTINGS, rules_from_settings
from sitebuild import load_settings
from vietnamese.text import format_date

ROOT = Path(__file__).resolve().parent.parent
TOPICS = ("Hội nghị tổng kết", "Tập huấn cán bộ", "Trao học bổng", "Đại hội công đoàn cơ sở", "Tết sum vầy")
PLACES = ("Khu công nghiệp Tân Hòa", "huyện Phú An", "thành phố", "ngành Giáo dục", "ngành Y tế")
# Date lines in the forms portals print, filled per page.
DATE_LINES = (
    lambda d: format_date(d, "dateline"),
    lambda d: f"Cập nhật lúc {d:%H:%M - %d/%m/%Y} (GMT +07:00)",
    lambda d: f"{d:%d/%m/%Y %H:%M}",
    lambda d: f"{d:%d-%m-%Y}",
)


def generated_page(number: int) -> str:
    """One saved page, different in title, date form, length and extras."""
    moment = datetime(2010, 1, 1, 8, 0) + timedelta(days=number % 4000, minutes=number % 600)
    topic, place = TOPICS[number % len(TOPICS)], PLACES[number // 7 % len(PLACES)]
    title = f"{topic} {place} số {number}"
    paragraphs = "".join(
        f"<p>Đoạn {i}: {topic} tại {place} thu hút đông đảo đoàn viên, người lao động tham gia hưởng ứng.</p>"
        for i in range(3 + number % 8)
    )
    extras = "<ul><li>Một</li><li>Hai</li></ul>" if number % 3 == 0 else ""
    extras += (
        "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>" if number % 5 == 0 else ""
    )
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title><script>x()</script></head><body>"
        "<ul class='menu'><li><a href='/'>Trang chủ</a></li><li><a href='/t'>Tin tức</a></li></ul>"
        f"<div class='detail'><h1>{title}</h1><div>{DATE_LINES[number % len(DATE_LINES)](moment)}</div>"
        f"<div>Cỡ chữ: A A A</div>{paragraphs}{extras}<p><em>Quang cảnh. Ảnh: Huy Dương</em></p>"
        "<p>Thu Hoài</p><p>Lượt xem: 12</p></div><div class='footer'>Design by X</div></body></html>"
    )


def generate(folder: Path, pages: int) -> None:
    """Write the pages (kept between runs when the count matches)."""
    if folder.is_dir() and len(list(folder.glob("*.html"))) == pages:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number in range(pages):
        (folder / f"trang-{number:05d}.html").write_text(generated_page(number), encoding="utf-8")


def timed_import(sources: Path, out: Path) -> tuple[float, float, dict[str, int]]:
    """Wall and CPU seconds for one import run and how many sources ended in each status."""
    start, cpu_start = time.perf_counter(), time.process_time()
    reports = import_sources([sources], out, rules_from_settings(load_settings(DEFAULT_SETTINGS)))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    statuses: dict[str, int] = {}
    for report in reports:
        statuses[report.status] = statuses.get(report.status, 0) + 1
    return seconds, cpu, statuses


def main(argv: list[str] | None = None) -> int:
    """Generate, import twice, print pages per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--folder", type=Path, default=ROOT / ".bench" / "import")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    sources, out = args.folder / "pages", args.folder / "out"
    generate(sources, args.pages)
    shutil.rmtree(out, ignore_errors=True)
    # CPU time too: on a shared machine the wall clock also measures the neighbours.
    for label in ("first import", "re-import"):
        seconds, cpu, counts = timed_import(sources, out)
        print(
            f"{label:13} {args.pages} pages in {seconds:.1f} s = {args.pages / seconds:.0f} pages/s "
            f"({args.pages / cpu:.0f} pages per CPU second) {counts}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
