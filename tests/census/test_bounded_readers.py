"""Files that cannot harm the server (issue 9 point 5, review finding 2): a workbook or
ZIP that would expand past the limits of gpmb.core.limits is refused before it is read,
with a message naming the file and the limit — in a process whose memory is capped, to
prove the reader never holds what the file would expand to."""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest

from gpmb.census.excel import read_sheets
from gpmb.census.fieldsurvey import _read_odk
from gpmb.geo.archive import ArchiveRefused
from gpmb.geo.gisio import GISReadError, read_layer

GiB = 1 << 30
MiB = 1 << 20
ROW = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, 25_000))


def _bomb(path: Path, member: str, head: bytes, body: bytes, tail: bytes, extra=()) -> Path:
    """A ZIP whose `member` really inflates to about 1 GiB (body repeated)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in extra:
            archive.writestr(name, data)
        with archive.open(member, "w", force_zip64=True) as out:
            out.write(head)
            block = body * (MiB // len(body) + 1)
            for _ in range(GiB // len(block) + 1):
                out.write(block)
            out.write(tail)
    return path


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crafted")
    files = {}
    # The review's 1,557-byte file: one cell at A1, one at XFD1048576.
    book = openpyxl.Workbook()
    book.active.title = "Nhà ở"
    book.active["A1"], book.active["XFD1048576"] = "Mã hộ", 1
    book.save(folder / "rangemax.xlsx")
    files["rangemax"] = folder / "rangemax.xlsx"
    # A real workbook whose sheet inflates to 1 GiB of rows.
    small = folder / "small.xlsx"
    openpyxl.Workbook().save(small)
    with zipfile.ZipFile(small) as archive:
        parts = [(n, archive.read(n)) for n in archive.namelist() if "worksheets/" not in n]
    files["bomb_xlsx"] = _bomb(
        folder / "bomb1g.xlsx",
        "xl/worksheets/sheet1.xml",
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>',
        ROW,
        b"</sheetData></worksheet>",
        parts,
    )
    # An ODK Central export whose CSV inflates to 1 GiB; the same file as a "shapefile".
    files["bomb_zip"] = _bomb(
        folder / "odk_bomb.zip", "data.csv", b"KEY,ten\n", b'uuid:1,"Nguyen Van A"\n', b""
    )
    return files


def run_capped(code: str, extra_mib: int = 256) -> dict:
    """Run `code` in a fresh Django process allowed `extra_mib` more address space than it
    has once set up; returns what the code put in `result`."""
    script = textwrap.dedent(
        """
        import json, os, resource, sys, time
        import django
        django.setup()
        from gpmb.census.excel import read_sheets
        from gpmb.census.fieldsurvey import _read_odk
        from gpmb.geo.gisio import read_layer
        from pathlib import Path
        with open("/proc/self/statm") as f:
            vm = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        cap = vm + EXTRA * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        result = {}
        started = time.perf_counter()
        try:
        CODE
        except Exception as exc:
            result["error"] = type(exc).__name__ + ": " + str(exc)
        result["seconds"] = time.perf_counter() - started
        print(json.dumps(result))
        """
    )
    script = script.replace("EXTRA", str(extra_mib)).replace(
        "CODE", textwrap.indent(textwrap.dedent(code), "    ")
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gpmb.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_1_5_kb_workbook_is_refused_in_a_capped_process(crafted):
    assert crafted["rangemax"].stat().st_size < 5000
    result = run_capped(f"read_sheets({str(crafted['rangemax'])!r})")
    # Before: calamine asked for 549,755,813,888 bytes and the process aborted (rc 134).
    assert result["error"].startswith("ArchiveRefused: rangemax.xlsx: trang “Nhà ở”")
    assert "dòng 1.048.576, cột XFD" in result["error"]
    assert "250.000 dòng, 256 cột" in result["error"]


def test_a_workbook_inflating_to_1_gib_is_refused_in_a_capped_process(crafted):
    result = run_capped(f"read_sheets({str(crafted['bomb_xlsx'])!r})")
    assert result["error"] == (
        "ArchiveRefused: bomb1g.xlsx: giải nén ra hơn 256 MiB (giới hạn GPMB_MAX_UNPACKED_MB): "
        "không đọc"
    )


def test_an_odk_zip_inflating_to_1_gib_is_refused_in_a_capped_process(crafted):
    result = run_capped(f"_read_odk(Path({str(crafted['bomb_zip'])!r}))")
    assert result["error"].startswith("ArchiveRefused: odk_bomb.zip: giải nén ra hơn 256 MiB")


def test_a_shapefile_zip_inflating_to_1_gib_is_refused_in_a_capped_process(crafted):
    result = run_capped(
        f"read_layer(Path({str(crafted['bomb_zip'])!r}), max_unpacked=256 * 1024 * 1024)"
    )
    assert result["error"].startswith("GISReadError: odk_bomb.zip: giải nén ra hơn 256 MiB")


def _lying(path: Path, real: bytes, declared: int) -> Path:
    """A ZIP whose header says its member is `declared` bytes; it inflates to `real`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", real)
    data = bytearray(path.read_bytes())
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, declared)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)
    path.write_bytes(bytes(data))
    return path


def test_a_member_larger_than_its_header_says_is_refused(tmp_path):
    path = _lying(tmp_path / "lies.zip", b"KEY,ten\n" + b"uuid:1,A\n" * 2_000_000, 1000)
    with pytest.raises(ArchiveRefused, match=re.escape("giải nén ra nhiều hơn 1,000 byte khai")):
        _read_odk(path)
    with pytest.raises(GISReadError, match=re.escape("lies.zip")):
        read_layer(path, max_unpacked=MiB)


def test_limits_come_from_the_environment(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    for _ in range(1, 12):
        sheet.append(["x"] * 3)
    book.save(tmp_path / "rows.xlsx")
    assert len(read_sheets(tmp_path / "rows.xlsx")[0].rows) == 11
    monkeypatch.setenv("GPMB_MAX_SHEET_ROWS", "10")
    message = "rows.xlsx: trang “Sheet” trải tới dòng 11, cột C"
    with pytest.raises(ArchiveRefused, match=re.escape(message)):
        read_sheets(tmp_path / "rows.xlsx")
    monkeypatch.setenv("GPMB_MAX_SHEET_ROWS", "dozens")
    with pytest.raises(Exception, match=re.escape("GPMB_MAX_SHEET_ROWS='dozens'")):
        read_sheets(tmp_path / "rows.xlsx")


def test_a_workbook_within_the_limits_reads_as_before(tmp_path):
    book = openpyxl.Workbook()
    book.active["B3"], book.active["D5"] = "x", 2
    book.save(tmp_path / "b3.xlsx")
    with (tmp_path / "b3.xlsx").open("rb") as stream:
        (sheet,) = read_sheets(stream)
    assert sheet.rows[2] == ["", "x", "", ""] and sheet.rows[4][3] == 2


def test_cells_without_a_position_are_refused(tmp_path):
    small = tmp_path / "small.xlsx"
    openpyxl.Workbook().save(small)
    with zipfile.ZipFile(small) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1">' + b"<c><v>1</v></c>" * 20_000 + b"</row></sheetData></worksheet>"
    )
    with zipfile.ZipFile(tmp_path / "implicit.xlsx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    message = "implicit.xlsx: “Sheet” có ô không ghi địa chỉ"
    with pytest.raises(ArchiveRefused, match=re.escape(message)):
        read_sheets(tmp_path / "implicit.xlsx")


def test_a_file_that_is_not_a_workbook_is_refused_with_its_name(tmp_path):
    (tmp_path / "notes.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ArchiveRefused, match=re.escape("notes.xlsx: không phải tệp nén ZIP")):
        read_sheets(tmp_path / "notes.xlsx")
    with zipfile.ZipFile(tmp_path / "other.xlsx", "w") as archive:
        archive.writestr("content.xml", b"<x/>")
    with pytest.raises(ArchiveRefused, match=re.escape("other.xlsx: không phải tệp Excel .xlsx")):
        read_sheets(tmp_path / "other.xlsx")
