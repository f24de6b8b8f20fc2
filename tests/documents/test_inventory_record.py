from io import BytesIO

from docx import Document

from gpmb.census.choices import ItemKind
from gpmb.census.services import item_create
from gpmb.documents.inventory import inventory_record_docx
from gpmb.documents.official import MOTTO_1, MOTTO_2


def test_inventory_record_follows_the_official_layout(world):
    case = world.cases[0]
    item_create(
        actor=world.officer,
        case=case,
        kind=ItemKind.HOUSE,
        raw={"name": "Nhà chính", "quantity": "72,5", "structure_class": "Cấp IV"},
    )
    item_create(
        actor=world.officer,
        case=case,
        kind=ItemKind.TREE,
        raw={"name": "Chuối", "quantity": "30", "origin_date": "01/05/2026"},
    )
    doc = Document(BytesIO(inventory_record_docx(case, world.census)))
    header = doc.tables[0].rows[0].cells
    right = [p.text for p in header[1].paragraphs]
    assert right[0] == MOTTO_1 and right[1] == MOTTO_2
    assert right[2].startswith("Hải Phòng, ngày") and right[2].endswith("năm 2026")
    assert any(p.text.startswith("Số:") for p in header[0].paragraphs)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BIÊN BẢN KIỂM ĐẾM" in text and "LC-00001" in text
    assert "*********001" in text  # national ID masked unless asked for
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Nhà chính" in cells and "72,50" in cells and "Chuối (*)" in cells
    assert "35,50" in cells  # land from the overlay
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs}
    fonts |= {
        r.font.name
        for t in doc.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    }
    assert fonts == {"Times New Roman"}
    assert doc.styles["Normal"].font.name == "Times New Roman"
