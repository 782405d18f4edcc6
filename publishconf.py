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
