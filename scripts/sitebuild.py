"""Build the site safely: into a fresh folder that replaces the output only on success.

    .venv/bin/python scripts/sitebuild.py [--settings pelicanconf.py] [--output DIR]

Content errors are printed in Vietnamese with file and line, the exit code is 1,
and the previous output folder is left exactly as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import empty_output
from logged_errors import ErrorCounter
from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings
from performance.writer import PageWriteError

from content_guard import content_errors_first
from content_guard.problems import ContentErrors


class BuildLoggedErrors(RuntimeError):
    """Pelican logged errors (a template or a file it could not process)."""


STAGING_PREFIX = ".output-building-"
RETIRED_PREFIX = ".output-retired-"
# An old output emptied of its files, whose folders the next build of the same output writes into.
REUSABLE_PREFIX = ".output-reusable-"
# Inside a reusable folder: its folders, deepest first (empty_output.py writes it).
FOLDER_LIST = empty_output.FOLDER_LIST


def load_settings(settings_file: str | Path, overrides: dict[str, Any] | None = None) -> dict:
    """Pelican settings from a file, with overrides (tests point PATH and OUTPUT_PATH)."""
    return read_settings(str(settings_file), override=overrides or {})


def restore_interrupted_swap(final: Path) -> None:
    """A build killed between the two renames of swap_in left only the retired output: put it back
    (not one being emptied: that one was retired by a swap that finished; nor another output's)."""
    retired = [
        path
        for path in sorted(final.parent.glob(own_prefix(RETIRED_PREFIX, final) + "*"))
        if not in_use(path)
    ]
    if not final.exists() and retired:
        retired[-1].rename(final)


def locked(folder: Path, wait: bool = True) -> int:
    """An open descriptor of `folder` holding an exclusive `flock` on it (in_use is then True).
    Without `wait`, BlockingIOError at once while another process holds the lock."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def in_use(folder: Path) -> bool:
    """True while a process holds the folder's lock (a build writing into it, or the process
    emptying it for reuse)."""
    try:
        os.close(locked(folder, wait=False))  # also lets go of the lock just taken
    except BlockingIOError:
        return True
    except OSError:
        return False  # gone meanwhile
    return False


def own_prefix(prefix: str, final: Path) -> str:
    """The names of `final`'s retired or reusable old outputs (another output beside it, such
    as make publish's public/ beside output/, has its own)."""
    return f"{prefix}{final.name}-"


def remove_leftovers(final: Path) -> Path | None:
    """Delete, in the background, the folders an earlier build left (stopped, or still deleting),
    but not an old output being emptied for reuse, nor the newest reusable one of `final`,
    which is returned (None if there is none)."""
    parent = final.parent
    leftovers = [
        path
        for prefix in (STAGING_PREFIX, RETIRED_PREFIX)
        for path in parent.glob(prefix + "*")
        if not in_use(path)
    ]
    reusable = reusable_folders(final)
    leftovers += reusable[1:]
    if leftovers:
        remove_in_background(*leftovers)
    return reusable[0] if reusable else None


def reusable_folders(final: Path) -> list[Path]:
    """`final`'s old outputs emptied for reuse, the newest first."""
    found = []
    for path in final.parent.glob(own_prefix(REUSABLE_PREFIX, final) + "*"):
        with contextlib.suppress(OSError):  # gone meanwhile
            if not in_use(path):
                found.append((path.stat().st_mtime_ns, path))
    return [path for _made, path in sorted(found, reverse=True)]


def staging_folder(final: Path, reusable: Path | None) -> tuple[Path, list[str]]:
    """A new folder to build into, and the folders it already holds (deepest first).

    The old output emptied for reuse (its files gone, its folders kept) when there is one: a
    rebuild then makes none of the site's folders again (21,000 at 10,000 articles), which
    on a disk that has just freed many (the old output's, deleted) took 1-10 s. Else an
    empty folder.
    """
    claimed = claimed_folder(final, reusable) if reusable is not None else None
    return claimed or (Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=final.parent)), [])


def claimed_folder(final: Path, reusable: Path) -> tuple[Path, list[str]] | None:
    """`reusable` renamed to a staging folder, and its folders; None if it cannot be used."""
    staging = final.parent / f"{STAGING_PREFIX}{os.urandom(6).hex()}"
    try:
        reusable.rename(staging)
        listing = staging / FOLDER_LIST
        folders = listing.read_text(encoding="utf-8").split("\0")
        listing.unlink()
    except OSError:
        remove_in_background(staging)  # or taken by another build meanwhile: it is not there
        return None
    with os.scandir(staging) as entries:
        if any(entry.is_file() or entry.is_symlink() for entry in entries):
            remove_in_background(staging)  # not what an emptied output looks like
            return None
    return staging, [folder for folder in folders if folder]


def remove_unfilled(staging: Path, folders: list[str]) -> None:
    """Remove the reused folders this build left empty (a deleted article's), deepest first:
    the output has the folders a build into an empty folder gives. (An `rmdir` a folder, which
    fails on all but those: 0.12 s for the 21,000 at 10,000 articles.)"""
    for folder in folders:
        with contextlib.suppress(OSError):  # not empty: this build wrote into it
            os.rmdir(staging / folder)


def swap_in(staging: Path, final: Path) -> None:
    """Put the finished build where the old one was, with two renames; the old one is emptied
    in the background and kept for the next build's folders."""
    if final.exists():
        retired_prefix = own_prefix(RETIRED_PREFIX, final)
        retired = Path(tempfile.mkdtemp(prefix=retired_prefix, dir=final.parent))
        retired.rmdir()
        final.rename(retired)
        staging.rename(final)
        reusable_name = own_prefix(REUSABLE_PREFIX, final) + retired.name[len(retired_prefix) :]
        empty_in_background(retired, final.parent / reusable_name)
    else:
        staging.rename(final)


REMOVE_FOLDERS = "import shutil, sys\nfor folder in sys.argv[1:]: shutil.rmtree(folder, ignore_errors=True)"


def remove_in_background(*folders: Path) -> None:
    """Delete old outputs without making the editor wait (30,000 files take seconds).

    A deletion cut short (the machine stops) leaves the folder, which the next build removes.
    """
    subprocess.Popen(
        [sys.executable, "-c", REMOVE_FOLDERS, *map(str, folders)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def empty_in_background(retired: Path, reusable: Path) -> None:
    """Empty the retired output for reuse (empty_output.py) without making the editor wait,
    holding its lock from now until done."""
    descriptor = locked(retired)
    try:
        subprocess.Popen(
            [sys.executable, "-S", empty_output.__file__, str(descriptor), str(retired), str(reusable)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            pass_fds=(descriptor,),
        )
    finally:
        os.close(descriptor)  # the child's copy holds the lock


def readable_folder_mode() -> int:
    """The mode a new folder normally gets (0o755 with the usual umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def build(settings: dict) -> Pelican:
    """Run Pelican into a staging folder; on success it becomes settings' OUTPUT_PATH."""
    final = Path(settings["OUTPUT_PATH"])
    final.parent.mkdir(parents=True, exist_ok=True)
    restore_interrupted_swap(final)
    staging, reused = staging_folder(final, remove_leftovers(final))
    # Held until the swap: a build of another output beside this one (or of the same output,
    # started twice) would delete it as a stopped build's leftover.
    lock = locked(staging)
    try:
        return build_into(settings, staging, reused, final)
    finally:
        os.close(lock)


def build_into(settings: dict, staging: Path, reused: list[str], final: Path) -> Pelican:
    """Run Pelican into `staging` and swap it in for `final`; on failure remove it and raise."""
    # mkdtemp makes it private (0700): uploaded as is, the web server could not read the site.
    staging.chmod(readable_folder_mode())
    # The previous output: plugins/performance hard-links the pages whose inputs did not change.
    previous = str(final) if final.is_dir() else None
    pelican = Pelican({**settings, "OUTPUT_PATH": str(staging), "PREVIOUS_OUTPUT_PATH": previous})
    errors = ErrorCounter()
    logging.getLogger().addHandler(errors)
    try:
        pelican.run()
        if errors.count:
            raise BuildLoggedErrors(f"Pelican báo {errors.count} lỗi (xem ở trên).")
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, Exception):
            content_errors_first(error)
        raise
    finally:
        logging.getLogger().removeHandler(errors)
    remove_unfilled(staging, reused)
    swap_in(staging, final)
    return pelican


def show_progress() -> None:
    """Print plugins/progress's lines (phases, pages written) as plain lines on stderr."""
    progress = logging.getLogger("progress")
    if not any(getattr(handler, "progress_lines", False) for handler in progress.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler.progress_lines = True
        progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    progress.propagate = False


def settings_error(settings_file: str, error: OSError | SyntaxError) -> str:
    """What to tell the editor when the settings file cannot be read (no traceback)."""
    if isinstance(error, SyntaxError):
        return (
            f"Tệp cấu hình «{settings_file}» có lỗi cú pháp ở dòng {error.lineno}: {error.msg}. "
            "Hãy sửa dòng đó (hoặc lấy lại tệp từ git) rồi chạy lại. Trang web cũ chưa bị thay đổi."
        )
    if isinstance(error, FileNotFoundError):
        return (
            f"Không tìm thấy tệp cấu hình «{settings_file}». Hãy chạy lệnh trong thư mục của trang web "
            "(nơi có pelicanconf.py) hoặc ghi đúng đường dẫn sau --settings."
        )
    return f"Không đọc được tệp cấu hình «{settings_file}»: {error.strerror or error}."


def main(argv: list[str] | None = None) -> int:
    """Command line: build, report in Vietnamese, exit 0 on success and 1 on content errors."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", help="output folder (default: OUTPUT_PATH of the settings)")
    args = parser.parse_args(argv)
    init_logging(level=logging.WARNING)
    show_progress()
    overrides = {"OUTPUT_PATH": str(Path(args.output).resolve())} if args.output else None
    try:
        settings = load_settings(args.settings, overrides)
    except (OSError, SyntaxError) as error:
        print(settings_error(args.settings, error), file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        build(settings)
    except ContentErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    except (BuildLoggedErrors, PageWriteError) as error:
        print(f"Không xây dựng được trang web: {error} Trang web cũ chưa bị thay đổi.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng giữa chừng. Trang web cũ chưa bị thay đổi.", file=sys.stderr)
        return 130
    elapsed = time.monotonic() - started
    print(f"Đã xây dựng xong trang web trong {elapsed:.1f} giây: {settings['OUTPUT_PATH']}")
    return 0


def exit_at_once(code: int) -> None:
    """End the process without freeing the built site's objects one by one.

    At 10,000 articles Python's own exit spends about a second taking apart millions of
    objects whose memory the system takes back at once anyway. Every thread and worker of
    the build has finished by now; the background deletion runs in its own session. Under a
    profiler or a tracer (cProfile, coverage), which write their results at exit, it exits
    the usual way.
    """
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_at_once(main())
