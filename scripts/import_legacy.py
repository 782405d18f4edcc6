"""Import an old portal's articles (saved HTML pages, text extracts) as Markdown.

    .venv/bin/python scripts/import_legacy.py SOURCE... --out DIR [--category NAME] [--force]
        [--settings pelicanconf.py]

Each article becomes DIR/YYYY-MM-DD-slug.md with Pelican metadata; local images of saved
pages are copied to DIR/<slug>/. DIR/import-report.json and the printed summary list the
fields found, their confidence and the warnings. Re-running writes nothing new; a file
an editor changed since the import is only overwritten with --force.
Categories follow the site's settings (CATEGORIES): a page's own category becomes the
closest known one, else --category, else DEFAULT_CATEGORY. A document the build would
refuse (no number, ...) is written as a draft. Every such change is a warning in the report.
Exit status: 0 when every source was imported, 1 when some could not be, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from legacy_import.importer import SourceError, import_sources
from legacy_import.report import REPORT_NAME, summary
from legacy_import.site_rules import DEFAULT_SETTINGS, SettingsError, SiteRules, rules_from_settings
from sitebuild import load_settings


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description="Chuyển bài từ cổng thông tin cũ sang Markdown.")
    parser.add_argument("sources", nargs="+", type=Path, help="tệp .html/.htm/.txt hoặc thư mục chứa chúng")
    parser.add_argument("--out", required=True, type=Path, help="thư mục ghi bài (ví dụ content/tin-cu)")
    parser.add_argument(
        "--category",
        default="",
        help="chuyên mục cho bài không nhận ra chuyên mục (mặc định: DEFAULT_CATEGORY của trang)",
    )
    parser.add_argument("--force", action="store_true", help="ghi đè cả tệp đã được sửa sau lần nhập trước")
    parser.add_argument(
        "--settings",
        default=DEFAULT_SETTINGS,
        type=Path,
        help="tệp cấu hình của trang (mặc định: pelicanconf.py)",
    )
    return parser.parse_args(argv)


def site_rules(settings_file: Path) -> SiteRules:
    """The site's categories and document rules from its settings file."""
    if not settings_file.is_file():
        raise SettingsError(f"{settings_file}: không có tệp cấu hình này; hãy kiểm tra --settings.")
    return rules_from_settings(load_settings(settings_file))


def main(argv: list[str] | None = None) -> int:
    """Run the import, print the summary, return the exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        rules = site_rules(args.settings)
        reports = import_sources(args.sources, args.out, rules, args.category, args.force)
    except (SourceError, SettingsError) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    print(summary(reports))
    print(f"Báo cáo chi tiết: {args.out / REPORT_NAME}")
    failed = [report for report in reports if report.status in ("failed", "skipped")]
    return 1 if failed or not reports else 0


if __name__ == "__main__":
    sys.exit(main())
