"""One household on the demo road in phường Lê Chân, priced with the demo pack."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from gpmb.cases.models import Case
from gpmb.cases.services import steps_schedule
from gpmb.engine.pack import PACKS_DIR
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parties.models import Household
from gpmb.policy.services import batch_steps_generate
from gpmb.projects.models import Project
from tests.factories import (
    BatchFactory,
    CaseFactory,
    HouseholdFactory,
    ImpactFactory,
    MemberFactory,
    ParcelFactory,
    PartyFactory,
    ProjectFactory,
    SegmentFactory,
    TenureFactory,
    unit,
)

DEMO_PACK = "hai-phong-demo-2026"


def demo_pack_yaml() -> dict:
    return yaml.safe_load(Path(PACKS_DIR, f"{DEMO_PACK}.yaml").read_text(encoding="utf-8"))


SEGMENTS = {"11383": "ho-sen-cau-rao-2/le-chan", "11407": "ho-sen-cau-rao-2/an-bien"}


@dataclass
class Home:
    project: Project
    case: Case
    household: Household
    parcel: Parcel
    impact: ParcelImpact


def make_home(
    *,
    pack: str = DEMO_PACK,
    commune: str = "11383",
    recovered: str = "50.00",
    area: str = "100.00",
    members: int = 3,
    project: Project | None = None,
    name: str = "Trần Văn Mẫu",
    national_id: str = "031090123456",
    code: str = "hs-test",
    segment: str | None = None,
    position: str = "VT1",
    approval_planned: dt.date | None = dt.date(2026, 7, 15),
) -> Home:
    """`approval_planned`: the day the plan's approval is scheduled (the approval step's
    deadline), the valuation date the engine prices on (Land Law Art. 91(2)); None leaves
    the case without steps, and the engine then asks for it."""
    if project is None:
        project = ProjectFactory(
            name="Đường Hồ Sen – Cầu Rào 2 (thử)", policy_pack_code=pack, code=code
        )
        SegmentFactory(project=project, commune=unit("11383"))
        SegmentFactory(project=project, commune=unit("11407"))
    batch = project.batches.first() or BatchFactory(
        project=project, code="D1", name="Đợt 1", notice_date=dt.date(2026, 3, 16)
    )
    head = PartyFactory(full_name=name, national_id=national_id, phone="0912345678")
    household = HouseholdFactory(head=head, commune=unit(commune), address="Số 5, Hồ Sen")
    MemberFactory(household=household, party=head, relation="head")
    for i in range(members - 1):
        MemberFactory(household=household, relation="child", counts_for_support=i == 0)
    parcel = ParcelFactory(
        commune=unit(commune),
        map_sheet="21",
        land_use_code="ODT",
        certificate_area=Decimal(area),
        measured_area=Decimal(area),
        # The demo pack's segment of the road in the parcel's ward, as the team sets it.
        price_segment=SEGMENTS.get(commune, "") if segment is None else segment,
        price_position=position,
    )
    impact = ImpactFactory(
        project=project,
        parcel=parcel,
        recovered_area=Decimal(recovered),
        remainder_area=Decimal(area) - Decimal(recovered),
    )
    TenureFactory(
        parcel=parcel,
        household=household,
        origin="recognised",
        stable_use_start_date=dt.date(1990, 5, 1),
        certificate_number="AB 123456",
    )
    case = CaseFactory(household=household, batch=batch, commune=unit(commune))
    if approval_planned is not None:
        schedule_approval([case], approval_planned)
    return Home(project, case, household, parcel, impact)


def schedule_approval(cases: list[Case], day: dt.date) -> None:
    """The cases' legal steps, their plan's approval scheduled on `day`."""
    batch_steps_generate(batch=cases[0].batch, actor=None, cases=cases)
    steps_schedule(cases=cases, code="approval", due_date=day, actor=None, reason="KH 1/KH")


@pytest.fixture
def home(db) -> Home:
    return make_home()
