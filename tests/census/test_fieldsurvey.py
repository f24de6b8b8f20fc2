import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from gpmb.census.choices import DuplicatePolicy, ItemKind
from gpmb.census.excel import InventoryImportError
from gpmb.census.fieldsurvey import DuplicateSubmissions, import_field_survey
from gpmb.census.models import InventoryItem
from gpmb.census.services import item_create

LINK = ["_index", "_parent_table_name", "_parent_index", "_submission__uuid"]


def kobo_export(uuid_a="uuid-a", uuid_b="uuid-b", quantity="62,5"):
    """Shaped like KoboToolbox's XLSX export: the main sheet, then one sheet per repeat
    group, rows linked by _index/_parent_index and the submission's uuid."""
    wb = Workbook()
    main = wb.active
    main.title = "Kiểm đếm — Dự án thử"
    main.append(["start", "end", "today", "surveyor", "_id", "_uuid", "_submission_time", "_index"])
    main.append(
        [
            "2026-04-02T08:00:00",
            "2026-04-02T09:10:00",
            "2026-04-02",
            "Tổ 1",
            101,
            uuid_a,
            "2026-04-02T09:11:00",
            1,
        ]
    )
    main.append(
        [
            "2026-04-03T08:00:00",
            "2026-04-03T08:40:00",
            "2026-04-03",
            "Tổ 2",
            102,
            uuid_b,
            "2026-04-03T08:41:00",
            2,
        ]
    )
    households = wb.create_sheet("households")
    households.append(["households/hh", "households/census_date", *LINK])
    households.append(["LC-00001", "2026-04-02", 1, main.title, 1, uuid_a])
    households.append(["LC-00002", None, 2, main.title, 1, uuid_a])
    households.append(["LC-00003", "2026-04-03", 3, main.title, 2, uuid_b])
    members = wb.create_sheet("members")
    members.append(
        [
            "households/members/member_name",
            "households/members/member_birth_year",
            "households/members/member_relation",
            "households/members/member_origin_date",
            *LINK,
        ]
    )
    members.append(["Nguyễn Văn 1", 1970, "head", None, 1, "households", 1, uuid_a])
    members.append(["Trần Thị Hoa", "", "spouse", "", 2, "households", 1, uuid_a])
    members.append(["Nguyễn Văn Bé", 2026, "child", "2026-05-01", 3, "households", 3, uuid_b])
    assets = wb.create_sheet("assets")
    assets.append(
        [
            "kind",
            "name",
            "unit",
            "quantity",
            "structure_class",
            "floor_area",
            "year_built",
            "remaining_quality",
            "crop_type",
            "diameter_cm",
            "density",
            "origin_date",
            "photo",
            *LINK,
        ]
    )
    assets.append(
        [
            "house",
            "Nhà 2 tầng",
            "m2",
            quantity,
            "grade_4",
            125.5,
            2008,
            70,
            None,
            None,
            None,
            None,
            "1.jpg",
            1,
            "households",
            1,
            uuid_a,
        ]
    )
    assets.append(
        [
            "tree",
            "Nhãn",
            "tree",
            4,
            None,
            None,
            None,
            None,
            "perennial",
            "",
            None,
            "",
            None,
            2,
            "households",
            2,
            uuid_a,
        ]
    )
    assets.append(
        [
            "tree",
            "Chuối",
            "tree",
            "15",
            None,
            None,
            None,
            None,
            None,
            12,
            None,
            "2026-04-01",
            None,
            3,
            "households",
            3,
            uuid_b,
        ]
    )
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def items(code, kind):
    return list(InventoryItem.objects.filter(household__code=code, kind=kind).order_by("line_no"))


def test_kobo_repeat_sheets_land_under_the_right_households(world):
    item_create(
        actor=world.officer,
        case=world.cases[0],
        kind=ItemKind.TREE,
        raw={"name": "Cau", "quantity": "2"},
    )
    report = import_field_survey(world.project, kobo_export(), actor=world.officer)
    assert report.result.created == 6
    house = items("LC-00001", ItemKind.HOUSE)[0]
    assert (house.name, house.quantity, house.floor_area) == (
        "Nhà 2 tầng",
        Decimal("62.50"),
        Decimal("125.50"),
    )
    assert house.submission_key == "uuid-a" and house.source == "kobo"
    assert [i.name for i in items("LC-00002", ItemKind.TREE)] == ["Nhãn"]
    assert items("LC-00002", ItemKind.TREE)[0].diameter_cm is None  # empty number: no crash
    assert [i.name for i in items("LC-00001", ItemKind.PERSON)] == ["Nguyễn Văn 1", "Trần Thị Hoa"]
    banana = items("LC-00003", ItemKind.TREE)[0]
    assert banana.cutoff_status == "post_cutoff"  # planted after the notice
    baby = items("LC-00003", ItemKind.PERSON)[0]
    assert baby.cutoff_status == "post_cutoff"
    # A web line already there keeps its number; the field lines follow it.
    assert [(i.name, i.line_no) for i in items("LC-00001", ItemKind.TREE)] == [("Cau", 1)]


def test_duplicate_submission_asks_then_skips_or_replaces(world):
    import_field_survey(world.project, kobo_export(), actor=world.officer)
    count = InventoryItem.objects.count()
    with pytest.raises(DuplicateSubmissions) as exc:
        import_field_survey(world.project, kobo_export(), actor=world.officer)
    assert len(exc.value.errors) == 3 and "skip" in str(exc.value.errors[0])
    assert InventoryItem.objects.count() == count

    report = import_field_survey(
        world.project,
        kobo_export(quantity="70"),
        actor=world.officer,
        on_duplicate=DuplicatePolicy.SKIP,
    )
    assert report.rows == 0
    assert items("LC-00001", ItemKind.HOUSE)[0].quantity == Decimal("62.50")

    import_field_survey(
        world.project,
        kobo_export(uuid_a="uuid-a2", quantity="70"),
        actor=world.officer,
        on_duplicate=DuplicatePolicy.REPLACE,
    )
    assert InventoryItem.objects.count() == count
    house = items("LC-00001", ItemKind.HOUSE)
    assert len(house) == 1 and house[0].quantity == 70 and house[0].submission_key == "uuid-a2"


def test_bad_field_values_are_listed_and_nothing_written(world):
    with pytest.raises(InventoryImportError) as exc:
        import_field_survey(
            world.project,
            kobo_export(quantity="nhiều"),
            actor=world.officer,
            file_label="kobo.xlsx",
        )
    (error,) = exc.value.errors
    assert (error.sheet, error.row, error.value) == ("assets", 2, "nhiều")
    assert "kobo.xlsx" in str(error) and "D (quantity)" in str(error)
    assert InventoryItem.objects.count() == 0


def test_odk_central_csv_zip(world, tmp_path):
    path = tmp_path / "gpmb_census_tp.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "gpmb_census_tp.csv",
            "SubmissionDate,surveyor,meta-instanceID,KEY\n2026-04-02,Tổ 1,uuid:x1,uuid:x1\n",
        )
        archive.writestr(
            "gpmb_census_tp-households.csv",
            "hh,census_date,PARENT_KEY,KEY\nLC-00002,,uuid:x1,uuid:x1/households[1]\n",
        )
        archive.writestr(
            "gpmb_census_tp-members.csv",
            "member_name,member_birth_year,member_relation,member_origin_date,"
            "PARENT_KEY,KEY\n"
            "Lê Văn Tư,1985,head,,uuid:x1/households[1],"
            "uuid:x1/households[1]/members[1]\n",
        )
        archive.writestr(
            "gpmb_census_tp-assets.csv",
            "households-assets-kind,households-assets-name,"
            "households-assets-quantity,households-assets-grave_type,"
            "PARENT_KEY,KEY\n"
            "grave,Mộ cụ,1,built,uuid:x1/households[1],"
            "uuid:x1/households[1]/assets[1]\n"
            "crop,Lúa,1250.5,,uuid:x1/households[1],"
            "uuid:x1/households[1]/assets[2]\n",
        )
    call_command("import_kobo", str(path), project="tp", user="canbo")
    assert [i.name for i in items("LC-00002", ItemKind.GRAVE)] == ["Mộ cụ"]
    assert items("LC-00002", ItemKind.CROP)[0].quantity == Decimal("1250.50")
    assert items("LC-00002", ItemKind.PERSON)[0].source == "odk"
    with pytest.raises(CommandError, match="on-duplicate"):
        call_command("import_kobo", str(path), project="tp")


def test_a_file_that_is_no_workbook_is_explained_in_words(world):
    with pytest.raises(InventoryImportError) as exc:
        import_field_survey(
            world.project, BytesIO(b"not a workbook"), actor=world.officer, file_label="kobo.xlsx"
        )
    (error,) = exc.value.errors
    assert str(error).startswith("kobo.xlsx: không đọc được: tệp hỏng, rỗng")
    assert "zip" not in str(error).lower()
