"""Benchmark: what the workbook check (gpmb.census.excel.check_workbook) costs on a large
honest file, and how fast the crafted files of the December 2026 review are refused.

    python bench/reader_bench.py [--rows 100000]

Writes a workbook of N rows × 15 columns (text, numbers, Vietnamese), then times the
check and calamine's own read of it (CPU time: the machine is shared); then builds the
1.5 KB A1 + XFD1048576 workbook and a workbook and an ODK ZIP that inflate to 1 GiB, and
times their refusal with the process's peak memory."""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
import zipfile
from pathlib import Path

MiB = 1 << 20


def cpu(fn) -> tuple[float, object]:
    start = time.process_time()
    try:
        result: object = fn()
    except Exception as exc:
        result = exc
    return time.process_time() - start, result


def peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("GPMB_DATA_DIR", tempfile.mkdtemp(prefix="gpmb-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gpmb.settings")
    import django

    django.setup()
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    from gpmb.census.excel import check_workbook, read_sheets
    from gpmb.census.fieldsurvey import _read_odk

    folder = Path(tempfile.mkdtemp(prefix="gpmb-reader-"))
    big = folder / "big.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cây trồng")
    for i in range(args.rows):
        sheet.append(
            [f"HS-{i:05d}", "Nguyễn Văn A", i, "Vải thiều", "cây", 12.5, "vai", "loại A",
             22.5, None, "2020-01-01", "ghi chú", "x", "y", "z"]
        )  # fmt: skip
    book.save(big)
    print(f"honest workbook: {args.rows:,} rows × 15 columns, {big.stat().st_size / MiB:.1f} MB")
    for _ in range(3):
        check, _result = cpu(lambda: check_workbook(big, big.name))

        def calamine() -> None:
            workbook = CalamineWorkbook.from_path(str(big))
            workbook.get_sheet_by_name("Cây trồng").to_python(skip_empty_area=False)

        read, _result = cpu(calamine)
        print(f"  check {check:.2f} s CPU, calamine read {read:.2f} s CPU")

    rangemax = folder / "rangemax.xlsx"
    book = Workbook()
    book.active["A1"], book.active["XFD1048576"] = "x", 1
    book.save(rangemax)
    bomb = folder / "bomb1g.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("data.csv", "w", force_zip64=True) as out,
    ):
        out.write(b"KEY,ten\n")
        block = b'uuid:1,"Nguyen Van A"\n' * (MiB // 22)
        for _ in range((1 << 30) // len(block) + 1):
            out.write(block)
    before = peak_mib()
    for name, fn in [
        (f"rangemax.xlsx ({rangemax.stat().st_size:,} B)", lambda: read_sheets(rangemax)),
        (f"ODK zip → 1 GiB ({bomb.stat().st_size / MiB:.1f} MB)", lambda: _read_odk(bomb)),
    ]:
        seconds, result = cpu(fn)
        print(f"  {name}: refused in {seconds * 1000:.0f} ms CPU — {str(result)[:70]}…")
    print(f"  peak memory {peak_mib()} MiB (before the crafted files: {before} MiB)")


if __name__ == "__main__":
    main()
