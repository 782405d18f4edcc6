"""Check every content file and list every problem, in Vietnamese, with file and line.

    .venv/bin/python scripts/check_content.py [--settings pelicanconf.py] [--fix]

Runs exactly the checks of the build (content_guard: the reader, duplicate slugs and
the checks table) and writes nothing. Errors exit 1; warnings alone exit 0.
`--fix` (`make check FIX=1`) first rewrites decomposed (NFD) text as NFC.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile

from pelican import Pelican
from pelican.log import init as init_logging

from content_guard.checks import fix_nfc
from content_guard.problems import ContentChecked, ContentProblem, errors_only
from content_guard.source import find_sources
from sitebuild import load_settings


def collect_problems(settings: dict) -> list[ContentProblem]:
    """Read the whole site as the build does and return every problem found."""
    with tempfile.TemporaryDirectory(prefix=".check-") as scratch:
        guard = {**(settings.get("CONTENT_GUARD") or {}), "CHECK_ONLY": True}
        pelican = Pelican({**settings, "OUTPUT_PATH": scratch, "CONTENT_GUARD": guard})
        try:
            pelican.run()
        except ContentChecked as checked:
            return checked.problems
    raise RuntimeError("content_guard không chạy: hãy kiểm tra PLUGINS trong pelicanconf.py.")


def fix_decomposed(settings: dict) -> list[str]:
    """Rewrite NFD files as NFC; return the paths changed."""
    return [path for path in find_sources(settings) if fix_nfc(path)]


def report(problems: list[ContentProblem], count: int) -> str:
    """The Vietnamese summary an editor reads."""
    errors = len(errors_only(problems))
    warnings = len(problems) - errors
    lines = [f"  {problem}" for problem in problems]
    if not problems:
        return f"Đã kiểm tra {count} tệp: không có lỗi."
    head = f"Đã kiểm tra {count} tệp: {errors} lỗi, {warnings} cảnh báo."
    tail = (
        "Hãy sửa các lỗi trên rồi chạy lại `make check`." if errors else "Không có lỗi; nên xem các cảnh báo."
    )
    return "\n".join([head, *lines, tail])


def main(argv: list[str] | None = None) -> int:
    """Command line: print every problem; exit 1 when there is an error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--fix", action="store_true", help="rewrite NFD text as NFC first")
    args = parser.parse_args(argv)
    init_logging(level=logging.ERROR)
    settings = load_settings(args.settings)
    if args.fix:
        for path in fix_decomposed(settings):
            print(f"Đã chuyển sang NFC: {path}")
    problems = collect_problems(settings)
    print(report(problems, len(find_sources(settings))))
    return 1 if errors_only(problems) else 0


if __name__ == "__main__":
    sys.exit(main())
