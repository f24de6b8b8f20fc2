"""A new survey of a sheet: parcels merged or split since the last import are listed,
retired on the user's word, and overlaps with stored parcels are caught."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
import shapely
from django.core.management import call_command

from gpmb.core.models import AuditEvent
from gpmb.parcels.choices import IssueKind
from gpmb.parcels.importing import ImportRejected, parcels_import, parcels_prepare
from gpmb.parcels.models import Parcel, ParcelImpact

from .lots import parcel_grid
from .test_import import write_table


@pytest.fixture
def surveyed(tmp_path, project, officer):
    lots = parcel_grid(2, 3)
    write_table(tmp_path / "first.gpkg", lots, "GPKG")
    parcels_import(tmp_path / "first.gpkg", project=project, actor=officer)
    return lots


def merged(lots: list[dict]) -> list[dict]:
    """Parcels 1 and 2 merged into 1; 2 is gone."""
    first = {**lots[0], "geometry": shapely.union(lots[0]["geometry"], lots[1]["geometry"])}
    return [first, *lots[2:]]


def test_a_merge_lists_the_absent_parcel_and_its_overlap(tmp_path, project, officer, surveyed):
    path = tmp_path / "merged.gpkg"
    write_table(path, merged(surveyed), "GPKG")

    report = parcels_prepare(path, project=project)

    absent = [i for i in report.warnings if i.kind == IssueKind.ABSENT]
    assert len(absent) == 1 and "tờ 12 thửa 2" in absent[0].message
    overlap = [i for i in report.warnings if i.kind == IssueKind.OVERLAP]
    area = Decimal(str(surveyed[1]["geometry"].area)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert len(overlap) == 1
    assert "chồng lên thửa đã lưu 2 tờ 12" in overlap[0].message
    assert f"{area} m²".replace(".", ",") in overlap[0].message
    with pytest.raises(ImportRejected):
        parcels_import(path, project=project, actor=officer)

    kept = parcels_import(path, project=project, actor=officer, accept_warnings=True)
    assert kept.retired == 0 and Parcel.objects.filter(parcel_number="2").exists()


def test_retiring_absent_parcels_on_confirmation(tmp_path, project, officer, surveyed):
    path = tmp_path / "merged.gpkg"
    write_table(path, merged(surveyed), "GPKG")

    call_command("import_parcels", str(path), "--project", project.code, "--accept-warnings",
                 "--retire-absent")  # fmt: skip

    assert not Parcel.objects.filter(parcel_number="2").exists()
    assert ParcelImpact.objects.filter(project=project).count() == len(surveyed) - 1
    event = AuditEvent.objects.get(kind="parcels.retire")
    assert "tờ 12 thửa 2" in event.message
    again = parcels_prepare(path, project=project)
    assert not again.issues  # nothing left behind to overlap


def test_other_sheets_are_not_absent(tmp_path, project, officer, surveyed):
    lots = parcel_grid(1, 2, y0=2_305_500.0)
    path = tmp_path / "to-13.gpkg"
    write_table(path, lots, "GPKG")
    # The sheet comes from --sheet (the file's own sheet column left unmapped).
    report = parcels_prepare(path, project=project, mapping={"map_sheet": ""}, sheet="13")
    assert not [i for i in report.issues if i.kind == IssueKind.ABSENT]
