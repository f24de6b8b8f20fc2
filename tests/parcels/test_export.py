"""Exports carry every attribute and the recovered areas, read back with pyogrio and
openpyxl (not with our own reader)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyogrio
import pytest
import shapely
from django.core.management import call_command
from openpyxl import load_workbook
from pyproj import Transformer

from gpmb.parcels.models import ParcelImpact
from gpmb.parcels.overlay import boundary_create

from .test_overlay import corridor, imported  # noqa: F401 - the fixture


@pytest.fixture
def computed(imported, project, officer):  # noqa: F811
    boundary_create(project=project, geometry=corridor(10), actor=officer)
    return {
        i.parcel.parcel_number: i
        for i in ParcelImpact.objects.filter(project=project).select_related("parcel")
    }


@pytest.mark.parametrize("fmt", ["gpkg", "fgb", "geojson"])
def test_gis_exports_keep_whole_field_names_and_areas(tmp_path, project, computed, fmt):
    out = tmp_path / f"out.{fmt}"
    call_command("export_parcels", str(out), "--project", project.code, "--format", fmt)

    meta, _, wkb, values = pyogrio.raw.read(str(out))
    fields = list(meta["fields"])
    assert "remainder_below_minimum" in fields and "recovered_area" in fields
    table = dict(zip(fields, values, strict=True))
    assert len(wkb) == len(computed) == 20
    expected_epsg = "4326" if fmt == "geojson" else "9210"
    assert expected_epsg in meta["crs"]
    back = Transformer.from_crs(4326, 9210, always_xy=True)
    for index, number in enumerate(table["parcel_number"]):
        impact = computed[number]
        assert Decimal(str(table["recovered_area"][index])).quantize(Decimal("0.01")) == (
            impact.recovered_area
        )
        assert bool(table["remainder_below_minimum"][index]) == impact.remainder_below_minimum
        assert table["land_use_code"][index] == impact.parcel.land_use_code
        geom = shapely.from_wkb(wkb[index])
        if fmt == "geojson":
            geom = shapely.transform(
                geom, lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1]))
            )
        assert abs(geom.area - float(impact.parcel.measured_area)) < 0.01


def test_xlsx_and_dxf(tmp_path, project, computed):
    xlsx = tmp_path / "out.xlsx"
    call_command("export_parcels", str(xlsx), "--project", project.code, "--format", "xlsx")
    sheet = load_workbook(xlsx).active
    headings = [c.value for c in sheet[1]]
    assert "Diện tích thu hồi (m²)" in headings
    col = headings.index("Diện tích thu hồi (m²)")
    num = headings.index("Thửa đất số")
    got = {row[num]: row[col] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(got) == 20
    assert all(float(computed[n].recovered_area) == v for n, v in got.items())

    dxf = tmp_path / "out.dxf"
    call_command("export_parcels", str(dxf), "--project", project.code, "--format", "dxf")
    meta, _, _wkb, values = pyogrio.raw.read(str(dxf))
    texts = dict(zip(meta["fields"], values, strict=True))["Text"]
    labels = {t for t in texts if t}
    assert {f"{n}/{i.parcel.land_use_code}" for n, i in computed.items()} <= labels


def test_reimporting_an_export_changes_nothing(tmp_path, project, computed, officer):
    from gpmb.parcels.importing import parcels_import

    out = tmp_path / "round.gpkg"
    call_command("export_parcels", str(out), "--project", project.code)
    report = parcels_import(
        out,
        project=project,
        actor=officer,
        mapping={"parcel_number": "parcel_number", "map_sheet": "map_sheet",
                 "land_use_code": "land_use_code", "commune": "commune_code",
                 "certificate_area": "certificate_area", "address": "address"},
    )  # fmt: skip
    assert (report.created, report.updated, report.unchanged) == (0, 0, 20)


def test_dxf_export_reads_back_as_the_same_parcels(tmp_path, project, computed, officer):
    from gpmb.parcels.importing import parcels_import
    from gpmb.parcels.models import Parcel

    # Two map sheets, and a parcel whose certificate area is unknown.
    Parcel.objects.filter(parcel_number__in=["1", "2", "3"]).update(map_sheet="13")
    Parcel.objects.filter(parcel_number="4").update(certificate_area=None)
    before = list(Parcel.objects.order_by("pk").values())
    out = tmp_path / "round.dxf"
    call_command("export_parcels", str(out), "--project", project.code, "--format", "dxf")

    report = parcels_import(out, project=project, actor=officer)  # it says its own CRS

    assert not report.issues, report.issues
    assert (report.created, report.updated, report.unchanged) == (0, 0, 20)
    after = list(Parcel.objects.order_by("pk").values())
    assert [{k: v for k, v in row.items() if k not in ("updated_at", "source_file")}
            for row in after] == [
        {k: v for k, v in row.items() if k not in ("updated_at", "source_file")}
        for row in before
    ]  # fmt: skip


def test_xlsx_reads_in_gdal_with_headings_and_every_export_is_in_number_order(
    tmp_path, project, computed
):
    xlsx = tmp_path / "gdal.xlsx"
    call_command("export_parcels", str(xlsx), "--project", project.code, "--format", "xlsx")
    meta, _, _, values = pyogrio.raw.read(str(xlsx))
    table = dict(zip(meta["fields"], values, strict=True))
    assert "Thửa đất số" in table and "Diện tích thu hồi (m²)" in table  # not Field1…
    numbers = [str(v) for v in table["Thửa đất số"]]
    assert len(numbers) == 20
    assert numbers == [str(n) for n in range(1, 21)]  # 1, 2, …, 10, not 1, 10, 11, …, 2

    gpkg = tmp_path / "order.gpkg"
    call_command("export_parcels", str(gpkg), "--project", project.code)
    meta, _, _, values = pyogrio.raw.read(str(gpkg))
    table = dict(zip(meta["fields"], values, strict=True))
    assert list(table["parcel_number"]) == [str(n) for n in range(1, 21)]
