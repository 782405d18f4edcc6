"""Images: real builds of a small site whose photos are made here with Pillow.

Checks what readers and editors notice: responsive files of the right sizes and formats,
figure markup with caption and credit, lead image, thumbnails and Open Graph, no GPS or
other EXIF in any published file, colours and odd formats handled, a second build that
does no image work, removed images removed, and bad images stopping the build in Vietnamese.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw

from conftest import ROOT, page, settings_file
from content_guard.problems import ContentErrors
from sitebuild import build, load_settings

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A test photo: a gradient with a red block at the top left (to see rotation)."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert(mode if mode != "RGBA" else "RGB")
    ImageDraw.Draw(image).rectangle((0, 0, width // 4, height // 4), fill="red" if mode != "L" else 0)
    return image.convert(mode)


def gps_exif(orientation: int = 1) -> Image.Exif:
    """EXIF with a GPS position, a camera owner and an orientation."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0xA430] = "Nguyễn Văn A"  # CameraOwnerName
    exif[GPS_IFD] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}
    return exif


def write_images(images: Path) -> None:
    """Every kind of image the site must handle."""
    (images / "2019").mkdir(parents=True)
    photo((2000, 1500)).save(images / "2019/hoi-nghi.jpg", exif=gps_exif(), quality=90)
    # Stored landscape, shown portrait (EXIF orientation 6 = rotate 90° clockwise).
    photo((1200, 800)).save(images / "2019/xoay.jpg", exif=gps_exif(6))
    photo((300, 200)).save(images / "2019/nho.jpg")
    cmyk = photo((800, 600)).convert("CMYK")
    cmyk.save(
        images / "2019/cmyk.jpg",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    alpha = photo((640, 480), "RGBA")
    alpha.putalpha(Image.linear_gradient("L").resize((640, 480)))
    alpha.save(images / "2019/trong-suot.png", exif=gps_exif())
    frames = [photo((400, 300)).rotate(angle) for angle in (0, 90, 180)]
    frames[0].save(images / "2019/dong.gif", save_all=True, append_images=frames[1:], duration=200, loop=0)
    deep = Image.linear_gradient("L").resize((500, 400)).convert("I").point(lambda v: v * 256)
    deep.convert("I;16").save(images / "2019/sau-16-bit.png")
    photo((1000, 700)).save(images / "banner.jpg", exif=gps_exif())


ARTICLE = """Title: {title}
Date: {date}
Category: Tin tức - Sự kiện
Summary: Tóm tắt {title}.
{extra}

{body}
"""


def write_article(
    folder: Path, name: str, body: str, extra: str = "", date: str = "2019-11-21 09:25"
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = ARTICLE.format(title=name.replace("-", " ").capitalize(), date=date, extra=extra, body=body)
    (folder / f"{name}.md").write_text(text, encoding="utf-8")


def make_site(root: Path) -> Path:
    """A site with every kind of image, a figure article and a lead image."""
    content = root / "content"
    write_images(content / "images")
    body = (
        "Mở đầu.\n\n"
        '![Toàn cảnh hội nghị](images/2019/hoi-nghi.jpg "Toàn cảnh hội nghị | Ảnh: Huy Dương")\n\n'
        "Một ảnh nhỏ ![ảnh nhỏ](images/2019/nho.jpg) trong dòng.\n\n"
        "![Ảnh xoay](images/2019/xoay.jpg)\n\n"
        "![Logo trong suốt](images/2019/trong-suot.png)\n"
    )
    write_article(
        content / "tin-tuc", "hoi-nghi", body, "Image: images/2019/hoi-nghi.jpg\nImage-Alt: Hội trường"
    )
    write_article(content / "tin-tuc", "khac", "Nội dung.", "Image: images/2019/cmyk.jpg", date="2019-11-20")
    return content


def run_build(content: Path, output: Path, **overrides):
    """Build with the project's settings; return the Pelican object (its image catalog).

    The sample site's banner slides are not in these test sites, so none unless given.
    """
    settings = load_settings(
        ROOT / "pelicanconf.py",
        {"PATH": str(content), "OUTPUT_PATH": str(output), "BANNER_SLIDES": [], **overrides},
    )
    return build(settings)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One build of the image site, shared by the checks that only read it."""
    root = tmp_path_factory.mktemp("images")
    content = make_site(root)
    banner = {"BANNER_SLIDES": [{"src": "images/banner.jpg", "alt": "Biểu ngữ", "href": ""}]}
    pelican = run_build(content, root / "output", **banner)
    return root, pelican


def published(site) -> Path:
    return site[0] / "output"


def test_figure_has_picture_caption_and_credit(site):
    body = page(published(site), "2019/11/21/hoi-nghi/").select_one(".article__body")
    figure = body.find("figure")
    assert figure.select_one("figcaption .figure__text").get_text() == "Toàn cảnh hội nghị"
    assert figure.select_one("figcaption .figure__credit").get_text(strip=True) == "Ảnh: Huy Dương"
    source, img = figure.picture.source, figure.picture.img
    assert source["type"] == "image/webp"
    assert [c.split()[1] for c in source["srcset"].split(", ")] == ["480w", "960w", "1600w"]
    assert (img["width"], img["height"], img["alt"]) == ("1600", "1200", "Toàn cảnh hội nghị")
    assert (img["loading"], img["decoding"]) == ("lazy", "async")
    assert img["src"] == "../../../../images/2019/hoi-nghi.jpg.1600.jpg"


def test_inline_image_stays_inline_and_small_image_is_not_upscaled(site):
    body = page(published(site), "2019/11/21/hoi-nghi/").select_one(".article__body")
    inline = body.find("img", alt="ảnh nhỏ")
    assert inline.find_parent("figure") is None and inline.find_parent("p") is not None
    assert inline["srcset"] == "../../../../images/2019/nho.jpg.300.jpg 300w"
    assert (inline["width"], inline["height"]) == ("300", "200")
    with Image.open(published(site) / "images/2019/nho.jpg.300.webp") as small:
        assert small.size == (300, 200)


@pytest.mark.parametrize(
    ("name", "fmt", "size"),
    [
        ("hoi-nghi.jpg.480.webp", "WEBP", (480, 360)),
        ("hoi-nghi.jpg.960.jpg", "JPEG", (960, 720)),
        ("hoi-nghi.jpg.1600.jpg", "JPEG", (1600, 1200)),
        ("hoi-nghi.jpg", "JPEG", (2000, 1500)),
        ("hoi-nghi.jpg.thumb-320.jpg", "JPEG", (320, 213)),
        ("hoi-nghi.jpg.og.jpg", "JPEG", (1200, 630)),
        ("xoay.jpg", "JPEG", (800, 1200)),
        ("xoay.jpg.480.jpg", "JPEG", (480, 720)),
        ("trong-suot.png.640.png", "PNG", (640, 480)),
        ("dong.gif.400.png", "PNG", (400, 300)),
    ],
)
def test_published_files_have_expected_format_and_size(site, name, fmt, size):
    with Image.open(published(site) / "images/2019" / name) as image:
        assert (image.format, image.size) == (fmt, size)


def test_exif_rotation_is_applied_to_pixels(site):
    with Image.open(published(site) / "images/2019/xoay.jpg") as image:
        # Orientation 6: the red corner (top left as stored) is now top right.
        red, green, _ = image.convert("RGB").getpixel((image.width - 10, 10))
        assert red > 200 and green < 60


def test_no_published_image_carries_gps_or_any_exif(site):
    files = [p for p in (published(site) / "images").rglob("*") if p.is_file()]
    assert len(files) > 40
    for path in files:
        with Image.open(path) as image:
            exif = image.getexif()
            assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD), path
            assert not exif and "icc_profile" not in image.info, path
        assert b"Nguy" not in path.read_bytes(), path


def test_colour_modes_are_converted_for_the_web(site):
    images = published(site) / "images/2019"
    with Image.open(images / "cmyk.jpg.800.jpg") as cmyk:
        assert cmyk.mode == "RGB"
        red, green, blue = cmyk.getpixel((10, 10))
        assert red > 200 and green < 80 and blue < 80  # still red, not inverted
    with Image.open(images / "trong-suot.png.640.webp") as alpha:
        assert alpha.mode == "RGBA" and alpha.getextrema()[3][0] < 10
    with Image.open(images / "sau-16-bit.png.480.png") as deep:
        low, high = deep.convert("L").getextrema()
        assert low < 30 and high > 220  # the full tonal range, not clipped to white
    with Image.open(images / "dong.gif") as animated:
        assert animated.n_frames == 3


def test_lead_image_thumbnail_and_open_graph(site):
    article = page(published(site), "2019/11/21/hoi-nghi/")
    lead = article.select_one(".article__header picture img")
    assert lead["alt"] == "Hội trường" and lead["fetchpriority"] == "high"
    assert not lead.has_attr("loading")
    og = {m["property"]: m["content"] for m in article.select("meta[property^='og:']")}
    assert og["og:image"] == "http://localhost:8000/images/2019/hoi-nghi.jpg.og.jpg"
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert og["og:url"] == "http://localhost:8000/2019/11/21/hoi-nghi/"
    assert og["og:type"] == "article" and og["og:title"] == "Hoi nghi"
    listing = page(published(site), "chuyen-muc/tin-tuc-su-kien/")
    thumbs = listing.select(".article-list__thumb img")
    assert len(thumbs) == 2
    for thumb in thumbs:
        assert abs(int(thumb["width"]) / int(thumb["height"]) - 1.5) < 0.01
        assert thumb["loading"] == "lazy" and thumb["alt"] == ""


def test_settings_images_use_the_same_pipeline(site):
    data = site[1].settings["IMAGE_CATALOG"].picture_data("images/banner.jpg")
    assert [width for _, width in data["webp"]] == [480, 960, 1000]
    assert (published(site) / "images/banner.jpg.960.webp").is_file()


def test_second_build_does_no_image_work_and_removed_images_are_removed(tmp_path):
    content = make_site(tmp_path)
    first = run_build(content, tmp_path / "output").settings["IMAGE_CATALOG"]
    assert first.rendered == 8
    second = run_build(content, tmp_path / "output").settings["IMAGE_CATALOG"]
    assert second.rendered == 0 and len(second.images) == 8
    cache = tmp_path / "cache" / "images"
    entries = {p.name for p in cache.iterdir()}
    assert len(entries) == 8

    # The same bytes under a new mtime are still not processed again.
    (content / "images/2019/nho.jpg").touch()
    assert run_build(content, tmp_path / "output").settings["IMAGE_CATALOG"].rendered == 0

    (content / "images/2019/dong.gif").unlink()
    third = run_build(content, tmp_path / "output").settings["IMAGE_CATALOG"]
    assert third.rendered == 0
    assert not list((tmp_path / "output/images/2019").glob("dong.gif*"))
    assert len(list(cache.iterdir())) == 7 and {p.name for p in cache.iterdir()} < entries


# --- Bad images ------------------------------------------------------------------------


def truncated_jpeg() -> bytes:
    data = io.BytesIO()
    photo((800, 600)).save(data, "JPEG")
    return data.getvalue()[:3000]


def bmp() -> bytes:
    data = io.BytesIO()
    photo((50, 50)).save(data, "BMP")
    return data.getvalue()


def big_png() -> bytes:
    data = io.BytesIO()
    photo((2000, 1000)).save(data, "PNG")
    return data.getvalue()


def noisy_png() -> bytes:
    data = io.BytesIO()
    Image.effect_noise((400, 300), 64).save(data, "PNG")
    return data.getvalue()


BAD_IMAGES = [
    ("khong-phai-anh.jpg", lambda: "đây là chữ".encode(), {}, "không phải tệp ảnh"),
    ("cut.jpg", truncated_jpeg, {}, "bị hỏng hoặc không đầy đủ"),
    ("dau.jpg", lambda: b"\xff\xd8\xff\xe0 cut short", {}, "bị hỏng hoặc không đầy đủ"),  # header only
    ("bom.png", big_png, {"MAX_PIXELS": 1_000_000}, "ảnh quá lớn (2000×1000 điểm ảnh)"),
    ("nang.png", noisy_png, {"MAX_BYTES": 10_000}, "vượt giới hạn"),
    ("cu.bmp", bmp, {}, "định dạng BMP không được hỗ trợ"),
]


@pytest.mark.parametrize(("name", "data", "limits", "expected"), BAD_IMAGES)
def test_bad_image_stops_the_build_naming_article_line_and_image(tmp_path, name, data, limits, expected):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / name).write_bytes(data())
    write_article(content / "tin-tuc", "bai", f"Mở đầu.\n\n![Ảnh hỏng](images/{name})\n")
    with pytest.raises(ContentErrors) as caught:
        run_build(content, tmp_path / "output", IMAGES=limits)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"content/tin-tuc/bai.md:9: ảnh «images/{name}»: ")
    assert expected in problem.message
    assert not (tmp_path / "output").exists()


def test_missing_lead_image_and_unused_bad_image_are_reported_together(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images/hong.png").write_bytes(b"not a png")
    write_article(content / "tin-tuc", "bai", "Nội dung.", "Image: images/khong-co.jpg")
    with pytest.raises(ContentErrors) as caught:
        run_build(content, tmp_path / "output")
    reported = [str(p) for p in caught.value.problems]
    assert reported == [
        "content/images/hong.png:1: ảnh «images/hong.png»: không phải tệp ảnh, hoặc ảnh ở định dạng "
        "không đọc được; hãy lưu lại ảnh dạng JPEG hoặc PNG.",
        "content/tin-tuc/bai.md:5: ảnh «images/khong-co.jpg»: không tìm thấy tệp ảnh; hãy kiểm tra "
        "đường dẫn (tính từ thư mục chứa bài viết, hoặc từ thư mục content/, ví dụ images/2019/anh.jpg).",
    ]


def test_command_line_refuses_a_corrupt_image_without_traceback(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images/cut.jpg").write_bytes(truncated_jpeg())
    write_article(content / "tin-tuc", "bai", "![Ảnh](images/cut.jpg)\n")
    settings = tmp_path / "conf.py"
    settings_file(settings, content)
    command = [sys.executable, str(ROOT / "scripts/sitebuild.py"), "--settings", str(settings)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 1
    assert "content/tin-tuc/bai.md:7: ảnh «images/cut.jpg»: tệp ảnh bị hỏng" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_sample_site_shows_figures_lead_images_and_thumbnails(sample_site):
    article = page(sample_site, "2019/11/21/hoi-nghi-tong-ket-thi-dua-2019/")
    assert article.select_one(".article__body figure .figure__credit").get_text() == "Ảnh: Huy Dương"
    assert article.select_one(".article__header picture img")["alt"].startswith("Toàn cảnh Hội nghị")
    home_thumbs = page(sample_site, "").select(".article-list__thumb img")
    assert home_thumbs and all(img["src"].endswith(".jpg") for img in home_thumbs)
    assert (sample_site / "images/mau/trao-thuong.jpg.og.jpg").is_file()


def test_feed_carries_absolute_image_urls(site):
    feed = (published(site) / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "http://localhost:8000/images/2019/hoi-nghi.jpg.1600.jpg" in feed
    assert "http://localhost:8000/images/2019/hoi-nghi.jpg.480.webp 480w, http://localhost:8000/" in feed
    assert "../images/" not in feed


def test_svg_logo_is_published_as_it_is(sample_site):
    """A vector logo needs no derivatives: the header shows the SVG itself."""
    logo = page(sample_site, "").select_one(".site-header img")
    assert logo["src"].endswith("images/logo.svg")
    assert (sample_site / "images" / "logo.svg").read_bytes().lstrip().startswith(b"<svg")


# --- Photos beside their article (as `make import` writes them, and as editors expect) ---


def no_gps_or_exif(path: Path) -> bool:
    """True when the published file carries no EXIF at all (so no GPS) and no owner name."""
    with Image.open(path) as image:
        exif = image.getexif()
    return not exif and not exif.get_ifd(GPS_IFD) and b"Nguy" not in path.read_bytes()


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.fixture(scope="module")
def beside(tmp_path_factory):
    """An article whose photos sit in a folder next to it, linked relatively, with GPS EXIF."""
    root = tmp_path_factory.mktemp("beside")
    content = root / "content"
    photos = content / "tin-cu" / "hoi-nghi"
    photos.mkdir(parents=True)
    photo((1800, 1200)).save(photos / "01-hoi-nghi.jpg", exif=gps_exif(), quality=90)
    photo((700, 500)).save(photos / "02-khen-thuong.png", exif=gps_exif())
    photo((300, 200)).save(photos / "03-nho.jpg", exif=gps_exif())
    photo((900, 600)).save(photos / "04-khong-dung.jpg", exif=gps_exif())  # in no article
    (photos / "so-do.svg").write_text(SVG, encoding="utf-8")
    (content / "images").mkdir()
    photo((600, 400)).save(content / "images/chung.jpg", exif=gps_exif())
    body = (
        '![Quang cảnh hội nghị]({static}hoi-nghi/01-hoi-nghi.jpg "Quang cảnh | Ảnh: Huy Dương")\n\n'
        "![Trao bằng khen](./hoi-nghi/02-khen-thuong.png)\n\n"
        "Ảnh nhỏ ![nhỏ](hoi-nghi/03-nho.jpg) trong dòng, ảnh chung ![chung]({static}/images/chung.jpg).\n\n"
        "![Sơ đồ tổ chức](hoi-nghi/so-do.svg)\n"
    )
    write_article(content / "tin-cu", "hoi-nghi", body, "Image: hoi-nghi/01-hoi-nghi.jpg")
    run_build(content, root / "output")
    return root / "output"


def test_photo_beside_the_article_becomes_a_figure_that_loads(beside):
    article = page(beside, "2019/11/21/hoi-nghi/")
    figure = article.select_one(".article__body figure")
    assert figure.select_one(".figure__credit").get_text() == "Ảnh: Huy Dương"
    img = figure.picture.img
    assert img["src"] == "../../../../tin-cu/hoi-nghi/01-hoi-nghi.jpg.1600.jpg"
    assert [c.split()[1] for c in figure.picture.source["srcset"].split(", ")] == ["480w", "960w", "1600w"]
    folder = beside / "2019/11/21/hoi-nghi"
    body_images = article.select(".article__body picture img")
    assert [i["alt"] for i in body_images] == ["Quang cảnh hội nghị", "Trao bằng khen", "nhỏ", "chung"]
    for image in body_images:
        urls = [image["src"]] + [c.split()[0] for c in image["srcset"].split(", ")]
        assert all((folder / url).resolve().is_file() for url in urls), urls
    assert body_images[3]["src"] == "../../../../images/chung.jpg.600.jpg"
    svg = article.select_one(".article__body img[alt='Sơ đồ tổ chức']")
    assert (folder / svg["src"]).resolve().read_text(encoding="utf-8") == SVG  # published as it is


def test_lead_image_beside_the_article_gives_header_thumbnail_and_open_graph(beside):
    article = page(beside, "2019/11/21/hoi-nghi/")
    lead = article.select_one(".article__header picture img")
    assert lead["src"].endswith("tin-cu/hoi-nghi/01-hoi-nghi.jpg.1600.jpg")
    og = article.select_one("meta[property='og:image']")["content"]
    assert og == "http://localhost:8000/tin-cu/hoi-nghi/01-hoi-nghi.jpg.og.jpg"
    thumb = page(beside, "chuyen-muc/tin-tuc-su-kien/").select_one(".article-list__thumb img")
    assert "tin-cu/hoi-nghi/01-hoi-nghi.jpg.thumb-" in thumb["src"]


def test_photos_beside_the_article_are_published_without_gps(beside):
    published_files = sorted(p for p in (beside / "tin-cu/hoi-nghi").iterdir() if p.suffix != ".svg")
    assert {p.name for p in published_files} >= {
        "01-hoi-nghi.jpg",
        "01-hoi-nghi.jpg.960.webp",
        "02-khen-thuong.png",
        "03-nho.jpg.300.jpg",
        "04-khong-dung.jpg",  # every photo under content/ is published clean, used or not
        "04-khong-dung.jpg.480.webp",
    }
    assert all(no_gps_or_exif(path) for path in published_files)
    with Image.open(beside / "tin-cu/hoi-nghi/01-hoi-nghi.jpg") as original:
        assert original.size == (1800, 1200)


def test_feed_makes_urls_of_photos_beside_the_article_absolute(beside):
    feed = (beside / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "http://localhost:8000/tin-cu/hoi-nghi/01-hoi-nghi.jpg.1600.jpg" in feed
    assert "http://localhost:8000/images/chung.jpg.600.jpg" in feed
    assert "../tin-cu/" not in feed and "../images/" not in feed


def test_attachments_folder_is_not_processed_and_its_photos_are_refused_in_articles(tmp_path):
    content = tmp_path / "content"
    (content / "files/2019").mkdir(parents=True)
    photo((400, 300)).save(content / "files/2019/scan.jpg")
    (content / "tin-tuc").mkdir()
    (content / "tin-tuc/ghi-chu.txt").write_text("không phải ảnh", encoding="utf-8")
    write_article(content / "tin-tuc", "bai", "![Bản quét](files/2019/scan.jpg)\n\n![Ghi chú](ghi-chu.txt)\n")
    with pytest.raises(ContentErrors) as caught:
        run_build(content, tmp_path / "output")
    reported = [str(p) for p in caught.value.problems]
    assert reported[0].startswith("content/tin-tuc/bai.md:7: ảnh «files/2019/scan.jpg»: ảnh nằm trong")
    assert "content/files/" in reported[0] and "hãy chuyển ảnh ra khỏi thư mục đó" in reported[0]
    assert reported[1] == (
        "content/tin-tuc/bai.md:9: ảnh «ghi-chu.txt»: tệp này không phải ảnh; "
        "hãy lưu lại ảnh dạng JPEG, PNG, GIF hoặc WebP và sửa đường dẫn."
    )
