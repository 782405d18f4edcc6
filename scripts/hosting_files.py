"""Write deploy/nginx.conf from the hosting plugin's header table (--check: fail if it is stale).

.venv/bin/python scripts/hosting_files.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
from hosting.rules import nginx_snippet  # noqa: E402

NGINX_SNIPPET = ROOT / "deploy" / "nginx.conf"


def main(argv: list[str] | None = None) -> int:
    """Write the snippet, or with --check say whether it matches the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    wanted = nginx_snippet()
    if args.check:
        if NGINX_SNIPPET.read_text(encoding="utf-8") != wanted:
            print("deploy/nginx.conf đã cũ: hãy chạy 'make hosting-files'.", file=sys.stderr)
            return 1
        return 0
    NGINX_SNIPPET.parent.mkdir(exist_ok=True)
    NGINX_SNIPPET.write_text(wanted, encoding="utf-8")
    print(f"Đã ghi {NGINX_SNIPPET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
