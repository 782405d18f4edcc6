"""Benchmark the image pipeline: N camera-sized photos, first build and second build.

    .venv/bin/python scripts/bench_images.py [--photos 300] [--size 4000x3000] [--workers 0]

Generates the photos with Pillow (noise over a gradient, so they compress like real
photos, with GPS EXIF) into the git-ignored `.bench/images/`, one article per 10 photos,
then builds the site twice with the project's settings. The first build processes
every photo; the second must find them all in the cache. Prints both times.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "plugins")]

from sitebuild import build, load_settings  # noqa: E402

BENCH = ROOT / ".bench" / "images"
ARTICLE = "Title: Ảnh thử {number}\nDate: 2020-01-{day:02d} 08:00\nImage: {lead}\n\n{figures}\n"


def make_photo(path: Path, size: tuple[int, int], seed: int) -> None:
    """One photo-like JPEG: a gradient with noise, GPS EXIF, orientation 1."""
    noise = Image.effect_noise((size[0] // 4, size[1] // 4), 40 + seed % 20).resize(size)
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", (noise, gradient, Image.blend(noise, gradient, 0.5)))
    exif = image.getexif()
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, float(seed % 60))}
    image.save(path, quality=88, exif=exif)


def make_content(content: Path, photos: int, size: tuple[int, int]) -> None:
    """Photos under content/images/bench/ and articles that show them (reused when present)."""
    images = content / "images" / "bench"
    images.mkdir(parents=True, exist_ok=True)
    for number in range(photos):
        path = images / f"anh-{number:04d}.jpg"
        if not path.exists():
            make_photo(path, size, number)
    articles = content / "bai"
    shutil.rmtree(articles, ignore_errors=True)
    articles.mkdir()
    for start in range(0, photos, 10):
        names = [f"images/bench/anh-{n:04d}.jpg" for n in range(start, min(start + 10, photos))]
        figures = "\n\n".join(f'![Ảnh {name}]({name} "Chú thích | Ảnh: Thử")' for name in names)
        text = ARTICLE.format(number=start, day=start // 10 % 28 + 1, lead=names[0], figures=figures)
        (articles / f"anh-{start:04d}.md").write_text(text, encoding="utf-8")


def timed_build(content: Path, output: Path, workers: int) -> tuple[float, int]:
    """Seconds for one build, and how many images it processed."""
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(output), "IMAGES": {"WORKERS": workers}}
    settings = load_settings(ROOT / "pelicanconf.py", overrides)
    started = time.monotonic()
    pelican = build(settings)
    return time.monotonic() - started, pelican.settings["IMAGE_CATALOG"].rendered


def main(argv: list[str] | None = None) -> int:
    """Generate, build twice from an empty cache, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=300)
    parser.add_argument("--size", default="4000x3000")
    parser.add_argument("--workers", type=int, default=0, help="0: one per CPU core")
    args = parser.parse_args(argv)
    size = tuple(int(part) for part in args.size.split("x"))
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("images").setLevel(logging.INFO)
    content = BENCH / "content"
    started = time.monotonic()
    make_content(content, args.photos, size)
    print(f"{args.photos} ảnh {args.size}: tạo ảnh mẫu {time.monotonic() - started:.1f} giây")
    shutil.rmtree(BENCH / "cache", ignore_errors=True)
    first, rendered = timed_build(content, BENCH / "output", args.workers)
    print(f"lần 1 (chưa có cache): {first:.1f} giây, xử lý {rendered} ảnh")
    second, rendered = timed_build(content, BENCH / "output", args.workers)
    print(f"lần 2 (ảnh không đổi): {second:.1f} giây, xử lý {rendered} ảnh")
    return 0


if __name__ == "__main__":
    sys.exit(main())
