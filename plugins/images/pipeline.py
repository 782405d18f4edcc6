"""Pillow work for one image: check it, normalise it, write its derivatives to a folder.

Runs in worker processes, so everything here is a pure function of its arguments
(a source path, a target folder and a plain `Recipe`); nothing reads Pelican settings.
Every file written is oriented (EXIF rotation applied), in sRGB, and carries no
EXIF, XMP or ICC data, so no GPS position or camera owner is ever published.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from vietnamese.text import format_number, format_size

MANIFEST = "manifest.json"
# Formats we read, and the fallback format their derivatives keep next to WebP.
FALLBACK_FORMAT = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "GIF": "png", "WEBP": "jpeg"}
EXTENSION = {"jpeg": "jpg", "png": "png", "webp": "webp"}
MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
ORIGINAL_FORMAT = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp"}
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Recipe:
    """What to make of every image; part of the cache key."""

    widths: tuple[int, ...]
    thumb_ratio: tuple[int, int]
    thumb_widths: tuple[int, ...]
    og_size: tuple[int, int]
    webp_quality: int
    jpeg_quality: int
    original_quality: int
    max_pixels: int
    max_bytes: int

    def fingerprint(self) -> str:
        """Stable text of the recipe, for the cache key."""
        return json.dumps({"pipeline": 4, **asdict(self)}, sort_keys=True)


class ImageProblem(ValueError):
    """An image that cannot be published; the message is Vietnamese and says what to do."""


def planned_widths(source_width: int, widths: tuple[int, ...]) -> list[int]:
    """Target widths, never wider than the source; the source width stands in for larger ones."""
    chosen = {w for w in widths if w < source_width}
    chosen.add(min(source_width, max(widths)))
    return sorted(chosen)


def crop_box(size: tuple[int, int], ratio: tuple[int, int]) -> tuple[int, int, int, int]:
    """The largest centred box of the given ratio inside an image of `size`."""
    width, height = size
    target_w = min(width, height * ratio[0] // ratio[1])
    target_h = min(height, width * ratio[1] // ratio[0])
    left, top = (width - target_w) // 2, (height - target_h) // 2
    return (left, top, left + target_w, top + target_h)


def scaled_height(size: tuple[int, int], width: int) -> int:
    """Height that keeps the aspect ratio at `width` (at least 1 pixel)."""
    return max(1, round(size[1] * width / size[0]))


def check_file(path: Path, recipe: Recipe) -> None:
    """Refuse files above the size limit before reading them."""
    size = path.stat().st_size
    if size > recipe.max_bytes:
        raise ImageProblem(
            f"tệp ảnh nặng {format_size(size)}, vượt giới hạn {format_size(recipe.max_bytes)} "
            "(IMAGES['MAX_BYTES']); hãy giảm kích thước ảnh (ví dụ 2000 điểm ảnh chiều ngang) rồi lưu lại."
        )


def open_checked(data: bytes, recipe: Recipe) -> Image.Image:
    """Open and fully decode an image, or raise ImageProblem saying what is wrong."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(_bomb_message(None, recipe)) from None
    except UnidentifiedImageError:
        raise ImageProblem(
            "không phải tệp ảnh, hoặc ảnh ở định dạng không đọc được; hãy lưu lại ảnh dạng JPEG hoặc PNG."
        ) from None
    except (OSError, SyntaxError, ValueError) as error:  # a header cut short, ...
        raise ImageProblem(_corrupt_message(error)) from None
    if image.format not in FALLBACK_FORMAT:
        raise ImageProblem(
            f"định dạng {image.format} không được hỗ trợ; hãy lưu lại ảnh dạng JPEG, PNG, GIF hoặc WebP."
        )
    if image.width * image.height > recipe.max_pixels:
        raise ImageProblem(_bomb_message(image.size, recipe))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageProblem(_corrupt_message(error)) from None
    return image


def _corrupt_message(error: Exception) -> str:
    """Vietnamese message for an image whose bytes stop or go wrong part-way."""
    return f"tệp ảnh bị hỏng hoặc không đầy đủ ({error}); hãy chép lại ảnh gốc từ máy ảnh hoặc điện thoại."


def _bomb_message(size: tuple[int, int] | None, recipe: Recipe) -> str:
    """Vietnamese message for an image with too many pixels."""
    shown = f"{size[0]}×{size[1]} điểm ảnh" if size else "quá nhiều điểm ảnh"
    return (
        f"ảnh quá lớn ({shown}), vượt giới hạn {format_number(recipe.max_pixels)} điểm ảnh "
        "(IMAGES['MAX_PIXELS']); hãy thu nhỏ ảnh rồi lưu lại."
    )


def to_srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA in sRGB: embedded ICC profiles are applied, odd modes converted."""
    image = ImageOps.exif_transpose(image) or image
    profile = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    target = "RGBA" if alpha else "RGB"
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            base = image.convert("RGB") if image.mode == "RGBA" else image
            converted = ImageCms.profileToProfile(base, source, SRGB, outputMode="RGB")
            if alpha:
                converted.putalpha(image.getchannel("A"))
            image = converted
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: fall back to Pillow's plain conversion below
    clean = image.convert(target)
    clean.info = {}
    return clean


def resized(image: Image.Image, width: int, shape: tuple[int, int] | None = None) -> Image.Image:
    """A copy `width` pixels wide (never larger) with the aspect of `shape` (default: the image's).

    Reducing first (reducing_gap) keeps 12 MP photos fast at no visible cost.
    """
    if width >= image.width:
        return image
    size = (width, scaled_height(shape or image.size, width))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def save(image: Image.Image, path: Path, fmt: str, quality: int, large: bool = False) -> None:
    """Write one file with no metadata at all (no EXIF, XMP or ICC)."""
    if fmt == "jpeg" and image.mode == "RGBA":
        image = image.convert("RGB")
    # Huffman optimisation of a full-size original costs more than it saves; web sizes get it.
    options = {
        "jpeg": {"quality": quality, "optimize": not large, "progressive": not large},
        "webp": {"quality": quality, "method": 4},
        "png": {"optimize": not large},
    }[fmt]
    image.save(path, format=fmt.upper(), exif=b"", **options)


def variant_set(
    image: Image.Image, widths: list[int], fallback: str, recipe: Recipe, folder: Path, prefix: str
) -> list[dict]:
    """WebP and fallback files at each width, each made from the next larger one."""
    entries, shape = [], image.size
    for width in sorted(widths, reverse=True):
        image = resized(image, width, shape)
        files = {}
        for fmt, quality in (("webp", recipe.webp_quality), (fallback, recipe.jpeg_quality)):
            name = f"{prefix}{width}.{EXTENSION[fmt]}"
            save(image, folder / name, fmt, quality)
            files[fmt] = name
        entries.append({"width": image.width, "height": image.height, "files": files})
    return entries[::-1]


def og_image(image: Image.Image, recipe: Recipe, folder: Path) -> dict:
    """The sharing image: cropped to the Open Graph ratio, at most og_size, as JPEG."""
    cropped = image.crop(crop_box(image.size, recipe.og_size))
    if cropped.width > recipe.og_size[0]:
        cropped = cropped.resize(recipe.og_size, Image.Resampling.LANCZOS)
    save(cropped, folder / "og.jpg", "jpeg", recipe.jpeg_quality)
    return {"width": cropped.width, "height": cropped.height, "file": "og.jpg"}


def publish_original(data: bytes, source_format: str, image: Image.Image, recipe: Recipe, folder: Path):
    """The original at full size, oriented and stripped; an animated GIF is kept as it is."""
    if source_format == "GIF":
        (folder / "original.gif").write_bytes(data)  # GIF carries no EXIF; keeps the animation
        return "original.gif"
    fmt = ORIGINAL_FORMAT[source_format]
    name = f"original.{EXTENSION[fmt]}"
    save(image, folder / name, fmt, recipe.original_quality, large=True)
    return name


def render(source: Path, target: Path, recipe: Recipe) -> dict:
    """Check `source`, write every derivative and a manifest into the new folder `target`."""
    check_file(source, recipe)
    data = source.read_bytes()
    opened = open_checked(data, recipe)
    source_format = opened.format
    image = to_srgb(opened)
    fallback = FALLBACK_FORMAT[source_format]
    working = resized(image, max(recipe.og_size[0], *recipe.thumb_widths, *recipe.widths))
    work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    try:
        manifest = {
            "width": image.width,
            "height": image.height,
            "fallback": fallback,
            "original": publish_original(data, source_format, image, recipe, work),
            "full": variant_set(
                image, planned_widths(image.width, recipe.widths), fallback, recipe, work, ""
            ),
            "thumb": _thumbs(working, fallback, recipe, work),
            "og": og_image(working, recipe, work),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        _move_into_place(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest


def _thumbs(image: Image.Image, fallback: str, recipe: Recipe, folder: Path) -> list[dict]:
    """List thumbnails: one crop ratio for every list, a few widths."""
    cropped = image.crop(crop_box(image.size, recipe.thumb_ratio))
    widths = planned_widths(cropped.width, recipe.thumb_widths)
    return variant_set(cropped, widths, fallback, recipe, folder, "thumb-")


def _move_into_place(work: Path, target: Path) -> None:
    """Rename the finished folder into the cache in one step (another build may have won)."""
    try:
        os.rename(work, target)
    except OSError:
        if not (target / MANIFEST).exists():
            raise


def render_job(job: tuple[str, str, Recipe]) -> tuple[str, dict | None, str | None]:
    """Worker entry point: (source, manifest or None, problem message or None)."""
    source, target, recipe = job
    try:
        return source, render(Path(source), Path(target), recipe), None
    except ImageProblem as problem:
        return source, None, str(problem)
