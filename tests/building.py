"""Helpers for tests that run scripts/sitebuild.py in a child process (and kill it)."""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conftest import FIXTURE_CONTENT, ROOT, settings_file
from sitebuild import FOLDER_LIST, REUSABLE_PREFIX

PARAGRAPH = "Công đoàn các cấp tiếp tục chăm lo đời sống, bảo vệ quyền lợi của đoàn viên. " * 6


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under folder, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tree_folders(folder: Path) -> list[str]:
    """Every folder under folder, relative (an empty one is uploaded too)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir())


def settings_for(content: Path, where: Path, base: str = "pelicanconf") -> Path:
    """A settings file: `base` (pelicanconf or publishconf) with PATH pointing at content."""
    return settings_file(where / f"conf-{base}-{content.name}.py", content, base)


def sitebuild_command(content: Path, output: Path, base: str = "pelicanconf") -> list[str]:
    """The command line of a build of `content` into `output` with the given settings."""
    settings = settings_for(content, output.parent, base)
    script = str(ROOT / "scripts" / "sitebuild.py")
    return [sys.executable, script, "--settings", str(settings), "--output", str(output)]


def big_content(where: Path, articles: int) -> Path:
    """The fixture content plus many articles, so a build takes long enough to kill."""
    content = Path(shutil.copytree(FIXTURE_CONTENT, where / "content"))
    folder = content / "tin-tuc"
    for number in range(articles):
        day = 1 + number % 28
        (folder / f"2021-02-{day:02d}-bai-so-{number}.md").write_text(
            f"Title: Bài số {number}\nDate: 2021-02-{day:02d} 08:00\nCategory: Tin tức - Sự kiện\n"
            f"Tags: thẻ {number % 40}\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n",
            encoding="utf-8",
        )
    return content


def no_leftovers_soon(parent: Path, seconds: float = 120) -> bool:
    """True once no staging or retired folder is left (sitebuild deletes them in the background),
    and the old outputs kept for reuse hold no file (the next build deletes all but the newest)."""
    deadline = time.monotonic() + seconds
    while not only_reusable_folders(parent):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def without_reusable_folders(parent: Path) -> None:
    """Wait for the old outputs to be emptied, then delete them: the next build starts from an
    empty folder (sitebuild.staging_folder)."""
    assert no_leftovers_soon(parent)
    for folder in parent.glob(REUSABLE_PREFIX + "*"):
        shutil.rmtree(folder)


def only_reusable_folders(parent: Path) -> bool:
    """No .output-* folder beside the outputs but old outputs emptied for reuse."""
    left = list(parent.glob(".output-*"))
    if any(not path.name.startswith(REUSABLE_PREFIX) for path in left):
        return False
    files = [path for folder in left for path in folder.rglob("*") if not path.is_dir()]
    return all(path.name == FOLDER_LIST for path in files)


def appended(article: Path, text: str) -> str:
    """The article's Markdown with `text` as a new last paragraph."""
    return article.read_text(encoding="utf-8") + f"\n{text}\n"


def built_with_paragraph(article: Path, text: str, build: Callable[[], Path]) -> Path:
    """Run `build` while the article ends with `text` as a new paragraph; put it back after."""
    original = article.read_text(encoding="utf-8")
    article.write_text(appended(article, text), encoding="utf-8")
    try:
        return build()
    finally:
        article.write_text(original, encoding="utf-8")
