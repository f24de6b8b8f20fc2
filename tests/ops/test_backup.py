"""`gpmb backup` / `gpmb restore` (issue 9, point 11): a backup of the demo and some
uploaded files restored into an empty data folder holds every row of every table and
every file, byte for byte; a damaged, truncated or tampered archive is refused before
anything is touched; an existing database is not overwritten without --force.

Each step runs `gpmb` as a separate process, as an administrator would. On SQLite always;
on PostgreSQL too when the suite runs there (DATABASE_URL=postgres://…), in two scratch
databases beside the test database."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("DATABASE_URL", "") if "postgres" in os.environ.get(
    "DATABASE_URL", ""
) else ""  # fmt: skip
FILES = {
    "imports/2026/12/tờ-12 thửa 85.geojson": b'{"type": "FeatureCollection"}',
    "census/uploads/ảnh.jpg": bytes(range(256)) * 40,
    "attachments/empty.txt": b"",
}


class Site:
    """One installation: a data folder and its database."""

    def __init__(self, data_dir: Path, database_url: str = "") -> None:
        self.data_dir = data_dir
        self.database_url = database_url

    def gpmb(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(GPMB_DATA_DIR=str(self.data_dir), GPMB_DEMO_PASSWORD="Demo-only-pw-77")
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        result = subprocess.run(
            [sys.executable, "-m", "gpmb", *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def rows(self) -> dict[str, list[tuple]]:
        """Every row of every table, sorted: what 'everything is there' means."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                names = [r[0] for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                )]  # fmt: skip
                return {
                    n: sorted(map(repr, conn.execute(f'SELECT * FROM "{n}"').fetchall()))
                    for n in names
                }
        db = sqlite3.connect(self.data_dir / "gpmb.sqlite3")
        try:
            names = [r[0] for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )]  # fmt: skip
            return {n: sorted(map(repr, db.execute(f'SELECT * FROM "{n}"'))) for n in names}
        finally:
            db.close()

    def files(self) -> dict[str, bytes]:
        media = self.data_dir / "media"
        return {
            p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
        }

    def has_tables(self) -> bool:
        if not self.database_url and not (self.data_dir / "gpmb.sqlite3").exists():
            return False
        return bool(self.rows())


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sites(request, tmp_path_factory):
    """A source site with the demo and uploaded files, its backup, and a factory of empty
    sites to restore into."""
    databases: list[str] = []

    def new_site() -> Site:
        folder = tmp_path_factory.mktemp("data")
        if request.param == "sqlite":
            return Site(folder)
        import psycopg

        name = f"gpmb_bk_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        databases.append(name)
        return Site(folder, PG_URL.rsplit("/", 1)[0] + "/" + name)

    if request.param == "postgresql":
        if not PG_URL:
            pytest.skip("PostgreSQL pass only (DATABASE_URL=postgres://…)")
        if not shutil.which("pg_dump"):
            pytest.skip("pg_dump is not installed")
    source = new_site()
    source.gpmb("migrate", "-v0")
    source.gpmb("demo", "--households", "20")
    for name, data in FILES.items():
        path = source.data_dir / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    archive = tmp_path_factory.mktemp("out") / "gpmb-backup.tar.gz"
    source.gpmb("backup", str(archive))
    yield source, archive, new_site
    if databases:
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            for name in databases:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_every_row_and_file_into_an_empty_folder(sites):
    source, archive, new_site = sites
    assert archive.stat().st_mode & 0o077 == 0  # personal data inside: owner only
    target = new_site()
    result = target.gpmb("restore", str(archive))
    assert "restored" in result.stdout

    source_rows, target_rows = source.rows(), target.rows()
    assert sum(len(rows) for rows in source_rows.values()) > 1000
    assert source_rows["parties_household"], "the demo's households are in the backup"
    assert target_rows == source_rows
    assert target.files() == source.files() == {n: d for n, d in FILES.items()}
    # The restored site works: migrate finds nothing to do, the checks pass.
    assert "No migrations to apply" in target.gpmb("migrate").stdout


def test_restore_refuses_to_overwrite_without_force(sites):
    source, archive, new_site = sites
    target = new_site()
    target.gpmb("migrate", "-v0")
    before = target.rows()
    refused = target.gpmb("restore", str(archive), check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert target.rows() == before
    assert target.files() == {}

    target.gpmb("restore", str(archive), "--force")
    assert target.rows() == source.rows()
    assert target.files() == source.files()


def _rewrite(archive: Path, out: Path, change) -> Path:
    """A copy of `archive` with each member passed through change(name, data)."""
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src:
            data = src.extractfile(member).read()
            new = change(member.name, data)
            if new is None:
                continue
            member.size = len(new)
            dst.addfile(member, io.BytesIO(new))
    return out


def _damaged(archive: Path, tmp_path: Path) -> dict[str, Path]:
    data = archive.read_bytes()
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    (tmp_path / "flipped.tar.gz").write_bytes(bytes(flipped))
    (tmp_path / "truncated.tar.gz").write_bytes(data[: len(data) * 2 // 3])
    photo = "media/census/uploads/ảnh.jpg"

    def tamper(name, content):
        return content.replace(b"\x00\x01", b"\x00\x02") if name == photo else content

    def drop_manifest(name, content):
        return None if name == "manifest.json" else content

    evil = tmp_path / "traversal.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(evil, "w:gz") as dst:
        for member in src:
            content = src.extractfile(member).read()
            if member.name == photo:
                member = tarfile.TarInfo("media/../../escaped.txt")
                member.size = len(content)
            dst.addfile(member, io.BytesIO(content))
    return {
        "flipped": tmp_path / "flipped.tar.gz",
        "truncated": tmp_path / "truncated.tar.gz",
        "tampered": _rewrite(archive, tmp_path / "tampered.tar.gz", tamper),
        "no manifest": _rewrite(archive, tmp_path / "nomanifest.tar.gz", drop_manifest),
        "traversal": evil,
    }


def test_damaged_archives_are_refused_and_nothing_is_touched(sites, tmp_path):
    _source, archive, new_site = sites
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["format"] == "gpmb-backup" and manifest["files"]
    for kind, bad in _damaged(archive, tmp_path).items():
        target = new_site()
        refused = target.gpmb("restore", str(bad), check=False)
        assert refused.returncode != 0, kind
        assert "CommandError" in refused.stderr, (kind, refused.stderr)
        assert not target.has_tables(), kind
        assert not (target.data_dir / "media").exists() or target.files() == {}, kind
        assert not (target.data_dir.parent / "escaped.txt").exists()
        assert not [p for p in target.data_dir.iterdir() if p.name.startswith(".gpmb-restore")]
