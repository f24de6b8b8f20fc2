"""Issue 13, the rest of the handover: the open-complaint gate, the early-handover bonus,
persuasion and enforcement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import ComplaintFlag, Step
from gpmb.cases.services import ComplaintError, complaint_close, complaint_open
from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent
from gpmb.core.permissions import NotPermitted
from gpmb.core.workdays import WorkCalendar
from gpmb.payments.models import Enforcement, Handover
from gpmb.payments.queries import balances
from gpmb.payments.services import (
    PaymentError,
    enforcement_decide,
    enforcement_execute,
    handover_record,
    no_enforcement_reason,
    persuasion_record,
    recovery_decide,
)
from gpmb.plans.models import PlanVersion
from gpmb.plans.services import plan_diff
from gpmb.projects.models import Batch
from tests.payments.conftest import days_ago
from tests.payments.test_payments import due, pay, ready

pytestmark = pytest.mark.django_db


def hand_over(home, people, when, number="BG-01"):
    return handover_record(
        case=home.case,
        handover_date=when,
        minutes_number=number,
        signer="Tổ công tác",
        actor=people["officer"],
    )


def test_an_open_complaint_holds_the_handover_until_it_is_closed(home, people, approved):
    ready(approved, people)
    pay(home, people, due(home), days_ago(40))
    flag = complaint_open(
        case=home.case,
        opened_date=days_ago(30),
        reason="Hộ khiếu nại đơn giá đất ở",
        actor=people["officer"],
    )
    events = AuditEvent.objects.count()
    with pytest.raises(PaymentError, match="đang có khiếu nại chưa giải quyết xong") as err:
        hand_over(home, people, days_ago(10))
    assert "đơn giá đất ở" in str(err.value)
    # The refusal changed nothing: no minutes, no step, the case still "paid".
    home.case.refresh_from_db()
    assert not Handover.objects.exists() and AuditEvent.objects.count() == events
    assert home.case.status == CaseStatus.PAID
    # Closing it needs its outcome and a date not before it was received.
    with pytest.raises(ComplaintError, match="kết quả"):
        complaint_close(flag=flag, closed_date=days_ago(5), outcome=" ", actor=people["officer"])
    with pytest.raises(ComplaintError, match="trước ngày nhận khiếu nại"):
        complaint_close(
            flag=flag, closed_date=days_ago(31), outcome="Giữ nguyên", actor=people["officer"]
        )
    assert ComplaintFlag.objects.get().is_open
    complaint_close(
        flag=flag, closed_date=days_ago(5), outcome="Giữ nguyên đơn giá", actor=people["officer"]
    )
    with pytest.raises(ComplaintError, match="đã được giải quyết xong"):
        complaint_close(flag=flag, closed_date=days_ago(4), outcome="x", actor=people["officer"])
    hand_over(home, people, days_ago(3))
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.HANDED_OVER


def test_a_complaint_flag_needs_its_subject_and_the_right_on_the_case(home, people, approved):
    with pytest.raises(ComplaintError, match="nội dung khiếu nại"):
        complaint_open(case=home.case, opened_date=days_ago(1), reason="", actor=people["officer"])
    with pytest.raises(ComplaintError, match="tương lai"):
        complaint_open(
            case=home.case, opened_date=days_ago(-1), reason="x", actor=people["officer"]
        )
    # The accountant works on the money, not on complaints.
    with pytest.raises(NotPermitted):
        complaint_open(
            case=home.case, opened_date=days_ago(1), reason="x", actor=people["accountant"]
        )
    assert not ComplaintFlag.objects.exists()


def test_the_case_page_shows_the_open_complaint_and_closes_it(client, home, people, approved):
    client.force_login(people["officer"])
    url = f"/payments/cases/{home.case.pk}/"
    response = client.post(
        url + "complaint/",
        {"opened_date": days_ago(2).isoformat(), "reason": "Khiếu nại <b>diện tích</b>"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Đang mở: chưa nhận bàn giao mặt bằng" in page
    # The household's words are text, never HTML.
    assert "&lt;b&gt;diện tích&lt;/b&gt;" in page and "<b>diện tích" not in page
    flag = ComplaintFlag.objects.get()
    response = client.post(
        f"/payments/complaints/{flag.pk}/close/",
        {"closed_date": days_ago(1).isoformat(), "outcome": "Đo lại, đúng diện tích"},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.closed_date == days_ago(1) and flag.outcome == "Đo lại, đúng diện tích"
    assert "Đang mở" not in client.get(url).content.decode()


# -- the early-handover bonus (Land Law 2024 Art. 111(7); the demo pack: a household
# handing over within 10 days of its first payment gets 5 % of compensation and support,
# at least 2,000,000 đ and at most 20,000,000 đ) --------------------------------------------


def bonus_lines(version):
    return [line for line in version.lines.all() if line.code == "EARLY_HANDOVER"]


def test_a_handover_inside_the_window_makes_a_new_version_with_the_bonus(home, people, approved):
    ready(approved, people)
    before = PlanVersion.objects.get(case=home.case, status="approved")
    amount = due(home)
    pay(home, people, amount, days_ago(20))
    hand_over(home, people, days_ago(12))  # 8 days after the payment: inside the 10
    latest = PlanVersion.objects.filter(case=home.case).order_by("-number").first()
    assert latest.number == before.number + 1 and latest.status == "draft"
    (line,) = bonus_lines(latest)
    base = sum(x.amount for x in before.lines.all() if x.group in ("land", "assets", "support"))
    expected = min(max(Decimal(base) * Decimal("0.05"), 2_000_000), 20_000_000)
    assert line.amount == expected and line.status == "ok"
    assert "Điều 111, khoản 7" in " ".join(line.citations)
    # The approved version stays in force (what was paid), the diff is the bonus alone.
    before.refresh_from_db()
    assert before.status == "approved"
    diff = plan_diff(before.lines.all(), latest.lines.all())
    assert [(r["change"], r["new"].code, r["delta"]) for r in diff] == [
        ("added", "EARLY_HANDOVER", expected)
    ]
    event = AuditEvent.objects.get(kind="payments.early_handover")
    assert "Điều 111 khoản 7" in event.reason and event.data["bonus"] == int(expected)


def test_a_handover_outside_the_window_changes_no_plan(home, people, approved):
    ready(approved, people)
    pay(home, people, due(home), days_ago(30))
    versions = PlanVersion.objects.filter(case=home.case).count()
    hand_over(home, people, days_ago(19))  # 11 days after the payment: one too many
    assert PlanVersion.objects.filter(case=home.case).count() == versions
    assert not AuditEvent.objects.filter(kind="payments.early_handover").exists()
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.HANDED_OVER


def test_on_the_last_day_of_the_window_the_bonus_is_granted(home, people, approved):
    ready(approved, people)
    pay(home, people, due(home), days_ago(30))
    hand_over(home, people, days_ago(20))  # exactly 10 days
    latest = PlanVersion.objects.filter(case=home.case).order_by("-number").first()
    assert len(bonus_lines(latest)) == 1


# -- persuasion and enforcement (Land Law 2024 Art. 87(7), 89) ---------------------------


def test_no_enforcement_at_night_on_holidays_or_within_15_days_of_tet():
    cal = WorkCalendar()
    at = dt.datetime
    # A Tuesday morning in March, far from Tết: allowed.
    assert no_enforcement_reason(at(2026, 3, 10, 8, 0), cal) is None
    # 10 p.m. to 6 a.m.
    assert "ban đêm" in no_enforcement_reason(at(2026, 3, 10, 22, 0), cal)
    assert "ban đêm" in no_enforcement_reason(at(2026, 3, 10, 5, 59), cal)
    assert no_enforcement_reason(at(2026, 3, 10, 6, 0), cal) is None
    # A weekend day and a public holiday (2 September).
    assert "ngày nghỉ" in no_enforcement_reason(at(2026, 3, 14, 9, 0), cal)
    assert "ngày nghỉ" in no_enforcement_reason(at(2026, 9, 2, 9, 0), cal)
    # Tết Bính Ngọ: the break is 14–22/02/2026 with its weekends; 15 days either side.
    assert cal.tet_break(2026) == (dt.date(2026, 2, 14), dt.date(2026, 2, 22))
    assert "Tết" in no_enforcement_reason(at(2026, 1, 30, 9, 0), cal)  # 15 days before
    assert no_enforcement_reason(at(2026, 1, 29, 9, 0), cal) is None  # 16 days before
    assert "Tết" in no_enforcement_reason(at(2026, 3, 9, 9, 0), cal)  # 15 days after
    assert no_enforcement_reason(at(2026, 3, 10, 9, 0), cal) is None
    # Tết of the next year reaches back into January: 04–10/02/2027.
    assert "Tết" in no_enforcement_reason(at(2027, 1, 20, 9, 0), cal)
    # A province's own day off (an ethnic traditional holiday) from the pack's calendar.
    local = WorkCalendar(days_off=[dt.date(2026, 3, 10)])
    assert "ngày nghỉ" in no_enforcement_reason(at(2026, 3, 10, 9, 0), local)


def _working_day_after(day, cal):
    """A working day from `day` on, away from Tết, before today."""
    while (
        cal.holiday(day)
        or not cal.is_working_day(day)
        or no_enforcement_reason(dt.datetime.combine(day, dt.time(9)), cal)
    ):
        day += dt.timedelta(days=1)
    return day


def test_persuasion_then_decision_after_10_plus_10_days_then_execution(home, people, approved):
    ready(approved, people)
    pay(home, people, due(home), days_ago(59))
    recovery_decide(
        case=home.case, trigger="a", trigger_date=days_ago(58), decision_number="9/QĐ-UBND",
        decision_date=days_ago(55), signer="Chủ tịch", actor=people["approver"],
    )  # fmt: skip
    with pytest.raises(PaymentError, match="văn bản vận động"):
        persuasion_record(
            case=home.case, persuasion_start_date=days_ago(50), persuasion_document=" ",
            actor=people["officer"],
        )  # fmt: skip
    enforcement = persuasion_record(
        case=home.case, persuasion_start_date=days_ago(50), persuasion_document="BB-VĐ-01",
        actor=people["officer"],
    )  # fmt: skip
    # 10 days of persuasion, then 10 more before the decision may be issued.
    assert enforcement.persuasion_end_date == days_ago(40)
    assert enforcement.decision_earliest_date == days_ago(29)
    events = AuditEvent.objects.count()
    with pytest.raises(PaymentError, match="chưa quá 10 ngày"):
        enforcement_decide(
            case=home.case, decision_number="5/QĐ-CC", decision_date=days_ago(30),
            served_date=days_ago(30), actor=people["approver"],
        )  # fmt: skip
    assert AuditEvent.objects.count() == events
    # The decision is the approver's, not the officer's.
    with pytest.raises(NotPermitted):
        enforcement_decide(
            case=home.case, decision_number="5/QĐ-CC", decision_date=days_ago(29),
            served_date=days_ago(28), actor=people["officer"],
        )  # fmt: skip
    enforcement = enforcement_decide(
        case=home.case, decision_number="5/QĐ-CC", decision_date=days_ago(29),
        served_date=days_ago(28), actor=people["approver"],
    )  # fmt: skip
    assert enforcement.execution_due_date == days_ago(18)
    cal = WorkCalendar()
    day = _working_day_after(days_ago(27), cal)
    tz = timezone.get_current_timezone()
    with pytest.raises(PaymentError, match="ban đêm"):
        enforcement_execute(
            case=home.case, executed_at=dt.datetime.combine(day, dt.time(23, 0), tz),
            outcome="enforced", execution_minutes="BB-CC-01", actor=people["officer"],
        )  # fmt: skip
    enforcement.refresh_from_db()
    assert enforcement.stage == "decided" and enforcement.executed_at is None
    done = enforcement_execute(
        case=home.case, executed_at=dt.datetime.combine(day, dt.time(8, 30), tz),
        outcome="complied", execution_minutes="BB-CC-01", actor=people["officer"],
    )  # fmt: skip
    assert done.stage == "complied"
    # Compliance recorded, the land is handed over (the money was paid).
    hand_over(home, people, day)
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.HANDED_OVER


def test_persuasion_needs_the_recovery_decision(home, people, approved):
    with pytest.raises(PaymentError, match="Chưa có quyết định thu hồi đất"):
        persuasion_record(
            case=home.case, persuasion_start_date=days_ago(5), persuasion_document="BB",
            actor=people["officer"],
        )  # fmt: skip
    assert not Enforcement.objects.exists()


def test_the_case_page_refuses_a_night_enforcement_with_the_article(client, home, people, approved):
    ready(approved, people)
    pay(home, people, due(home), days_ago(59))
    recovery_decide(
        case=home.case, trigger="a", trigger_date=days_ago(58), decision_number="9/QĐ-UBND",
        decision_date=days_ago(55), signer="Chủ tịch", actor=people["approver"],
    )  # fmt: skip
    client.force_login(people["officer"])
    url = f"/payments/cases/{home.case.pk}/"
    response = client.post(
        url + "persuasion/",
        {"persuasion_start_date": days_ago(50).isoformat(), "persuasion_document": "BB-VĐ-01"},
    )
    assert response.status_code == 302
    enforcement_decide(
        case=home.case, decision_number="5/QĐ-CC", decision_date=days_ago(29),
        served_date=days_ago(28), actor=people["approver"],
    )  # fmt: skip
    day = _working_day_after(days_ago(27), WorkCalendar())
    response = client.post(
        url + "execution/",
        {"executed_date": day.isoformat(), "executed_time": "22:30", "outcome": "enforced",
         "execution_minutes": "BB-CC-01"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "ban đêm" in page and "Điều 89 khoản 1 điểm b" in page
    assert Enforcement.objects.get().stage == "decided"
    page = client.get(url).content.decode()
    assert "BB-VĐ-01" in page and "5/QĐ-CC" in page
    assert days_ago(29).strftime("%d/%m/%Y") in page  # the decision's earliest day


# -- a household owed nothing (its plan's net ≤ 0) ---------------------------------------


@pytest.fixture
def owing(db, make_user):
    """A household recovering 10 m² that takes a 300 m² resettlement plot: the plot's
    land-use fee (300 × 25,000,000 × 1.2 = 9,000,000,000 đ in the demo pack) is more
    than its compensation, so its approved net is below zero."""
    from gpmb.resettlement.services import (
        allocation_agree,
        entitlement_record,
        plot_add,
        site_create,
    )
    from tests.payments.conftest import approved_plan
    from tests.plans.conftest import make_home

    home = make_home(recovered="10.00", area="100.00")
    case = home.case
    entitlement_record(
        actor=None, case=case, basis="relocating", choice="plot", choice_date=days_ago(200)
    )
    # The site could give plots before the household's land was due: no rent to wait for.
    Batch.objects.filter(pk=case.batch_id).update(target_handover_date=days_ago(100))
    site = site_create(
        actor=None,
        code="tdc",
        name="Khu TĐC",
        commune=case.commune,
        projects=[home.project],
        allocation_possible=days_ago(300),
    )
    plot = plot_add(
        actor=None, site=site, number="L1", area=Decimal("300"), segment="tdc-vinh-niem/lo"
    )
    allocation_agree(actor=None, case=case, plot=plot, on=days_ago(200))
    p = home.project
    people = {
        "officer": make_user(Role.COMPENSATION_OFFICER, project=p, username="canbo"),
        "appraiser": make_user(Role.APPRAISER, project=p, username="td"),
        "approver": make_user(Role.APPROVER, project=p, username="pd"),
        "accountant": make_user(Role.ACCOUNTANT, project=p, username="kt"),
    }
    return home, people, approved_plan(home, people)


def test_a_household_owed_nothing_hands_over_without_a_payment(owing):
    home, people, batch_plan = owing
    version = PlanVersion.objects.get(case=home.case, status="approved")
    assert version.net_amount < 0
    batch = ready(batch_plan, people)
    line = batch.lines.get()
    # Nothing is due to it; what it must pay is the plan's negative net.
    assert (line.amount_due, line.amount_owed) == (0, -version.net_amount)
    assert batch.total_due == 0
    balance = balances([home.case.pk])[home.case.pk]
    assert balance.covered and balance.owed == -version.net_amount
    step = Step.objects.get(case=home.case, code="payment")
    assert step.not_applicable and "Điều 26" in step.reason
    # No payment can be recorded (nothing remains to pay)...
    with pytest.raises(PaymentError, match="lớn hơn số còn phải chi"):
        pay(home, people, 1_000, days_ago(10))
    # ...and the handover is not blocked forever.
    hand_over(home, people, days_ago(5))
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.HANDED_OVER


def test_a_household_not_yet_in_a_payment_batch_still_cannot_hand_over(owing):
    home, people, _batch_plan = owing
    with pytest.raises(PaymentError, match="chưa được nhận bàn giao"):
        hand_over(home, people, days_ago(5))
