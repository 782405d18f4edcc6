"""Upload the published site (public/) to a host: rsync over SSH, FTP, S3-compatible storage, GitHub Pages.

    .venv/bin/python scripts/upload.py {rsync,ftp,s3,github} [--source public] [--dry-run]

Settings and credentials come only from the environment (or ~/.netrc, ~/.ssh/config), never
from the repository; docs/deploy.md lists the variables. DRY_RUN=1 (or --dry-run) shows what
would be sent and changes nothing. Deletions only ever touch files inside the target folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
from hosting.rules import CACHE_RULES, COMPRESSED_TYPES  # noqa: E402

# What uploads remember between runs (outside the site and outside git; PUBLISH_STATE_DIR moves it).
STATE_DIR = Path(os.environ.get("PUBLISH_STATE_DIR") or ROOT / ".publish")
# Files only Apache/Netlify read, or that S3 serves differently.
PRECOMPRESSED = (".gz", ".br")


class UploadError(Exception):
    """A Vietnamese message for the person publishing: what is wrong and what to do."""


def require_env(name: str, example: str) -> str:
    """The value of an environment variable, or a message saying how to set it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise UploadError(f"Chưa đặt biến môi trường {name}. Ví dụ: {name}={example}")
    return value


def check_target(target: str, variable: str) -> str:
    """Refuse an empty target or the root of a disk or server: deletions stay inside the target."""
    folder = target.rsplit(":", 1)[-1] if ":" in target and not target.startswith("/") else target
    if folder.strip().strip("/") in ("", ".", "~"):
        raise UploadError(
            f"{variable}='{target}' không được phép: thư mục đích không được để trống hoặc là '/'. "
            "Hãy ghi rõ thư mục riêng của trang web, ví dụ /var/www/cong-doan/."
        )
    return target


def file_hashes(source: Path) -> dict[str, str]:
    """sha256 of every file under source, by POSIX relative path."""
    return {
        p.relative_to(source).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(source.rglob("*"))
        if p.is_file()
    }


@dataclass
class Plan:
    """What an upload sends and deletes, compared with what was sent last time."""

    changed: list[str]
    deleted: list[str]


def plan_upload(current: dict[str, str], previous: dict[str, str]) -> Plan:
    """Files new or different since the last upload, and files no longer in the site."""
    changed = [path for path, digest in current.items() if previous.get(path) != digest]
    deleted = sorted(set(previous) - set(current))
    return Plan(changed, deleted)


def manifest_path(kind: str, target: str) -> Path:
    """One manifest per target, named by a hash of where it goes."""
    return STATE_DIR / f"{kind}-{hashlib.sha256(target.encode()).hexdigest()[:16]}.json"


def read_manifest(path: Path) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def write_manifest(path: Path, hashes: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(hashes, indent=0, sort_keys=True), encoding="utf-8")


# --- rsync (SSH or a local folder) ---------------------------------------------------------


def rsync_command(source: Path, target: str, ssh_port: str = "", dry_run: bool = False) -> list[str]:
    """rsync by checksum (every build rewrites mtimes), deleting only inside the target folder."""
    command = ["rsync", "--recursive", "--links", "--perms", "--compress", "--checksum", "--delete"]
    command += ["--out-format=%i %n"]
    if ssh_port or ":" in target:
        ssh = ["ssh", "-o", "BatchMode=yes"] + (["-p", ssh_port] if ssh_port else [])
        command += ["-e", shlex.join(ssh)]
    if dry_run:
        command.append("--dry-run")
    return [*command, f"{source}/", target.rstrip("/") + "/"]


def upload_rsync(source: Path, dry_run: bool) -> int:
    """RSYNC_TARGET=user@host:/var/www/cong-doan/ (or a local folder); SSH_PORT optional."""
    target = check_target(require_env("RSYNC_TARGET", "ban@may-chu:/var/www/cong-doan/"), "RSYNC_TARGET")
    command = rsync_command(source, target, os.environ.get("SSH_PORT", ""), dry_run)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise UploadError(f"rsync báo lỗi (mã {result.returncode}):\n{result.stderr.strip()}")
    sent = [line for line in result.stdout.splitlines() if line.startswith(("<f", ">f"))]
    deleted = [line for line in result.stdout.splitlines() if line.startswith("*deleting")]
    return report(len(sent), len(deleted), dry_run)


# --- FTP (lftp, driven by a manifest of what was sent) ---------------------------------------


def lftp_script(plan: Plan, source: Path, remote: str) -> str:
    """lftp commands: put each changed file into its folder, remove files gone from the site."""
    lines = ["set cmd:fail-exit yes", "set net:max-retries 2", "set net:timeout 20"]
    lines.append("set ftp:ssl-allow " + os.environ.get("FTP_SSL", "yes"))
    folders = sorted({str(PurePosixPath(remote, p).parent) for p in plan.changed})
    lines += [f"mkdir -p -f {shlex.quote(folder)}" for folder in folders]
    for path in plan.changed:
        remote_dir = str(PurePosixPath(remote, path).parent)
        lines.append(f"put -O {shlex.quote(remote_dir)} {shlex.quote(str(source / path))}")
    lines += [f"rm -f {shlex.quote(str(PurePosixPath(remote, p)))}" for p in plan.deleted]
    return "\n".join(lines) + "\n"


def upload_ftp(source: Path, dry_run: bool) -> int:
    """FTP_HOST, FTP_TARGET, FTP_USER (FTP_PASSWORD or ~/.netrc), FTP_PORT optional."""
    host = require_env("FTP_HOST", "ftp.congdoan.example.vn")
    remote = check_target(require_env("FTP_TARGET", "/public_html/cong-doan"), "FTP_TARGET")
    port = os.environ.get("FTP_PORT", "21")
    manifest = manifest_path("ftp", f"{host}:{port}{remote}")
    current = file_hashes(source)
    plan = plan_upload(current, read_manifest(manifest))
    script = lftp_script(plan, source, remote)
    if dry_run:
        print(script, end="")
        return report(len(plan.changed), len(plan.deleted), dry_run)
    if plan.changed or plan.deleted:
        run_lftp(host, port, script)
    write_manifest(manifest, current)
    return report(len(plan.changed), len(plan.deleted), dry_run)


def run_lftp(host: str, port: str, script: str) -> None:
    """Run the script; the password goes through the environment, never the command line."""
    user = os.environ.get("FTP_USER", "")
    login = ["--env-password", "-u", user] if user and os.environ.get("FTP_PASSWORD") else []
    env = {**os.environ, "LFTP_PASSWORD": os.environ.get("FTP_PASSWORD", "")}
    opened = shlex.join(["open", *login, "-p", port, host])
    result = subprocess.run(["lftp", "-c", opened + "\n" + script], capture_output=True, text=True, env=env)
    if result.returncode:
        raise UploadError(
            f"lftp báo lỗi (mã {result.returncode}); chưa ghi nhận lần tải này:\n{result.stderr.strip()}"
        )


# --- S3-compatible storage (boto3) ------------------------------------------------------------


def cache_control(path: str) -> str:
    """Cache lifetime for a file, from the hosting plugin's table."""
    extension = path.rsplit(".", 1)[-1].lower()
    return next(
        (cache for extensions, cache in CACHE_RULES if extension in extensions), "public, max-age=300"
    )


def s3_object(path: str, prefix: str) -> dict[str, str] | None:
    """Key and headers for one file; text files go up gzipped (their .gz), siblings are skipped."""
    if path.endswith(PRECOMPRESSED) or path in (".htaccess", "_headers"):
        return None
    extension = path.rsplit(".", 1)[-1].lower()
    mime = COMPRESSED_TYPES.get(extension) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    text = extension in COMPRESSED_TYPES
    headers = {
        "Key": f"{prefix.strip('/')}/{path}".lstrip("/"),
        "ContentType": f"{mime}; charset=utf-8" if text else mime,
        "CacheControl": cache_control(path),
    }
    if text:
        headers["ContentEncoding"] = "gzip"
    return headers


def upload_s3(source: Path, dry_run: bool) -> int:
    """S3_BUCKET, S3_PREFIX, S3_ENDPOINT_URL; keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY."""
    bucket = require_env("S3_BUCKET", "cong-doan-web")
    prefix = os.environ.get("S3_PREFIX", "")
    endpoint = os.environ.get("S3_ENDPOINT_URL") or None
    manifest = manifest_path("s3", f"{endpoint}/{bucket}/{prefix}")
    current = file_hashes(source)
    plan = plan_upload(current, read_manifest(manifest))
    objects = [(p, s3_object(p, prefix)) for p in plan.changed]
    objects = [(p, o) for p, o in objects if o]
    if dry_run:
        for path, headers in objects:
            print(f"{path} -> s3://{bucket}/{headers['Key']} {headers['ContentType']}")
        return report(len(objects), 0, dry_run)
    import boto3  # only when really uploading

    client = boto3.client("s3", endpoint_url=endpoint)
    for path, headers in objects:
        body_path = source / (path + ".gz") if "ContentEncoding" in headers else source / path
        if not body_path.is_file():  # too small to compress: send as it is
            body_path = source / path
            headers.pop("ContentEncoding", None)
        client.put_object(Bucket=bucket, Body=body_path.read_bytes(), **headers)
    write_manifest(manifest, current)
    return report(len(objects), 0, dry_run)


# --- GitHub Pages (ghp-import) ----------------------------------------------------------------


def ghp_command(source: Path) -> list[str]:
    """Commit the site to the gh-pages branch (with .nojekyll) and push it."""
    branch = os.environ.get("GITHUB_PAGES_BRANCH", "gh-pages")
    message = "Cập nhật trang web"
    return [sys.executable, "-m", "ghp_import", "-n", "-p", "-f", "-b", branch, "-m", message, str(source)]


def upload_github(source: Path, dry_run: bool) -> int:
    command = ghp_command(source)
    if dry_run:
        print(shlex.join(command))
        return 0
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise UploadError(f"ghp-import báo lỗi:\n{result.stderr.strip()}")
    print("Đã đẩy trang web lên nhánh GitHub Pages.")
    return 0


def report(sent: int, deleted: int, dry_run: bool) -> int:
    """One Vietnamese line; exit code 0."""
    verb = "Sẽ tải lên" if dry_run else "Đã tải lên"
    print(f"{verb} {sent} tệp, {'sẽ xóa' if dry_run else 'đã xóa'} {deleted} tệp.")
    return 0


UPLOADERS: dict[str, Callable[[Path, bool], int]] = {
    "rsync": upload_rsync,
    "ftp": upload_ftp,
    "s3": upload_s3,
    "github": upload_github,
}


def main(argv: list[str] | None = None) -> int:
    """Command line: one target, exit 1 with a Vietnamese message on any problem."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=sorted(UPLOADERS))
    parser.add_argument("--source", default=os.environ.get("PUBLISH_DIR", "public"))
    parser.add_argument(
        "--dry-run", action="store_true", default=os.environ.get("DRY_RUN", "") not in ("", "0")
    )
    args = parser.parse_args(argv)
    source = Path(args.source)
    try:
        if not (source / "index.html").is_file():
            raise UploadError(f"Chưa có trang web trong {source}/: hãy chạy 'make publish' trước.")
        return UPLOADERS[args.target](source.resolve(), args.dry_run)
    except UploadError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
