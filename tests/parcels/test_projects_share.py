"""Parcels belong to the communes of their project; a parcel two projects use is
changed by one import only openly: the other project is overlaid again and told."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gpmb.core.models import AuditEvent
from gpmb.parcels.choices import IssueKind
from gpmb.parcels.importing import ImportRejected, parcels_import, parcels_prepare
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parcels.overlay import boundary_create
from gpmb.projects.models import AdminUnit, Project, Segment

from .lots import AN_BIEN, LE_CHAN, X0, Y0, parcel_grid
from .test_import import write_table


@pytest.fixture
def neighbour(project):
    """Another project in the same ward (a drainage scheme beside the road)."""
    other = Project.objects.create(
        code="drain", name="Cống thoát nước", kind="area", province=project.province,
        crs_epsg=9210,
    )  # fmt: skip
    Segment.objects.create(project=other, commune=AdminUnit.objects.get(code=LE_CHAN))
    return other


def test_a_shared_parcel_changed_by_one_project_is_overlaid_again_in_the_other(
    tmp_path, project, neighbour, officer
):
    lots = parcel_grid(2, 3)
    write_table(tmp_path / "a.gpkg", lots, "GPKG")
    parcels_import(tmp_path / "a.gpkg", project=neighbour, actor=None)
    band = shapely.box(X0 - 5, Y0 - 5, X0 + 100, Y0 + 8)
    boundary_create(project=neighbour, geometry=band, actor=None)
    parcels_import(tmp_path / "a.gpkg", project=project, actor=officer)  # nothing changes

    lots[0]["geometry"] = shapely.affinity.scale(lots[0]["geometry"], 0.8, 0.8)
    write_table(tmp_path / "b.gpkg", lots, "GPKG")
    report = parcels_prepare(tmp_path / "b.gpkg", project=project)
    (shared,) = report.warnings
    assert shared.kind == IssueKind.SHARED
    assert "drain" in shared.message and "tờ 12 thửa 1" in shared.message
    with pytest.raises(ImportRejected):
        parcels_import(tmp_path / "b.gpkg", project=project, actor=officer)

    parcels_import(tmp_path / "b.gpkg", project=project, actor=officer, accept_warnings=True)

    impact = ParcelImpact.objects.get(project=neighbour, parcel__parcel_number="1")
    parcel = impact.parcel
    expected = shapely.intersection(lots[0]["geometry"], band).area
    assert abs(float(impact.recovered_area) - expected) < 0.01
    assert impact.recovered_area + impact.remainder_area == parcel.measured_area
    told = AuditEvent.objects.get(kind="parcels.shared_update")
    assert told.object_id == neighbour.pk and "test-road" in told.message
    assert told.data["parcels"] == [parcel.pk]


def test_parcels_of_another_commune_are_refused(tmp_path, project, officer):
    lots = parcel_grid(1, 3)
    write_table(tmp_path / "x.gpkg", lots, "GPKG", MaXa=np.array([AN_BIEN] * 3, dtype=object))

    report = parcels_prepare(tmp_path / "x.gpkg", project=project)

    (error,) = report.errors
    assert "3 thửa thuộc Phường An Biên (11407), không thuộc dự án" in error.message
    assert "Phường Lê Chân" in error.message
    outside = parcels_prepare(tmp_path / "x.gpkg", project=project, commune=AN_BIEN)
    assert [i.field for i in outside.errors] == ["--commune"]
    assert Parcel.objects.count() == 0


def test_the_chosen_commune_wins_over_the_column(tmp_path, project, officer):
    Segment.objects.create(project=project, commune=AdminUnit.objects.get(code=AN_BIEN))
    lots = parcel_grid(1, 2)
    write_table(tmp_path / "c.gpkg", lots, "GPKG", MaXa=np.array([LE_CHAN] * 2, dtype=object))

    parcels_import(tmp_path / "c.gpkg", project=project, actor=officer, commune=AN_BIEN)

    assert set(Parcel.objects.values_list("commune__code", flat=True)) == {AN_BIEN}
