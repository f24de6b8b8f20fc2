"""The periodic review report: the DOCX reads back and its figures are the dashboard's;
the command writes DOCX, XLSX and PDF; a report for a past period reads the records as
of its end."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document

from gpmb.documents import pdf
from gpmb.reports.queries import ScopeKind, report
from gpmb.reports.review import as_of_for, review_docx, summary_figures

pytestmark = pytest.mark.django_db


def this_half() -> str:
    today = timezone.localdate()
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def docx_figures(data: bytes) -> dict[str, str]:
    document = Document(io.BytesIO(data))
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if header == ["Nội dung", "Số liệu"]:
            return {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    raise AssertionError("no summary table")


def test_the_docx_reads_back_and_its_figures_match_the_dashboards(client, city):
    leader = city["people"]["leadership"]
    period = this_half()
    data = review_docx(leader, ScopeKind.CITY, None, period)
    figures = docx_figures(data)
    client.force_login(leader)
    day = as_of_for(period)
    html = client.get("/reports/", {"as_of": day.strftime("%d/%m/%Y")}).content.decode()
    labels = {key: label for key, label, _v in summary_figures(report(leader, "city", as_of=day))}
    for key in ("total", "inventoried", "approved", "covered", "handed_over", "paid",
                "money_approved", "remaining", "deposited", "area_to_recover",
                "area_handed_over", "overdue_steps"):  # fmt: skip
        shown = re.search(rf'data-figure="{key}">(?:<b>)?([^<]*)<', html)[1].strip()
        assert figures[labels[key]] == shown, key
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "đã bàn giao mặt bằng 1 hộ, đạt 50% tổng số hộ" in text
    assert "Các xã/phường chậm tiến độ: Phường An Biên" in text
    assert (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        in Document(io.BytesIO(data)).tables[0].rows[0].cells[1].text
    )


def test_a_report_of_a_past_period_reads_the_records_as_of_its_end(city):
    leader = city["people"]["leadership"]
    last_year = str(timezone.localdate().year - 1)
    figures = docx_figures(review_docx(leader, ScopeKind.CITY, None, last_year))
    assert figures["Đã bàn giao mặt bằng (hộ)"] == "0"
    assert figures["Đã chi trả"] == "0 đồng"
    assert figures["Tổng số hộ bị ảnh hưởng"] == "2"


def test_the_command_writes_docx_xlsx_and_pdf_and_names_bad_input(city, tmp_path):
    period = this_half()
    call_command("report", "--scope", "city", "--period", period, "--format", "xlsx",
                 str(tmp_path / "a.xlsx"))  # fmt: skip
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    summary = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Đã chi trả"] == city["due"]
    assert summary["Đã bàn giao mặt bằng (hộ)"] == 1
    assert {"Dự án", "Xã phường", "Chỉ tiêu", "Vướng mắc"} <= set(book.sheetnames)
    code = city["lc"].project.code
    call_command("report", "--scope", "project", "--code", code, "--period", period,
                 "--format", "docx", str(tmp_path / "p.docx"))  # fmt: skip
    assert docx_figures((tmp_path / "p.docx").read_bytes())["Tổng số hộ bị ảnh hưởng"] == "2"
    with pytest.raises(CommandError, match="2026-H3"):
        call_command("report", "--period", "2026-H3", str(tmp_path / "x.docx"))
    with pytest.raises(CommandError, match="nope"):
        call_command("report", "--scope", "ward", "--code", "nope", "--period", period,
                     str(tmp_path / "x.docx"))  # fmt: skip
    assert not (tmp_path / "x.docx").exists()
    if pdf.available():
        call_command("report", "--period", period, "--format", "pdf", str(tmp_path / "a.pdf"))
        assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


def test_the_review_templates_sample_has_the_fields_of_a_real_context(city):
    from gpmb.documents.registry import KINDS
    from gpmb.reports.review import _charts, review_context
    from tests.documents.test_templates import _shape

    context = review_context(city["people"]["leadership"], ScopeKind.CITY, None, this_half())
    context["charts"] = _charts(context.pop("_report"))
    assert _shape(context) == _shape(KINDS["review_report"].sample)


def test_from_the_web_the_report_is_a_job_and_its_file_goes_to_who_asked(client, city, run_jobs):
    from gpmb.core.models import Job

    leader = city["people"]["leadership"]
    client.force_login(leader)
    with run_jobs(execute=True):
        response = client.post(
            "/reports/review/", {"scope": "city", "period": this_half(), "fmt": "docx"}
        )
    job = Job.objects.get(kind="reports.review")
    assert response.status_code == 302 and f"/jobs/{job.pk}/" in response["Location"]
    assert job.status == "succeeded", job.message
    download = client.get(f"/reports/review/{job.pk}/file/")
    data = b"".join(download.streaming_content)
    assert docx_figures(data) == docx_figures(
        review_docx(leader, ScopeKind.CITY, None, this_half())
    )
    client.force_login(city["people"]["officer"])
    assert client.get(f"/reports/review/{job.pk}/file/").status_code == 404
    bad = client.post("/reports/review/", {"scope": "city", "period": "2026-H9", "fmt": "docx"})
    assert bad.status_code == 302 and Job.objects.count() == 1


def test_the_docx_carries_the_progress_charts_as_pictures_that_read_back(city):
    from PIL import Image

    leader = city["people"]["leadership"]
    data = review_docx(leader, ScopeKind.CITY, None, this_half())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        pictures = [Image.open(io.BytesIO(package.read(n))) for n in media]
    # Handovers week by week, and the share by ward: two PNG pictures of real size.
    assert len(pictures) == 2
    assert all(p.format == "PNG" and p.width > 600 and p.height > 200 for p in pictures)
    document = Document(io.BytesIO(data))
    assert len(document.inline_shapes) == 2
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Số hộ đã bàn giao mặt bằng theo tuần" in text
    assert "Tỷ lệ bàn giao theo xã/phường" in text
    # A ward's report has no by-ward chart.
    ward = Document(io.BytesIO(review_docx(leader, ScopeKind.WARD, "11383", this_half())))
    assert len(ward.inline_shapes) == 1


def test_the_review_names_open_complaints_and_clean_km(city):
    from gpmb.cases.services import complaint_open
    from gpmb.projects.models import Project
    from tests.payments.conftest import days_ago

    leader = city["people"]["leadership"]
    complaint_open(case=city["ab"].case, opened_date=days_ago(3), reason="Khiếu nại", actor=None)
    Project.objects.filter(pk=city["lc"].project.pk).update(kind="linear", centreline=None)
    figures = docx_figures(review_docx(leader, ScopeKind.CITY, None, this_half()))
    assert figures["Hộ đang có khiếu nại"] == "1"
    assert figures["Mặt bằng sạch dọc tuyến (km)"] == (
        "chưa có tim tuyến: " + city["lc"].project.name
    )
