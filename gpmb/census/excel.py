"""The Excel round trip of the inventory: one sheet per item kind with Vietnamese
headers and the household code on every row; the same layout is exported, offered as an
empty template and imported. Imports are all-or-nothing: every row is read and checked
first, every error is listed with its sheet, row, column and value, and only a clean
file is written, in one transaction, updating by natural key."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineWorkbook

from gpmb.cases.models import Case
from gpmb.census.choices import CensusStatus, CutoffStatus, ItemKind, ItemSource
from gpmb.census.models import Census, InventoryCorrection, InventoryItem
from gpmb.census.queries import land_lines, latest_rounds
from gpmb.census.services import BulkResult, BulkRow, items_bulk_write
from gpmb.census.spec import (
    ONE_PER_LINE,
    VALUE_FIELDS,
    FieldType,
    choice_labels,
    clean_values,
    display_value,
    fields_for,
)
from gpmb.core.limits import read_limits
from gpmb.core.models import Actor
from gpmb.core.permissions import NotPermitted
from gpmb.core.text import printable
from gpmb.core.xlsx import row as xlsx_row
from gpmb.geo.archive import ArchiveRefused, NotAnArchive, check_zip, read_members
from gpmb.projects.models import Project

SHEETS: dict[str, str] = {
    ItemKind.HOUSE: "Nhà ở",
    ItemKind.STRUCTURE: "Vật kiến trúc",
    ItemKind.TREE: "Cây trồng",
    ItemKind.CROP: "Hoa màu",
    ItemKind.GRAVE: "Mồ mả",
    ItemKind.LIVESTOCK: "Vật nuôi",
    ItemKind.BUSINESS: "Kinh doanh",
    ItemKind.MOVABLE: "Tài sản di chuyển",
    ItemKind.PERSON: "Nhân khẩu",
}
KIND_OF_SHEET = {name.casefold(): kind for kind, name in SHEETS.items()}
LAND_SHEET = "Đất (theo bản đồ)"
GUIDE_SHEET = "Hướng dẫn"
HOUSEHOLD = "Mã hộ"
HEAD_NAME = "Chủ hộ (chỉ để đọc)"
LINE = "TT"
STATUS = "So với mốc khóa số liệu (chỉ để đọc)"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

logger = logging.getLogger(__name__)


def headers_for(kind: str) -> list[str]:
    return [HOUSEHOLD, HEAD_NAME, LINE, *[f.header for f in fields_for(kind)], STATUS]


def _norm(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


# -- export ---------------------------------------------------------------------------


def _header_cells(ws: Any, headers: list[str]) -> list[Any]:
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cells.append(cell)
    return cells


def _date_cell(ws: Any, value: dt.date) -> Any:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "DD/MM/YYYY"
    return cell


def export_inventory(project: Project, out: str | Path | IO[bytes], *, user: Any = None) -> int:
    """Write the current inventory of every household of the project (the latest round of
    each batch) and the land lines from the overlay. Returns the number of items."""
    rounds = latest_rounds(project)
    items: Any = InventoryItem.objects.filter(census__in=rounds)
    if user is not None:
        items = items.restrict(user, "export")
    rows = items.order_by("household__code", "kind", "line_no").values(
        "pk",
        "household__code",
        "household__head__full_name",
        "kind",
        "line_no",
        "cutoff_status",
        *VALUE_FIELDS,
    )
    # Lines of a closed round corrected since: exported as corrected, as the household
    # page, the inventory record and the plan show them.
    corrections = {
        c.item_id: c
        for c in InventoryCorrection.objects.filter(
            census__in=[r for r in rounds if r.is_closed]
        ).order_by("pk")
    }
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows.iterator(chunk_size=5000):
        if row["pk"] in corrections:
            if corrections[row["pk"]].removes:
                continue  # removed by a correction: not counted, not exported
            row.update(corrections[row["pk"]].typed_values())
        by_kind[row["kind"]].append(row)
    wb = Workbook(write_only=True)
    _guide(wb.create_sheet(GUIDE_SHEET), project, rounds)
    status_labels = choice_labels(CutoffStatus, translation.get_language() or "vi")
    count = 0
    for kind, sheet_name in SHEETS.items():
        ws = wb.create_sheet(sheet_name)
        specs = fields_for(kind)
        ws.append(_header_cells(ws, headers_for(kind)))
        for row in by_kind.get(kind, []):
            line: list[Any] = [
                row["household__code"],
                row["household__head__full_name"] or "",
                row["line_no"],
            ]
            for spec in specs:
                value = display_value(spec, row[spec.name])
                if isinstance(value, dt.date):
                    value = _date_cell(ws, value)
                line.append(value)
            line.append(status_labels.get(row["cutoff_status"], row["cutoff_status"]))
            ws.append(xlsx_row(ws, line))
            count += 1
    ws = wb.create_sheet(LAND_SHEET)
    ws.append(
        _header_cells(
            ws, [HOUSEHOLD, "Tờ bản đồ số", "Thửa đất số", "Loại đất", "Diện tích thu hồi (m²)"]
        )
    )
    for land in land_lines(project, user=user):
        ws.append(
            xlsx_row(
                ws,
                [
                    land.household_code,
                    land.map_sheet,
                    land.parcel_number,
                    land.land_use_code,
                    land.recovered_area,
                ],
            )
        )
    wb.save(out)
    return count


def _guide(ws: Any, project: Project, rounds: list[Census]) -> None:
    lines: list[list[Any]] = [
        [f"Số liệu kiểm đếm — {project.name} ({project.code})"],
        [],
        [
            "Mỗi loại tài sản một trang; mỗi dòng ghi mã hộ và số thứ tự (TT) của tài sản "
            "trong hộ. Mã hộ + loại + TT là khóa: nhập lại cùng khóa sẽ sửa dòng cũ, không "
            "tạo trùng."
        ],
        [
            "Số nhập kiểu Việt Nam: 9.222,1 hoặc 9222,1. Diện tích tối đa 2 chữ số thập "
            "phân; số cây, số con, số ngôi là số nguyên; không nhập số âm."
        ],
        [
            "Các cột ghi “chỉ để đọc” và trang “Đất (theo bản đồ)” không được nhập lại: "
            "diện tích đất lấy từ bản đồ thu hồi."
        ],
        [
            "Ngày ghi dạng ngày/tháng/năm. Tài sản có ngày phát sinh sau mốc khóa số liệu "
            "không được tính cho đến khi được chấp nhận có chứng cứ."
        ],
        [],
        ["Đợt", "Lần kiểm đếm", "Mốc khóa số liệu", "Trạng thái"],
    ]
    for census in rounds:
        lines.append(
            [
                str(census.batch.name),
                census.number,
                census.cutoff_date.strftime("%d/%m/%Y"),
                str(CensusStatus(census.status).label),
            ]
        )
    for line in lines:
        ws.append(xlsx_row(ws, line))


def export_template(out: str | Path | IO[bytes]) -> None:
    """An empty workbook in the import layout, with drop-down lists for coded columns."""
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    guide.append(
        [
            "Mẫu nhập số liệu kiểm đếm: điền mỗi trang một loại tài sản; giữ nguyên "
            "dòng tiêu đề. Số nhập kiểu Việt Nam (9.222,1)."
        ]
    )
    for kind, sheet_name in SHEETS.items():
        ws = wb.create_sheet(sheet_name)
        headers = headers_for(kind)
        ws.append(headers)
        for index, _header in enumerate(headers, start=1):
            cell = ws.cell(row=1, column=index)
            cell.font, cell.fill = BOLD, HEADER_FILL
            ws.column_dimensions[get_column_letter(index)].width = 18
        ws.freeze_panes = "A2"
        for index, spec in enumerate(fields_for(kind), start=4):
            if spec.ftype == FieldType.CHOICE and spec.choices is not None:
                labels = ",".join(str(label) for _v, label in spec.choices.choices)
                if len(labels) < 250:
                    letter = get_column_letter(index)
                    validation = DataValidation(
                        type="list", formula1=f'"{labels}"', allow_blank=True
                    )
                    validation.add(f"{letter}2:{letter}5000")
                    ws.add_data_validation(validation)
    wb.save(out)


# -- import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One bad cell (or row, or sheet) of an imported file."""

    file: str
    sheet: str
    row: int
    column: str
    value: Any
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f", trang “{self.sheet}”"
        if self.row:
            where += f", dòng {self.row}"
        if self.column:
            where += f", cột {self.column}"
        if not self.sheet and not self.row:  # the whole file
            return f"{where}: {self.message}"
        value = "" if self.value is None else printable(str(self.value))
        return f"{where}: giá trị “{value}” — {self.message}"


def unreadable(file_label: str, exc: Exception) -> RowError:
    """A file no reader could open: said in words a clerk can act on. The reader's own
    message (English, about ZIP internals) goes to the log, not to the page."""
    logger.info("unreadable workbook %s: %s", file_label, exc)
    return RowError(
        file_label,
        "",
        0,
        "",
        "",
        _(
            "không đọc được: tệp hỏng, rỗng, hoặc không phải tệp Excel .xlsx (đổi đuôi tên "
            "tệp không đổi được loại tệp); hãy mở tệp bằng Excel và lưu lại dạng .xlsx"
        ),
    )


class InventoryImportError(Exception):
    """The file was refused; nothing was written. `errors` lists every problem."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(_("{n} lỗi; không ghi dữ liệu nào").format(n=len(errors)))
        self.errors = errors


@dataclass
class ImportReport:
    result: BulkResult
    rows: int
    dry_run: bool = False


@dataclass
class Targets:
    """Where rows of a project land: household code → (case, open round)."""

    by_code: dict[str, list[tuple[Case, Census | None]]]

    def resolve(self, code: str) -> tuple[Case | None, Census | None, str]:
        options = self.by_code.get(code)
        if not options:
            return None, None, _("mã hộ không có trong dự án")
        open_ = [(c, r) for c, r in options if r is not None]
        if not open_:
            return None, None, _("đợt của hộ chưa mở lần kiểm đếm hoặc đã khóa số liệu")
        if len(open_) > 1:
            return None, None, _("hộ thuộc nhiều đợt đang kiểm đếm")
        return open_[0][0], open_[0][1], ""


def project_targets(project: Project, user: Any = None) -> Targets:
    cases = Case.objects.filter(project=project)
    if user is not None:
        # Only the households the user may import for: a ward officer's own commune.
        cases = cases.restrict(user, "census.import_inventoryitem")
    open_rounds = {
        c.batch_id: c for c in Census.objects.filter(project=project, status=CensusStatus.OPEN)
    }
    by_code: dict[str, list[tuple[Case, Census | None]]] = defaultdict(list)
    for case in cases.select_related("household"):
        by_code[case.household.code].append((case, open_rounds.get(case.batch_id)))
    return Targets(dict(by_code))


def _check_import_permission(user: Any, project: Project) -> None:
    """An import must reach some of the project's cases; each row is then checked
    against the cases the user reaches (project_targets)."""
    if user is None:
        return
    if (
        not Case.objects.restrict(user, "census.import_inventoryitem")
        .filter(project=project)
        .exists()
    ):
        raise NotPermitted(_("Không có quyền nhập số liệu kiểm đếm của dự án này."))


@dataclass
class Sheet:
    """A worksheet's values from cell A1; `first_row` is the number of the first row."""

    title: str
    rows: list[list[Any]]
    first_row: int = 1


# A cell start tag without its position (r="AB12"): the reader would place it by
# counting. An optional namespace prefix (x:c) is allowed; <col>, <c:chart> are no cells.
_UNPLACED_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])(?![^>]*\sr="[A-Z])')
_PREFIX_C = re.compile(rb":c[\s/>]")
_POSITION = re.compile(rb' r="([A-Z]{0,3})([0-9]+)"')
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _greater(text: str, alphabet: str, longer: str) -> str:
    """A regex for the strings of `alphabet` greater than `text` (same width, compared
    in order) or longer (`longer`): rows in decimal, columns in letters."""
    options = [longer]
    for i, ch in enumerate(text):
        above = alphabet[alphabet.index(ch) + 1 :]
        if above:
            rest = len(text) - i - 1
            options.append(
                f"{re.escape(text[:i])}[{above[0]}-{above[-1]}]"
                + f"[{alphabet[0]}-{alphabet[-1]}]{{{rest}}}"
            )
    return "|".join(options)


def _beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """Positions past row `rows` or column `columns`."""
    row_text = str(rows)
    row = _greater(row_text, "0123456789", f"[1-9][0-9]{{{len(row_text)},}}") if rows else "[0-9]+"
    column_text = get_column_letter(columns) if columns else ""
    column = (
        _greater(column_text, _LETTERS, f"[A-Z]{{{len(column_text) + 1},}}")
        if columns
        else "[A-Z]+"
    )
    return re.compile(f' r="(?:(?:{column})[0-9]|[A-Z]{{0,3}}(?:{row})")'.encode())


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


class _SheetExtent:
    """Follows a worksheet's XML as it is inflated and keeps its farthest cell, so a
    sheet too large to hold is refused before the reader builds it (calamine holds the
    rectangle from A1 to the farthest cell, empty cells included).

    Speed: rows are written in order, so the last position of a 1 MiB chunk is taken as
    its farthest and one search confirms that nothing lies beyond it; only when the
    search finds something are all positions of the chunk compared."""

    def __init__(self, member: str, refuse: Any) -> None:
        self.member, self.refuse = member, refuse
        self.rows = self.columns = 0
        self.tail = b""

    def __call__(self, chunk: bytes) -> None:
        data = self.tail + chunk
        end = data.rfind(b">") + 1
        self.tail = data[end:]
        if len(self.tail) > (1 << 20):
            self.refuse(self.member, None, None)
        data = data[:end]
        # Fast path: every "<c" opens a cell whose position comes first (Excel,
        # LibreOffice, openpyxl); otherwise (other tags, prefixes, r later) look closely.
        if (
            data.count(b"<c") != data.count(b'<c r="') or _PREFIX_C.search(data)
        ) and _UNPLACED_CELL.search(data):
            self.refuse(self.member, None, None)
        last = _POSITION.match(data, data.rfind(b' r="')) if b' r="' in data else None
        rows, columns = self.rows, self.columns
        if last:
            rows = max(rows, int(last.group(2)))
            columns = max(columns, _column_number(last.group(1)))
        if _beyond(rows, columns).search(data):
            for letters, digits in _POSITION.findall(data):
                rows = max(rows, int(digits))
                columns = max(columns, _column_number(letters))
        self.rows, self.columns = rows, columns
        self.refuse(self.member, rows, columns)


def _sheet_titles(stream: str | IO[bytes], max_bytes: int, label: str) -> dict[str, str]:
    """Worksheet part → its title (from xl/workbook.xml and its relationships)."""
    wanted = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
    parts = dict(read_members(stream, max_bytes=max_bytes, label=label, wanted=wanted.__contains__))
    if "xl/workbook.xml" not in parts:
        raise ArchiveRefused(_("{file}: không phải tệp Excel .xlsx").format(file=label))
    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", parts.get(wanted[1], b"")):
        rid, target = re.search(rb'\bId="([^"]*)"', tag), re.search(rb'\bTarget="([^"]*)"', tag)
        if rid and target:
            path = target.group(1).decode(errors="replace")
            targets[rid.group(1)] = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    titles = {}
    for tag in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", parts["xl/workbook.xml"]):
        name, rid = re.search(rb'\bname="([^"]*)"', tag), re.search(rb'\bid="([^"]*)"', tag)
        if name and rid and rid.group(1) in targets:
            titles[targets[rid.group(1)]] = html.unescape(name.group(1).decode(errors="replace"))
    if not isinstance(stream, str):
        stream.seek(0)
    with zipfile.ZipFile(stream) as archive:
        members = set(archive.namelist())
    if not titles or not set(titles) <= members:
        # The reader finds each sheet through these links; one we cannot follow the
        # same way might escape the checks below.
        raise ArchiveRefused(
            _("{file}: danh sách trang của tệp Excel hỏng hoặc lạ: không đọc").format(file=label)
        )
    return titles


def check_workbook(source: str | Path | IO[bytes], label: str) -> None:
    """Refuse, before any reading, an XLSX that is not one, that inflates past the
    limit, or whose sheets reach farther than the limits (gpmb.core.limits)."""
    limits = read_limits()
    stream = source if not isinstance(source, str | Path) else str(source)
    start = stream.tell() if not isinstance(stream, str) else 0
    titles: dict[str, str] = {}

    def refuse(member: str, rows: int | None, columns: int | None) -> None:
        if rows is None or columns is None:
            raise ArchiveRefused(
                _("{file}: “{member}” có ô không ghi địa chỉ hoặc thẻ hỏng: không đọc").format(
                    file=label, member=titles.get(member, member)
                )
            )
        if (
            rows > limits.sheet_rows
            or columns > limits.sheet_columns
            or rows * columns > limits.sheet_cells
        ):
            raise ArchiveRefused(
                _(
                    "{file}: trang “{member}” trải tới dòng {rows}, cột {column} — quá giới hạn "
                    "{max_rows} dòng, {max_columns} cột, {max_cells} ô một trang "
                    "(GPMB_MAX_SHEET_ROWS, GPMB_MAX_SHEET_COLUMNS, GPMB_MAX_SHEET_CELLS): "
                    "không đọc"
                ).format(
                    file=label,
                    member=titles.get(member, member),
                    rows=f"{rows:,}".replace(",", "."),
                    column=get_column_letter(min(max(columns, 1), 18278)),
                    max_rows=f"{limits.sheet_rows:,}".replace(",", "."),
                    max_columns=limits.sheet_columns,
                    max_cells=f"{limits.sheet_cells:,}".replace(",", "."),
                )
            )

    def scan(member: str) -> Any:
        # The sheets the workbook lists are the parts the reader will lay out.
        return _SheetExtent(member, refuse) if member in titles else None

    try:
        titles.update(_sheet_titles(stream, limits.unpacked_bytes, label))
        if not isinstance(stream, str):
            stream.seek(start)
        check_zip(stream, max_bytes=limits.unpacked_bytes, label=label, scan=scan)
    finally:
        if not isinstance(stream, str):
            stream.seek(start)


def read_sheets(source: str | Path | IO[bytes], label: str | None = None) -> list[Sheet]:
    """Every sheet's cell values, read with calamine (Rust): openpyxl needed about a
    minute for 100,000 rows. Empty cells are "", numbers float, dates date/datetime.
    The file is checked first (check_workbook): calamine builds each sheet's whole
    rectangle from A1, so only a sheet within the limits reaches it."""
    if label is None:
        name = source if isinstance(source, str | Path) else getattr(source, "name", None)
        label = Path(str(name)).name if name else _("tệp Excel")
    check_workbook(source, label)
    if isinstance(source, str | Path):
        book = CalamineWorkbook.from_path(str(source))
    else:
        book = CalamineWorkbook.from_filelike(source)
    sheets = []
    try:
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append(Sheet(name, rows))
    finally:
        book.close()
    return sheets


def read_workbook(
    source: str | Path | IO[bytes], targets: Targets, file_label: str
) -> tuple[list[BulkRow], list[RowError]]:
    """Read and check every row of every kind sheet; nothing is written here."""
    try:
        sheets = read_sheets(source, file_label)
    except NotAnArchive as exc:
        return [], [unreadable(file_label, exc)]
    except ArchiveRefused as exc:
        return [], [RowError(file_label, "", 0, "", "", str(exc))]
    except Exception as exc:  # the reader raises several kinds for a non-XLSX file
        return [], [unreadable(file_label, exc)]
    rows: list[BulkRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str, int], int] = {}
    known_sheets = 0
    for ws in sheets:
        kind = KIND_OF_SHEET.get(_norm(ws.title))
        if kind is None:
            continue
        known_sheets += 1
        specs = fields_for(kind)
        header_to_name = {_norm(HOUSEHOLD): "household", _norm(LINE): "line_no"}
        header_to_name.update({_norm(s.header): s.name for s in specs})
        iterator = iter(ws.rows)
        header = next(iterator, None)
        if header is None:
            continue
        columns: dict[str, int] = {}
        for index, text in enumerate(header):
            name = header_to_name.get(_norm(text))
            if name is not None and name not in columns:
                columns[name] = index
        required = ["household", "line_no", *[s.name for s in specs if s.required]]
        if kind in ONE_PER_LINE:
            required.remove("quantity")
        missing = [n for n in required if n not in columns]
        if missing:
            names = {"household": HOUSEHOLD, "line_no": LINE, **{s.name: s.header for s in specs}}
            for name in missing:
                errors.append(
                    RowError(file_label, ws.title, 1, names[name], "", _("thiếu cột bắt buộc"))
                )
            continue
        letters = {name: get_column_letter(i + 1) for name, i in columns.items()}
        headers = {name: str(header[i]) for name, i in columns.items()}

        wheres = {name: f"{letters[name]} ({headers[name]})" for name in columns}

        for row_number, values in enumerate(iterator, start=ws.first_row + 1):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            raw = {
                name: values[index] if index < len(values) else None
                for name, index in columns.items()
            }
            cell = raw.get

            code_raw = cell("household")
            code = str(code_raw).strip() if code_raw is not None else ""
            case = census = None
            if not code:
                errors.append(
                    RowError(
                        file_label,
                        ws.title,
                        row_number,
                        wheres["household"],
                        code_raw,
                        _("bắt buộc, không được để trống"),
                    )
                )
            else:
                case, census, problem = targets.resolve(code)
                if problem:
                    errors.append(
                        RowError(
                            file_label, ws.title, row_number, wheres["household"], code_raw, problem
                        )
                    )
            line_raw = cell("line_no")
            line_no = _line_number(line_raw)
            if line_no is None:
                errors.append(
                    RowError(
                        file_label,
                        ws.title,
                        row_number,
                        wheres["line_no"],
                        line_raw,
                        _("phải là số nguyên dương"),
                    )
                )
            cleaned, cell_errors = clean_values(kind, raw)
            for name, message in cell_errors.items():
                column = wheres.get(name, name)
                errors.append(
                    RowError(file_label, ws.title, row_number, column, raw.get(name), message)
                )
            if code and line_no is not None:
                key = (code, kind, line_no)
                if key in seen:
                    errors.append(
                        RowError(
                            file_label,
                            ws.title,
                            row_number,
                            wheres["line_no"],
                            line_raw,
                            _("trùng mã hộ và TT với dòng {row}").format(row=seen[key]),
                        )
                    )
                seen[key] = row_number
            if case is not None and census is not None and line_no is not None and not cell_errors:
                rows.append(
                    BulkRow(
                        census=census,
                        case_id=case.pk,
                        household_id=case.household_id,
                        kind=kind,
                        line_no=line_no,
                        values=cleaned,
                    )
                )
    if not known_sheets and not errors:
        errors.append(
            RowError(
                file_label,
                "",
                0,
                "",
                "",
                _("không có trang nào đúng mẫu ({names})").format(names=", ".join(SHEETS.values())),
            )
        )
    return rows, errors


def _line_number(raw: Any) -> int | None:
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if not text.isdigit() or int(text) <= 0:
        return None
    return int(text)


def import_inventory(
    project: Project,
    source: str | Path | IO[bytes],
    *,
    actor: Actor,
    file_label: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Check the whole file, then write it in one transaction (or not at all)."""
    _check_import_permission(actor, project)
    label = file_label or (Path(source).name if isinstance(source, str | Path) else "tệp")
    targets = project_targets(project, actor)
    rows, errors = read_workbook(source, targets, label)
    if errors:
        raise InventoryImportError(errors)
    if dry_run:
        return ImportReport(result=preview(rows), rows=len(rows), dry_run=True)
    result = items_bulk_write(actor=actor, rows=rows, source=ItemSource.EXCEL, label=label)
    return ImportReport(result=result, rows=len(rows))


def preview(rows: list[BulkRow]) -> BulkResult:
    """What a write would do (created / updated / unchanged / missing), without writing."""
    from django.db import transaction

    class _Rollback(Exception):
        pass

    holder: dict[str, BulkResult] = {}
    try:
        with transaction.atomic():
            holder["r"] = items_bulk_write(
                actor=None, rows=rows, source=ItemSource.EXCEL, label="preview"
            )
            raise _Rollback
    except _Rollback:
        pass
    return holder["r"]
