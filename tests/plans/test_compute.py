"""Computing cases: stored lines equal the engine's, versions only when inputs change,
diffs, decisions with reasons, and the submission guard."""

import json
from decimal import Decimal

import pytest
from django.db import connection

from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent
from gpmb.core.services import assignment_create
from gpmb.engine import CaseFacts, compute
from gpmb.parcels.choices import WholeRecovery
from gpmb.plans.choices import LineStatus, PlanStatus
from gpmb.plans.models import LineDecision, PlanVersion
from gpmb.plans.services import (
    PlanError,
    _canonical,
    batch_compute,
    case_compute,
    line_decide,
    plan_diff,
    plan_submit,
)
from gpmb.policy.packs import pack_for_code
from tests.factories import UserFactory
from tests.plans.chain import submitted
from tests.plans.conftest import DEMO_PACK, demo_pack_yaml, make_home

pytestmark = pytest.mark.django_db


def test_hand_worked_land_line_from_the_demo_pack(home):
    params = demo_pack_yaml()["params"]
    price = params["land.segments"]["value"]["ho-sen-cau-rao-2/le-chan"]["prices"]["ODT"]["VT1"]
    k = Decimal(params["land.adjustment_coefficient"]["value"]["by_code"]["ODT"])
    assert (price, k) == (60_000_000, Decimal("1.2"))
    expected = int(Decimal(50) * price * k)  # 50 m² × 60.000.000 đ/m² × K 1,2
    assert expected == 3_600_000_000

    version = case_compute(case=home.case, actor=None)
    land = version.lines.get(code="LAND")
    assert land.amount == expected
    assert (land.quantity, land.unit_price, land.coefficient) == (50, price, k)
    assert land.status == LineStatus.OK
    assert "Điều 95" in " ".join(land.citations)
    assert version.net_amount == expected
    assert version.result_status == LineStatus.OK
    assert version.pack.code == DEMO_PACK and version.pack_digest == version.pack.digest


def test_stored_lines_equal_the_engines_own_result_for_the_same_facts(home):
    make_home(
        project=home.project, recovered="70.00", area="90.00", name="Lê Thị Hai", national_id=""
    )
    summary = batch_compute(project=home.project, actor=None)
    assert summary.new_versions == 2 and not summary.errors
    _row, pack = pack_for_code(DEMO_PACK)
    for version in PlanVersion.objects.all():
        result = compute(CaseFacts.from_dict(version.facts), pack, version.decisions)
        stored = list(version.lines.order_by("position"))
        assert [
            (ln.code, ln.amount, ln.status, ln.formula, ln.citations, ln.ref) for ln in stored
        ] == [
            (ln.code, ln.amount, ln.status, ln.formula, list(ln.citations), ln.ref)
            for ln in result.lines
        ]
        assert version.result_digest == result.digest
        assert version.totals == result.totals
    assert AuditEvent.objects.filter(kind="plans.compute").count() == 1


def test_unchanged_facts_make_no_new_version_and_an_area_edit_shows_one_changed_line(home):
    first = case_compute(case=home.case, actor=None)
    again = case_compute(case=home.case, actor=None)
    assert again.pk == first.pk and PlanVersion.objects.count() == 1

    home.impact.recovered_area = Decimal("40.00")
    home.impact.remainder_area = Decimal("60.00")
    home.impact.save()
    second = case_compute(case=home.case, actor=None)
    assert second.number == 2 and second.previous_id == first.pk
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED and second.status == PlanStatus.DRAFT

    rows = plan_diff(first.lines.all(), second.lines.all())
    assert len(rows) == 1
    (row,) = rows
    assert row["change"] == "changed" and row["new"].code == "LAND"
    assert row["delta"] == -10 * 60_000_000 * 12 // 10  # 10 m² less


def test_deciding_a_line_records_the_reason_and_the_next_compute_uses_it(home):
    # 100 m² parcel, 70 m² recovered: 30 m² remain, below the pack's 36 m² minimum, and
    # the user's agreement to recover it is not recorded (Land Law 2024 Art. 91(7)).
    home.impact.recovered_area = Decimal("70.00")
    home.impact.whole_recovery = WholeRecovery.UNDECIDED
    home.impact.save()
    version = case_compute(case=home.case, actor=None)
    line = version.lines.get(status=LineStatus.NEEDS_CONFIRMATION)
    assert line.decision_key.startswith("remainder:") and line.options == ["recover", "keep"]
    with pytest.raises(PlanError, match="chưa đủ căn cứ hoặc chưa quyết định"):
        plan_submit(plan=version, actor=None)

    officer = UserFactory(username="canbo")
    assignment_create(
        actor=None, user=officer, role=Role.COMPENSATION_OFFICER, project=home.project
    )
    with pytest.raises(PlanError, match="lý do"):
        line_decide(line=line, choice="recover", reason="  ", actor=officer)
    line_decide(line=line, choice="recover", reason="Hộ đồng ý thu hồi cả thửa", actor=officer)
    event = AuditEvent.objects.get(kind="plans.line_decide")
    assert event.reason == "Hộ đồng ý thu hồi cả thửa" and event.user == officer
    assert LineDecision.objects.get(active=True).choice == "recover"

    decided = case_compute(case=home.case, actor=officer)
    assert decided.number == 2
    settled = decided.lines.get(decision_key=line.decision_key)
    assert settled.status == LineStatus.OK
    assert settled.decision["choice"] == "recover" and settled.decision["by"] == "canbo"
    assert decided.decisions == {line.decision_key: settled.decision}
    assert decided.result_status == LineStatus.OK
    # Settled, the plan goes on in the law's order: posted, consulted on, submitted.
    assert submitted(decided, officer).status == PlanStatus.SUBMITTED


def test_hai_phong_pack_without_city_values_gives_missing_basis_and_cannot_be_submitted(db):
    home = make_home(pack="hai-phong-2026")
    version = case_compute(case=home.case, actor=None)
    land = version.lines.get(code="LAND")
    assert land.status == LineStatus.MISSING_BASIS and land.amount == 0
    assert "chưa có" in land.note
    assert version.result_status == LineStatus.MISSING_BASIS
    with pytest.raises(PlanError) as refused:
        plan_submit(plan=version, actor=None)
    assert f"{land.title_vi} ({land.get_status_display()})" in str(refused.value)  # by name
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT


def test_a_project_without_a_known_pack_is_refused(db):
    home = make_home(pack="khong-co-goi", approval_planned=None)
    with pytest.raises(PlanError, match="khong-co-goi"):
        case_compute(case=home.case, actor=None)
    assert not PlanVersion.objects.exists()


def test_a_changed_input_that_changes_no_result_makes_no_new_version(home):
    first = case_compute(case=home.case, actor=None)
    # A decision on a question this case does not raise changes the inputs, not the
    # lines: the engine's digest is the same, so no new version.
    LineDecision.objects.create(
        case=home.case,
        project=home.project,
        commune=home.case.commune,
        decision_key="life_band:khong-lien-quan",
        choice="30_70",
        reason="thử",
    )
    again = case_compute(case=home.case, actor=None)
    assert again.pk == first.pk and PlanVersion.objects.count() == 1


def test_rows_written_several_per_statement_equal_the_engines_result(home, monkeypatch):
    # Few parameters per statement, so that three households fill whole multi-row
    # INSERTs (two rows each) and a last, shorter one, on SQLite as on larger batches.
    monkeypatch.setattr(connection.features, "max_query_params", 40)
    for i in range(2):
        make_home(
            project=home.project,
            recovered=f"{60 + i}.50",
            area="90.00",
            name=f"Nguyễn Văn {i}",
            national_id="",
        )
    summary = batch_compute(project=home.project, actor=None)
    assert summary.new_versions == 3 and summary.lines >= 5 and not summary.errors
    _row, pack = pack_for_code(DEMO_PACK)
    for version in PlanVersion.objects.all():
        assert summary.versions[version.case_id] == version.pk
        result = compute(CaseFacts.from_dict(version.facts), pack, version.decisions)
        stored = version.lines.order_by("position")
        assert [(ln.position, ln.code, ln.amount, ln.formula, ln.ref) for ln in stored] == [
            (i, ln.code, ln.amount, ln.formula, ln.ref)
            for i, ln in enumerate(result.lines, start=1)
        ]
        assert version.result_digest == result.digest


@pytest.mark.parametrize(
    "value",
    [
        {"b": [1, True, None, "x"], "a": {"z": "", "é": "Nguyễn Thị Ánh"}},
        {"text": '\x00\x1f\x7f\u2028"\\/\t\n\r\b\f 𝄞 – ½', "n": -(2**62)},
        ["a", {"ă": 1, "Z": 2, "a": 3}, []],
    ],
)
def test_canonical_json_is_the_standard_librarys_sorted_compact_json(value):
    # Stored facts and every input hash depend on these bytes: they must not change.
    expected = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert _canonical(value) == expected.encode("utf-8")
