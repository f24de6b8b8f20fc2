"""A case's legal steps: generated from the pack's procedure, recorded with their
documents by the role the law names, deadlines counted on the working-day calendar and the
regime of the notice's date, and the statuses the steps earn."""

from __future__ import annotations

import datetime as dt

import pytest

from gpmb.cases.choices import CaseStatus, StepState
from gpmb.cases.models import BatchProcedure, Case, Step
from gpmb.cases.services import (
    StepDocument,
    StepError,
    case_mark_approved,
    earned_status,
    step_not_applicable,
    step_record,
    steps_generate,
    steps_record,
    steps_schedule,
)
from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent, ObjectChange
from gpmb.core.permissions import NotPermitted
from gpmb.engine.procedure import EARNED_STATUSES, STEP_ROLES
from tests.cases.conftest import AN_BIEN, LE_CHAN, PACK, template

D = dt.date


def doc(number: str, day: dt.date) -> StepDocument:
    return StepDocument(number=number, date=day, signer="Nguyễn Văn Ký")


def step(case: Case, code: str) -> Step:
    return Step.objects.get(case=case, code=code)


def run_chain(cases, notice_day: dt.date, upto: str) -> None:
    """Record the chain from the notice up to `upto` on plausible days."""
    day = notice_day
    for code, gap in [
        ("notice", 0),
        ("inventory", 20),
        ("draft_plan", 20),
        ("posting", 20),
    ]:
        day += dt.timedelta(days=gap)
        steps_record(
            cases=cases, code=code, done_date=day, document=doc(f"{code}/1", day), actor=None
        )
        if code == upto:
            return


def test_steps_are_generated_once_from_the_template(batch_cases):
    n = len(template().steps)
    assert Step.objects.count() == 4 * n
    again = steps_generate(cases=batch_cases, template=template(), pack_code=PACK, actor=None)
    assert again == 0 and Step.objects.count() == 4 * n
    procedure = BatchProcedure.objects.get(batch=batch_cases[0].batch)
    assert procedure.pack_code == PACK and procedure.template["steps"][0]["code"] == "notice"
    first = step(batch_cases[0], "notice")
    assert (first.position, first.role, first.earns) == (1, Role.APPROVER, "notified")
    assert step(batch_cases[0], "posting").scope == "batch"
    assert Case.objects.get(pk=batch_cases[0].pk).status == CaseStatus.OPENED


def test_one_notice_for_many_households_earns_notified_and_sets_deadlines(batch_cases):
    n = steps_record(
        cases=batch_cases,
        code="notice",
        done_date=D(2026, 3, 16),
        document=doc("15/TB-UBND", D(2026, 3, 16)),
        actor=None,
    )
    assert n == 4
    for case in batch_cases:
        case.refresh_from_db()
        assert case.status == CaseStatus.NOTIFIED
        notice = step(case, "notice")
        assert (notice.done_date, notice.document_number) == (D(2026, 3, 16), "15/TB-UBND")
        # The inventory's deadline is the notice's schedule, not a statutory period.
        assert step(case, "inventory").due_date is None
    event = AuditEvent.objects.get(kind="cases.step_record")
    assert event.data["document"] == "15/TB-UBND" and len(event.data["cases"]) == 4
    assert AuditEvent.objects.filter(kind="cases.status_notified").count() == 1
    # The status change is in the change log too (the history of each case).
    assert ObjectChange.objects.filter(object_id=batch_cases[0].pk, after__status="notified")


def test_the_posting_may_not_end_before_its_period_under_either_regime(batch_cases):
    new, old = batch_cases[:2], batch_cases[2:3]
    run_chain(new, D(2026, 3, 16), "posting")  # posting on 15/05/2026
    posting_end = step(new[0], "posting_end")
    # Resolution 254 Art. 3(9)(b): 10 days from Friday 15/05/2026 → Monday 25/05/2026.
    assert (posting_end.period_days, posting_end.due_date) == (10, D(2026, 5, 25))
    with pytest.raises(StepError, match="không được sớm hơn 25/05/2026"):
        steps_record(
            cases=new, code="posting_end", done_date=D(2026, 5, 22), document=None, actor=None
        )
    steps_record(cases=new, code="posting_end", done_date=D(2026, 5, 25), document=None, actor=None)
    # A notice of December 2025: the Land Law's 30 days of posting (Art. 87(3)(a)).
    run_chain(old, D(2025, 12, 10), "posting")  # posting on Sunday 08/02/2026
    posting_end = step(old[0], "posting_end")
    # 08/02 + 30 = Tuesday 10/03/2026.
    assert (posting_end.period_days, posting_end.due_date) == (30, D(2026, 3, 10))
    for case in (*new, *old):
        case.refresh_from_db()
        assert case.status == CaseStatus.POSTED


def test_dialogue_deadline_follows_the_regime(batch_cases):
    new, old = batch_cases[:1], batch_cases[1:2]
    run_chain(new, D(2026, 3, 16), "posting")
    steps_record(cases=new, code="posting_end", done_date=D(2026, 5, 25), document=None, actor=None)
    steps_record(
        cases=new,
        code="consultation",
        done_date=D(2026, 5, 26),
        document=doc("BB/1", D(2026, 5, 26)),
        actor=None,
    )
    # Within 30 days of the consultation: 26/05 + 30 = Thursday 25/06/2026.
    assert step(new[0], "dialogue").due_date == D(2026, 6, 25)
    run_chain(old, D(2025, 12, 10), "posting")
    steps_record(cases=old, code="posting_end", done_date=D(2026, 3, 10), document=None, actor=None)
    steps_record(
        cases=old,
        code="consultation",
        done_date=D(2026, 3, 11),
        document=doc("BB/2", D(2026, 3, 11)),
        actor=None,
    )
    # Land Law: within 60 days: 11/03 + 60 = Sunday 10/05/2026, so Monday 11/05/2026
    # (Civil Code Art. 148(5)).
    assert step(old[0], "dialogue").due_date == D(2026, 5, 11)


def test_overdue_and_due_soon(batch_cases):
    case = batch_cases[0]
    step_record(
        case=case,
        code="notice",
        done_date=D(2026, 3, 16),
        document=doc("1/TB", D(2026, 3, 16)),
        actor=None,
    )
    # The notice schedules the inventory by 30/04/2026 (Land Law Art. 85(1)).
    steps_schedule(
        cases=[case], code="inventory", due_date=D(2026, 4, 30), actor=None, reason="TB 1/TB"
    )
    inventory = step(case, "inventory")
    assert inventory.state(D(2026, 5, 4)) == StepState.OVERDUE
    assert inventory.state(D(2026, 4, 25)) == StepState.DUE_SOON
    assert inventory.state(D(2026, 4, 20)) == StepState.OPEN
    # A statutory period is counted, never typed.
    with pytest.raises(StepError, match="luật định"):
        steps_schedule(
            cases=[case], code="posting_end", due_date=D(2026, 6, 1), actor=None, reason="x"
        )
    # Recording another step keeps the scheduled deadline.
    step_record(case=case, code="persuasion", done_date=D(2026, 3, 31), document=None, actor=None)
    assert step(case, "inventory").due_date == D(2026, 4, 30)
    assert step(case, "posting_end").state(D(2026, 4, 1), anchor_closed=False) == StepState.WAITING


def test_not_applicable_needs_a_reason_and_a_step_that_may_be_skipped(batch_cases):
    case = batch_cases[0]
    step_record(
        case=case,
        code="notice",
        done_date=D(2026, 3, 16),
        document=doc("1/TB", D(2026, 3, 16)),
        actor=None,
    )
    with pytest.raises(StepError, match="lý do"):
        step_not_applicable(case=case, code="persuasion", reason="  ", actor=None)
    with pytest.raises(StepError, match="bắt buộc"):
        step_not_applicable(case=case, code="inventory", reason="không cần", actor=None)
    skipped = step_not_applicable(
        case=case, code="persuasion", reason="Hộ đồng ý kiểm đếm", actor=None
    )
    assert skipped.not_applicable and skipped.state(D(2026, 4, 1)) == StepState.NOT_APPLICABLE
    # The compulsory-inventory decision follows the persuasion: skippable in turn.
    step_not_applicable(
        case=case, code="compulsory_inventory", reason="Hộ đồng ý kiểm đếm", actor=None
    )
    with pytest.raises(StepError, match="đã ghi là không áp dụng"):
        step_record(
            case=case, code="persuasion", done_date=D(2026, 3, 20), document=None, actor=None
        )


def test_steps_go_in_order_and_not_into_the_future(batch_cases):
    case = batch_cases[0]
    with pytest.raises(StepError, match="chưa xong bước"):
        step_record(
            case=case, code="inventory", done_date=D(2026, 3, 20), document=None, actor=None
        )
    with pytest.raises(StepError, match="tương lai"):
        step_record(
            case=case,
            code="notice",
            done_date=dt.date.today() + dt.timedelta(days=3),
            document=None,
            actor=None,
        )
    step_record(
        case=case,
        code="notice",
        done_date=D(2026, 3, 16),
        document=doc("1/TB", D(2026, 3, 16)),
        actor=None,
    )
    with pytest.raises(StepError, match="trước ngày của bước"):
        step_record(
            case=case, code="inventory", done_date=D(2026, 3, 10), document=None, actor=None
        )
    with pytest.raises(StepError, match="đã ghi nhận"):
        step_record(case=case, code="notice", done_date=D(2026, 3, 17), document=None, actor=None)


def test_a_batch_record_is_all_or_nothing(batch_cases):
    step_record(
        case=batch_cases[0],
        code="notice",
        done_date=D(2026, 3, 16),
        document=doc("1/TB", D(2026, 3, 16)),
        actor=None,
    )
    with pytest.raises(StepError):
        steps_record(
            cases=batch_cases,
            code="notice",
            done_date=D(2026, 3, 18),
            document=doc("2/TB", D(2026, 3, 18)),
            actor=None,
        )
    assert Step.objects.filter(code="notice", done_date__isnull=False).count() == 1
    assert Case.objects.filter(status=CaseStatus.NOTIFIED).count() == 1


def test_each_step_is_done_by_the_role_the_law_names(batch_cases, make_user):
    project = batch_cases[0].project
    le_chan_officer = make_user(Role.COMMUNE_LAND_OFFICER, project=project, commune=LE_CHAN)
    approver_an_bien = make_user(Role.APPROVER, project=project, commune=AN_BIEN)
    approver = make_user(Role.APPROVER, project=project)
    notice = {
        "code": "notice",
        "done_date": D(2026, 3, 16),
        "document": doc("1/TB", D(2026, 3, 16)),
    }
    # The notice is the competent authority's act, not the commune land officer's.
    with pytest.raises(NotPermitted):
        step_record(case=batch_cases[0], actor=le_chan_officer, **notice)
    # An approver assigned to An Biên does not reach a case in Lê Chân.
    with pytest.raises(NotPermitted):
        step_record(case=batch_cases[0], actor=approver_an_bien, **notice)
    assert not Step.objects.filter(done_date__isnull=False).exists()
    assert Case.objects.get(pk=batch_cases[0].pk).status == CaseStatus.OPENED
    step_record(case=batch_cases[0], actor=approver, **notice)
    assert step(batch_cases[0], "notice").recorded_by == approver
    # The persuasion is the commune's: its officer records it for its own ward.
    step_record(
        case=batch_cases[0],
        code="persuasion",
        done_date=D(2026, 3, 25),
        document=doc("BB/VD", D(2026, 3, 25)),
        actor=le_chan_officer,
    )


def test_a_status_is_only_earned(batch_cases):
    case = batch_cases[0]
    with pytest.raises(StepError, match="chưa đủ bước"):
        case_mark_approved(cases=[case], actor=None)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPENED
    run_chain([case], D(2026, 3, 16), "inventory")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.INVENTORIED
    assert earned_status(Step.objects.filter(case=case)) == CaseStatus.INVENTORIED


def test_the_engine_knows_the_statuses_and_roles_of_the_apps():
    assert list(EARNED_STATUSES) == [s.value for s in CaseStatus if s != CaseStatus.OPENED]
    assert set(STEP_ROLES) <= {r.value for r in Role}


def test_the_compulsory_inventory_decision_waits_ten_days_after_the_persuasion(batch_cases):
    """Land Law Art. 87(2)(đ): 15 days of persuasion; once 10 more days have passed
    with no cooperation, the compulsory-inventory decision."""
    case = batch_cases[0]
    step_record(
        case=case,
        code="notice",
        done_date=D(2026, 3, 16),
        document=doc("1/TB", D(2026, 3, 16)),
        actor=None,
    )
    step_record(
        case=case,
        code="persuasion",
        done_date=D(2026, 3, 31),
        document=doc("BB", D(2026, 3, 31)),
        actor=None,
    )
    decision = step(case, "compulsory_inventory")
    # 31/03 + 10 = Friday 10/04/2026; a waiting period is never "overdue".
    assert decision.due_date == D(2026, 4, 10)
    assert decision.state(D(2026, 6, 1)) == StepState.OPEN
    with pytest.raises(StepError, match="không được sớm hơn 10/04/2026"):
        step_record(
            case=case,
            code="compulsory_inventory",
            done_date=D(2026, 4, 8),
            document=None,
            actor=None,
        )
    step_record(
        case=case,
        code="compulsory_inventory",
        done_date=D(2026, 4, 10),
        document=doc("45/QĐ-UBND", D(2026, 4, 10)),
        actor=None,
    )


def test_the_status_change_is_announced_after_commit(
    batch_cases, django_capture_on_commit_callbacks
):
    from gpmb.cases.services import case_status_changed

    heard = []

    def listen(sender, case_ids, status, **kwargs):
        heard.append((sorted(case_ids), status))

    case_status_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            steps_record(
                cases=batch_cases[:2],
                code="notice",
                done_date=D(2026, 3, 16),
                document=doc("1/TB", D(2026, 3, 16)),
                actor=None,
            )
        assert heard == []  # nothing inside the transaction
        for callback in callbacks:
            callback()
        assert heard == [(sorted(c.pk for c in batch_cases[:2]), "notified")]
    finally:
        case_status_changed.disconnect(listen)


def test_an_inactive_user_records_nothing(batch_cases, make_user):
    approver = make_user(Role.APPROVER, project=batch_cases[0].project)
    approver.is_active = False
    approver.save()
    with pytest.raises(NotPermitted):
        step_record(
            case=batch_cases[0],
            code="notice",
            done_date=D(2026, 3, 16),
            document=doc("1/TB", D(2026, 3, 16)),
            actor=approver,
        )
