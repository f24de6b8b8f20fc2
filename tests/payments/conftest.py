"""A household whose plan was approved 60 days ago, and the people who pay it: the
accountant (maker), the approver (the superior, checker), the compensation officer (the
handover) — all in phường Lê Chân."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gpmb.core.choices import Role
from gpmb.plans.models import BatchPlan
from gpmb.plans.services import (
    case_compute,
    plan_appraise,
    plan_approve,
    plan_post,
    plan_submit,
    posting_end_earliest,
)
from tests.plans.chain import consult, inventoried
from tests.plans.conftest import make_home

APPROVED_DAYS_AGO = 60


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def approved_plan(home, people, approved_days_ago: int = APPROVED_DAYS_AGO) -> BatchPlan:
    """The home's plan walked through the chain, approved `approved_days_ago` days ago."""
    back = approved_days_ago
    batch = home.case.batch
    # Only this household's notice and inventory (the demo's own households keep theirs).
    inventoried(batch, days_ago=back + 60, cases=[home.case])
    version = case_compute(case=home.case, actor=people["officer"])
    start = days_ago(back + 35)
    act = plan_post(
        batch=batch,
        commune_id=version.commune_id,
        actor=None,
        start_date=start,
        end_date=posting_end_earliest(batch, start),
        document_number="12/TB-UBND",
        only_ready=True,
    )
    batch_plan = consult(act.batch_plan, None)
    plan_submit(batch_plan=batch_plan, actor=people["officer"], document_date=days_ago(back + 15))
    plan_appraise(
        batch_plan=batch_plan,
        actor=people["appraiser"],
        document_number="07/BC-KT",
        document_date=days_ago(back + 10),
    )
    plan_approve(
        batch_plan=batch_plan,
        actor=people["approver"],
        decision_number="123/QĐ-UBND",
        decision_date=days_ago(back),
        signer="Chủ tịch UBND thành phố",
    )
    batch_plan.refresh_from_db()
    return batch_plan


@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture
def people(home, make_user):
    p = home.project
    return {
        "officer": make_user(Role.COMPENSATION_OFFICER, project=p, username="canbo"),
        "appraiser": make_user(Role.APPRAISER, project=p, username="td"),
        "approver": make_user(Role.APPROVER, project=p, username="pd"),
        "accountant": make_user(Role.ACCOUNTANT, project=p, username="kt"),
        "accountant2": make_user(Role.ACCOUNTANT, project=p, username="kt2"),
    }


@pytest.fixture
def approved(home, people) -> BatchPlan:
    return approved_plan(home, people)
