"""`make html` never costs the published site: a failed build and one killed with SIGKILL
part-way both leave output/ byte-identical, and the next build cleans up and succeeds."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, ROOT, build_site, settings_file
from sitebuild import RETIRED_PREFIX, STAGING_PREFIX, restore_interrupted_swap

BIG_SITE_ARTICLES = 500
PARAGRAPH = "Công đoàn các cấp tiếp tục chăm lo đời sống, bảo vệ quyền lợi của đoàn viên. " * 6


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under folder, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def settings_for(content: Path, where: Path) -> Path:
    settings = where / f"conf-{content.name}.py"
    settings_file(settings, content)
    return settings


def sitebuild_command(content: Path, output: Path) -> list[str]:
    settings = settings_for(content, output.parent)
    script = str(ROOT / "scripts" / "sitebuild.py")
    return [sys.executable, script, "--settings", str(settings), "--output", str(output)]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A real earlier build of the fixture site: the 'published' output/."""
    where = tmp_path_factory.mktemp("safe")
    return build_site(FIXTURE_CONTENT, where / "output")


@pytest.fixture(scope="module")
def big_content(tmp_path_factory) -> Path:
    """The fixture content plus many articles, so a build takes long enough to kill."""
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path_factory.mktemp("big") / "content"))
    folder = content / "tin-tuc"
    for number in range(BIG_SITE_ARTICLES):
        day = 1 + number % 28
        (folder / f"2021-02-{day:02d}-bai-so-{number}.md").write_text(
            f"Title: Bài số {number}\nDate: 2021-02-{day:02d} 08:00\nCategory: Tin tức - Sự kiện\n"
            f"Tags: thẻ {number % 40}\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n",
            encoding="utf-8",
        )
    return content


def test_failed_build_leaves_output_byte_identical(published, tmp_path):
    before = tree_hashes(published)
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    (content / "tin-tuc" / "loi.md").write_text("Title: Lỗi\nDate: 31/02/2021\n\nx\n", encoding="utf-8")
    result = subprocess.run(sitebuild_command(content, published), capture_output=True, text=True)
    assert result.returncode == 1
    assert "content/tin-tuc/loi.md:2:" in result.stderr and "Traceback" not in result.stderr
    assert tree_hashes(published) == before
    assert not list(published.parent.glob(".output-*"))


def test_build_killed_part_way_leaves_output_byte_identical(published, big_content):
    before = tree_hashes(published)
    process = subprocess.Popen(
        sitebuild_command(big_content, published), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 300
    # Kill once Pelican is writing pages into the staging folder.
    while not any(
        p.name == "index.html" for s in published.parent.glob(STAGING_PREFIX + "*") for p in s.iterdir()
    ):
        assert process.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert list(published.parent.glob(STAGING_PREFIX + "*")), "killed part-way: a half-built folder is left"
    assert tree_hashes(published) == before

    # The next build removes the leftovers and replaces the output.
    content = Path(FIXTURE_CONTENT)
    result = subprocess.run(sitebuild_command(content, published), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not list(published.parent.glob(".output-*"))
    assert (published / "2019/11/21/index.html").is_file()


def test_kill_between_the_two_renames_gives_the_old_output_back(tmp_path):
    output = tmp_path / "output"
    retired = tmp_path / (RETIRED_PREFIX + "x")
    retired.mkdir()
    (retired / "index.html").write_text("bản cũ", encoding="utf-8")
    restore_interrupted_swap(output)
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"
