"""Saved portal pages written for the import tests (HTML strings and a page with images)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from conftest import ROOT

LEGACY_SAMPLES = ROOT.parent / "shared" / "samples" / "legacy"
BODY_FIRST = "Sáng 21/11, Liên đoàn Lao động tỉnh tổ chức Hội nghị tổng kết phong trào thi đua năm 2019."
# An official decision as a text extract: number, issuer, date, signer, recipients.
DECISION = """LIÊN ĐOÀN LAO ĐỘNG TỈNH CAO BẰNG
Số: 125/QĐ-LĐLĐ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Cao Bằng, ngày 12 tháng 3 năm 2016
QUYẾT ĐỊNH
V/v khen thưởng các tập thể có thành tích xuất sắc
Căn cứ Điều lệ Công đoàn Việt Nam; xét đề nghị của Ban Tổ chức.
Điều 1. Tặng Bằng khen cho 12 tập thể có thành tích xuất sắc trong phong trào thi đua năm 2015.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.
TM. BAN THƯỜNG VỤ
CHỦ TỊCH
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
Nguyễn Văn Bình
"""
BODY_LAST = "Hội nghị đã khen thưởng 20 tập thể và 35 cá nhân có thành tích xuất sắc."


def portal_page(date_line: str = "Thứ Năm, ngày 21 tháng 11 năm 2019 - 09:25", extra: str = "") -> str:
    """A saved article page as a typical provincial portal prints it, with its boilerplate."""
    return f"""<!DOCTYPE html>
<!-- saved from url=(0040)http://ldld.example.vn/tin-tuc/hoi-nghi -->
<html><head><meta charset="utf-8"><title>Hội nghị tổng kết - LĐLĐ tỉnh</title>
<script>alert('head')</script><style>body {{ color: red }}</style></head>
<body onload="steal()">
<div id="header"><div class="logo">LIÊN ĐOÀN LAO ĐỘNG TỈNH</div>
<ul class="mainmenu"><li><a href="/">Trang chủ</a></li><li><a href="/tt">Tin tức</a></li>
<li><a href="/lh">Liên hệ</a></li></ul></div>
<div class="slogan">NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI CÔNG ĐOÀN TỈNH LẦN THỨ XVI</div>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tt">Tin tức - Sự kiện</a></div>
<div class="news-detail">
<h1 class="title">Hội nghị tổng kết phong trào thi đua năm 2019</h1>
<div class="date">{date_line}</div>
<div class="tools">Cỡ chữ: A A A | In bài viết | Gửi Email</div>
<p><strong>{BODY_FIRST}</strong></p>
<p>Phát biểu tại hội nghị, đồng chí Chủ tịch LĐLĐ tỉnh ghi nhận những kết quả đạt được trong năm.</p>
{extra}
<p>{BODY_LAST}</p>
<p>Thu Hoài</p>
<p>Lượt xem: 1.234</p>
<p>Gửi phản hồi</p>
</div>
<div class="other-news"><h3>Các tin đã đăng</h3>
<ul><li><a href="/a">Tin A</a></li><li><a href="/b">Tin B</a></li><li><a href="/c">Tin C</a></li></ul></div>
<div class="calendar">Xem tin theo ngày</div>
<form><input name="q"><button>Tra cứu</button></form>
<div class="footer">CỔNG THÔNG TIN LĐLĐ TỈNH - Design by Webstyle.vn | Liên hệ</div>
</body></html>"""


IMAGE_BLOCK = """<table class="image">
<tr><td><img src="trang_files/hoi%20nghi.jpg" alt="Quang cảnh hội nghị"></td></tr>
<tr><td><em>Quang cảnh hội nghị. Ảnh: Huy Dương</em></td></tr></table>
<figure><img src="trang_files/khen-thuong.png" alt="Trao bằng khen">
<figcaption>Trao bằng khen cho các tập thể</figcaption></figure>
<h2>Kết quả nổi bật</h2>
<ul><li>Phát triển 1.200 đoàn viên mới;</li><li>Thành lập 15 công đoàn cơ sở.</li></ul>
<table><tr><th>Chỉ tiêu</th><th>Kết quả</th></tr><tr><td>Đoàn viên mới</td><td>1.200</td></tr></table>"""


def gps_exif() -> Image.Exif:
    """EXIF of a phone photo: where it was taken (GPS) and who owns the camera."""
    exif = Image.Exif()
    exif[0xA430] = "Nguyễn Văn A"  # CameraOwnerName
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}  # GPS position
    return exif


def saved_page_with_images(folder: Path) -> Path:
    """A saved page (trang.html) with its trang_files folder holding two images (the photo with GPS)."""
    files = folder / "trang_files"
    files.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (200, 0, 0)).save(files / "hoi nghi.jpg", exif=gps_exif())
    Image.new("RGB", (20, 20), (0, 90, 0)).save(files / "khen-thuong.png")
    page = folder / "trang.html"
    page.write_text(portal_page(extra=IMAGE_BLOCK), encoding="utf-8")
    return page
