"""Pure parts of the images plugin: widths, crops, caption and credit, paths, settings."""

from __future__ import annotations

import logging

import pytest

from images.catalog import Progress, article_folder, is_external, normalise_src, resolve_src
from images.markup import split_title
from images.pipeline import crop_box, planned_widths
from images.settings import DEFAULTS, ImagesSettingsError, images_settings


@pytest.mark.parametrize(
    ("source_width", "expected"),
    [
        (4000, [480, 960, 1600]),
        (1600, [480, 960, 1600]),
        (1000, [480, 960, 1000]),
        (960, [480, 960]),
        (500, [480, 500]),
        (300, [300]),
    ],
)
def test_planned_widths_never_upscale(source_width, expected):
    assert planned_widths(source_width, (480, 960, 1600)) == expected


@pytest.mark.parametrize(
    ("size", "ratio", "box"),
    [
        ((3000, 2000), (3, 2), (0, 0, 3000, 2000)),
        ((4000, 2000), (3, 2), (500, 0, 3500, 2000)),
        ((2000, 2000), (3, 2), (0, 333, 2000, 1666)),
        ((1600, 1200), (1200, 630), (0, 180, 1600, 1020)),
    ],
)
def test_crop_box_is_centred_at_the_ratio(size, ratio, box):
    assert crop_box(size, ratio) == box


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        ("Toàn cảnh hội nghị | Ảnh: Huy Dương", ("Toàn cảnh hội nghị", "Ảnh: Huy Dương")),
        ("Chỉ có chú thích", ("Chỉ có chú thích", "")),
        ("| Ảnh: Thu Hoài", ("", "Ảnh: Thu Hoài")),
        ("", ("", "")),
    ],
)
def test_title_splits_into_caption_and_credit(title, parts):
    assert split_title(title) == parts


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("images/2019/a.jpg", "images/2019/a.jpg"),
        ("/images/2019/a.jpg", "images/2019/a.jpg"),
        ("{static}/images/a.jpg", "images/a.jpg"),
        ("images/h%E1%BB%99i%20ngh%E1%BB%8B.jpg", "images/hội nghị.jpg"),
        ("images/2019/../a.jpg", "images/a.jpg"),
    ],
)
def test_image_paths_are_read_relative_to_content(src, expected):
    assert normalise_src(src) == expected


# Files of a content folder: an imported article's photos beside it, and content/images/.
CONTENT_FILES = {
    "tin-cu/hoi-nghi/01-hoi-nghi.jpg",
    "tin-cu/images/rieng.jpg",
    "images/2019/a.jpg",
    "images/x.jpg",
    "anh-goc.jpg",
}


@pytest.mark.parametrize(
    ("src", "article_dir", "expected"),
    [
        # Beside the article (Pelican's {static} convention, with or without ./ and {static}).
        ("hoi-nghi/01-hoi-nghi.jpg", "tin-cu", "tin-cu/hoi-nghi/01-hoi-nghi.jpg"),
        ("./hoi-nghi/01-hoi-nghi.jpg", "tin-cu", "tin-cu/hoi-nghi/01-hoi-nghi.jpg"),
        ("{static}hoi-nghi/01-hoi-nghi.jpg", "tin-cu", "tin-cu/hoi-nghi/01-hoi-nghi.jpg"),
        ("|static|hoi-nghi/01-hoi-nghi.jpg", "tin-cu", "tin-cu/hoi-nghi/01-hoi-nghi.jpg"),
        ("hoi-nghi/01%20x.jpg", "tin-cu", "hoi-nghi/01 x.jpg"),  # missing beside: from content/
        # From content/: today's images/ rule, a leading slash and {static}/.
        ("images/2019/a.jpg", "tin-tuc", "images/2019/a.jpg"),
        ("images/2019/a.jpg", "", "images/2019/a.jpg"),
        ("/images/x.jpg", "tin-cu", "images/x.jpg"),
        ("{static}/images/x.jpg", "tin-cu", "images/x.jpg"),
        ("{static}/anh-goc.jpg", "tin-cu", "anh-goc.jpg"),
        # A folder named images/ beside the article wins when the file is there.
        ("images/rieng.jpg", "tin-cu", "tin-cu/images/rieng.jpg"),
        ("images/x.jpg", "tin-cu", "images/x.jpg"),
        # Up and out of the article's folder, never out of content/.
        ("../images/x.jpg", "tin-tuc", "images/x.jpg"),
        ("../../../etc/anh.jpg", "tin-tuc", "../../../etc/anh.jpg"),  # outside: reported missing
        ("hoi-nghi/khong-co.jpg", "tin-cu", "hoi-nghi/khong-co.jpg"),
    ],
)
def test_image_links_resolve_beside_the_article_then_from_content(src, article_dir, expected):
    assert resolve_src(src, article_dir, CONTENT_FILES.__contains__) == expected


@pytest.mark.parametrize(
    ("source_path", "expected"),
    [
        ("/site/content/tin-cu/2019-11-21-bai.md", "tin-cu"),
        ("/site/content/tin-tuc/2019/bai.md", "tin-tuc/2019"),
        ("/site/content/bai.md", ""),
        ("/elsewhere/bai.md", ""),
        (None, ""),
    ],
)
def test_article_folder_is_relative_to_content(source_path, expected):
    assert article_folder(source_path, "/site/content") == expected


@pytest.mark.parametrize(
    ("src", "external"),
    [("https://example.vn/a.jpg", True), ("//cdn.example/a.jpg", True), ("data:image/png;base64,x", True)]
    + [("images/a.jpg", False), ("/images/a.jpg", False)],
)
def test_external_images_are_left_alone(src, external):
    assert is_external(src) is external


def test_settings_merge_over_defaults():
    merged = images_settings({"IMAGES": {"WIDTHS": [400, 800]}})
    assert merged["WIDTHS"] == [400, 800] and merged["OG_SIZE"] == DEFAULTS["OG_SIZE"]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"WIDHTS": [1]}, "unknown key(s) in IMAGES: WIDHTS"),
        ({"WIDTHS": []}, "IMAGES['WIDTHS'] must be"),
        ({"WIDTHS": [0, 480]}, "IMAGES['WIDTHS'] must be"),
        ({"THUMB_RATIO": [3]}, "IMAGES['THUMB_RATIO'] must be"),
        ({"JPEG_QUALITY": 101}, "IMAGES['JPEG_QUALITY'] must be"),
        ({"MAX_PIXELS": "nhiều"}, "IMAGES['MAX_PIXELS'] must be"),
        ({"WORKERS": -1}, "IMAGES['WORKERS'] must be"),
        ({"SOURCE_DIRS": ["../anh"]}, "IMAGES['SOURCE_DIRS'] must be"),
        ({"EXCLUDE_DIRS": "files"}, "IMAGES['EXCLUDE_DIRS'] must be"),
    ],
)
def test_wrong_settings_name_plugin_and_key(given, message):
    with pytest.raises(ImagesSettingsError, match="images plugin") as caught:
        images_settings({"IMAGES": given})
    assert message in str(caught.value)


def test_progress_is_logged_only_for_long_work(caplog, monkeypatch):
    clock = iter([0.0, 1.0, 2.0, 5.0, 9.0, 16.0, 17.0])
    monkeypatch.setattr("images.catalog.time.monotonic", lambda: next(clock))
    caplog.set_level(logging.INFO, logger="images.catalog")
    progress = Progress(total=6, after=3.0)
    for _ in range(6):
        progress.step()
    assert [r.getMessage() for r in caplog.records] == [
        "Đang xử lý ảnh: 3/6 (5 giây)",
        "Đang xử lý ảnh: 5/6 (16 giây)",
        "Đang xử lý ảnh: 6/6 (17 giây)",
    ]
