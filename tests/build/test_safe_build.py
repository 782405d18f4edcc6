"""`make html` never costs the published site: a failed build and one killed with SIGKILL
part-way both leave output/ byte-identical, and the next build cleans up and succeeds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import empty_output
import pytest

from building import big_content as make_big_content
from building import no_leftovers_soon, sitebuild_command, tree_hashes
from conftest import FIXTURE_CONTENT, build_site
from sitebuild import (
    FOLDER_LIST,
    RETIRED_PREFIX,
    REUSABLE_PREFIX,
    STAGING_PREFIX,
    locked,
    remove_leftovers,
    restore_interrupted_swap,
)

BIG_SITE_ARTICLES = 500


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A real earlier build of the fixture site: the 'published' output/."""
    where = tmp_path_factory.mktemp("safe")
    return build_site(FIXTURE_CONTENT, where / "output")


@pytest.fixture(scope="module")
def big_content(tmp_path_factory) -> Path:
    """The fixture content plus many articles, so a build takes long enough to kill."""
    return make_big_content(tmp_path_factory.mktemp("big"), BIG_SITE_ARTICLES)


def test_failed_build_leaves_output_byte_identical(published, tmp_path):
    before = tree_hashes(published)
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    (content / "tin-tuc" / "loi.md").write_text("Title: Lỗi\nDate: 31/02/2021\n\nx\n", encoding="utf-8")
    result = subprocess.run(sitebuild_command(content, published), capture_output=True, text=True)
    assert result.returncode == 1
    assert "content/tin-tuc/loi.md:2:" in result.stderr and "Traceback" not in result.stderr
    assert tree_hashes(published) == before
    assert no_leftovers_soon(published.parent)


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
    assert no_leftovers_soon(published.parent)
    assert (published / "2019/11/21/index.html").is_file()


def test_kill_between_the_two_renames_gives_the_old_output_back(tmp_path):
    output = tmp_path / "output"
    retired = tmp_path / (RETIRED_PREFIX + "output-x")
    retired.mkdir()
    (retired / "index.html").write_text("bản cũ", encoding="utf-8")
    restore_interrupted_swap(output)
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"


def test_an_interrupted_swap_of_another_output_is_not_taken_for_this_ones(tmp_path):
    """public/ (make publish) sits beside output/: its retired folder is not output/'s old site."""
    retired = tmp_path / (RETIRED_PREFIX + "public-x")
    retired.mkdir()
    (retired / "index.html").write_text("bản xuất bản cũ", encoding="utf-8")
    restore_interrupted_swap(tmp_path / "output")
    assert not (tmp_path / "output").exists()
    restore_interrupted_swap(tmp_path / "public")
    assert (tmp_path / "public" / "index.html").read_text(encoding="utf-8") == "bản xuất bản cũ"


def test_a_build_of_another_output_started_meanwhile_does_not_stop_this_one(big_content, tmp_path):
    """make publish (public/) and make html (output/) at once: the second build's clean-up of
    stopped builds leaves the first one's staging folder alone, and both succeed."""
    public = tmp_path / "public"
    process = subprocess.Popen(
        sitebuild_command(big_content, public), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 300
    while not any(p.name == "index.html" for s in tmp_path.glob(STAGING_PREFIX + "*") for p in s.iterdir()):
        assert process.poll() is None, "the first build ended before the second began"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert process.poll() is None, "the first build ended before the second began"
    output = build_site(FIXTURE_CONTENT, tmp_path / "output")  # its clean-up runs first of all
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors
    assert (public / "2021/02/01/bai-so-0/index.html").is_file()
    assert (output / "2019/11/21/index.html").is_file()


def test_publish_killed_while_compressing_leaves_the_public_site_whole(big_content, tmp_path):
    """`make publish`: precompression runs inside the staging folder, so a kill there costs nothing."""
    env = {**os.environ, "SITEURL": "https://congdoan.example.vn/cong-doan"}
    public = tmp_path / "public"
    first = subprocess.run(
        sitebuild_command(FIXTURE_CONTENT, public, "publishconf"), env=env, capture_output=True
    )
    assert first.returncode == 0, first.stderr
    before = tree_hashes(public)
    assert "index.html.gz" in before and "index.html.br" in before
    process = subprocess.Popen(
        sitebuild_command(big_content, public, "publishconf"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    # Kill once the compressor has started writing .gz/.br files into the staging folder.
    while not any(next(s.rglob("*.gz"), None) for s in tmp_path.glob(STAGING_PREFIX + "*")):
        assert process.poll() is None, "the publish ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert tree_hashes(public) == before
    assert not (public / "2021/02/01/bai-so-0").exists()


def test_a_build_under_cprofile_still_writes_its_profile(tmp_path):
    # The build ends its process without Python's slow teardown, except under a profiler
    # (make bench PROFILE=1 reads the profile it writes at exit).
    content = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    command = sitebuild_command(content, tmp_path / "output")
    profile = tmp_path / "build.prof"
    result = subprocess.run(
        [command[0], "-m", "cProfile", "-o", str(profile), *command[1:]], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Đã xây dựng xong" in result.stdout
    assert profile.stat().st_size > 0


def test_an_old_output_being_emptied_is_neither_deleted_nor_taken_back(tmp_path):
    """A build that starts while the last one's old output is still being emptied leaves it alone:
    deleting it at the same time once left the emptied folders incomplete."""
    output = tmp_path / "output"
    retired = tmp_path / (RETIRED_PREFIX + "output-dang-xoa")
    (retired / "2019" / "bai").mkdir(parents=True)
    (retired / "2019" / "bai" / "index.html").write_text("bản cũ", encoding="utf-8")
    descriptor = locked(retired)
    try:
        restore_interrupted_swap(output)  # no output: but this one is not an interrupted swap's
        assert not output.exists()
        remove_leftovers(output)
        time.sleep(1)
        assert (retired / "2019" / "bai" / "index.html").is_file()
    finally:
        os.close(descriptor)
    remove_leftovers(output)  # its emptying stopped (the lock is gone): a leftover like any other
    assert no_leftovers_soon(tmp_path)


def test_the_old_output_is_emptied_for_the_next_build_and_only_its_folders_stay(published, tmp_path):
    output = Path(shutil.copytree(published, tmp_path / "output"))
    folders = {path.relative_to(output) for path in output.rglob("*") if path.is_dir()}
    build_site(FIXTURE_CONTENT, output)
    assert no_leftovers_soon(tmp_path)
    (reusable,) = tmp_path.glob(REUSABLE_PREFIX + "output-*")
    assert {path.relative_to(reusable) for path in reusable.rglob("*") if path.is_dir()} == folders
    assert [path.name for path in reusable.rglob("*") if not path.is_dir()] == [FOLDER_LIST]
    assert (output / "2019/11/21/index.html").is_file()  # the new output is whole


def test_emptying_keeps_the_folders_deepest_first_and_never_follows_a_link(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("giữ", encoding="utf-8")
    root = tmp_path / "retired"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "index.html").write_text("x", encoding="utf-8")
    (root / "a" / "index.html").write_text("x", encoding="utf-8")
    (root / "lien-ket").symlink_to(outside)
    assert empty_output.empty_folder(str(root)) == ["a/b", "a"]
    assert sorted(path.relative_to(root).as_posix() for path in root.rglob("*")) == ["a", "a/b"]
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "giữ"


def test_only_the_newest_old_output_of_each_output_is_kept_for_reuse(tmp_path):
    output = tmp_path / "output"
    names = ["output-aaaa", "output-bbbb", "public-cccc"]
    for age, name in enumerate(names):
        folder = tmp_path / f"{REUSABLE_PREFIX}{name}"
        (folder / "2019").mkdir(parents=True)
        (folder / FOLDER_LIST).write_text("2019", encoding="utf-8")
        os.utime(folder, (1_000_000 + age, 1_000_000 + age))
    remove_leftovers(output)
    deadline = time.monotonic() + 60
    while (tmp_path / f"{REUSABLE_PREFIX}output-aaaa").exists():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert sorted(path.name for path in tmp_path.glob(REUSABLE_PREFIX + "*")) == [
        f"{REUSABLE_PREFIX}output-bbbb",
        f"{REUSABLE_PREFIX}public-cccc",  # public/'s own, for make publish
    ]
