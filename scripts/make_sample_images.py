"""Draw the sample site's photos (content/images/mau/) deterministically with Pillow.

    .venv/bin/python scripts/make_sample_images.py

Simple scenes (sky, stage, rows of seats, a banner) in each photo's colours, small
JPEGs (under 100 KB) so the sample site shows figures, lead images and thumbnails.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

TARGET = Path(__file__).resolve().parent.parent / "content" / "images" / "mau"
SIZE = (1600, 1067)
# name: (backdrop, banner, seats)
SCENES = {
    "hoi-nghi-tong-ket.jpg": ((32, 78, 140), (200, 30, 40), (70, 70, 80)),
    "trao-thuong.jpg": ((120, 20, 30), (230, 180, 40), (90, 40, 40)),
    "tet-sum-vay.jpg": ((190, 40, 40), (250, 210, 60), (120, 60, 30)),
    "cong-nhan-nha-may.jpg": ((40, 110, 90), (240, 240, 240), (60, 80, 90)),
}


def scene(backdrop: tuple, banner: tuple, seats: tuple) -> Image.Image:
    """A hall: gradient backdrop, a banner across the stage, rows of seats."""
    width, height = SIZE
    shade = Image.linear_gradient("L").resize(SIZE)
    image = Image.composite(Image.new("RGB", SIZE, backdrop), Image.new("RGB", SIZE, (15, 15, 25)), shade)
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 8, height // 8, width * 7 // 8, height // 4), fill=banner)
    draw.rectangle((0, height * 3 // 5, width, height), fill=(50, 40, 35))
    for row in range(5):
        top = height * 3 // 5 + 20 + row * 80
        for seat in range(12):
            left = 40 + seat * 130 + (row % 2) * 40
            draw.rounded_rectangle((left, top, left + 90, top + 55), radius=12, fill=seats)
    draw.ellipse((width // 2 - 60, height // 3, width // 2 + 60, height // 3 + 120), fill=(240, 200, 170))
    return image


def main() -> int:
    """Write every sample photo; print their sizes."""
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, colours in SCENES.items():
        path = TARGET / name
        scene(*colours).save(path, quality=70, optimize=True, progressive=True)
        print(f"{path.relative_to(TARGET.parent.parent.parent)}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
