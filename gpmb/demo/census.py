"""Census part of the illustrative demo (minh họa): a round per batch and a realistic
inventory per household — houses with grade, floor area and year built, structures,
trees by species and diameter, crops, graves, livestock, businesses, things to move and
the people living there. The first batch of the road project is closed and has a
supplementary round open, so the diff and the cut-off rule have something to show."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from gpmb.census.choices import (
    CropType,
    GraveType,
    ItemKind,
    ItemSource,
    StructureClass,
    Unit,
)
from gpmb.census.models import Census, InventoryItem
from gpmb.census.services import _apply_cutoff, census_close, census_open
from gpmb.parties.choices import Relation

LABEL = "minh họa"
URBAN_TREES = [
    ("Nhãn", 18, 35),
    ("Xoài", 15, 40),
    ("Cau", 10, 20),
    ("Bưởi", 10, 25),
    ("Hoa sữa", 20, 45),
    ("Khế", 8, 20),
]
FARM_TREES = [
    ("Vải thiều", 15, 35),
    ("Nhãn", 15, 35),
    ("Bạch đàn", 8, 20),
    ("Chuối", 10, 20),
    ("Ổi", 6, 15),
]
CROPS = [
    ("Lúa", CropType.ANNUAL),
    ("Rau màu các loại", CropType.ANNUAL),
    ("Ngô", CropType.ANNUAL),
    ("Khoai lang", CropType.ANNUAL),
]
STRUCTURES = [
    ("Sân lát gạch", Unit.M2, 8, 40),
    ("Tường rào xây gạch", Unit.M, 5, 25),
    ("Mái tôn che sân", Unit.M2, 10, 35),
    ("Bể nước xây", Unit.M3, 2, 8),
    ("Bếp, công trình phụ", Unit.M2, 6, 18),
]
BUSINESSES = [
    ("Cửa hàng tạp hóa", 36),
    ("Quán cà phê, giải khát", 48),
    ("Sửa chữa xe máy", 42),
    ("Cửa hàng vật liệu xây dựng", 96),
    ("Quán ăn", 60),
]


# Rows of the demo policy pack's unit-price tables (hai-phong-demo-2026), as the census
# team codes each line: the pack has a row for every item the demo generates.
PRICE_CODES = {
    "Sân lát gạch": "san-be-tong",
    "Tường rào xây gạch": "tuong-rao",
    "Mái tôn che sân": "mai-ton",
    "Bể nước xây": "be-nuoc",
    "Bếp, công trình phụ": "bep-phu",
    "Lều trông coi": "leu-trong-coi",
    "Mái tôn dựng thêm": "mai-ton",
    "Cau": "cau",
    "Khế": "khe",
    "Bạch đàn": "bach-dan",
    "Chuối": "chuoi",
    "Chuối trồng mới": "chuoi",
    "Ổi": "oi",
    "Lúa": "lua",
    "Rau màu các loại": "rau-mau",
    "Ngô": "rau-mau",
    "Khoai lang": "rau-mau",
    "Cá trắm, cá chép": "ca-ao",
    "Lợn thịt": "pig",
    "Gà": "poultry",
    "Vịt": "poultry",
}
# Fruit and shade trees are priced by size class: loại A from this trunk diameter (cm).
SIZED_TREES = {
    "Nhãn": ("nhan", 25),
    "Xoài": ("xoai", 25),
    "Bưởi": ("buoi", 15),
    "Hoa sữa": ("hoa-sua", 30),
    "Vải thiều": ("vai", 20),
}
GRADE_CODES: dict[Any, str] = {
    StructureClass.GRADE_3: "nha-cap-3",
    StructureClass.GRADE_4: "nha-cap-4",
}


def _d(value: float, places: int = 2) -> Decimal:
    return Decimal(str(round(value, places))).quantize(Decimal(1).scaleb(-places))


class _Builder:
    def __init__(self, seed: int) -> None:
        # Its own generator: the rest of the demo stays as it was for a given seed.
        self.rng = random.Random(seed * 31 + 4)
        self.items: list[InventoryItem] = []
        self.lines: dict[tuple[int, str], int] = {}

    def add(self, census: Census, case: Any, kind: str, **values: Any) -> None:
        key = (case.household_id, kind)
        self.lines[key] = self.lines.get(key, 0) + 1
        if kind == ItemKind.HOUSE:
            values.setdefault("price_code", GRADE_CODES.get(values.get("structure_class"), ""))
        sized = SIZED_TREES.get(values.get("name", ""))
        if sized is not None and values.get("diameter_cm") is not None:
            species, from_cm = sized
            values.setdefault(
                "price_code", f"{species}/{'A' if values['diameter_cm'] >= from_cm else 'B'}"
            )
        values.setdefault("price_code", PRICE_CODES.get(values.get("name", ""), ""))
        item = InventoryItem(
            project_id=case.project_id,
            census=census,
            case=case,
            household_id=case.household_id,
            kind=kind,
            line_no=self.lines[key],
            source=ItemSource.DEMO,
            **values,
        )
        _apply_cutoff(item, census)
        self.items.append(item)

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange(max((end - start).days, 1)))

    def household(
        self, census: Census, case: Any, record: dict[str, Any], recovered: Decimal
    ) -> None:
        rng = self.rng
        # Tube houses along the road project's street; a road across fields (the city's
        # other key projects) says so on its record.
        urban = record.get("urban", record["project"].kind == "linear")
        land_use = record["parcel"].land_use_code
        cutoff = census.cutoff_date
        late = rng.random() < 0.04  # a few households build or plant after the notice
        if urban or land_use == "ONT":
            year = rng.randint(1978, 2022)
            floors = rng.choices([1, 2, 3, 4], [30, 35, 25, 10])[0] if urban else 1
            footprint = _d(rng.uniform(28, 70) if urban else rng.uniform(45, 110))
            grade = StructureClass.GRADE_3 if floors >= 3 else StructureClass.GRADE_4
            self.add(
                census,
                case,
                ItemKind.HOUSE,
                name=f"Nhà ở {floors} tầng ({LABEL})",
                unit=Unit.M2,
                quantity=footprint,
                structure_class=grade,
                floor_area=footprint * floors,
                floors=floors,
                year_built=year,
                remaining_quality=_d(max(40.0, 95 - (2026 - year) * rng.uniform(0.8, 1.6))),
            )
            for name, unit, low, high in rng.sample(STRUCTURES, rng.randint(1, 3)):
                self.add(
                    census,
                    case,
                    ItemKind.STRUCTURE,
                    name=name,
                    unit=unit,
                    quantity=_d(rng.uniform(low, high)),
                    structure_class=StructureClass.OTHER,
                    year_built=rng.randint(max(year, 1990), 2024),
                    remaining_quality=_d(rng.uniform(50, 90)),
                )
            if late:
                self.add(
                    census,
                    case,
                    ItemKind.STRUCTURE,
                    name="Mái tôn dựng thêm",
                    unit=Unit.M2,
                    quantity=_d(rng.uniform(10, 30)),
                    structure_class=StructureClass.TEMPORARY,
                    origin_date=cutoff + dt.timedelta(days=rng.randint(5, 60)),
                    note="Dựng sau thông báo thu hồi",
                )
            # The trees stand in the yard and garden: the lot less the house's footprint,
            # which the census measures for the density norm.
            lot = record["parcel"].measured_area or footprint
            garden = max(lot - footprint, Decimal(5)).quantize(Decimal("0.01"))
            for name, low, high in rng.sample(URBAN_TREES, rng.randint(0, 2)):
                self.add(
                    census,
                    case,
                    ItemKind.TREE,
                    name=name,
                    unit=Unit.TREE,
                    quantity=Decimal(rng.randint(1, 4)),
                    crop_type=CropType.PERENNIAL,
                    diameter_cm=_d(rng.uniform(low, high), 1),
                    age_years=rng.randint(5, 30),
                    garden_area=garden,
                )
            if urban and rng.random() < 0.25:
                name, income = rng.choice(BUSINESSES)
                self.add(
                    census,
                    case,
                    ItemKind.BUSINESS,
                    name=name,
                    unit=Unit.HOUSEHOLD,
                    quantity=Decimal(1),
                    annual_income=int(income * rng.uniform(0.7, 1.4)) * 1_000_000,
                )
            self.add(
                census,
                case,
                ItemKind.MOVABLE,
                name="Đồ dùng sinh hoạt trong nhà",
                unit=Unit.SET,
                quantity=Decimal(1),
            )
            for person in record["people"]:
                born = person["birth_year"]
                self.add(
                    census,
                    case,
                    ItemKind.PERSON,
                    name=person["full_name"],
                    unit=Unit.PERSON,
                    quantity=Decimal(1),
                    birth_year=born,
                    relation=person["relation"],
                )
            if late and rng.random() < 0.5:
                self.add(
                    census,
                    case,
                    ItemKind.PERSON,
                    name="Người chuyển đến sau thông báo",
                    unit=Unit.PERSON,
                    quantity=Decimal(1),
                    birth_year=rng.randint(1970, 2000),
                    relation=Relation.OTHER,
                    origin_date=cutoff + dt.timedelta(days=rng.randint(3, 40)),
                )
            return
        area = recovered or Decimal("0.00")
        if land_use == "NTS":
            self.add(
                census,
                case,
                ItemKind.CROP,
                name="Cá trắm, cá chép",
                unit=Unit.M2,
                quantity=area,
                crop_type=CropType.AQUACULTURE,
            )
        elif land_use == "CLN":
            for name, low, high in rng.sample(FARM_TREES, rng.randint(1, 3)):
                count = max(1, int(float(area) * rng.uniform(0.02, 0.06)))
                self.add(
                    census,
                    case,
                    ItemKind.TREE,
                    name=name,
                    unit=Unit.TREE,
                    quantity=Decimal(count),
                    crop_type=CropType.PERENNIAL,
                    diameter_cm=_d(rng.uniform(low, high), 1),
                    age_years=rng.randint(3, 20),
                    density=_d(count / max(float(area), 1.0)),
                    garden_area=area,  # the recovered garden the trees stand in
                )
        else:
            name, crop_type = CROPS[0] if land_use == "LUC" else rng.choice(CROPS[1:])
            self.add(
                census,
                case,
                ItemKind.CROP,
                name=name,
                unit=Unit.M2,
                quantity=area,
                crop_type=crop_type,
            )
        if late:
            self.add(
                census,
                case,
                ItemKind.TREE,
                name="Chuối trồng mới",
                unit=Unit.TREE,
                quantity=Decimal(rng.randint(20, 80)),
                crop_type=CropType.PERENNIAL,
                origin_date=cutoff + dt.timedelta(days=rng.randint(5, 50)),
                note="Trồng sau thông báo thu hồi",
                garden_area=area,
            )
        if rng.random() < 0.12:
            self.add(
                census,
                case,
                ItemKind.GRAVE,
                name="Mộ gia đình",
                unit=Unit.GRAVE,
                quantity=Decimal(rng.randint(1, 3)),
                grave_type=rng.choice([GraveType.BUILT, GraveType.UNBUILT]),
            )
        if rng.random() < 0.15:
            self.add(
                census,
                case,
                ItemKind.STRUCTURE,
                name="Lều trông coi",
                unit=Unit.M2,
                quantity=_d(rng.uniform(6, 15)),
                structure_class=StructureClass.TEMPORARY,
                year_built=rng.randint(2005, 2024),
            )
        if rng.random() < 0.1:
            name = rng.choice(["Lợn thịt", "Gà", "Vịt"])
            # Average weight per head, weighed or estimated at the count: the moving cost
            # is priced per tonne (Decree 88/2024 Art. 21(1)).
            lightest, heaviest = (45.0, 120.0) if name == "Lợn thịt" else (1.2, 3.0)
            self.add(
                census,
                case,
                ItemKind.LIVESTOCK,
                name=name,
                unit=Unit.HEAD,
                quantity=Decimal(rng.randint(5, 60)),
                weight_kg=_d(rng.uniform(lightest, heaviest), 1),
            )


def build_census_demo(
    records: list[dict[str, Any]], cases: list[Any], impacts: list[Any], seed: int
) -> int:
    """Rounds and items for the demo; returns the number of items. Runs inside the
    demo's transaction with the change log off (one AuditEvent covers the demo)."""
    builder = _Builder(seed)
    rounds: dict[int, Census] = {}
    for case in cases:
        if case.batch_id not in rounds:
            rounds[case.batch_id] = census_open(
                actor=None, batch=case.batch, note=f"Kiểm đếm lần đầu ({LABEL})"
            )
    for record, case, impact in zip(records, cases, impacts, strict=True):
        builder.household(rounds[case.batch_id], case, record, impact.recovered_area)
    InventoryItem.objects.bulk_create(builder.items, batch_size=2000)
    total = len(builder.items)
    # The road's first batch: counted, closed (hashed), and a supplementary round open
    # with a few changes to show the diff.
    first = next(
        (c for c in rounds.values() if c.batch.code == "D1" and c.batch.project.kind == "linear"),
        None,
    )
    if first is None:
        return total
    census_close(
        actor=None,
        census=first,
        closed_at=dt.datetime.combine(
            first.cutoff_date + dt.timedelta(days=45), dt.time(16), tzinfo=dt.UTC
        ),
    )
    second = census_open(actor=None, batch=first.batch, note=f"Kiểm đếm bổ sung ({LABEL})")
    copies = list(InventoryItem.objects.filter(census=second).order_by("pk"))
    rng = builder.rng
    remeasured = [
        copy
        for copy in rng.sample(copies, max(1, len(copies) // 50))
        if copy.kind in (ItemKind.HOUSE, ItemKind.STRUCTURE)
    ]
    for copy in remeasured:
        copy.quantity = copy.quantity + _d(rng.uniform(1, 6))
        copy.note = "Đo lại khi kiểm đếm bổ sung"
    InventoryItem.objects.bulk_update(remeasured, ["quantity", "note"], batch_size=2000)
    return total + len(copies)
