"""Production settings: pelicanconf.py plus the public address from the environment.

SITEURL=https://congdoan.example.vn make publish
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith(("http://", "https://")):
    raise SystemExit(
        "publishconf.py: hãy đặt biến môi trường SITEURL là địa chỉ công khai của trang, "
        "ví dụ: SITEURL=https://congdoan.example.vn make publish"
    )
# Pages keep relative links (any folder, any host); feeds and the sitemap need absolute ones.
RELATIVE_URLS = True
FEED_DOMAIN = SITEURL

# --- Publishing (issue 11) ----------------------------------------------------------------
# pelican-precompress writes file.gz and file.br next to each text file, inside the staging
# build (before the swap). Its gzip has no file name and a zero mtime: same input, same bytes.
PLUGINS = [*PLUGINS, "pelican.plugins.precompress"]  # noqa: F405
PRECOMPRESS_TEXT_EXTENSIONS = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = True
PRECOMPRESS_ZSTANDARD = False
PRECOMPRESS_OVERWRITE = True
