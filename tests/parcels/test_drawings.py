"""Cadastral drawings as surveyors have them: several CAD layers (parcel line-work,
labels, house outlines, the sheet frame), line-work with small gaps, mixed land uses,
and GPMB's own DXF export read back. Each file is made here, independently of the
import code, from lots whose areas Shapely computes."""

from __future__ import annotations

import itertools

import pytest
import shapely
from django.core.management import CommandError, call_command

from gpmb.geo.dxf import Label, write_dxf
from gpmb.parcels.choices import IssueKind
from gpmb.parcels.importing import ImportRejected, parcels_import, parcels_prepare
from gpmb.parcels.models import Parcel

from .lots import X0, Y0, parcel_grid
from .test_import import assert_parcels_match


def drawing_with_houses(path, lots, *, parcel_layer="RANH_THUA", frame=True):
    """Parcel edges as loose LINEs on `parcel_layer`, labels "number/use" on SO_THUA,
    and what a real sheet also holds: a 6 × 8 m house outline (layer NHA) around each
    parcel's label point — where surveyors put the label — and the sheet frame (KHUNG)."""
    shapes = [(lot["geometry"], parcel_layer) for lot in lots]
    labels = []
    for lot in lots:
        point = lot["geometry"].representative_point()
        labels.append(Label(point.x, point.y, f"{lot['number']}/{lot['land_use']}"))
        shapes.append((shapely.box(point.x - 3, point.y - 4, point.x + 3, point.y + 4), "NHA"))
    if frame:
        everything = shapely.union_all([lot["geometry"] for lot in lots])
        shapes.append((everything.envelope.buffer(20, join_style="mitre"), "KHUNG"))
    write_dxf(path, shapes, labels, closed=False)


def test_house_outlines_and_frame_on_their_own_layers_are_not_parcels(tmp_path, project, officer):
    lots = parcel_grid()
    path = tmp_path / "nha.dxf"
    drawing_with_houses(path, lots)

    report = parcels_import(path, project=project, actor=officer, sheet="12", epsg=9210)

    assert not report.issues, report.issues
    assert_parcels_match(lots)  # the parcels' own areas, not the 48 m² houses
    assert any("RANH_THUA" in note and "NHA" in note for note in report.notes)


def test_unknown_layer_names_with_houses_are_refused_until_layers_are_chosen(
    tmp_path, project, officer
):
    lots = parcel_grid()
    path = tmp_path / "nha-rg.dxf"
    drawing_with_houses(path, lots, parcel_layer="RG", frame=False)

    report = parcels_prepare(path, project=project, sheet="12", epsg=9210)
    nested = [i for i in report.errors if i.kind == IssueKind.CAD_LAYERS]
    assert len(nested) == len(lots)
    assert "48,00 m²" in nested[0].message and "NHA" in nested[0].message
    assert "RG" in nested[0].message
    with pytest.raises(ImportRejected):
        parcels_import(path, project=project, actor=officer, sheet="12", epsg=9210,
                       accept_warnings=True)  # fmt: skip
    assert Parcel.objects.count() == 0

    chosen = parcels_import(
        path, project=project, actor=officer, sheet="12", epsg=9210, layers=["rg"]
    )
    assert chosen.created == len(lots)
    assert_parcels_match(lots)


def test_command_chooses_cad_layers(tmp_path, project, officer):
    lots = parcel_grid(2, 2)
    path = tmp_path / "lop.dxf"
    shapes = [(lot["geometry"], "RANH") for lot in lots]
    shapes.append((shapely.box(X0 - 30, Y0 - 30, X0 + 80, Y0 + 80), "KHUNG"))
    labels = []
    for lot in lots:
        x, y = lot["geometry"].representative_point().coords[0]
        labels.append(Label(x, y, f"{lot['number']} {lot['land_use']}"))
    labels.append(Label(X0 - 20, Y0 - 20, "Tờ 12 - 1:500", layer="GHI_CHU"))
    write_dxf(path, shapes, labels, closed=False)

    with pytest.raises(CommandError, match="KHUNG"):
        call_command("import_parcels", str(path), "--project", project.code, "--sheet", "12",
                     "--crs", "EPSG:9210", "--layers", "NOPE")  # fmt: skip
    call_command("import_parcels", str(path), "--project", project.code, "--sheet", "12",
                 "--crs", "EPSG:9210", "--layers", "RANH", "--label-layers", "SO_THUA")  # fmt: skip
    assert_parcels_match(lots)


def test_web_wizard_takes_the_cad_layers(client, make_user, project, tmp_path, settings, run_jobs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gpmb.core.choices import Role
    from gpmb.core.models import Job, Upload

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    lots = parcel_grid(2, 3)
    path = tmp_path / "nha-rg.dxf"
    drawing_with_houses(path, lots, parcel_layer="RG")
    fields = {"crs": "9210", "commune": "", "sheet": "12", "encoding": "auto",
              "layers": "RG", "label_layers": "SO_THUA"}  # fmt: skip
    client.post(f"/parcels/import/{project.code}/",
                {"file": SimpleUploadedFile(path.name, path.read_bytes()), **fields})  # fmt: skip
    upload = Upload.objects.latest("pk")
    with run_jobs(execute=True):
        client.post(f"/parcels/import/file/{upload.pk}/", {"check": "1"})
    assert Job.objects.get(upload=upload, kind="parcels.check").result["issues"] == []
    with run_jobs(execute=True):
        client.post(f"/parcels/import/file/{upload.pk}/write/")
    assert_parcels_match(lots)


def drawing_with_a_gap(path, lots, gap: float) -> tuple[float, float]:
    """Every edge a LINE; the outer (west) edge of parcel 1 stops `gap` metres short of
    its top corner, as when a CAD snap was missed. Returns that corner."""
    shapes = []
    for index, lot in enumerate(lots):
        coords = list(lot["geometry"].exterior.coords)
        edges = [shapely.LineString([a, b]) for a, b in itertools.pairwise(coords)]
        if index == 0:
            west = min(range(len(edges)), key=lambda i: edges[i].centroid.x)
            bottom, top = sorted(edges[west].coords, key=lambda c: c[1])
            edges[west] = shapely.LineString(
                [bottom, shapely.LineString([bottom, top]).interpolate(-gap).coords[0]]
            )
        shapes += [(edge, "RANH_THUA") for edge in edges]
    labels = [Label(*lot["geometry"].representative_point().coords[0],
                    f"{lot['number']}/{lot['land_use']}") for lot in lots]  # fmt: skip
    write_dxf(path, shapes, labels, closed=False)
    return top


def test_a_2mm_gap_is_closed_within_the_snapping_tolerance(tmp_path, project, officer):
    lots = parcel_grid(2, 2)
    path = tmp_path / "ho-2mm.dxf"
    drawing_with_a_gap(path, lots, 0.002)

    report = parcels_import(path, project=project, actor=officer, sheet="12", epsg=9210)

    assert not report.issues, report.issues
    assert any("Đã nối 1 đầu đường hở" in note for note in report.notes)
    parcel = Parcel.objects.get(parcel_number="1")
    assert abs(float(parcel.measured_area) - lots[0]["geometry"].area) < 0.01


def test_a_larger_gap_is_reported_where_it_is_and_blocks(tmp_path, project, officer):
    lots = parcel_grid(2, 2)
    path = tmp_path / "ho-5cm.dxf"
    corner = drawing_with_a_gap(path, lots, 0.05)

    report = parcels_prepare(path, project=project, sheet="12", epsg=9210)

    (error,) = report.errors
    assert error.kind == IssueKind.OPEN_LINEWORK and error.value == "1/CLN"
    assert "hở 0,050 m tại (" in error.message
    gaps = [i for i in report.warnings if i.kind == IssueKind.OPEN_LINEWORK]
    assert len(gaps) == 1
    assert 0.049 < shapely.Point(gaps[0].x, gaps[0].y).distance(shapely.Point(corner)) < 0.051
    with pytest.raises(ImportRejected):
        parcels_import(path, project=project, actor=officer, sheet="12", epsg=9210,
                       accept_warnings=True)  # fmt: skip
    assert Parcel.objects.count() == 0

    wider = parcels_import(path, project=project, actor=officer, sheet="12", epsg=9210, snap=0.1)
    assert wider.created == 4


def test_multi_use_labels_are_read_and_a_missing_use_names_the_label(tmp_path, project, officer):
    lots = parcel_grid(1, 3)
    texts = ["1/ODT+CLN", "2 ONT + CLN", "3"]  # the last has no land use
    labels = [Label(*lot["geometry"].representative_point().coords[0], text)
              for lot, text in zip(lots, texts, strict=True)]  # fmt: skip
    path = tmp_path / "nhieu-muc-dich.dxf"
    write_dxf(path, [(lot["geometry"], "RANH_THUA") for lot in lots], labels)

    report = parcels_prepare(path, project=project, sheet="12", epsg=9210)

    (missing,) = report.errors
    assert "thiếu loại đất" in missing.message and "“3”" in missing.message
    mixed = [i for i in report.warnings if i.kind == IssueKind.MIXED_USE]
    assert [i.value for i in mixed] == ["ODT+CLN", "ONT+CLN"]
    assert "mục đích chính ODT" in mixed[0].message
    assert {r.parcel_number: r.land_use_code for r in report.rows} == {"1": "ODT", "2": "ONT"}


def test_multi_use_column_in_a_table(tmp_path, project, officer):
    from .test_import import write_table

    lots = parcel_grid(1, 2)
    lots[0]["land_use"] = "ONT+CLN"
    write_table(tmp_path / "t.gpkg", lots, "GPKG")

    parcels_import(tmp_path / "t.gpkg", project=project, actor=officer, accept_warnings=True)

    assert Parcel.objects.get(parcel_number="1").land_use_code == "ONT"
