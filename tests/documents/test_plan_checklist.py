"""The household plan an appraiser accepts: the checklist of the money-rules review §5
(points 2–10), asserted on the DOCX and XLSX a user downloads, read back with
python-docx and openpyxl.

The households are computed by the engine from the register (tests/plans/conftest.py
make_home); what the register cannot hold yet (a resettlement plot, unpaid obligations)
is added to the facts the engine reads, as the plan's intake will."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from gpmb.core.choices import Role
from gpmb.core.vnformat import format_money, money_in_words
from gpmb.plans import services
from gpmb.plans.models import PlanVersion
from gpmb.plans.services import case_compute
from tests.factories import MemberFactory, PartyFactory
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db


def _with(monkeypatch: pytest.MonkeyPatch, **extra: Any) -> None:
    """Add facts the register does not hold to every case the engine computes."""
    real = services.facts_for_cases

    def facts_for_cases(ids: Any, pack: Any = None, basis: Any = None) -> Any:
        facts, warnings = real(ids, pack, basis)
        for f in facts.values():
            f.update(extra)
            if "resettlement" in extra:
                f["resettlement"] = {**extra["resettlement"], "segment": f["parcels"][0]["segment"]}
        return facts, warnings

    monkeypatch.setattr(services, "facts_for_cases", facts_for_cases)


def _docx(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    wb = load_workbook(io.BytesIO(data))
    return [r for r in wb.active.iter_rows(values_only=True) if any(c is not None for c in r)]


def _xlsx_text(data: bytes) -> str:
    return "\n".join(" ".join(str(c) for c in r if c is not None) for r in _xlsx_rows(data))


def _money(text: str) -> int:
    return int(text.replace(".", ""))


@pytest.fixture
def officer(client, make_user):
    def login(home: Any) -> Any:
        client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
        return client

    return login


@pytest.fixture
def final_plan(monkeypatch, db):
    """A household with a spouse holding the land with the head, a resettlement plot whose
    fee is partly recorded as debt, and 12.345 đồng of unpaid obligations (so the total
    is rounded and part of the obligations is carried as debt)."""
    _with(
        monkeypatch,
        resettlement={"plot_area": "120", "position": "VT1", "record_debt": True},
        unpaid_obligations=12_345,
    )
    home = make_home(recovered="60.00", area="100.00")
    spouse = PartyFactory(
        full_name="Phạm Thị Vợ", national_id="031190999888", address="Thôn Đông, xã An Lão"
    )
    MemberFactory(household=home.household, party=spouse, relation="spouse")
    home.household.head.address = "Số 9 phố Cũ, phường Lê Chân"
    home.household.head.save()
    version = case_compute(case=home.case, actor=None)
    assert all(ln.status == "ok" for ln in version.lines.all())
    return home, version


@pytest.fixture
def rounded_plan(monkeypatch, db):
    """A household whose resettlement fee is below its land money, with 12.345 đồng of
    unpaid obligations deducted: the net is rounded by the demo pack's total rounding."""
    _with(
        monkeypatch,
        resettlement={"plot_area": "50", "position": "VT1"},
        unpaid_obligations=12_345,
    )
    home = make_home(recovered="60.00", area="100.00", code="hs-round", national_id="031190000111")
    return home, case_compute(case=home.case, actor=None)


def _download(client: Any, version: PlanVersion) -> tuple[str, bytes]:
    docx = client.get(f"/documents/plans/{version.pk}/sheet.docx")
    xlsx = client.get(f"/documents/plans/{version.pk}/sheet.xlsx")
    assert docx.status_code == 200 and xlsx.status_code == 200
    return _docx(docx.content), xlsx.content


def test_every_holder_with_both_addresses(final_plan, officer):
    """Decree 88 Art. 3(2)(a): each person whose land is recovered, with "nơi thường trú
    và nơi ở hiện nay"."""
    home, version = final_plan
    docx, xlsx = _download(officer(home), version)
    for text in (docx, _xlsx_text(xlsx)):
        assert "Trần Văn Mẫu" in text and "Phạm Thị Vợ" in text
        assert "Số 9 phố Cũ, phường Lê Chân" in text  # the head's permanent address
        assert "Thôn Đông, xã An Lão" in text  # the spouse's
        assert "Số 5, Hồ Sen" in text  # where the household lives now
        assert "Nơi thường trú" in text and "Nơi ở hiện nay" in text


def test_map_sheet_and_parcel_from_the_parcel(final_plan, officer):
    home, version = final_plan
    docx, xlsx = _download(officer(home), version)
    row = next(r for r in _xlsx_rows(xlsx) if r[2] == "ODT")
    assert (row[0], row[1]) == (home.parcel.map_sheet, home.parcel.parcel_number)
    assert f"{home.parcel.map_sheet} | {home.parcel.parcel_number} | ODT" in docx


def test_resettlement_plot_temporary_housing_and_structures(final_plan, officer):
    """Art. 3(2)(c) remaining quality of structures, (g) the plot and where it lies,
    (n) temporary housing: printed, or said to be missing, never left out."""
    home, version = final_plan
    docx, xlsx = _download(officer(home), version)
    for text in (docx, _xlsx_text(xlsx)):
        assert "Lô tái định cư" in text and "120,00 m²" in text and "VT1" in text
        assert "ho-sen-cau-rao-2/le-chan" not in text or "đoạn" in text
        assert "Tạm cư" in text
        assert "Chất lượng còn lại" in text


def test_the_two_debts_are_separate(final_plan, officer):
    """Art. 3(2)(m): the land-use fee recorded as debt apart from the obligations carried
    forward (DEDUCTION_DEBT)."""
    home, version = final_plan
    docx, xlsx = _download(officer(home), version)
    fee_debt = sum(ln.amount for ln in version.lines.filter(code="RESETTLEMENT_DEBT"))
    carried = sum(ln.amount for ln in version.lines.filter(code="DEDUCTION_DEBT"))
    assert fee_debt and carried and fee_debt + carried == version.debt_amount
    assert f"Tiền sử dụng đất tái định cư được ghi nợ: {format_money(fee_debt)}" in docx
    assert f"Nghĩa vụ tài chính còn ghi nợ: {format_money(carried)}" in docx
    rows = {r[1]: r[6] for r in _xlsx_rows(xlsx) if isinstance(r[6], int) and r[1]}
    assert rows["Tiền sử dụng đất tái định cư được ghi nợ"] == fee_debt
    assert rows["Nghĩa vụ tài chính còn ghi nợ"] == carried


def test_the_columns_add_up_with_the_rounding_printed(rounded_plan, officer):
    """Review §5(4): the total rounding printed, so the sections add up to the net."""
    home, version = rounded_plan
    assert version.totals["rounding"] != 0  # the demo pack rounds the total
    docx, xlsx = _download(officer(home), version)
    summed = re.findall(r"^[A-E]\. .*: (-?[\d.]+) đồng$", docx, re.M)
    rounding = _money(re.search(r"^Làm tròn: (-?[\d.]+) đồng", docx, re.M)[1])
    net = _money(re.search(r"^Số tiền thực nhận: ([\d.]+) đồng", docx, re.M)[1])
    assert rounding == version.totals["rounding"]
    assert sum(_money(x) for x in summed) + rounding == net == version.net_amount
    rows = {r[1]: r[6] for r in _xlsx_rows(xlsx) if isinstance(r[6], int) and r[1]}
    summary = [v for k, v in rows.items() if re.match(r"^[A-E]\. ", str(k))]
    assert sum(summary) + rows["Làm tròn"] == rows["SỐ TIỀN THỰC NHẬN"] == version.net_amount


def test_amounts_in_words_match_the_amounts(final_plan, rounded_plan, officer):
    for home, version in (final_plan, rounded_plan):
        docx, xlsx = _download(officer(home), version)
        for text in (docx, _xlsx_text(xlsx)):
            assert f"Bằng chữ: {money_in_words(version.net_amount)}" in text
            assert f"Bằng chữ: {money_in_words(version.debt_amount)}" in text
    assert rounded_plan[1].net_amount > 0 and final_plan[1].debt_amount > 0


def test_legal_basis_names_the_instruments_not_the_pack_code(final_plan, officer):
    home, version = final_plan
    docx, _xlsx = _download(officer(home), version)
    basis = next(p for p in docx.splitlines() if p.startswith("Căn cứ"))
    assert "Nghị định số 88/2024/NĐ-CP" in basis
    for amendment in ("151/2025/NĐ-CP", "226/2025/NĐ-CP", "49/2026/NĐ-CP"):
        assert amendment in basis
    assert "gói chính sách" not in basis and version.pack.code not in basis
    for instrument in version.pack.instruments.values():
        assert instrument["ref"] in basis


def test_heading_of_the_approving_authority(final_plan, officer):
    home, version = final_plan
    client = officer(home)
    doc = Document(io.BytesIO(client.get(f"/documents/plans/{version.pk}/sheet.docx").content))
    # Decree 30 layout: the issuing body's superior in the top left cell.
    issuer = doc.tables[0].cell(0, 0).text.upper()
    assert issuer.startswith("ỦY BAN NHÂN DÂN PHƯỜNG LÊ CHÂN")


def test_a_final_plan_is_not_a_draft(final_plan, officer):
    home, version = final_plan
    docx, xlsx = _download(officer(home), version)
    assert "DỰ THẢO" not in docx and "DỰ THẢO" not in _xlsx_text(xlsx)
    client = officer(home)
    raw = Document(io.BytesIO(client.get(f"/documents/plans/{version.pk}/sheet.docx").content))
    assert "textpath" not in raw.sections[0].header._element.xml


def test_an_unfinished_plan_exports_only_as_a_draft(monkeypatch, officer):
    """Review §5(5): a line still missing its basis makes the whole file a draft: the
    title and every page say "DỰ THẢO"."""
    home = make_home(recovered="60.00", area="100.00", segment="")
    version = case_compute(case=home.case, actor=None)
    assert any(ln.status != "ok" for ln in version.lines.all())
    client = officer(home)
    docx = client.get(f"/documents/plans/{version.pk}/sheet.docx").content
    doc = Document(io.BytesIO(docx))
    assert "DỰ THẢO PHƯƠNG ÁN CHI TIẾT" in _docx(docx)
    assert all("DỰ THẢO" in "".join(p.text for p in s.header.paragraphs) for s in doc.sections)
    # and across every page, the watermark Word draws from the page header.
    header = doc.sections[0].header._element.xml
    assert 'string="DỰ THẢO"' in header and "rotation:315" in header
    xlsx = client.get(f"/documents/plans/{version.pk}/sheet.xlsx").content
    wb = load_workbook(io.BytesIO(xlsx))
    assert str(wb.active["A1"].value).startswith("DỰ THẢO")
    assert "DỰ THẢO" in wb.active.oddHeader.center.text


def test_a_negative_net_is_the_amount_the_household_pays(monkeypatch, officer):
    """Decree 88 Art. 25(2)(b): when the resettlement fee exceeds the compensation, the
    household pays the difference; the plan says so and prints the amount as positive."""
    _with(monkeypatch, resettlement={"plot_area": "120", "position": "VT1"})
    home = make_home(recovered="60.00", area="100.00")
    version = case_compute(case=home.case, actor=None)
    assert version.net_amount < 0
    docx, xlsx = _download(officer(home), version)
    owed = format_money(-version.net_amount)
    for text in (docx, _xlsx_text(xlsx)):
        assert "Số tiền thực nhận" not in text
        assert f"Số tiền hộ phải nộp: {owed}" in text or "SỐ TIỀN HỘ PHẢI NỘP" in text
        assert f"Bằng chữ: {money_in_words(-version.net_amount)}" in text


@pytest.mark.parametrize(
    "amount, words",
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm lẻ năm đồng"),
        (1_000_005, "Một triệu không trăm lẻ năm đồng"),
        (4_320_000_000, "Bốn tỷ ba trăm hai mươi triệu đồng"),
        (1_000_012_345, "Một tỷ không trăm mười hai nghìn ba trăm bốn mươi lăm đồng"),
        (2_000_000_000_000, "Hai nghìn tỷ đồng"),
    ],
)
def test_money_in_words(amount, words):
    assert money_in_words(amount) == words


def test_summary_of_one_commune_is_headed_by_the_commune(final_plan, officer):
    """Review §5(8): the plans are approved by the commune (its chairman by delegation),
    so a summary of one commune's plans carries the commune's heading, not the city's."""
    home, _version = final_plan
    client = officer(home)
    data = client.get(f"/documents/projects/{home.project.code}/summary.docx").content
    issuer = Document(io.BytesIO(data)).tables[0].cell(0, 0).text.upper()
    assert issuer.startswith("ỦY BAN NHÂN DÂN PHƯỜNG LÊ CHÂN")


def test_remaining_quality_of_each_structure(monkeypatch, officer):
    """Art. 3(2)(c): a house used 6 of the 30 years the pack gives it keeps 80 %; a shed
    whose age was not counted says so instead of a number."""
    _with(
        monkeypatch,
        items=[
            {
                "id": "house-1",
                "kind": "structure",
                "species": "nha-cap-4",
                "quantity": "40",
                "category": "house",
                "years_used": "6",
            },
            {
                "id": "structure-2",
                "kind": "structure",
                "species": "chuong-trai",
                "quantity": "10",
                "category": "other",
            },
        ],
    )
    home = make_home(recovered="60.00", area="100.00")
    version = case_compute(case=home.case, actor=None)
    docx, xlsx = _download(officer(home), version)
    for text in (docx, _xlsx_text(xlsx)):
        # Lines are titled by the pack's row; an inventory ref is never printed.
        assert "Nhà cấp IV" in text and "80 % (1 − 6/30 năm)" in text
        assert "Chuồng trại" in text and "house-1" not in text and "structure-2" not in text
        assert "chưa có số năm đã sử dụng hoặc thời gian khấu hao" in text


def test_a_summary_with_an_unfinished_plan_is_a_draft(officer):
    """Review §5(5), (8): the summary over the latest versions includes unfinished ones;
    then it is a draft too."""
    home = make_home(recovered="60.00", area="100.00", segment="")
    version = case_compute(case=home.case, actor=None)
    assert version.result_status != "ok"
    client = officer(home)
    docx = client.get(f"/documents/projects/{home.project.code}/summary.docx").content
    assert "DỰ THẢO BẢNG TỔNG HỢP" in _docx(docx)
    xlsx = client.get(f"/documents/projects/{home.project.code}/summary.xlsx").content
    assert str(load_workbook(io.BytesIO(xlsx)).active["A1"].value).startswith("DỰ THẢO")


def test_a_summary_of_finished_plans_is_not_a_draft(final_plan, officer):
    home, _version = final_plan
    client = officer(home)
    for fmt, read in (("docx", _docx), ("xlsx", _xlsx_text)):
        data = client.get(f"/documents/projects/{home.project.code}/summary.{fmt}").content
        assert "DỰ THẢO" not in read(data)


def test_holders_are_masked_for_a_role_without_personal_data(final_plan, client, make_user):
    """Decree 13/2023: the co-holders' IDs and addresses follow the same rule as the
    head's — masked for a user whose assignment does not allow personal data."""
    _home, version = final_plan
    client.force_login(make_user(Role.LEADERSHIP))
    docx, xlsx = _download(client, version)
    for text in (docx, _xlsx_text(xlsx)):
        assert "Phạm Thị Vợ" in text and "*********888" in text
        assert "031190999888" not in text and "Thôn Đông, xã An Lão" not in text
        assert "Số 9 phố Cũ" not in text
