"""Issue 15, point 6: `gpmb demo --city` adds the city's other key projects, built as the
demo's own are, so the city dashboard has many projects and wards backed by records."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Case, Step
from gpmb.cases.services import earned_status
from gpmb.demo.projects import AN_BIEN, AN_HUNG, LE_CHAN, build_demo
from gpmb.payments.models import Handover
from gpmb.projects.models import Project
from gpmb.reports.queries import ScopeKind, report

pytestmark = pytest.mark.django_db


def test_demo_city_adds_key_projects_across_the_wards_with_earned_statuses():
    out = StringIO()
    call_command(
        "demo",
        "--households=60",
        "--seed=5",
        "--city",
        "--city-projects=6",
        "--city-households=560",
        stdout=out,
    )
    assert "Thành phố: thêm 4 dự án, 500 hộ" in out.getvalue()
    assert Project.objects.count() == 6 and Case.objects.count() == 560
    city = Project.objects.filter(code__startswith="td-")
    cases = Case.objects.filter(project__in=city)
    wards = set(cases.values_list("commune__code", flat=True))
    assert len(wards) >= 6 and not wards & {LE_CHAN, AN_BIEN, AN_HUNG}
    for project in city:
        assert project.is_illustrative and "minh họa" in project.name
        if project.kind == "linear":
            assert project.centreline and project.segments.count() == 2
    # Every status is earned from the recorded steps, as in the demo's own projects.
    steps: dict[int, list[Step]] = {}
    for step in Step.objects.filter(case__in=cases).order_by("case", "position"):
        steps.setdefault(step.case_id, []).append(step)
    for case in cases:
        assert case.status == earned_status(steps[case.pk]), case
    assert {CaseStatus.INVENTORIED, CaseStatus.POSTED, CaseStatus.HANDED_OVER} <= set(
        cases.values_list("status", flat=True)
    )
    # The city dashboard counts them all from the records.
    boss = get_user_model().objects.create_superuser("city-boss", password="x")
    figures = report(boss, ScopeKind.CITY)
    assert figures.totals.total == 560 and len(figures.projects) == 6
    assert figures.totals.handed_over == Handover.objects.count()
    # Rebuilding the demo removes the city's projects with its own.
    build_demo(households=40, seed=5, password="pw-demo-1")
    assert not Project.objects.filter(code__startswith="td-").exists()
