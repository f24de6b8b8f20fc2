"""Reading a land price table in the Excel layout provinces publish, into a pack's
`land.segments`.

A province's price table (bảng giá đất, Land Law 2024 Art. 159; Resolution 254/2025
Art. 7) is published as annexes whose tables look alike across provinces:

    Đơn vị tính: nghìn đồng/m2
    1. PHƯỜNG ÂU LÂU
    STT | Tên đường, đoạn đường | Đoạn đường: Từ | Đến | Giá đất ở | Giá đất TMDV | …
    1   | Đường Võ Nguyên Giáp  | Đầu đường       | Cuối đường | 25.000 | 15.000 | …
        |                       | Đoạn tiếp theo  | …          | 10.000 | 6.000  | …

The price columns are either one per land use (the VT1 price; other positions by the
pack's `land.position_factors`) or one per position (VT1…VT5) of the land use given by
the caller, under a header of one to three rows (merged cells allowed). Ward or commune
headings ("1. PHƯỜNG ÂU LÂU") start a commune; a row with no STT and no road name is a
further segment of the road above. Nothing is guessed: the unit must be stated (or
given), every price must read as a number, and any error names the sheet, row, column
and value — and then nothing is produced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from gpmb.core.vnformat import NumberFormatError, NumberKind, fold, parse_number

POSITIONS = ("VT1", "VT2", "VT3", "VT4", "VT5")
# Column header phrases (folded) → land-use code. "đất ở" is urban or rural residential
# land by where the table applies: the caller says which (ODT by default).
LAND_USE_PHRASES = (
    ("thuong mai", "TMD"),
    ("co so san xuat", "SKC"),
    ("san xuat phi nong nghiep", "SKC"),
    ("khoang san", "SKS"),
    ("dat o", "RESIDENTIAL"),
)
# A commune heading, matched on folded text: "1. PHƯỜNG ÂU LÂU", "II XÃ AN HƯNG".
COMMUNE_RE = re.compile(
    r"^(?:[\divxlc]+[.)]?\s+|[a-z][.)]\s+)?((?:phuong|xa|thi tran|dac khu)\s.+)$"
)
POSITION_RE = re.compile(r"\b(?:vt|vi tri)\s*([1-5])\b")
UNIT_RE = re.compile(r"don vi(?: tinh)?\s*:?\s*(nghin dong|1\.000 dong|trieu dong|dong)")
UNITS = {"nghin dong": 1000, "1.000 dong": 1000, "trieu dong": 1_000_000, "dong": 1}


class PriceTableError(Exception):
    """The table cannot be read; `messages` name sheet, row, column and value."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class PriceTable:
    segments: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # rows skipped on purpose, said aloud


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _text(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""


def _grid(sheet: Any) -> list[list[Any]]:
    """Cell values with each merged range's value copied into all its cells."""
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(rows) else None
        for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            for c in range(merged.min_col - 1, merged.max_col):
                if c < len(rows[r]):
                    rows[r][c] = top
    return rows


@dataclass
class _Columns:
    stt: int | None
    road: int
    start: int | None
    end: int | None
    prices: dict[int, tuple[str, str]]  # column → (land-use code, position)


def _columns(headers: list[str], land_use: str | None, residential: str, where: str) -> _Columns:
    stt = road = start = end = None
    prices: dict[int, tuple[str, str]] = {}
    problems = []
    for i, head in enumerate(headers):
        h = fold(head)
        if not h:
            continue
        if h in ("stt", "tt", "so tt", "so thu tu"):
            stt = i
        elif road is None and ("ten duong" in h or "tuyen duong" in h or "ten duong pho" in h):
            road = i
        elif re.search(r"(^|\s)(tu|diem dau)$", h):
            start = i
        elif re.search(r"(^|\s)(den|diem cuoi)$", h):
            end = i
        else:
            code = next((c for phrase, c in LAND_USE_PHRASES if phrase in h), None)
            m = POSITION_RE.search(h)
            if code == "RESIDENTIAL":
                code = residential
            if code is None and m is not None:
                code = land_use
                if code is None:
                    problems.append(
                        f"{where}: cột {i + 1} “{head}” là giá theo vị trí nhưng không nói "
                        "loại đất: chọn mã loại đất của các cột vị trí (--land-use)"
                    )
                    continue
            if code is not None:
                prices[i] = (code, f"VT{m.group(1)}" if m else "VT1")
    if road is None:
        problems.append(f"{where}: không thấy cột tên đường (“Tên đường, đoạn đường”)")
    if not prices:
        problems.append(f"{where}: không thấy cột giá (giá đất ở, VT1…)")
    if problems:
        raise PriceTableError(problems)
    assert road is not None
    return _Columns(stt, road, start, end, prices)


def _header_at(grid: list[list[Any]]) -> int | None:
    for r, row in enumerate(grid[:40]):
        texts = [fold(_text(v)) for v in row]
        if any("ten duong" in t or "tuyen duong" in t for t in texts):
            return r
    return None


def _unit(grid: list[list[Any]], header: int) -> int | None:
    for row in grid[: header + 1]:
        for value in row:
            m = UNIT_RE.search(fold(_text(value)))
            if m:
                return UNITS[m.group(1)]
    return None


def _price(value: Any, unit: int, where: str) -> int | None:
    if value is None or _text(value) in ("", "-", "–"):
        return None
    if isinstance(value, str):
        value = value.strip()
    try:
        try:
            number = parse_number(value, NumberKind.MONEY)
        except NumberFormatError:
            number = parse_number(value, NumberKind.DECIMAL)  # "7,5" nghìn đồng
    except NumberFormatError as exc:
        raise PriceTableError([f"{where} = {_text(value)!r}: {exc.reason}"]) from None
    assert number is not None
    amount = number * unit
    if amount < 0:
        raise PriceTableError([f"{where} = {_text(value)!r}: giá không được âm"])
    if amount != amount.to_integral_value():
        raise PriceTableError([f"{where} = {_text(value)!r}: không thành số đồng nguyên"])
    return int(amount)


def read_price_table(
    path: Path | str,
    *,
    source: str,
    sheets: Iterable[str] | None = None,
    land_use: str | None = None,
    residential: str = "ODT",
    commune: str | None = None,
    unit: int | None = None,
    known_communes: set[str] | None = None,
) -> PriceTable:
    """Segments of the price table in `path` (every sheet, or `sheets`).

    `source` names the instrument and annex, cited on every row ("Nghị quyết 19/2025/
    NQ-HĐND tỉnh Lào Cai, Phụ lục II"). `commune` (a pack commune id such as
    "phuong-au-lau") places rows that come before any commune heading; `known_communes`,
    when given, refuses headings that name no known commune. `unit` overrides the
    table's "Đơn vị tính"."""
    path = Path(path)
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not xlsx
        raise PriceTableError([f"{path.name}: không đọc được tệp Excel (.xlsx): {exc}"]) from None
    names = list(sheets) if sheets else book.sheetnames
    table = PriceTable()
    errors: list[str] = []
    for name in names:
        if name not in book.sheetnames:
            errors.append(f"{path.name}: không có trang tính “{name}”")
            continue
        try:
            _read_sheet(
                book[name], path.name, source, land_use, residential, commune, unit,
                known_communes, table,
            )  # fmt: skip
        except PriceTableError as exc:
            errors.extend(exc.messages)
    if errors:
        raise PriceTableError(errors)
    if not table.segments:
        raise PriceTableError([f"{path.name}: không có dòng giá nào"])
    return table


def _read_sheet(
    sheet: Any,
    file_name: str,
    source: str,
    land_use: str | None,
    residential: str,
    commune: str | None,
    unit: int | None,
    known: set[str] | None,
    table: PriceTable,
) -> None:
    grid = _grid(sheet)
    where = f"{file_name}, trang “{sheet.title}”"
    header = _header_at(grid)
    if header is None:
        table.notes.append(f"{where}: không có bảng giá (không thấy cột tên đường), bỏ qua")
        return
    unit = unit or _unit(grid, header)
    if unit is None:
        raise PriceTableError(
            [f"{where}: không thấy “Đơn vị tính” (đồng/m² hay nghìn đồng/m²?): chọn --unit"]
        )
    # The header is the row with the road column and up to two rows below it that hold
    # no number (sub-headers such as Từ/Đến or VT1…VT4).
    depth = 1
    while depth < 3 and header + depth < len(grid):
        below = grid[header + depth]
        if any(isinstance(v, int | float) for v in below) or any(
            re.fullmatch(r"\d+", _text(v)) for v in below[:1]
        ):
            break
        depth += 1
    width = max(len(r) for r in grid[header : header + depth])
    headers = []
    for c in range(width):
        parts: list[str] = []
        for r in range(header, header + depth):
            text = _text(grid[r][c]) if c < len(grid[r]) else ""
            if text and text not in parts:
                parts.append(text)
        headers.append(" ".join(parts))
    cols = _columns(headers, land_use, residential, where)
    header_cells = {
        fold(_text(v)) for r in range(header, header + depth) for v in grid[r] if _text(v)
    }
    errors: list[str] = []
    current = commune or ""
    heading = ""

    def heading_of(line: str, excel_row: int) -> tuple[str, str] | None:
        """(commune id, heading text) when `line` is a commune heading."""
        m = COMMUNE_RE.match(fold(line))
        if m is None:
            return None
        found = slug(m.group(1))
        if known is not None and found not in known:
            errors.append(
                f"{where}, dòng {excel_row}: “{line}” không phải xã/phường đã biết ({found})"
            )
        return found, " ".join(line.split()[-len(m.group(1).split()) :])

    for r, row in enumerate(grid[:header]):  # a heading above the first header
        if found := heading_of(" ".join(_text(v) for v in row if _text(v)), r + 1):
            current, heading = found
    stt, road, seq = "", "", 0
    for r in range(header + depth, len(grid)):
        row = grid[r]
        excel_row = r + 1

        def cell(c: int | None, row: list[Any] = row) -> str:
            return _text(row[c]) if c is not None and c < len(row) else ""

        if all(fold(_text(v)) in header_cells for v in row if _text(v)):
            continue  # blank, or the header repeated (each ward's table has its own)
        prices: dict[str, dict[str, int]] = {}
        for c, (code, position) in cols.prices.items():
            column = openpyxl.utils.get_column_letter(c + 1)
            try:
                value = _price(
                    row[c] if c < len(row) else None,
                    unit,
                    f"{where}, dòng {excel_row}, cột {column} ({headers[c]})",
                )
            except PriceTableError as exc:
                errors.extend(exc.messages)
                continue
            if value is not None:
                prices.setdefault(code, {})[position] = value
        texts = [cell(c) for c in range(len(row)) if c not in cols.prices]
        line = " ".join(t for t in texts if t)
        if not prices:
            if found := heading_of(line, excel_row):
                current, heading = found
                stt, road, seq = "", "", 0
            elif line and not any(errors):
                table.notes.append(f"{where}, dòng {excel_row}: “{line}” không có giá, bỏ qua")
            continue
        if not current:
            errors.append(
                f"{where}, dòng {excel_row}: dòng giá trước tiêu đề xã/phường nào; chọn --commune"
            )
            continue
        row_stt, row_road = cell(cols.stt), cell(cols.road)
        if row_road and (row_stt != stt or row_road != road):
            stt, road, seq = row_stt, row_road, 1
        elif road:
            seq += 1  # a further segment of the road above
        else:
            errors.append(f"{where}, dòng {excel_row}: dòng giá không có tên đường")
            continue
        key = stt or slug(road)[:60]
        sid = f"{current}/{key}" if seq == 1 else f"{current}/{key}-{seq}"
        if sid in table.segments:
            errors.append(f"{where}, dòng {excel_row}: đoạn {sid} đã có ở dòng trên (STT lặp?)")
            continue
        segment: dict[str, Any] = {"commune": current, "road": road}
        if cell(cols.start):
            segment["from"] = cell(cols.start)
        if cell(cols.end):
            segment["to"] = cell(cols.end)
        place = f", mục {heading}" if heading else ""
        segment["row"] = (
            f"{source}{place}, STT {stt or '—'}"
            + (f" (đoạn {seq})" if seq > 1 else "")
            + f" ({sheet.title}, dòng {excel_row})"
        )
        segment["prices"] = {
            code: (by_pos["VT1"] if list(by_pos) == ["VT1"] else by_pos)
            for code, by_pos in prices.items()
        }
        table.segments[sid] = segment
    if errors:
        raise PriceTableError(errors)


def merge_segments(
    existing: dict[str, dict[str, Any]] | None, new: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Existing segments with the new table's rows laid over them: a segment in both keeps
    its other land uses' prices and takes the new ones (tables for ODT and for TMD are
    often separate annexes)."""
    out = {sid: dict(row) for sid, row in (existing or {}).items()}
    for sid, row in new.items():
        if sid in out:
            prices = {**out[sid].get("prices", {}), **row["prices"]}
            out[sid] = {**out[sid], **row, "prices": prices}
        else:
            out[sid] = row
    return out


def segments_yaml(segments: dict[str, dict[str, Any]], source: str) -> str:
    """The `land.segments` param as pack YAML (two-space indented under `params:`)."""
    block = yaml.safe_dump(
        {"land.segments": {"value": segments, "source": source}},
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return "".join(f"  {line}\n" for line in block.splitlines())


def replace_param_block(pack_text: str, key: str, block: str) -> str:
    """Pack text with the `params:` entry `key` replaced by `block` (or appended to
    `params:`), the rest of the file — comments included — left as it was."""
    lines = pack_text.splitlines(keepends=True)
    start = next((i for i, x in enumerate(lines) if x.rstrip() == f"  {key}:"), None)
    if start is None:
        at = next((i for i, x in enumerate(lines) if x.rstrip() == "params:"), None)
        if at is None:
            return pack_text.rstrip("\n") + "\nparams:\n" + block
        return "".join(lines[: at + 1]) + block + "".join(lines[at + 1 :])
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or lines[end].startswith("    ") or lines[end].startswith("   #")
    ):
        end += 1
    return "".join(lines[:start]) + block + "".join(lines[end:])


def decimal_free(value: Any) -> Any:
    """YAML-safe copy (Decimal → int or text)."""
    if isinstance(value, dict):
        return {k: decimal_free(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decimal_free(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else format(value, "f")
    return value
