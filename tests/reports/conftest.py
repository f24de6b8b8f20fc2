"""A project through two wards: the Lê Chân household approved 60 days ago, paid in two
parts (40 and 10 days ago) and handed over 5 days ago; the An Biên household only
inventoried. The people who act, and a leadership user of the whole city."""

from __future__ import annotations

import pytest

from gpmb.core.choices import Role
from gpmb.payments.services import (
    handover_record,
    payment_batch_approve,
    payment_batch_prepare,
    payment_record,
)
from gpmb.plans.models import PlanVersion
from tests.payments.conftest import approved_plan, days_ago
from tests.plans.chain import inventoried
from tests.plans.conftest import make_home

AN_BIEN = "11407"


@pytest.fixture
def city(db, make_user):
    lc = make_home()
    ab = make_home(project=lc.project, commune=AN_BIEN, name="Lê Thị Hai", national_id="0311")
    p = lc.project
    people = {
        "officer": make_user(Role.COMPENSATION_OFFICER, project=p, username="canbo"),
        "appraiser": make_user(Role.APPRAISER, project=p, username="td"),
        "approver": make_user(Role.APPROVER, project=p, username="pd"),
        "accountant": make_user(Role.ACCOUNTANT, project=p, username="kt"),
        "leadership": make_user(Role.LEADERSHIP, username="lanhdao"),
    }
    batch_plan = approved_plan(lc, people)
    inventoried(ab.case.batch, days_ago=90, cases=[ab.case])
    payment_batch = payment_batch_prepare(
        batch_plan=batch_plan, number="01/ĐCT", actor=people["accountant"]
    )
    payment_batch_approve(payment_batch=payment_batch, actor=people["approver"])
    due = PlanVersion.objects.get(case=lc.case, status="approved").net_amount
    first = due * 6 // 10
    for amount, back, receipt in ((first, 40, "PC-01"), (due - first, 10, "PC-02")):
        payment_record(
            case=lc.case,
            amount=amount,
            entry_date=days_ago(back),
            method="transfer",
            receipt_number=receipt,
            actor=people["accountant"],
        )
    handover_record(
        case=lc.case,
        handover_date=days_ago(5),
        minutes_number="BG-01",
        signer="Tổ công tác",
        actor=people["officer"],
    )
    return {"lc": lc, "ab": ab, "people": people, "due": due, "first": first}
