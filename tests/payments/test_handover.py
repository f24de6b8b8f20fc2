"""Issue 13, the rest of the handover: the open-complaint gate, the early-handover bonus,
persuasion and enforcement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import ComplaintFlag
from gpmb.cases.services import ComplaintError, complaint_close, complaint_open
from gpmb.core.models import AuditEvent
from gpmb.core.permissions import NotPermitted
from gpmb.payments.models import Handover
from gpmb.payments.services import PaymentError, handover_record
from gpmb.plans.models import PlanVersion
from gpmb.plans.services import plan_diff
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
