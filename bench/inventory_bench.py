"""Benchmark: the inventory's Excel round trip at 10,000 households × 10 items.

    python bench/inventory_bench.py [--households 10000] [--items 10]

In a fresh SQLite database (or the one DATABASE_URL names): builds a project with N
households, one case each and an open round; writes N × items inventory lines; then
times `export_inventory`, the import of that file into an empty round (all rows
created), and its re-import (all rows compared, none changed). Target: ≤ 20 s each."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path


class Clock:
    """Wall time and this process's CPU time: on a shared machine the CPU time says what
    the code costs, the wall time what the user waits."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> str:
        wall, cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu
        return f"{wall:.1f} s wall, {cpu:.1f} s CPU"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10000)
    parser.add_argument("--items", type=int, default=10)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="gpmb-bench-")
    os.environ["GPMB_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gpmb.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run(args.households, args.items, Path(data_dir))


def run(households: int, per_household: int, data_dir: Path) -> None:
    from gpmb.cases.models import Case
    from gpmb.census.choices import CropType, ItemKind, StructureClass, Unit
    from gpmb.census.excel import export_inventory, import_inventory
    from gpmb.census.models import InventoryItem
    from gpmb.census.services import census_open
    from gpmb.parties.models import Household
    from gpmb.projects.models import AdminUnit, Batch, Project, Segment

    province, commune = AdminUnit.objects.get(code="31"), AdminUnit.objects.get(code="11383")
    project = Project.objects.create(
        code="bench", name="Benchmark", kind="linear", province=province, crs_epsg=9210
    )
    Segment.objects.create(project=project, commune=commune)
    import datetime as dt

    batch = Batch.objects.create(
        project=project, code="D1", name="Đợt 1", notice_date=dt.date(2026, 3, 16)
    )
    rows = Household.objects.bulk_create(
        [Household(code=f"B-{i:06d}", commune=commune) for i in range(households)], batch_size=5000
    )
    cases = Case.objects.bulk_create(
        [Case(household=h, batch=batch, project=project, commune=commune) for h in rows],
        batch_size=5000,
    )
    census = census_open(actor=None, batch=batch)
    pattern = [
        (
            ItemKind.HOUSE,
            dict(
                name="Nhà ở",
                unit=Unit.M2,
                quantity=Decimal("62.50"),
                structure_class=StructureClass.GRADE_4,
                floor_area=Decimal("125.00"),
                floors=2,
                year_built=2004,
                remaining_quality=Decimal("70.00"),
            ),
        ),
        (
            ItemKind.STRUCTURE,
            dict(
                name="Sân lát gạch",
                unit=Unit.M2,
                quantity=Decimal("20.25"),
                structure_class=StructureClass.OTHER,
                year_built=2010,
            ),
        ),
        (
            ItemKind.TREE,
            dict(
                name="Nhãn",
                unit=Unit.TREE,
                quantity=Decimal(3),
                crop_type=CropType.PERENNIAL,
                diameter_cm=Decimal("22.50"),
                age_years=12,
            ),
        ),
        (
            ItemKind.CROP,
            dict(
                name="Rau màu", unit=Unit.M2, quantity=Decimal("45.00"), crop_type=CropType.ANNUAL
            ),
        ),
        (
            ItemKind.PERSON,
            dict(
                name="Nguyễn Văn A",
                unit=Unit.PERSON,
                quantity=Decimal(1),
                birth_year=1980,
                relation="head",
            ),
        ),
        (
            ItemKind.PERSON,
            dict(
                name="Trần Thị B",
                unit=Unit.PERSON,
                quantity=Decimal(1),
                birth_year=1983,
                relation="spouse",
            ),
        ),
        (ItemKind.MOVABLE, dict(name="Đồ dùng sinh hoạt", unit=Unit.SET, quantity=Decimal(1))),
        (ItemKind.GRAVE, dict(name="Mộ", unit=Unit.GRAVE, quantity=Decimal(1), grave_type="built")),
        (ItemKind.LIVESTOCK, dict(name="Gà", unit=Unit.HEAD, quantity=Decimal(20))),
        (
            ItemKind.BUSINESS,
            dict(
                name="Tạp hóa", unit=Unit.HOUSEHOLD, quantity=Decimal(1), annual_income=36_000_000
            ),
        ),
    ]
    items = []
    for case in cases:
        lines: dict[str, int] = {}
        for index in range(per_household):
            kind, values = pattern[index % len(pattern)]
            lines[kind] = lines.get(kind, 0) + 1
            items.append(
                InventoryItem(
                    project=project,
                    census=census,
                    case=case,
                    household_id=case.household_id,
                    kind=kind,
                    line_no=lines[kind],
                    **values,
                )
            )
    InventoryItem.objects.bulk_create(items, batch_size=5000)
    total = len(items)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would, before anyone exports
            cursor.execute("ANALYZE")
    path = data_dir / "inventory.xlsx"

    clock = Clock()
    count = export_inventory(project, path)
    export_s = clock.stop()
    size = path.stat().st_size / 1e6

    # Empty the round without the per-row change log (setup, not measured).
    InventoryItem.objects.all()._raw_delete(InventoryItem.objects.db)
    clock = Clock()
    created = import_inventory(project, path, actor=None).result
    import_new_s = clock.stop()

    clock = Clock()
    again = import_inventory(project, path, actor=None).result
    import_same_s = clock.stop()

    from django.db import connection

    print(f"{households} households × {per_household} items = {total} lines ({connection.vendor})")
    print(f"export_inventory: {export_s} ({count} rows, {size:.1f} MB)")
    print(f"import_inventory, new round: {import_new_s} ({created.created} created)")
    print(
        f"import_inventory, same file again: {import_same_s} "
        f"({again.unchanged} unchanged, {again.created} created, {again.updated} updated)"
    )


if __name__ == "__main__":
    main()
