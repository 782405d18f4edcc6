"""Uploads: rsync to a folder and FTP to a local pyftpdlib server, twice; the second sends nothing.
Plus the command lines and object headers the other targets build, and refused targets."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
from upload import Plan, UploadError, check_target, lftp_script, plan_upload, rsync_command, s3_object

from building import tree_hashes
from conftest import ROOT

SCRIPT = str(ROOT / "scripts" / "upload.py")
SITE_FILES = {
    "index.html": "<!DOCTYPE html><title>Trang chủ</title>" + "Công đoàn " * 50,
    "index.html.gz": "gz",
    "theme/css/main.css": "body { margin: 0 }",
    "2019/11/21/hoi-nghi/index.html": "<p>Hội nghị tổng kết</p>",
    "images/logo.svg": "<svg></svg>",
}


def make_site(folder: Path) -> Path:
    for name, text in SITE_FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def upload(kind: str, source: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, SCRIPT, kind, "--source", str(source)],
        env={**os.environ, "DRY_RUN": "", **env},
        capture_output=True,
        text=True,
    )


def rebuild(site: Path) -> None:
    """What every build does: the same bytes, written anew (new mtimes)."""
    for path in site.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes())
            os.utime(path, (path.stat().st_atime + 60, path.stat().st_mtime + 60))


def test_rsync_round_trip_sends_nothing_the_second_time(tmp_path):
    site = make_site(tmp_path / "public")
    host = tmp_path / "host"
    (host / "other-site").mkdir(parents=True)
    (host / "other-site" / "index.html").write_text("trang khác", encoding="utf-8")
    env = {"RSYNC_TARGET": str(host / "cong-doan")}
    first = upload("rsync", site, env)
    assert first.returncode == 0, first.stderr
    assert "Đã tải lên 5 tệp" in first.stdout
    assert tree_hashes(host / "cong-doan") == tree_hashes(site)

    rebuild(site)
    second = upload("rsync", site, env)
    assert "Đã tải lên 0 tệp, đã xóa 0 tệp." in second.stdout

    (site / "images/logo.svg").unlink()
    (site / "theme/css/main.css").write_text("body { margin: 1rem }", encoding="utf-8")
    third = upload("rsync", site, env)
    assert "Đã tải lên 1 tệp, đã xóa 1 tệp." in third.stdout
    assert tree_hashes(host / "cong-doan") == tree_hashes(site)
    assert (host / "other-site" / "index.html").is_file()


def test_rsync_dry_run_changes_nothing(tmp_path):
    site = make_site(tmp_path / "public")
    result = upload("rsync", site, {"RSYNC_TARGET": str(tmp_path / "host"), "DRY_RUN": "1"})
    assert "Sẽ tải lên 5 tệp" in result.stdout
    assert not (tmp_path / "host").exists()


@pytest.fixture
def ftp_server(tmp_path) -> Iterator[tuple[int, Path, list[str]]]:
    """pyftpdlib on 127.0.0.1 with user 'bientap'; yields port, its root and the files it received."""
    root = tmp_path / "ftp-root"
    (root / "public_html").mkdir(parents=True)
    received: list[str] = []
    authorizer = DummyAuthorizer()
    authorizer.add_user("bientap", "mat-khau-thu", str(root), perm="elradfmwMT")
    handler = type(
        "Handler",
        (FTPHandler,),
        {"authorizer": authorizer, "on_file_received": lambda self, f: received.append(f)},
    )
    server = FTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"timeout": 0.2, "handle_exit": False}, daemon=True
    )
    thread.start()
    try:
        yield server.address[1], root, received
    finally:
        server.close_all()
        thread.join(timeout=5)


def test_ftp_round_trip_sends_only_changed_files(tmp_path, ftp_server):
    port, root, received = ftp_server
    site = make_site(tmp_path / "public")
    env = {
        "FTP_HOST": "127.0.0.1",
        "FTP_PORT": str(port),
        "FTP_USER": "bientap",
        "FTP_PASSWORD": "mat-khau-thu",
        "FTP_TARGET": "/public_html/cong-doan",
        "PUBLISH_STATE_DIR": str(tmp_path / "state"),
    }
    first = upload("ftp", site, env)
    assert first.returncode == 0, first.stderr
    assert len(received) == 5 and "Đã tải lên 5 tệp" in first.stdout
    assert tree_hashes(root / "public_html" / "cong-doan") == tree_hashes(site)
    assert "mat-khau-thu" not in first.stdout + first.stderr

    rebuild(site)
    received.clear()
    second = upload("ftp", site, env)
    assert second.returncode == 0 and received == []
    assert "Đã tải lên 0 tệp, đã xóa 0 tệp." in second.stdout

    # Same size, different bytes: still sent (sizes alone would miss it).
    (site / "theme/css/main.css").write_text("body { margin: 1 }", encoding="utf-8")
    (site / "images/logo.svg").unlink()
    third = upload("ftp", site, env)
    assert [Path(f).name for f in received] == ["main.css"]
    assert "đã xóa 1 tệp" in third.stdout
    assert tree_hashes(root / "public_html" / "cong-doan") == tree_hashes(site)


def test_ftp_dry_run_lists_the_commands_and_sends_nothing(tmp_path):
    site = make_site(tmp_path / "public")
    env = {"FTP_HOST": "127.0.0.1", "FTP_TARGET": "/public_html/cong-doan", "DRY_RUN": "1"}
    result = upload("ftp", site, {**env, "PUBLISH_STATE_DIR": str(tmp_path / "state")})
    assert result.returncode == 0
    assert "put -O /public_html/cong-doan/theme/css" in result.stdout and "Sẽ tải lên 5 tệp" in result.stdout
    assert not (tmp_path / "state").exists()


@pytest.mark.parametrize("target", ["", "/", "may-chu:/", "may-chu:", "ban@may-chu:~/", "  "])
def test_empty_or_root_target_is_refused_in_vietnamese(target):
    with pytest.raises(UploadError, match="không được để trống hoặc là '/'"):
        check_target(target, "RSYNC_TARGET")


def test_refused_target_exits_1_without_traceback(tmp_path):
    result = upload("rsync", make_site(tmp_path / "public"), {"RSYNC_TARGET": "/"})
    assert result.returncode == 1 and "Traceback" not in result.stderr and "RSYNC_TARGET" in result.stderr


def test_rsync_over_ssh_command_line():
    command = rsync_command(Path("/srv/public"), "ban@may-chu:/var/www/cong-doan", ssh_port="2222")
    assert command[:7] == [
        "rsync",
        "--recursive",
        "--links",
        "--perms",
        "--compress",
        "--checksum",
        "--delete",
    ]
    assert command[command.index("-e") + 1] == "ssh -o BatchMode=yes -p 2222"
    assert command[-2:] == ["/srv/public/", "ban@may-chu:/var/www/cong-doan/"]
    assert "--dry-run" in rsync_command(Path("/p"), "h:/w", dry_run=True)


def test_upload_plan_compares_content_not_times():
    plan = plan_upload(
        {"a.html": "1", "b.css": "2", "new.js": "3"}, {"a.html": "1", "b.css": "x", "old.js": "4"}
    )
    assert plan == Plan(changed=["b.css", "new.js"], deleted=["old.js"])
    script = lftp_script(Plan(["a b/index.html"], ["cu.html"]), Path("/p"), "/www")
    assert "put -O '/www/a b' '/p/a b/index.html'" in script and "rm -f /www/cu.html" in script


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "index.html",
            {
                "Key": "cong-doan/index.html",
                "ContentType": "text/html; charset=utf-8",
                "CacheControl": "public, max-age=300, must-revalidate",
                "ContentEncoding": "gzip",
            },
        ),
        (
            "theme/css/main.css",
            {
                "Key": "cong-doan/theme/css/main.css",
                "ContentType": "text/css; charset=utf-8",
                "CacheControl": "public, max-age=86400",
                "ContentEncoding": "gzip",
            },
        ),
        (
            "images/2019/a.jpg",
            {
                "Key": "cong-doan/images/2019/a.jpg",
                "ContentType": "image/jpeg",
                "CacheControl": "public, max-age=2592000",
            },
        ),
        (
            "files/ke-hoach.pdf",
            {
                "Key": "cong-doan/files/ke-hoach.pdf",
                "ContentType": "application/pdf",
                "CacheControl": "public, max-age=2592000",
            },
        ),
        ("index.html.gz", None),
        ("index.html.br", None),
        (".htaccess", None),
    ],
)
def test_s3_keys_types_and_encodings(path, expected):
    assert s3_object(path, "/cong-doan/") == expected


def test_s3_dry_run_prints_the_mapping_without_credentials(tmp_path):
    result = upload(
        "s3",
        make_site(tmp_path / "public"),
        {"S3_BUCKET": "cong-doan-web", "DRY_RUN": "1", "PUBLISH_STATE_DIR": str(tmp_path / "s")},
    )
    assert result.returncode == 0, result.stderr
    assert (
        "theme/css/main.css -> s3://cong-doan-web/theme/css/main.css text/css; charset=utf-8" in result.stdout
    )
    assert "index.html.gz ->" not in result.stdout


def test_github_dry_run_prints_the_ghp_import_command(tmp_path):
    site = make_site(tmp_path / "public")
    result = upload("github", site, {"DRY_RUN": "1"})
    assert result.returncode == 0
    assert f"-m ghp_import -n -p -f -b gh-pages -m 'Cập nhật trang web' {site}" in result.stdout


def test_upload_before_publish_says_what_to_do(tmp_path):
    result = upload("rsync", tmp_path / "public", {"RSYNC_TARGET": str(tmp_path / "host")})
    assert result.returncode == 1 and "make publish" in result.stderr
