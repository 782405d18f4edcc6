"""Benchmark search on a large site: index size, and the bytes one query transfers.

    .venv/bin/python scripts/bench_search.py [--articles 10000] [--query "cong doan"]

Writes a deterministic corpus of article pages (Vietnamese text, 400-900 words, the markup the
article template gives Pagefind: data-pagefind-body and data-search-*), indexes it with the
search plugin's own code, then opens /tim-kiem/?q=... in Chromium with the site's search.js and
sums the bytes of every response the query needs. Budget (DESIGN §7): at most 300 KB a query.
"""

from __future__ import annotations

import argparse
import gzip
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "plugins"), str(ROOT / "tests")]

from bench_corpus import ACTIONS, DETAILS, PLACES, SUBJECTS  # noqa: E402
from bench_corpus import SITE_CATEGORIES as CATEGORIES  # noqa: E402
from search import index_site  # noqa: E402


def article_html(number: int, rng: random.Random) -> tuple[str, str]:
    """One article page as the theme writes it (the parts search reads), and its URL path."""
    category = CATEGORIES[number % len(CATEGORIES)]
    year, month, day = 2010 + number % 15, 1 + number % 12, 1 + number % 28
    title = f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} tại {rng.choice(PLACES)}"
    paragraphs, words = [], 0
    target = rng.randint(400, 900)
    while words < target:
        sentences = [rng.choice(DETAILS) for _ in range(rng.randint(3, 6))]
        sentences.insert(0, f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} ở {rng.choice(PLACES)}.")
        paragraph = " ".join(sentences)
        words += len(paragraph.split())
        paragraphs.append(f"<p>{paragraph}</p>")
    iso = f"{year}-{month:02d}-{day:02d}T08:00:00+07:00"
    page = (
        f'<!doctype html><html lang="vi"><head><title>{title}</title></head><body><main>'
        f'<article class="article" data-pagefind-body data-search-category="{category}" '
        f'data-search-year="{year}" data-search-date="{iso}"><header><h1>{title}</h1>'
        f'<p class="dateline"><time datetime="{iso}">{day}/{month}/{year}</time></p></header>'
        f'<div class="article__body">{"".join(paragraphs)}</div></article></main></body></html>'
    )
    return page, f"{year}/{month:02d}/{day:02d}/bai-{number}/index.html"


def write_corpus(output: Path, count: int) -> int:
    """Write `count` article pages (same seed, same bytes) and the search page; return HTML bytes."""
    rng = random.Random(8)
    total = 0
    for number in range(count):
        html, path = article_html(number, rng)
        target = output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        total += target.write_text(html, encoding="utf-8")
    search = output / "tim-kiem" / "index.html"
    search.parent.mkdir(parents=True)
    search.write_text(
        '<!doctype html><html lang="vi"><head><title>Tìm kiếm</title></head><body><main>'
        '<form action="./" method="get" role="search"><label for="q">Tìm kiếm</label>'
        '<input id="q" name="q" type="search"><button>Tìm</button></form>'
        '<div data-module="search" data-input="q" data-root="../" data-bundle="../pagefind/"></div>'
        '<script type="module" src="../theme/js/search.js"></script></main></body></html>',
        encoding="utf-8",
    )
    # The whole folder: search.js imports its helpers (dom.js) from beside it.
    shutil.copytree(ROOT / "theme" / "static" / "js", output / "theme" / "js")
    return total


def bundle_size(bundle: Path) -> tuple[int, int]:
    """Files and bytes of the Pagefind bundle."""
    files = [path for path in bundle.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def query_transfer(output: Path, query: str) -> tuple[int, int, dict[str, int]]:
    """Load /tim-kiem/?q=query in Chromium; return results shown, bytes transferred, bytes by kind."""
    from playwright.sync_api import sync_playwright

    from browsing import CHROMIUM, CHROMIUM_ARGS
    from serving import SEARCH_CSP, serve_site

    sizes: dict[str, int] = {}
    csp = {"Content-Security-Policy": SEARCH_CSP}
    with (
        tempfile.TemporaryDirectory() as host,
        sync_playwright() as playwright,
        serve_site(output, Path(host), headers=csp) as url,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("requestfinished", lambda request: record(request, sizes))
        page.goto(url + "tim-kiem/?q=" + query)
        page.get_by_role("status").filter(has_text="kết quả").wait_for(timeout=60000)
        shown = page.locator(".search-result").count()
        browser.close()
    return shown, sum(value for kind, value in sizes.items() if "gzipped" not in kind), sizes


def record(request, sizes: dict[str, int]) -> None:
    """Add a finished search response's size under its kind; JS and JSON also gzipped.

    Pagefind's own files (pf_*, the WebAssembly) are stored gzipped; JS and JSON are text a
    host compresses (nginx gzip, GitHub Pages, most shared hosts), so both sizes are kept.
    """
    response = request.response()
    name = request.url.split("?")[0].rsplit("/", 1)[-1]
    if response is None or not ("/pagefind/" in request.url or "/theme/js/" in request.url):
        return
    body = response.body()
    kind = name.rsplit(".", 1)[-1]
    sizes[kind] = sizes.get(kind, 0) + len(body)
    if kind in ("js", "json"):
        sizes[kind + " gzipped"] = sizes.get(kind + " gzipped", 0) + len(gzip.compress(body))


def report_query(output: Path, query: str) -> None:
    """Print what one query transfers, as stored and with JS gzipped, against the budget."""
    shown, transferred, sizes = query_transfer(output, query)
    parts = ", ".join(f"{kind} {value / 1000:.0f} KB" for kind, value in sorted(sizes.items()))
    compressed = transferred - sum(sizes.get(k, 0) - sizes.get(k + " gzipped", 0) for k in ("js", "json"))
    print(f"query «{query}»: {shown} results shown; {parts}")
    print(f"  {transferred / 1000:.0f} KB as stored, {compressed / 1000:.0f} KB with JS gzipped", end=" ")
    print("(budget 300 KB:", "OK)" if compressed <= 300_000 else "OVER)", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Build the corpus, index it, measure one query; print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    # The most common words of a union portal (the worst case), a rarer phrase, a number.
    parser.add_argument("--query", nargs="+", default=["cong doan", "Mái ấm", "thoa uoc lao dong"])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "output"
        started = time.monotonic()
        html_bytes = write_corpus(output, args.articles)
        written = time.monotonic()
        index_site(output, {"THEME_STATIC_DIR": "theme"})
        indexed = time.monotonic()
        files, size = bundle_size(output / "pagefind")
        print(f"corpus: {args.articles} articles, {html_bytes / 1e6:.1f} MB HTML, {written - started:.1f} s")
        print(f"index: {files} files, {size / 1e6:.1f} MB, built in {indexed - written:.1f} s", flush=True)
        for query in args.query:
            report_query(output, query)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
