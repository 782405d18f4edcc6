"""Images plugin: every content image published responsive, stripped of personal data, cached.

Adds, for every raster image under `content/` but attachments in `content/files/` (in
`images/` or next to its article; and the logo and banner slides the settings name):
- derivatives at a few widths (never upscaled), WebP plus JPEG/PNG, list thumbnails
  cropped to one ratio and a 1200x630 Open Graph image; EXIF rotation applied, colours
  converted to sRGB, and no EXIF (GPS), XMP or ICC data in any published file, the
  originals included (Pelican's static copy of those files is taken over);
- Markdown images (found beside the article first, then from content/) as `<picture>`,
  in a `<figure>` with caption and credit when alone in their paragraph (`markup.py`),
  and the Jinja globals `image_data(src, crop)` and `image_og(src)` behind the
  `components/image.html` macro;
- a cache outside output/, keyed by the sha256 of the source bytes and the recipe: a
  second build does no image work; entries of removed images are pruned;
- bad images (not an image, corrupt, too many pixels, too large, unsupported format)
  reported in Vietnamese naming the article, line and image; the build stops.
Settings: `IMAGES = {...}` over `settings.DEFAULTS`.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any

from pelican import signals
from pelican.utils import get_relative_path, path_to_url
from progress import announce

from content_guard.problems import ContentProblem, display_path
from plugin_settings import add_markdown_extension

from .catalog import ImageCatalog
from .markup import ROOT_PLACEHOLDER, PictureExtension

logger = logging.getLogger(__name__)
CATALOG_KEY = "IMAGE_CATALOG"


def start_catalog(pelican) -> None:
    """Process the site's images before anything is read, and let Markdown use the result."""
    announce(pelican.settings, "Ảnh: kiểm tra và xử lý ảnh…")
    catalog = ImageCatalog.from_settings(pelican.settings)
    catalog.prepare()
    add_markdown_extension(pelican.settings, PictureExtension(catalog))
    pelican.settings[CATALOG_KEY] = catalog
    announce(pelican.settings, f"Ảnh: {len(catalog.images)} ảnh, {catalog.rendered} ảnh mới xử lý")


def add_jinja_globals(generator) -> None:
    """`image_data(src, crop)` and `image_og(src)` for the image macro and the page head."""
    catalog = generator.settings.get(CATALOG_KEY)
    if catalog is not None:
        generator.env.globals.update(image_data=catalog.picture_data, image_og=catalog.og_data)


def root_for(content, settings: dict[str, Any]) -> str:
    """Path from a page to the site root: relative with RELATIVE_URLS, else SITEURL."""
    if settings.get("RELATIVE_URLS"):
        return path_to_url(get_relative_path(content.save_as))
    return settings["SITEURL"]


def resolve_image_urls(generator) -> None:
    """Fill in the root of body image URLs now that each page's URL is final."""
    for kind in ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"):
        for content in getattr(generator, kind, []):
            if content._content and ROOT_PLACEHOLDER in content._content:
                content._content = content._content.replace(
                    ROOT_PLACEHOLDER, root_for(content, generator.settings)
                )


def absolute_image_urls_in_feed(context, feed) -> None:
    """Feeds are read away from the site: body image URLs (relative to their page) become absolute."""
    catalog = context.get(CATALOG_KEY)
    if catalog is None:
        return
    folders = "|".join(re.escape(name) for name in sorted(catalog.top_folders()))
    if not folders:
        return
    # Only links into the images' folders (images/, tin-cu/...) or to root-level images.
    relative = re.compile(rf'(?:(?<=")|(?<=, ))(?:(?:\.\./)+|\./)(?=(?:{folders})[/."\s])')
    site = context["SITEURL"].rstrip("/") + "/"
    for item in feed.items:
        for key in ("content", "description"):
            # Each relative link holds "./" ("../" too): a text without it is not searched
            # (the look-behind tries every position: 0.14 s a build for 11 feeds of 50 texts).
            if item.get(key) and "./" in item[key]:
                item[key] = relative.sub(site, item[key])


def keep_originals_out_of_static_copy(generator) -> None:
    """Pelican must not copy raw originals (EXIF, GPS); this plugin publishes clean ones."""
    catalog = generator.settings.get(CATALOG_KEY)
    if catalog is not None:
        generator.staticfiles[:] = [s for s in generator.staticfiles if not catalog.owns(s.source_path)]


class ImagesGenerator:
    """Reports unpublishable images no article names, and links the derivatives into the output."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs) -> None:
        self.settings = settings
        self.output_path = output_path
        self.catalog: ImageCatalog = settings[CATALOG_KEY]
        self.problems: list[ContentProblem] = []

    def generate_context(self) -> None:
        """Problems of images that no article reported already (unused files, settings)."""
        for src, message in sorted(self.catalog.failures.items()):
            if src in self.catalog.named:
                where = f"pelicanconf.py ({self.catalog.named[src]})"
                self.problems.append(ContentProblem(where, 1, f"ảnh «{src}»: {message}"))
            elif src not in self.catalog.referenced:
                path = display_path(os.path.join(self.settings["PATH"], src), self.settings["PATH"])
                self.problems.append(ContentProblem(path, 1, f"ảnh «{src}»: {message}"))

    def generate_output(self, writer) -> None:
        """Link every cached derivative and clean original into the output."""
        count = self.catalog.publish(self.output_path)
        announce(self.settings, f"Ảnh: đã đưa {count} tệp vào thư mục xuất bản")


def add_generator(pelican):
    """Our generator runs after articles and pages are read."""
    return ImagesGenerator


def register() -> None:
    """Connect the handlers."""
    signals.initialized.connect(start_catalog)
    signals.generator_init.connect(add_jinja_globals)
    signals.article_generator_finalized.connect(resolve_image_urls)
    signals.page_generator_finalized.connect(resolve_image_urls)
    signals.static_generator_finalized.connect(keep_originals_out_of_static_copy)
    signals.get_generators.connect(add_generator)
    signals.feed_generated.connect(absolute_image_urls_in_feed)
