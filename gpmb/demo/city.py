"""The city at scale (issue 15, point 6): `gpmb demo --city` adds to the demo's two
projects the city's other key projects — 50 projects and 50,000 households in all by
default — spread over Hải Phòng's wards and communes: roads across fields and parks on
farmland, each built as the demo's own projects are (imported parcels and households,
the census, the legal steps and the plans through the services) and each batch's chain
run as far as it has got, so that leadership's dashboards have projects ahead and
behind, backed by records. Every name, number and geometry is synthetic and labelled
"minh họa"; the land is agricultural, priced by the demo pack's table for wards and
communes."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gpmb.cases.models import Case
from gpmb.core.audit import audit_disabled
from gpmb.core.changes import deferred
from gpmb.core.choices import Role
from gpmb.core.models import record_event
from gpmb.core.services import assignment_create
from gpmb.demo.chain import APPROVED, CONSULTED, POSTED, run_demo_chain
from gpmb.demo.plans import compute_demo_plans
from gpmb.demo.projects import (
    AN_BIEN,
    AN_HUNG,
    DEMO_OFFICER,
    EPSG,
    HAI_PHONG,
    LABEL,
    LE_CHAN,
    DemoBuilder,
    write_households,
)
from gpmb.engine.pack import find_pack
from gpmb.parties.models import Party
from gpmb.projects.choices import ApprovingAuthority, BatchStatus, ProjectKind
from gpmb.projects.models import AdminUnit, Batch, Project, Segment

FARMLAND = ["LUC", "BHK", "CLN", "NTS"]
FARMLAND_WEIGHTS = [55, 15, 20, 10]
# How far each batch's chain has got: approved (then paid and handed over in part),
# consulted on, posted, or not yet posted (None).
STAGES = [APPROVED, CONSULTED, POSTED, None]
STAGE_WEIGHTS = [45, 20, 20, 15]


@deferred()  # the progress rows refreshed once, at the end (as the demo's own)
def build_city(projects: int = 50, households: int = 50_000, seed: int = 2026) -> str:
    """Add key projects to the demo until it has `projects` projects and `households`
    households; returns the summary line. Runs after `build_demo` (whose rebuild removes
    these projects with its own)."""
    existing = Project.objects.filter(is_illustrative=True)
    n_projects = projects - existing.count()
    n_households = households - Case.objects.filter(project__in=existing).count()
    if n_projects < 1 or n_households < 10 * n_projects:
        raise ValueError(
            f"the city needs more projects and households than the demo's own "
            f"({existing.count()} projects, at least 10 households each)"
        )
    builder = DemoBuilder(n_households, seed + 1)
    # A national ID is one person's: none the demo's own people already hold.
    builder.used_ids.update(
        Party.objects.exclude(national_id="").values_list("national_id", flat=True)
    )
    rng = builder.rng
    facts_rng = random.Random(seed * 31 + 7)
    pack = find_pack("hai-phong-demo-2026")
    province = AdminUnit.objects.get(code=HAI_PHONG)
    places = list(
        AdminUnit.objects.filter(parent=province)
        .exclude(code__in=[LE_CHAN, AN_BIEN, AN_HUNG])
        .order_by("code")
    )
    units = {u.code: u for u in places}
    today = timezone.localdate()
    weights = [rng.uniform(0.5, 1.5) for _ in range(n_projects)]
    sizes = [max(10, round(n_households * w / sum(weights))) for w in weights]
    sizes[-1] = max(10, n_households - sum(sizes[:-1]))
    records: list[dict[str, Any]] = []
    batches: dict[Project, list[Batch]] = {}
    boundaries: list[tuple[Project, Any, str]] = []
    with audit_disabled():
        for i, size in enumerate(sizes):
            linear = i % 2 == 0
            wards = [places[(2 * i) % len(places)], places[(2 * i + 1) % len(places)]]
            wards = wards if linear else wards[:1]
            project, batch = _project(i, linear, wards, size, rng, today)
            batches[project] = [batch]
            # Each project's fields lie in their own square of a grid over the city.
            origin = (106.30 + (i % 10) * 0.05, 20.98 - (i // 10) * 0.06)
            half = 0.0  # where a road passes from its first ward into its second
            if linear:
                lots = builder.linear_parcels(size, start=origin, bearing=rng.uniform(100, 170))
                geometry, note = builder.linear_boundary, f"Hành lang 40 m ({LABEL})"
                half = builder.road_length / 2
                for ward in wards:
                    Segment.objects.create(
                        project=project, commune=ward, length_m=Decimal(str(round(half, 1)))
                    )
                project.length_m = Decimal(str(round(builder.road_length, 1)))
                project.centreline = builder.linear_centerline.wkb
                project.save(update_fields=["length_m", "centreline"])
            else:
                lots = builder.area_parcels(size, corner=origin)
                geometry, note = builder.area_boundary, f"Ranh dự án ({LABEL})"
                Segment.objects.create(project=project, commune=wards[0])
            boundaries.append((project, geometry, note))
            for lot in lots:
                ward = wards[0] if not linear or lot["s"] < half else wards[1]
                land_use = rng.choices(FARMLAND, FARMLAND_WEIGHTS)[0]
                front = lot.get("row", 0) == 0 if linear else lot["col"] == 0
                address = f"Xứ đồng {ward.name}, Hải Phòng ({LABEL})"
                records.append(
                    {
                        "project": project,
                        "commune": ward.code,
                        "prefix": f"TD{i + 1:02d}",
                        "address": address,
                        "parcel": builder.parcel(
                            ward,
                            100 + i,
                            lot["geometry"],
                            land_use,
                            address,
                            "",
                            "VT1" if front else "VT2",
                        ),
                        "agricultural": True,
                        "urban": False,
                    }
                )
        written = write_households(builder, facts_rng, pack, records, units, batches, boundaries)
    city = list(batches)
    officer = get_user_model().objects.get(username=DEMO_OFFICER)
    for project in city:
        assignment_create(actor=None, user=officer, role=Role.COMPENSATION_OFFICER, project=project)
    plans = compute_demo_plans(city, officer)
    by_pk = {u.pk: u for u in places}
    progress: list[tuple[Any, AdminUnit, str, str | None, int]] = []
    for project, (batch,) in batches.items():
        # Posted some four months after the notice, once the inventory is done.
        days_ago = (today - (batch.notice_date or today)).days - rng.randint(110, 140)
        for segment in project.segments.order_by("commune__code"):
            stage = rng.choices(STAGES, STAGE_WEIGHTS)[0]
            if stage is not None:
                progress.append((batch, by_pk[segment.commune_id], stage, None, days_ago))
    chain = run_demo_chain(progress)
    summary = (
        f"Thành phố: thêm {len(city)} dự án, {len(written.cases)} hộ, "
        f"{plans.computed} phương án; {len(chain)} lượt xã/phường đã niêm yết trở lên"
    )
    record_event(actor=None, kind="demo.city", message=summary, data={"chain": chain})
    return summary


def _project(
    i: int,
    linear: bool,
    wards: list[AdminUnit],
    households: int,
    rng: random.Random,
    today: dt.date,
) -> tuple[Project, Batch]:
    """The key project `i` with its one batch, notified between six and eleven months
    ago, and its capital plan (none recorded for one project in eight: the dashboard
    says so)."""
    if linear:
        name = f"Đường trục nối {wards[0].name} – {wards[1].name}"
    else:
        name = f"Công viên, hồ điều hòa {wards[0].name}"
    notice = today - dt.timedelta(days=rng.randint(180, 330))
    target = today + dt.timedelta(days=rng.randint(-45, 420))
    project = Project.objects.create(
        code=f"td-{i + 1:02d}",
        name=f"{name} (dự án trọng điểm {i + 1:02d}, dữ liệu {LABEL})",
        investor=f"Ban Quản lý dự án đầu tư xây dựng thành phố ({LABEL})",
        legal_basis=f"Luật Đất đai 2024; Nghị định 88/2024/NĐ-CP ({LABEL})",
        kind=ProjectKind.LINEAR if linear else ProjectKind.AREA,
        province=AdminUnit.objects.get(code=HAI_PHONG),
        crs_epsg=EPSG,
        approving_authority=ApprovingAuthority.COMMUNE_CHAIRMAN,
        policy_pack_code="hai-phong-demo-2026",
        capital_plan=None if i % 8 == 7 else households * rng.randint(150, 450) * 1_000_000,
        start_date=notice - dt.timedelta(days=60),
        target_handover_date=target,
        is_illustrative=True,
    )
    batch = Batch.objects.create(
        project=project,
        code="D1",
        name="Đợt 1",
        status=BatchStatus.ACTIVE,
        notice_date=notice,
        target_handover_date=target,
    )
    return project, batch
