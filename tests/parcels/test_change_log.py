"""Imports and the boundary overlay leave the same change log as the forms (security
review finding 8): every parcel created, every field an import or an overlay changed,
with before and after, attributed to the user who ran it."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from gpmb.core.models import ObjectChange
from gpmb.parcels.importing import parcels_import
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parcels.overlay import boundary_create

from .lots import parcel_grid
from .test_import import write_table
from .test_overlay import corridor


def changes(model, action):
    return ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=action
    )


def test_an_import_logs_each_new_parcel_and_each_changed_field(tmp_path, project, officer):
    lots = parcel_grid(2, 3)
    path = tmp_path / "grid.gpkg"
    write_table(path, lots, "GPKG")
    parcels_import(path, project=project, actor=officer)

    created = changes(Parcel, "create")
    assert created.count() == len(lots) == Parcel.objects.count()
    # Each entry holds its own parcel's values (the log is built from the imported rows
    # matched to their new keys, not read back).
    stored = dict(Parcel.objects.values_list("pk", "parcel_number"))
    assert {c.object_id: c.after["parcel_number"] for c in created} == stored
    assert {c.user for c in created} == {officer}

    # The surveyor's second file changes one parcel's land use: one update, that field.
    lots[1]["land_use"] = "CLN" if lots[1]["land_use"] != "CLN" else "ODT"
    write_table(path, lots, "GPKG")
    parcels_import(path, project=project, actor=officer)
    parcel = Parcel.objects.get(parcel_number=lots[1]["number"])
    update = changes(Parcel, "update").get()
    assert update.object_id == parcel.pk and update.user == officer
    assert "land_use_code" in update.changed_fields
    assert update.after["land_use_code"] == lots[1]["land_use"] != update.before["land_use_code"]


def test_the_overlay_logs_the_recovered_area_of_each_parcel_it_changed(tmp_path, project, officer):
    lots = parcel_grid(4, 5)
    path = tmp_path / "grid.gpkg"
    write_table(path, lots, "GPKG")
    parcels_import(path, project=project, actor=officer)
    boundary_create(project=project, geometry=corridor(10), actor=officer, source_file="x")

    affected = ParcelImpact.objects.filter(project=project, recovered_area__isnull=False)
    logged = changes(ParcelImpact, "update")
    assert logged.count() == affected.count() > 0
    impact = affected.filter(recovered_area__gt=0).first()
    entry = logged.get(object_id=impact.pk)
    assert entry.user == officer and entry.before["recovered_area"] is None
    assert Decimal(entry.after["recovered_area"]) == impact.recovered_area
