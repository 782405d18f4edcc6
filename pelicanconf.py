"""Site settings for local builds (`make html`); publishconf.py overrides them for production."""

# --- The union ------------------------------------------------------------------
SITENAME = "Liên đoàn Lao động tỉnh An Khang"
SITESUBTITLE = "Cổng thông tin điện tử"
AUTHOR = "Ban Tuyên giáo"
PORTAL = {
    "short_name": "LĐLĐ tỉnh An Khang",
    "logo": "images/logo.svg",  # inside content/; empty: the name alone
    "address": "Số 25 đường Lê Lợi, phường Trung Tâm, thành phố An Khang, tỉnh An Khang",
    "phone": "(0204) 3 812 345",
    "email": "vanphong@ldld-ankhang.example.vn",
    "licence": "Giấy phép thiết lập trang thông tin điện tử số 15/GP-STTTT do Sở Thông tin "
    "và Truyền thông tỉnh An Khang cấp ngày 10/3/2019.",
    "responsible": "Chịu trách nhiệm nội dung: Trưởng Ban Tuyên giáo LĐLĐ tỉnh An Khang.",
}
# Pages linked from the header, by slug, in this order (all pages are in the footer).
MENU_PAGE_SLUGS = ["gioi-thieu", "lien-he"]

# --- Where things are -------------------------------------------------------------
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
THEME_STATIC_DIR = "theme"
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["pages", "images", "files"]
STATIC_PATHS = ["images", "files"]
PLUGIN_PATHS = ["plugins"]
# progress first: its handlers must run before the others' at each signal (phase lines in order).
PLUGINS = ["progress", "vietnamese", "content_guard", "archives", "crawlers", "images"]

# --- Templates: text is escaped unless a template asks for raw HTML (`| safe`) ------
# auto_reload off: every build makes its own Jinja environment (so `make devserver` still sees a
# template saved meanwhile), and a build that checks each template file's time at every include
# spent 1.7 s of a 10,000-article cold build's CPU doing so.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "auto_reload": False,
}

# --- Language and time ---------------------------------------------------------------
DEFAULT_LANG = "vi"
TIMEZONE = "Asia/Ho_Chi_Minh"
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Tin tức - Sự kiện"
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

# --- URLs (DESIGN §2): pretty, stable, relative so output/ works in any folder --------
SITEURL = "http://localhost:8000"
RELATIVE_URLS = True
# The slug comes from `Slug:` or the file name without a leading date, never from the
# title, so editing a title keeps the URL (only Slug: or Date: move an article).
FILENAME_METADATA = r"(?:\d{4}-\d{2}-\d{2}-)?(?P<slug>.+)"
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
AUTHOR_URL = "tac-gia/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
CATEGORIES_URL = "chuyen-muc/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAGS_URL = "the/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHORS_URL = "tac-gia/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives", "search", "site_map", "latest_news"]
# "Tin mới" beside every article: one small page that theme/static/js/latest-news.js puts in
# the sidebar, so publishing an article changes this file and not every article page.
LATEST_NEWS_SAVE_AS = "du-lieu/tin-moi.html"


def newest_first(article):
    """Sort key: newest first; articles of the same minute by source file. Pelican reads files
    in a set's order, which changes from run to run, so ties need a rule of their own for two
    builds to give the same pages."""
    return (-article.date.timestamp(), article.relative_source_path)


ARTICLE_ORDER_BY = newest_first
# Drafts and translations are never published.
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
# One language a site, no translations: two files with one slug are an error
# (content_guard), not a translation pair.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
# A page or article in another language (english.md) keeps the same URL scheme.
ARTICLE_LANG_URL, ARTICLE_LANG_SAVE_AS = ARTICLE_URL, ARTICLE_SAVE_AS
PAGE_LANG_URL, PAGE_LANG_SAVE_AS = PAGE_URL, PAGE_SAVE_AS

# Year, month and day archives and all listings come from the archives plugin; its
# DEFAULTS (plugins/archives/__init__.py) give the URLs, the days JSON path, the category
# feed path and how many "Các tin đã đăng"; set a key here only to change it.
ARCHIVES = {
    # Menu order; categories not listed follow in Vietnamese alphabetical order.
    "CATEGORY_ORDER": [
        "Tin tức - Sự kiện",
        "Hoạt động Công đoàn",
        "Thi đua - Khen thưởng",
        "Chăm lo đời sống người lao động",
    ],
}

# --- Pagination: /chuyen-muc/slug/trang-2/ -----------------------------------------
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"category": None, "tag": None, "author": None, "period_archives": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang-{number}/", "{base_name}/trang-{number}/index.html"),
)

# --- Feeds: all articles, and one per category (written by the archives plugin) ------
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_MAX_ITEMS = 50
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Nothing in a page depends on when it was built.
DELETE_OUTPUT_DIRECTORY = False
READERS = {"rst": None}  # Markdown only; this also skips docutils, which has no Vietnamese

# --- Documents (văn bản, plugins/documents) ------------------------------------------
# Files in content/van-ban/ with `Category: Văn bản` are documents.
# DOCUMENTS is merged over plugins/documents/config.py DEFAULTS: URL patterns, PAGE_SIZE,
# MAX_ATTACHMENT_MB, EXTENSIONS, TYPES (name -> code) and TODAY (None = build day).
PLUGINS += ["documents"]
DOCUMENTS = {"PAGE_SIZE": 20, "MAX_ATTACHMENT_MB": 20}

# --- Editors' tools (issue 5): make check, make newpost, make devserver ---------------
# Categories an article may use; anything else is an error in `make check` and the build,
# with the closest name suggested. ("Văn bản" is the documents' category.)
CATEGORIES = [*ARCHIVES["CATEGORY_ORDER"], "Văn bản"]
# A future-dated article stays off the site until its date has passed and the site is rebuilt.
WITH_FUTURE_DATES = False
# Author written into new articles by `make newpost` (the AUTHOR environment variable wins).
NEWPOST_AUTHOR = AUTHOR

# --- Reader tools and the portal theme (issue 4) ----------------------------------------
# Header banner: images inside content/ (1200x240 reads well), shown one at a time; "href"
# (optional) makes a slide a link, "caption" (optional) is shown on it. Empty list: no banner.
BANNER_SLIDES = [
    {
        "src": "images/banner/1.jpg",
        "alt": "",
        "href": "",
        "caption": "Đổi mới, dân chủ, đoàn kết, phát triển",
    },
    {
        "src": "images/banner/2.jpg",
        "alt": "",
        "href": "",
        "caption": "Vì việc làm, thu nhập của người lao động",
    },
    {"src": "images/banner/3.jpg", "alt": "", "href": "", "caption": "Công đoàn đồng hành cùng doanh nghiệp"},
]
# Slogans that run in the ticker under the menu (still under reduced motion). Empty: none.
SLOGANS = [
    "Nhiệt liệt chào mừng Đại hội Công đoàn tỉnh An Khang lần thứ XI, nhiệm kỳ 2023 - 2028",
    "Công đoàn Việt Nam: đổi mới, dân chủ, đoàn kết, phát triển",
    "Tháng Công nhân: vì việc làm bền vững, thu nhập và cuộc sống tốt hơn của đoàn viên",
]
# "Gửi phản hồi" under each article writes to this address.
FEEDBACK_EMAIL = "bbt@ldld-ankhang.example.vn"
# "Liên kết" block on the home page: (label, address).
HOME_LINKS = [
    ("Tổng Liên đoàn Lao động Việt Nam", "https://www.congdoan.vn/"),
    ("Báo Lao Động", "https://laodong.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
]
# Search box target (the search itself comes later) and the HTML site map (Sơ đồ trang).
SEARCH_URL = "tim-kiem/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
SITE_MAP_URL = "so-do-trang/"
SITE_MAP_SAVE_AS = SITE_MAP_URL + "index.html"

# --- Images (plugins/images): responsive copies, thumbnails, Open Graph, cache -------
# Every image under content/ but files/ (in images/ or next to its article) is published
# through the plugin (EXIF rotation, sRGB, no GPS/EXIF); derivatives are cached in
# cache/images/ by content hash. Set a key here only to change its default
# (plugins/images/settings.py DEFAULTS: SOURCE_DIRS, EXCLUDE_DIRS, WIDTHS, ...).
IMAGES = {}

# --- Publishing and hosting (issue 11) ------------------------------------------------------
# hosting: .htaccess, _headers, 404.html and redirect pages for `Aliases:` (plugins/hosting).
# HOSTING is merged over plugins/hosting DEFAULTS: SITE_PATH (None = the path of SITEURL, used
# by the 404 page and .htaccess), HTACCESS, NETLIFY_HEADERS, NOT_FOUND_TEMPLATE.
PLUGINS += ["hosting"]
HOSTING = {}
# Precompressed .gz/.br files are made by `make publish` only (publishconf.py).

# --- Search (issue 8, plugins/search): a Pagefind index written at the end of the build ----
# SEARCH is merged over plugins/search DEFAULTS: INDEX (True) and BUNDLE_DIR ("pagefind").
PLUGINS += ["search"]
SEARCH = {}

# --- Performance (issue 9, plugins/performance): a faster build, the same bytes ---------------
# URLs computed once the generators have finished (scripts/compare_outputs.py OLD NEW proves
# a change to the build leaves the output byte-identical).
PLUGINS += ["performance"]
# Pelican's content cache: a Markdown file whose bytes (sha256) did not change is not parsed
# again. The reader layer, because WITH_FUTURE_DATES decides drafts when articles are built;
# content_guard keeps files with a problem out of the cache (they are read and reported on
# every build), and the performance plugin empties the cache when the plugins, the settings
# or the images change. The performance plugin also keeps each article in it as reading
# left it, for the next build to take whole (never an article dated after now: a draft until
# then). Removed by `make clean`.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "sha256"
CACHE_PATH = "cache/pelican"

# --- Rebuild speed (issue 9): what a rebuild after one edit does besides rendering ------------
# Pelican gzips its content cache at level 9 on every build: at 10,000 articles that is seconds
# of compression (and decompression) for a 50 MB file that never leaves the machine.
GZIP_CACHE = False
