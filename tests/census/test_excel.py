import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from gpmb.census.choices import CutoffStatus, ItemKind
from gpmb.census.excel import (
    LAND_SHEET,
    SHEETS,
    InventoryImportError,
    export_inventory,
    export_template,
    headers_for,
    import_inventory,
)
from gpmb.census.models import InventoryItem
from gpmb.census.services import VALUE_FIELDS, item_create
from gpmb.core.models import AuditEvent


def seed(world):
    case = world.cases[0]
    add = lambda kind, **raw: item_create(  # noqa: E731
        actor=world.officer, case=case, kind=kind, raw=raw
    )
    add(
        ItemKind.HOUSE,
        name="Nhà chính",
        quantity="72,5",
        structure_class="Cấp IV",
        floor_area="145",
        floors="2",
        year_built="2004",
        remaining_quality="75",
    )
    add(
        ItemKind.TREE,
        name="Nhãn",
        quantity="6",
        crop_type="Cây lâu năm",
        diameter_cm="22,5",
        age_years="12",
        density="0,04",
        origin_date="01/02/2015",
    )
    add(ItemKind.TREE, name="Chuối", quantity="30", origin_date="01/05/2026")
    add(ItemKind.CROP, name="Rau muống", quantity="120,25", crop_type="Cây hằng năm")
    add(ItemKind.BUSINESS, name="Quán tạp hóa", annual_income="36.000.000")
    add(ItemKind.PERSON, name="Nguyễn Thị Lan", birth_year="1990", relation="Vợ/chồng")
    item_create(
        actor=world.officer,
        case=world.cases[1],
        kind=ItemKind.GRAVE,
        raw={"name": "Mộ bà", "quantity": "1", "grave_type": "Mộ đã xây"},
    )


def state():
    return sorted(
        tuple(str(v) for v in row)
        for row in InventoryItem.objects.values_list(
            "household__code", "kind", "line_no", "cutoff_status", *VALUE_FIELDS
        )
    )


def export_bytes(project):
    buffer = BytesIO()
    export_inventory(project, buffer)
    buffer.seek(0)
    return buffer


def test_round_trip_leaves_data_unchanged_and_reimport_does_not_duplicate(world):
    seed(world)
    before = state()
    count = InventoryItem.objects.count()
    report = import_inventory(world.project, export_bytes(world.project), actor=world.officer)
    assert (report.result.created, report.result.updated) == (0, 0)
    assert report.result.unchanged == count
    assert state() == before
    report = import_inventory(world.project, export_bytes(world.project), actor=world.officer)
    assert InventoryItem.objects.count() == count
    assert AuditEvent.objects.filter(kind="census.import").count() == 2


def test_export_layout(world):
    seed(world)
    wb = load_workbook(export_bytes(world.project))
    assert set(SHEETS.values()) | {LAND_SHEET} <= set(wb.sheetnames)
    houses = wb[SHEETS[ItemKind.HOUSE]]
    assert [c.value for c in houses[1]] == headers_for(ItemKind.HOUSE)
    assert houses["A2"].value == "LC-00001"
    land = list(wb[LAND_SHEET].iter_rows(min_row=2, values_only=True))
    assert land[0][:4] == ("LC-00001", "20", "1", "ODT")
    assert Decimal(str(land[0][4])) == Decimal("35.50")


def _edited(world, edit):
    seed(world)
    wb = load_workbook(export_bytes(world.project))
    edit(wb)
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def col(ws, header):
    return [c.value for c in ws[1]].index(header) + 1


def test_new_and_changed_rows_update_by_natural_key(world):
    def edit(wb):
        ws = wb[SHEETS[ItemKind.TREE]]
        ws.cell(row=2, column=col(ws, "Khối lượng"), value="8")
        ws.append(
            [
                "LC-00003",
                "",
                1,
                "Mít",
                "cây",
                "5",
                "mit",
                "Cây lâu năm",
                "30,5",
                None,
                None,
                None,  # garden area
                "10/10/2010",
            ]
        )
        wb[SHEETS[ItemKind.HOUSE]].delete_rows(2)

    report = import_inventory(world.project, _edited(world, edit), actor=world.officer)
    assert (report.result.created, report.result.updated) == (1, 1)
    assert report.result.missing == [("LC-00001", "house", 1)]
    assert InventoryItem.objects.filter(kind=ItemKind.HOUSE).exists()  # reported, not deleted
    jack = InventoryItem.objects.get(household__code="LC-00003", kind=ItemKind.TREE)
    assert jack.quantity == 5 and jack.diameter_cm == Decimal("30.50")
    assert jack.origin_date == dt.date(2010, 10, 10) and jack.price_code == "mit"
    assert jack.source == "excel" and jack.cutoff_status == CutoffStatus.ELIGIBLE


def test_bad_rows_fail_with_one_message_each_and_write_nothing(world):
    def edit(wb):
        trees = wb[SHEETS[ItemKind.TREE]]
        trees.cell(row=2, column=col(trees, "Khối lượng"), value="sáu")  # text in a number
        trees.cell(row=3, column=col(trees, "Khối lượng"), value="-3")  # negative
        crops = wb[SHEETS[ItemKind.CROP]]
        crops.cell(row=2, column=col(crops, "Khối lượng"), value="20.000")  # ambiguous area
        crops.append(["LC-00002", "", 2, "Ngô", "m²", "20,000"])  # ambiguous area
        crops.append(["LC-99999", "", 3, "Lạc", "m²", "10"])  # unknown household
        crops.append(["LC-00002", "", 4, "", "m²", "10"])  # empty required cell
        biz = wb[SHEETS[ItemKind.BUSINESS]]
        biz.cell(
            row=2, column=col(biz, "Thu nhập sau thuế bình quân (đồng/năm)"), value="20,000"
        )  # ambiguous money

    bad_file = _edited(world, edit)
    before = state()
    events = AuditEvent.objects.count()
    with pytest.raises(InventoryImportError) as exc:
        import_inventory(world.project, bad_file, actor=world.officer, file_label="kiemdem.xlsx")
    errors = exc.value.errors
    found = {(e.sheet, e.row, e.column.split(" ")[0], str(e.value)) for e in errors}
    assert found == {
        ("Cây trồng", 2, "F", "sáu"),
        ("Cây trồng", 3, "F", "-3"),
        ("Hoa màu", 2, "F", "20.000"),
        ("Hoa màu", 3, "F", "20,000"),
        ("Hoa màu", 4, "A", "LC-99999"),
        ("Hoa màu", 5, "D", ""),
        ("Kinh doanh", 2, "G", "20,000"),
    }
    messages = {(e.sheet, e.row): str(e) for e in errors}
    assert "kiemdem.xlsx" in messages[("Hoa màu", 2)]
    assert "20000 hoặc 20" in messages[("Hoa màu", 2)]
    assert "không được âm" in messages[("Cây trồng", 3)]
    assert "không có trong dự án" in messages[("Hoa màu", 4)]
    assert "bắt buộc" in messages[("Hoa màu", 5)]
    assert state() == before
    assert AuditEvent.objects.count() == events


def test_money_in_vietnamese_grouping_is_read(world):
    def edit(wb):
        biz = wb[SHEETS[ItemKind.BUSINESS]]
        biz.cell(
            row=2, column=col(biz, "Thu nhập sau thuế bình quân (đồng/năm)"), value="48.000.000"
        )

    import_inventory(world.project, _edited(world, edit), actor=world.officer)
    assert InventoryItem.objects.get(kind=ItemKind.BUSINESS).annual_income == 48_000_000


def test_duplicate_key_in_file_and_missing_column(world):
    def edit(wb):
        ws = wb[SHEETS[ItemKind.TREE]]
        ws.cell(row=3, column=3, value=1)
        wb[SHEETS[ItemKind.HOUSE]].delete_cols(6)  # Khối lượng

    with pytest.raises(InventoryImportError) as exc:
        import_inventory(world.project, _edited(world, edit), actor=world.officer)
    text = "\n".join(str(e) for e in exc.value.errors)
    assert "trùng mã hộ và TT với dòng 2" in text
    assert "thiếu cột bắt buộc" in text


def test_template_imports_as_nothing_and_command_line(world, tmp_path):
    path = tmp_path / "mau.xlsx"
    export_template(path)
    wb = load_workbook(path)
    assert [c.value for c in wb[SHEETS[ItemKind.TREE]][1]] == headers_for(ItemKind.TREE)
    seed(world)
    out = tmp_path / "out.xlsx"
    call_command("export_inventory", str(out), project="tp")
    call_command("import_inventory", str(out), project="tp", user="canbo")
    assert InventoryItem.objects.count() == 7


def test_not_an_excel_file(world, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("not excel")
    with pytest.raises(InventoryImportError) as exc:
        import_inventory(world.project, path, actor=world.officer)
    message = str(exc.value.errors[0])
    # What to do, in words; not the reader's "invalid Zip archive" (UX review D16).
    assert message.startswith("x.xlsx: không đọc được: tệp hỏng, rỗng")
    assert "lưu lại dạng .xlsx" in message and "Zip" not in message and "dòng 0" not in message


def test_a_buildings_special_case_goes_out_and_comes_back_in_words(world):
    # The expired-permit / power-corridor case (Land Law 2024 Art. 105(3); e.g. QĐ 18/2025
    # Lào Cai Art. 9) travels through the workbook as its label; a value not in the list
    # is refused with its cell, and nothing is written.
    def edit(wb):
        houses = wb[SHEETS[ItemKind.HOUSE]]
        houses.cell(row=2, column=col(houses, "Trường hợp riêng"), value="Đã phá dỡ")

    seed(world)
    house = InventoryItem.objects.get(kind=ItemKind.HOUSE)
    house.special_case = "in_power_corridor"
    house.save()
    houses = load_workbook(export_bytes(world.project))[SHEETS[ItemKind.HOUSE]]
    cell = houses.cell(row=2, column=col(houses, "Trường hợp riêng")).value
    assert cell == "Còn lại trong hành lang an toàn lưới điện, đất không thu hồi"
    before = state()
    report = import_inventory(world.project, export_bytes(world.project), actor=world.officer)
    assert report.result.updated == 0 and state() == before
    InventoryItem.objects.all().delete()
    bad_file = _edited(world, edit)  # seeds the household again, without the case
    before = state()
    with pytest.raises(InventoryImportError) as exc:
        import_inventory(world.project, bad_file, actor=world.officer)
    [error] = exc.value.errors
    assert (error.sheet, error.row, str(error.value)) == ("Nhà ở", 2, "Đã phá dỡ")
    assert "Xây theo giấy phép có thời hạn, đã hết hạn" in str(error)
    assert state() == before
