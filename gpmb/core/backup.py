"""Backup and restore of a whole GPMB installation: the database and the uploaded files
(MEDIA_ROOT) in one gzip'd tar archive with a manifest.

Archive layout:
    database.sqlite3 | database.pgdump   SQLite online backup / pg_dump custom format
    media/...                            every file under MEDIA_ROOT
    manifest.json                        last: format, versions, per-table row counts,
                                         size and SHA-256 of every other member

SQLite is copied with its online backup API (consistent while the site keeps writing);
PostgreSQL with pg_dump, whose snapshot is the one the row counts were read in, so the
counts describe exactly what was dumped. Restore unpacks into a private folder, checks
every checksum and refuses the archive before anything is touched if one differs; it
refuses a database that already has tables, or a non-empty media folder, unless told
--force (the previous database file and media folder are then kept beside, renamed).
After restoring it counts the rows of every table again and compares with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection, connections

FORMAT = "gpmb-backup"
VERSION = 1
MANIFEST = "manifest.json"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1 << 20

Log = Callable[[str], None]


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why (vi / en)."""


def _quiet(_message: str) -> None:
    pass


# --- backup ---------------------------------------------------------------------------


def create_backup(out: Path, *, log: Log = _quiet) -> dict[str, Any]:
    """Write the archive to `out` (atomically: a killed backup leaves no file of that
    name) and return its manifest."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in DB_FILES:
        raise BackupError(f"Không sao lưu được CSDL {vendor} / unsupported database {vendor}")
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".gpmb-backup-") as tmp:
        staging = Path(tmp)
        dump = staging / DB_FILES[vendor]
        tables = _dump_sqlite(dump) if vendor == "sqlite" else _dump_postgresql(dump)
        log(f"CSDL / database: {len(tables)} bảng / tables, {sum(tables.values())} dòng / rows")
        partial = staging / "archive.tar.gz"
        files: dict[str, dict[str, Any]] = {}
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            files[dump.name] = _add_file(tar, dump, dump.name)
            media = Path(settings.MEDIA_ROOT)
            for path in sorted(_walk(media)):
                arcname = "media/" + path.relative_to(media).as_posix()
                files[arcname] = _add_file(tar, path, arcname)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "gpmb_version": _gpmb_version(),
                "database": {"vendor": vendor, "file": dump.name, "tables": tables},
                "migrations": _migrations(),
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now().timestamp())
            info.mode = 0o600
            tar.addfile(info, io.BytesIO(data))
        os.chmod(partial, 0o600)  # national IDs inside: readable by GPMB's account only
        os.replace(partial, out)
    media_count = len(files) - 1
    log(f"Tệp tải lên / uploaded files: {media_count}")
    log(f"Đã sao lưu / backup written: {out} ({out.stat().st_size:,} bytes)")
    return manifest


def _walk(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in names:
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                yield path


class _HashingReader:
    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict[str, Any]:
    """Add one file, hashing exactly the bytes written to the archive."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        info = tarfile.TarInfo(arcname)
        info.size = size
        info.mtime = int(path.stat().st_mtime)
        info.mode = 0o600
        reader = _HashingReader(handle)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    return {"size": size, "sha256": reader.digest.hexdigest()}


def _dump_sqlite(dump: Path) -> dict[str, int]:
    source_name = str(settings.DATABASES["default"]["NAME"])
    if not Path(source_name).exists():
        raise BackupError(f"Không có CSDL / no database at {source_name}")
    source = sqlite3.connect(f"file:{source_name}?mode=ro", uri=True)
    target = sqlite3.connect(dump)
    try:
        source.backup(target)  # SQLite's online backup: a consistent copy while others write
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        check = target.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"Bản sao CSDL hỏng / the copy fails quick_check: {check}")
        return _sqlite_counts(target)
    finally:
        target.close()
        source.close()


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def _pg_env() -> dict[str, str]:
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # never on the command line (ps shows it)
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"Không tìm thấy {name}: cài gói postgresql-client / {name} not found: "
            "install postgresql-client (the same major version as the server or newer)"
        )
    return path


def _dump_postgresql(dump: Path) -> dict[str, int]:
    import psycopg

    pg_dump = _pg_tool("pg_dump")
    env = _pg_env()
    # Counts and dump from one snapshot: open a repeatable-read transaction, export its
    # snapshot, count every table in it, and let pg_dump read the same snapshot.
    with psycopg.connect("", autocommit=False, **_pg_kwargs()) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        tables = _pg_counts(conn)
        result = subprocess.run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={dump}"],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        conn.rollback()
    if result.returncode != 0:
        raise BackupError(f"pg_dump: {result.stderr.strip()}")
    return tables


def _pg_kwargs() -> dict[str, Any]:
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    kwargs = {"dbname": db["NAME"]}
    for key in ("HOST", "PORT", "USER", "PASSWORD"):
        if db.get(key):
            kwargs[key.lower()] = db[key]
    return kwargs


def _pg_counts(conn: Any) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    ]
    return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def _migrations() -> dict[str, str]:
    """The last applied migration of every app (shown when restoring)."""
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return latest
    for app, name in recorder.migration_qs.order_by("app", "name").values_list("app", "name"):
        latest[app] = name
    return latest


def _gpmb_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gpmb")
    except PackageNotFoundError:
        return "unknown"


# --- restore --------------------------------------------------------------------------


def restore_backup(archive: Path, *, force: bool = False, log: Log = _quiet) -> dict[str, Any]:
    """Restore `archive` into the configured database and MEDIA_ROOT; return its manifest."""
    archive = archive.resolve()
    if not archive.is_file():
        raise BackupError(f"Không có tệp / no such file: {archive}")
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".gpmb-restore-") as tmp:
        staging = Path(tmp)
        manifest = _unpack_and_verify(archive, staging)
        log(f"Bản sao lưu hợp lệ / archive verified: {len(manifest['files'])} tệp / files, "
            f"tạo lúc / made {manifest['created_at']}")  # fmt: skip
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"Bản sao lưu là CSDL {vendor}, máy này dùng {connection.vendor} / the backup "
                f"holds a {vendor} database, this installation uses {connection.vendor}"
            )
        media = Path(settings.MEDIA_ROOT)
        tables = connection.introspection.table_names()
        media_files = next(_walk(media), None)
        if not force and (tables or media_files):
            what = []
            if tables:
                what.append(f"CSDL có {len(tables)} bảng / the database has {len(tables)} tables")
            if media_files:
                what.append(f"thư mục tệp không trống / {media} is not empty")
            raise BackupError(
                "Không ghi đè dữ liệu đang có / refusing to overwrite existing data: "
                + "; ".join(what)
                + ". Dùng --force để ghi đè (dữ liệu cũ của SQLite và thư mục tệp được giữ lại "
                "bên cạnh) / use --force to overwrite."
            )
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        dump = staging / manifest["database"]["file"]
        connections.close_all()
        if vendor == "sqlite":
            _restore_sqlite(dump, stamp, keep=bool(tables), log=log)
        else:
            _restore_postgresql(dump, tables, log)
        _restore_media(staging / "media", media, stamp, log)
    _verify_counts(manifest["database"]["tables"])
    log(f"Đã khôi phục / restored: {sum(manifest['database']['tables'].values())} dòng / rows, "
        f"{len(manifest['files']) - 1} tệp / files. Chạy / now run: gpmb migrate")  # fmt: skip
    return manifest


def _unpack_and_verify(archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack every member into `staging`, hashing as it goes; refuse anything unexpected
    (links, absolute or parent paths, unknown names) or any checksum that differs."""
    seen: dict[str, dict[str, Any]] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                name = member.name
                parts = PurePosixPath(name).parts
                if member.isdir():
                    continue
                if (
                    not member.isfile()
                    or name.startswith("/")
                    or ".." in parts
                    or not (name in DB_FILES.values() or name == MANIFEST or parts[0] == "media")
                ):
                    raise BackupError(
                        f"Thành phần lạ trong bản sao lưu / unexpected member: {name!r}"
                    )
                source = tar.extractfile(member)
                assert source is not None
                if name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                target = staging.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with target.open("wb") as handle:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        handle.write(chunk)
                seen[name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, zlib.error, EOFError, OSError) as exc:
        raise BackupError(f"Bản sao lưu hỏng / the archive is damaged: {exc}") from exc
    if manifest_bytes is None:
        raise BackupError("Bản sao lưu thiếu manifest.json (bị cắt cụt?) / no manifest: truncated?")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise BackupError(f"manifest.json hỏng / damaged manifest: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("Không phải bản sao lưu GPMB / not a GPMB backup (format, version)")
    expected = manifest["files"]
    bad = sorted(name for name in set(expected) | set(seen) if expected.get(name) != seen.get(name))
    if bad:
        raise BackupError(
            f"Sai tổng kiểm tra, không khôi phục / checksum mismatch, nothing restored: "
            f"{', '.join(bad[:10])}"
        )
    return manifest


def _restore_sqlite(dump: Path, stamp: str, *, keep: bool, log: Log) -> None:
    target = Path(str(settings.DATABASES["default"]["NAME"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    kept = target.with_name(f"{target.name}.before-restore-{stamp}")
    for suffix in ("", "-wal", "-shm"):  # the old database's journal goes with it
        old = Path(f"{target}{suffix}")
        if old.exists():
            if keep:
                os.replace(old, Path(f"{kept}{suffix}"))
            else:
                old.unlink()  # an empty file made by merely connecting
    if keep:
        log(f"CSDL cũ giữ tại / previous database kept as {kept}")
    shutil.move(dump, target)
    os.chmod(target, 0o600)


def _restore_postgresql(dump: Path, tables: list[str], log: Log) -> None:
    pg_restore = _pg_tool("pg_restore")
    if tables:
        # --force: empty the schema first, so tables of a newer version cannot survive
        # beside the restored ones.
        with connection.cursor() as cursor:
            quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
        connections.close_all()
        log(f"Đã xóa {len(tables)} bảng cũ / dropped {len(tables)} existing tables")
    result = subprocess.run(
        [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         f"--dbname={settings.DATABASES['default']['NAME']}", str(dump)],
        env=_pg_env(), capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"pg_restore: {result.stderr.strip()}")


def _restore_media(source: Path, media: Path, stamp: str, log: Log) -> None:
    if media.exists():
        if next(_walk(media), None) is None:
            shutil.rmtree(media)
        else:
            kept = media.with_name(f"{media.name}.before-restore-{stamp}")
            os.replace(media, kept)
            log(f"Thư mục tệp cũ giữ tại / previous uploads kept as {kept}")
    media.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.move(source, media)
    else:
        media.mkdir()


def _verify_counts(expected: dict[str, int]) -> None:
    connections.close_all()
    if connection.vendor == "sqlite":
        db = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        try:
            found = _sqlite_counts(db)
        finally:
            db.close()
    else:
        import psycopg

        with psycopg.connect("", **_pg_kwargs()) as conn:
            found = _pg_counts(conn)
    differ = sorted(t for t in set(expected) | set(found) if expected.get(t) != found.get(t))
    if differ:
        raise BackupError(
            "Số dòng sau khi khôi phục khác bản sao lưu / row counts differ after restore: "
            + ", ".join(f"{t} {expected.get(t)} → {found.get(t)}" for t in differ[:10])
        )
