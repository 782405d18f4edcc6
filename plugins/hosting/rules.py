"""One table of response headers and cache lifetimes, written out for Apache, Netlify and nginx.

.htaccess, _headers and deploy/nginx.conf are all rendered from the tables here, so the
three hosts send the same headers.
"""

from __future__ import annotations

# The policy the theme passes (DESIGN §6): nothing inline, nothing from other hosts.
STRICT_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'"
# The search page alone may compile Pagefind's WebAssembly (issue 8).
SEARCH_CSP = STRICT_CSP + "; script-src 'self' 'wasm-unsafe-eval'"
SEARCH_PATH = "tim-kiem/"

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": STRICT_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

# (extensions, Cache-Control). HTML and feeds change with every article: 5 minutes, then
# revalidate. The theme's CSS/JS keep their names across releases (no fingerprint), so one
# day, not a year. Images and attachments are rarely replaced under the same name: 30 days.
CACHE_RULES: list[tuple[tuple[str, ...], str]] = [
    (("html", "xml", "json", "txt"), "public, max-age=300, must-revalidate"),
    (("css", "js"), "public, max-age=86400"),
    (("jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "ico"), "public, max-age=2592000"),
    (("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "zip"), "public, max-age=2592000"),
]

# Text files that get .gz and .br siblings, with the type to send for them.
COMPRESSED_TYPES: dict[str, str] = {
    "html": "text/html",
    "css": "text/css",
    "js": "text/javascript",
    "json": "application/json",
    "xml": "application/xml",
    "svg": "image/svg+xml",
    "txt": "text/plain",
}
ENCODINGS: tuple[tuple[str, str], ...] = (("br", "br"), ("gz", "gzip"))


def _ext_pattern(extensions) -> str:
    return "|".join(extensions)


def htaccess_headers() -> list[str]:
    """mod_headers lines: security headers everywhere, cache lifetime by extension."""
    lines = ["<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in SECURITY_HEADERS.items()]
    for extensions, cache in CACHE_RULES:
        lines += [
            f'  <FilesMatch "\\.({_ext_pattern(extensions)})(\\.gz|\\.br)?$">',
            f'    Header set Cache-Control "{cache}"',
            "  </FilesMatch>",
        ]
    return [*lines, "</IfModule>"]


def htaccess_precompressed() -> list[str]:
    """Serve file.br / file.gz when the browser accepts it, with the original type."""
    texts = _ext_pattern(COMPRESSED_TYPES)
    lines = ["<IfModule mod_rewrite.c>", "  RewriteEngine On"]
    for suffix, encoding in ENCODINGS:
        lines += [
            f'  RewriteCond "%{{HTTP:Accept-Encoding}}" "\\b{encoding}\\b"',
            f'  RewriteCond "%{{REQUEST_FILENAME}}\\.{suffix}" -s',
            f'  RewriteRule "^(.*)\\.({texts})$" "$1.$2.{suffix}" [L,E=no-gzip:1,E=no-brotli:1]',
        ]
    lines.append("</IfModule>")
    for extension, mime in COMPRESSED_TYPES.items():
        for suffix, encoding in ENCODINGS:
            lines += [
                f'<FilesMatch "\\.{extension}\\.{suffix}$">',
                f'  ForceType "{mime}; charset=utf-8"',
                "  <IfModule mod_headers.c>",
                f"    Header set Content-Encoding {encoding}",
                '    Header append Vary "Accept-Encoding"',
                "  </IfModule>",
                "</FilesMatch>",
            ]
    return lines


def search_htaccess() -> str:
    """tim-kiem/.htaccess: Apache applies it after the root one, so its CSP replaces the strict one."""
    return (
        "# Written by the hosting plugin: the search page may compile Pagefind's WebAssembly.\n"
        "<IfModule mod_headers.c>\n"
        f'  Header always set Content-Security-Policy "{SEARCH_CSP}"\n'
        "</IfModule>\n"
    )


def htaccess(site_path: str, redirect_rules: list[str]) -> str:
    """The whole .htaccess for a site whose root is at `site_path` on its domain ('' or '/x')."""
    lines = [
        "# Written by the hosting plugin at every build: edit plugins/hosting/rules.py, not this file.",
        "AddDefaultCharset utf-8",
        f"AddCharset utf-8 {' '.join('.' + e for e in COMPRESSED_TYPES)}",
        "AddType application/atom+xml .atom",
        "Options -Indexes",
        "DirectoryIndex index.html",
        f"ErrorDocument 404 {site_path}/404.html",
        *htaccess_headers(),
    ]
    if redirect_rules:
        lines += ["<IfModule mod_rewrite.c>", "  RewriteEngine On", *redirect_rules, "</IfModule>"]
    lines += htaccess_precompressed()
    return "\n".join(lines) + "\n"


def netlify_headers() -> str:
    """_headers for Netlify and Cloudflare Pages (they compress on their own)."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    for extensions, cache in CACHE_RULES:
        for extension in extensions:
            lines += [f"/*.{extension}", f"  Cache-Control: {cache}"]
    lines += ["/", "  Cache-Control: " + CACHE_RULES[0][1], "/*/", "  Cache-Control: " + CACHE_RULES[0][1]]
    return "\n".join(lines) + "\n"


def _nginx_add_headers(indent: str, cache: str | None, csp: str = STRICT_CSP) -> list[str]:
    """add_header lines; nginx drops outer add_header in a location that has its own, so repeat all."""
    headers = {**SECURITY_HEADERS, "Content-Security-Policy": csp}
    lines = [f'{indent}add_header {name} "{value}" always;' for name, value in headers.items()]
    if cache:
        lines.append(f'{indent}add_header Cache-Control "{cache}";')
    return lines


def nginx_snippet() -> str:
    """deploy/nginx.conf: include it inside the `location /sub-folder/ { ... }` of the site."""
    lines = [
        "# Generated from plugins/hosting/rules.py by scripts/hosting_files.py: do not edit by hand.",
        "# Include inside the site's location block (see docs/deploy.md).",
        "charset utf-8;",
        "charset_types text/css text/plain text/xml application/javascript application/json "
        "application/atom+xml image/svg+xml;",
        "index index.html;",
        "gzip_static on;",
        "gzip_vary on;  # Vary: Accept-Encoding, so shared caches keep both variants",
        "# Needs Debian's libnginx-mod-http-brotli-static; delete the line if nginx lacks it.",
        "brotli_static on;",
        *_nginx_add_headers("", CACHE_RULES[0][1]),
        "# The search page (first: nginx takes the first regular expression that matches).",
        f"location ~ /{SEARCH_PATH}(index\\.html)?$ {{",
        *_nginx_add_headers("    ", CACHE_RULES[0][1], SEARCH_CSP),
        "}",
    ]
    for extensions, cache in CACHE_RULES:
        lines += [f"location ~* \\.({_ext_pattern(extensions)})$ {{", *_nginx_add_headers("    ", cache), "}"]
    return "\n".join(lines) + "\n"
