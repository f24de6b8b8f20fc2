"""Import of field-survey exports: KoboToolbox XLSX (the main sheet and one sheet per
repeat group, linked by `_index` / `_parent_index` and the submission's `_uuid`) and ODK
Central CSV (one file per repeat, linked by `KEY` / `PARENT_KEY`, in a .zip or loose).

Each member and asset row is joined back to the household row it hangs under, whatever
the nesting. A submission already imported — or a second one for the same household —
is a duplicate: the caller chooses to skip it or to replace the earlier one; by default
the import stops and asks. Like the Excel import, it is all-or-nothing."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from gpmb.census.choices import DuplicatePolicy, ItemKind, ItemSource
from gpmb.census.excel import (
    ImportReport,
    InventoryImportError,
    RowError,
    Targets,
    _check_import_permission,
    project_targets,
    read_sheets,
    unreadable,
)
from gpmb.census.models import FieldSubmission, InventoryItem
from gpmb.census.services import BulkRow, items_bulk_write
from gpmb.census.spec import BY_NAME, CellError, FieldSpec, FieldType, clean_values, read_choice
from gpmb.census.xlsform import HOUSEHOLD_FIELD, KIND_FIELD, MEMBER_FIELDS, MEMBER_PREFIX
from gpmb.core.audit import acting_as
from gpmb.core.limits import read_limits
from gpmb.core.models import Actor
from gpmb.geo.archive import ArchiveRefused, NotAnArchive, read_members
from gpmb.projects.models import Project


@dataclass
class Record:
    """One row of any sheet/CSV, with the links the exporter wrote."""

    sheet: str
    row: int
    values: dict[str, Any]
    columns: dict[str, str]  # field → column letter or CSV header
    uid: tuple[str, str]
    parent: tuple[str, str] | None
    submission: str


class DuplicateSubmissions(InventoryImportError):
    """Submissions that were imported before (or twice in the file); nothing written."""


def _field_name(header: Any) -> str:
    text = str(header or "").strip()
    # Kobo may prefix group paths ("households/assets/kind"), ODK joins them with "-".
    for sep in ("/", "-"):
        if sep in text and not text.startswith("_"):
            text = text.rsplit(sep, 1)[-1]
    return text


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", "n/a"))


def _key(value: Any) -> str:
    """An index cell as text: 3, 3.0 and "3" are the same row."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_kobo(source: str | Path | IO[bytes]) -> list[Record]:
    sheets = read_sheets(source)
    records: list[Record] = []
    if not sheets:
        return records
    main = sheets[0].title
    for ws in sheets:
        if not ws.rows:
            continue
        header, *body = ws.rows
        names = [_field_name(h) for h in header]
        columns = {n: get_column_letter(i + 1) for i, n in enumerate(names) if n}
        for number, values in enumerate(body, start=ws.first_row + 1):
            if all(_blank(v) for v in values):
                continue
            row = {n: v for n, v in zip(names, values, strict=False) if n}
            index = _key(row.get("_index") or number)
            parent = None
            if not _blank(row.get("_parent_index")):
                parent = (str(row.get("_parent_table_name") or main), _key(row["_parent_index"]))
            submission = str(row.get("_submission__uuid") or row.get("_uuid") or "")
            records.append(
                Record(ws.title, number, row, columns, (ws.title, index), parent, submission)
            )
    # Kobo names a repeat's parent by the repeat's name; the main sheet by the form title,
    # which Excel may have cut to 31 characters: fall back to the main sheet.
    titles = {r.sheet for r in records}
    for record in records:
        if record.parent and record.parent[0] not in titles:
            record.parent = (main, record.parent[1])
    return records


_MACHINE_NUMBER = re.compile(r"-?\d+\.\d+")


def _machine(value: str) -> Any:
    """ODK writes decimals the XML way ("1250.5", "22.125") and never groups thousands,
    so its CSV numbers are read as written rather than by the Vietnamese rules that
    would refuse "22.125" as ambiguous. Typed text stays text."""
    if value == "":
        return None
    if _MACHINE_NUMBER.fullmatch(value):
        return Decimal(value)
    return value


def _read_odk_csv(name: str, text: str) -> list[Record]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        return []
    names = [h.strip() if h.strip() in ("KEY", "PARENT_KEY") else _field_name(h) for h in header]
    records = []
    for number, values in enumerate(reader, start=2):
        if all(_blank(v) for v in values):
            continue
        row = {n: _machine(v) for n, v in zip(names, values, strict=False) if n}
        columns = dict(zip(names, header, strict=False))
        key = str(row.get("KEY") or row.get("instanceID") or f"{name}:{number}")
        parent_key = row.get("PARENT_KEY")
        records.append(
            Record(
                name,
                number,
                row,
                columns,
                ("", key),
                ("", str(parent_key)) if parent_key else None,
                key.split("/", 1)[0],
            )
        )
    return records


def _read_odk(paths: list[Path] | Path) -> list[Record]:
    records: list[Record] = []
    items: list[tuple[str, str]] = []
    # What the files may hold once unpacked, all together (gpmb.core.limits): an ODK
    # export of a few MB can inflate to gigabytes.
    budget = read_limits().unpacked_bytes
    for path in paths if isinstance(paths, list) else [paths]:
        if path.suffix.lower() == ".zip":
            members = read_members(
                path, max_bytes=budget, label=path.name, wanted=lambda n: n.lower().endswith(".csv")
            )
            for member, data in members:
                budget -= len(data)
                items.append((member, data.decode("utf-8-sig")))
        else:
            if path.stat().st_size > budget:
                raise ArchiveRefused(
                    _("{file}: lớn hơn {mb} MiB (giới hạn GPMB_MAX_UNPACKED_MB): không đọc").format(
                        file=path.name, mb=read_limits().unpacked_bytes >> 20
                    )
                )
            budget -= path.stat().st_size
            items.append((path.name, path.read_text(encoding="utf-8-sig")))
    for name, text in items:
        records.extend(_read_odk_csv(name, text))
    return records


@dataclass
class Survey:
    """Household records with their member and asset records joined under them."""

    households: list[Record] = field(default_factory=list)
    members: dict[tuple[str, str], list[Record]] = field(default_factory=lambda: defaultdict(list))
    assets: dict[tuple[str, str], list[Record]] = field(default_factory=lambda: defaultdict(list))
    errors: list[RowError] = field(default_factory=list)


def join(records: list[Record], file_label: str) -> Survey:
    survey = Survey()
    by_uid = {r.uid: r for r in records}
    # A submission's main row holds the household when the form has no household repeat.
    for record in records:
        if HOUSEHOLD_FIELD in record.values and not _blank(record.values[HOUSEHOLD_FIELD]):
            survey.households.append(record)

    def household_of(record: Record) -> Record | None:
        current: Record | None = record
        for _depth in range(10):
            if current is None or current.parent is None:
                return None
            current = by_uid.get(current.parent)
            if current is not None and not _blank(current.values.get(HOUSEHOLD_FIELD)):
                return current
        return None

    for record in records:
        is_asset = not _blank(record.values.get(KIND_FIELD))
        is_member = not _blank(record.values.get(MEMBER_PREFIX + "name"))
        if not (is_asset or is_member):
            continue
        household = household_of(record)
        if household is None:
            survey.errors.append(
                RowError(
                    file_label,
                    record.sheet,
                    record.row,
                    "_parent_index",
                    record.parent[1] if record.parent else "",
                    _("không tìm thấy hộ chứa dòng này"),
                )
            )
            continue
        (survey.assets if is_asset else survey.members)[household.uid].append(record)
    return survey


def import_field_survey(
    project: Project,
    source: str | Path | IO[bytes] | list[Path],
    *,
    actor: Actor,
    on_duplicate: str = DuplicatePolicy.ASK,
    file_label: str | None = None,
) -> ImportReport:
    """Import a Kobo XLSX (file or stream) or ODK Central CSVs (.zip, .csv, or a list)."""
    _check_import_permission(actor, project)
    if isinstance(source, list) or (
        isinstance(source, str | Path) and Path(source).suffix.lower() in (".zip", ".csv")
    ):
        paths = [Path(p) for p in source] if isinstance(source, list) else Path(source)
        label = file_label or (paths.name if isinstance(paths, Path) else "ODK CSV")
        try:
            records = _read_odk(paths)
        except ArchiveRefused as exc:
            raise InventoryImportError([RowError(label, "", 0, "", "", str(exc))]) from exc
        src = ItemSource.ODK
    else:
        label = file_label or str(source)
        try:
            records = _read_kobo(source)  # type: ignore[arg-type]
        except NotAnArchive as exc:
            raise InventoryImportError([unreadable(label, exc)]) from exc
        except ArchiveRefused as exc:  # past a size limit: the message names it
            raise InventoryImportError([RowError(label, "", 0, "", "", str(exc))]) from exc
        except Exception as exc:  # the reader raises several kinds for a non-XLSX file
            raise InventoryImportError([unreadable(label, exc)]) from exc
        src = ItemSource.KOBO
        label = file_label or (Path(source).name if isinstance(source, str | Path) else "Kobo")
    targets = project_targets(project, actor)
    survey = join(records, label)
    parsed, submissions, errors = _validate(survey, targets, label)
    errors = survey.errors + errors
    if errors:
        raise InventoryImportError(errors)
    kept, submissions, replace = _dedupe(parsed, submissions, on_duplicate, label)
    rows = _number_lines(kept, replace)
    # The submissions that were seen are written with their items, in one transaction:
    # a failure between the two would let the same submission in again as new.
    with transaction.atomic():
        result = items_bulk_write(
            actor=actor, rows=rows, source=src, label=label, replace_keys=replace
        )
        with acting_as(actor):
            for census, household_id, key, _record in submissions:
                FieldSubmission.objects.get_or_create(
                    census=census, household_id=household_id, key=key, defaults={"source": src}
                )
    return ImportReport(result=result, rows=len(rows))


def _validate(
    survey: Survey, targets: Targets, label: str
) -> tuple[list[tuple[Record, BulkRow]], list[tuple[Any, int, str, Record]], list[RowError]]:
    rows: list[tuple[Record, BulkRow]] = []
    submissions: list[tuple[Any, int, str, Record]] = []
    errors: list[RowError] = []
    for household in survey.households:
        code = str(household.values[HOUSEHOLD_FIELD]).strip()
        case, census, problem = targets.resolve(code)
        if problem:
            errors.append(
                RowError(
                    label,
                    household.sheet,
                    household.row,
                    household.columns.get(HOUSEHOLD_FIELD, HOUSEHOLD_FIELD),
                    code,
                    problem,
                )
            )
            continue
        assert case is not None and census is not None
        key = household.submission or f"{household.sheet}:{household.row}"
        submissions.append((census, case.household_id, key, household))
        parsed: list[tuple[Record, str, dict[str, Any]]] = []
        for record in survey.members[household.uid]:
            raw = {name: record.values.get(MEMBER_PREFIX + name) for name in MEMBER_FIELDS}
            parsed.append((record, ItemKind.PERSON, raw))
        for record in survey.assets[household.uid]:
            try:
                kind = read_choice(_KIND_SPEC, record.values[KIND_FIELD])
                if kind == ItemKind.PERSON:
                    raise CellError(_("nhân khẩu ghi ở nhóm “Nhân khẩu”"))
            except CellError as exc:
                errors.append(
                    RowError(
                        label,
                        record.sheet,
                        record.row,
                        record.columns.get(KIND_FIELD, KIND_FIELD),
                        record.values[KIND_FIELD],
                        str(exc),
                    )
                )
                continue
            raw = {name: record.values.get(name) for name in BY_NAME}
            parsed.append((record, kind, raw))
        for record, kind, raw in parsed:
            values, cell_errors = clean_values(kind, raw)
            for name, message in cell_errors.items():
                column = MEMBER_PREFIX + name if kind == ItemKind.PERSON else name
                errors.append(
                    RowError(
                        label,
                        record.sheet,
                        record.row,
                        f"{record.columns.get(column, '')} ({column})",
                        raw.get(name),
                        message,
                    )
                )
            if not cell_errors:
                rows.append(
                    (
                        record,
                        BulkRow(
                            census=census,
                            case_id=case.pk,
                            household_id=case.household_id,
                            kind=kind,
                            line_no=0,
                            values=values,
                            submission_key=key,
                        ),
                    )
                )
    return rows, submissions, errors


_KIND_SPEC = FieldSpec(KIND_FIELD, "Loại tài sản", FieldType.CHOICE, choices=ItemKind)


def _dedupe(
    rows: list[tuple[Record, BulkRow]],
    submissions: list[tuple[Any, int, str, Record]],
    policy: str,
    label: str,
) -> tuple[list[BulkRow], list[tuple[Any, int, str, Record]], set[tuple[int, int, str]]]:
    """Find submissions already imported or repeated in the file, and apply the policy."""
    census_ids = {s[0].pk for s in submissions}
    earlier: dict[tuple[int, int], set[str]] = defaultdict(set)
    for census_id, household_id, key in FieldSubmission.objects.filter(
        census_id__in=census_ids
    ).values_list("census_id", "household_id", "key"):
        earlier[(census_id, household_id)].add(key)
    chosen: dict[tuple[int, int], str] = {}
    duplicates: list[RowError] = []
    replace: set[tuple[int, int, str]] = set()
    keep: set[tuple[int, int, str]] = set()
    for census, household_id, key, record in submissions:
        slot = (census.pk, household_id)
        previous = set(earlier.get(slot, set()))
        if slot in chosen:
            previous.add(chosen[slot])
        if previous:
            duplicates.append(
                RowError(
                    label,
                    record.sheet,
                    record.row,
                    "_uuid",
                    key,
                    _(
                        "phiếu trùng: hộ đã có phiếu {keys}; chọn bỏ qua (skip) hoặc thay thế "
                        "(replace)"
                    ).format(keys=", ".join(sorted(previous))),
                )
            )
            if policy == DuplicatePolicy.SKIP:
                continue
            if policy == DuplicatePolicy.REPLACE:
                replace.update((census.pk, household_id, k) for k in previous if k != key)
                if key in previous:
                    replace.add((census.pk, household_id, key))
        keep.discard((census.pk, household_id, chosen.get(slot, "")))
        chosen[slot] = key
        keep.add((census.pk, household_id, key))
    if duplicates and policy == DuplicatePolicy.ASK:
        raise DuplicateSubmissions(duplicates)
    kept_rows = [
        row for _r, row in rows if (row.census.pk, row.household_id, row.submission_key) in keep
    ]
    kept_submissions = [s for s in submissions if (s[0].pk, s[1], s[2]) in keep]
    return kept_rows, kept_submissions, replace


def _number_lines(rows: list[BulkRow], replace: set[tuple[int, int, str]]) -> list[BulkRow]:
    """Field rows have no line numbers: continue after the household's other items in
    the round (those being replaced excepted), in the order the phone recorded them."""
    if not rows:
        return rows
    census_ids = {r.census.pk for r in rows}
    household_ids = {r.household_id for r in rows}
    start: dict[tuple[int, int, str], int] = {}
    qs = InventoryItem.objects.filter(census_id__in=census_ids, household_id__in=household_ids)
    replaced_keys = {k for _c, _h, k in replace}
    if replaced_keys:
        qs = qs.exclude(submission_key__in=replaced_keys)
    for agg in qs.values("census_id", "household_id", "kind").annotate(m=Max("line_no")):
        start[(agg["census_id"], agg["household_id"], agg["kind"])] = agg["m"] or 0
    for row in rows:
        slot = (row.census.pk, row.household_id, row.kind)
        start[slot] = start.get(slot, 0) + 1
        row.line_no = start[slot]
    return rows
