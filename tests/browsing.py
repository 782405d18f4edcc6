"""Helpers for browser tests: Playwright driving Debian's Chromium, as a reader would use the site.

Each page records what a reader would never want: CSP violations, console errors, and requests to
any other host. axe-core checks accessibility.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Installed by `make test` (npm, pinned in the Makefile); evaluated only inside pages under test.
AXE_SCRIPT = ROOT / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
# Chromium's own background traffic has nowhere to go on these machines; keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "tests" / "browser" / "screenshots"


@dataclass
class PageWatch:
    """What went wrong while a page was open: CSP violations, console errors, foreign requests."""

    base_url: str
    csp_violations: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Page:
        """Start recording on `page`."""
        page.on("console", self._on_console)
        page.on("request", self._on_request)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        return page

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(message.text)
        elif message.type == "error":
            self.console_errors.append(message.text)

    def _on_request(self, request) -> None:
        origin = "/".join(self.base_url.split("/")[:3]) + "/"
        if not request.url.startswith((origin, "data:")):
            self.foreign_requests.append(request.url)


def open_page(browser: Browser, base_url: str, **context_options) -> tuple[BrowserContext, Page, PageWatch]:
    """A fresh context (own localStorage) and page, watched; options go to new_context."""
    options = {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN", **context_options}
    context = browser.new_context(**options)
    watch = PageWatch(base_url)
    return context, watch.attach(context.new_page()), watch


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core (WCAG 2.x A and AA rules) on the page as it is now; return its violations."""
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))"""
    )


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under tests/browser/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
