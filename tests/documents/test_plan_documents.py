"""The plan sheet and the summary open in openpyxl / python-docx and say what they must."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from gpmb.core.choices import Role
from gpmb.core.vnformat import format_money
from gpmb.plans.services import case_compute
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db


def _xlsx_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    )


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def computed(db):
    home = make_home(recovered="60.00", area="100.00")
    version = case_compute(case=home.case, actor=None)
    return home, version


def test_plan_sheet_xlsx_and_docx(computed, make_user, client):
    home, version = computed
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    net = format_money(version.net_amount)  # "4.320.000.000 đồng"
    assert net == "4.320.000.000 đồng"
    titles = [ln.title_vi for ln in version.lines.all()]
    xlsx = client.get(f"/documents/plans/{version.pk}/sheet.xlsx")
    assert xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    text = _xlsx_text(xlsx.content)
    assert "Trần Văn Mẫu" in text and net in text and "031090123456" in text
    assert all(t in text for t in titles)
    wb = load_workbook(io.BytesIO(xlsx.content))
    amounts = [c for c in wb.active.iter_rows() for c in c if c.value == version.net_amount]
    assert amounts and amounts[0].number_format == "#,##0"
    # The parcel's row says where it sits in the price table.
    header = next(r for r in wb.active.iter_rows(values_only=True) if "Vị trí" in r)
    row = next(r for r in wb.active.iter_rows(values_only=True) if r[0] == "21")
    assert row[header.index("Vị trí")] == "VT1"

    docx = client.get(f"/documents/plans/{version.pk}/sheet.docx")
    text = _docx_text(docx.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Hải Phòng, ngày" in text and "Số: " in text
    assert "PHƯƠNG ÁN CHI TIẾT BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ" in text
    assert "Trần Văn Mẫu" in text and net in text and "031090123456" in text
    assert all(t in text for t in titles)
    assert "(Ký, ghi rõ họ tên)" in text and "MINH HỌA" in text
    doc = Document(io.BytesIO(docx.content))
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_plan_sheet_masks_personal_data_for_roles_without_it(computed, make_user, client):
    _home, version = computed
    client.force_login(make_user(Role.LEADERSHIP))
    text = _docx_text(client.get(f"/documents/plans/{version.pk}/sheet.docx").content)
    assert "031090123456" not in text and "*********456" in text
    assert "0912345678" not in text


def test_public_summary_masks_national_ids_and_phones(computed, make_user, client, run_jobs):
    home, _version = computed
    make_home(project=home.project, name="Lê Thị Hai", national_id="031190654321")
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    with run_jobs(execute=True):
        client.post(f"/plans/projects/{home.project.code}/compute/")
    for fmt, read in (("xlsx", _xlsx_text), ("docx", _docx_text)):
        text = read(client.get(f"/documents/projects/{home.project.code}/summary.{fmt}").content)
        assert "Trần Văn Mẫu" in text and "Lê Thị Hai" in text
        assert "031090123456" not in text and "*********456" in text
        assert "031190654321" not in text and "*********321" in text
        assert "0912345678" not in text
        # Vietnamese format in the Word table; a number the spreadsheet formats itself.
        assert ("4.320.000.000" if fmt == "docx" else "4320000000") in text
    full = _xlsx_text(
        client.get(f"/documents/projects/{home.project.code}/summary.xlsx?full=1").content
    )
    assert "031090123456" in full
