"""PDF from the same document, by LibreOffice: the text a reader sees in the PDF is the
plan's; where LibreOffice is absent the page says so (503), in Vietnamese or English."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from gpmb.core.choices import Role
from gpmb.documents import pdf
from gpmb.documents.registry import KINDS
from gpmb.documents.rendering import render_docx
from gpmb.plans.services import case_compute
from tests.census.conftest import world  # noqa: F401  (the census world: a batch, its round)
from tests.plans.conftest import make_home

needs_libreoffice = pytest.mark.skipif(
    not pdf.available() or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext is not installed: ./scripts/test installs "
    "libreoffice-writer-nogui and poppler-utils",
)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def computed(db):
    home = make_home(recovered="60.00", area="100.00")
    return home, case_compute(case=home.case, actor=None)


@needs_libreoffice
def test_plan_sheet_and_summary_as_pdf(computed, make_user, client, run_jobs):
    home, version = computed
    make_home(project=home.project, name="Lê Thị Hai", national_id="031190654321")
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    response = client.get(f"/documents/plans/{version.pk}/sheet.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    text = pdf_text(response.content)
    assert home.household.code in text
    assert "Số tiền thực nhận: 4.320.000.000 đồng" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Trần Văn Mẫu" in text

    with run_jobs(execute=True):
        client.post(f"/plans/projects/{home.project.code}/compute/")
    text = pdf_text(client.get(f"/documents/projects/{home.project.code}/summary.pdf").content)
    assert "Trần Văn Mẫu" in text and "Lê Thị Hai" in text and "4.320.000.000" in text
    assert "031190654321" not in text and "*********321" in text


@needs_libreoffice
def test_inventory_record_as_pdf(world, client):  # noqa: F811
    client.force_login(world.officer)
    case = world.cases[0]
    response = client.get(f"/documents/cases/{case.pk}/inventory-record.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "BIÊN BẢN KIỂM ĐẾM" in text and case.household.code in text and "35,50" in text


@needs_libreoffice
def test_a_batch_converts_in_runs_each_pdf_under_its_own_name(monkeypatch):
    # LibreOffice stops after ~247 files of one run: batches go in runs (here of 2).
    monkeypatch.setattr(pdf, "FILES_PER_RUN", 2)
    sample = KINDS["plan_sheet"].sample
    docs = {
        f"hộ {code}": render_docx(
            "plan_sheet", {**sample, "household": {**sample["household"], "code": code}}
        )
        for code in ("LC-00007", "LC-00008", "LC-00009")
    }
    pdfs = pdf.docx_to_pdf_many(docs)
    assert list(pdfs) == list(docs)
    for name, data in pdfs.items():
        assert name.removeprefix("hộ ") in pdf_text(data)


@needs_libreoffice
def test_two_conversions_at_once_do_not_collide():
    """Two requests converting at the same time: each has its own LibreOffice profile."""
    sample = KINDS["inventory_record"].sample
    docs = [
        render_docx(
            "inventory_record", {**sample, "household": {**sample["household"], "code": code}}
        )
        for code in ("AB-1", "AB-2")
    ]
    with ThreadPoolExecutor(2) as pool:
        texts = [pdf_text(data) for data in pool.map(pdf.docx_to_pdf, docs)]
    assert "AB-1" in texts[0] and "AB-2" in texts[1]


def test_without_libreoffice_the_pdf_page_says_so(
    computed, make_user, client, monkeypatch, tmp_path
):
    home, version = computed
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine where soffice is not installed
    response = client.get(f"/documents/plans/{version.pk}/sheet.pdf")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Chưa tạo được PDF" in page and "LibreOffice" in page and "DOCX" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/documents/plans/{version.pk}/sheet.pdf")
    assert english.status_code == 503
    assert "PDF cannot be made yet" in english.content.decode()
    # The DOCX still comes.
    assert client.get(f"/documents/plans/{version.pk}/sheet.docx").status_code == 200
