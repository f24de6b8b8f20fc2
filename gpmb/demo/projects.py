"""A realistic, reproducible, clearly illustrative demo.

Two projects in Hải Phòng: the linear key project "Đường Hồ Sen – Cầu Rào 2" through
phường Lê Chân and phường An Biên (a 40 m corridor widening a 12 m street, tube-house
parcels on both sides in VN-2000 / EPSG:9210), and an area project on agricultural land
in xã An Hưng. Every name, number and geometry is synthetic and labelled "minh họa"."""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import shapely
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from pyproj import Transformer
from shapely import box
from shapely.affinity import affine_transform
from shapely.geometry import LineString, Polygon

from gpmb.cases.models import Case
from gpmb.core.audit import audit_disabled
from gpmb.core.changes import cases_changed, deferred
from gpmb.core.choices import Role
from gpmb.core.models import record_event
from gpmb.core.services import assignment_create
from gpmb.core.vnformat import fold
from gpmb.demo.census import build_census_demo
from gpmb.demo.chain import APPROVED, CONSULTED, POSTED, delete_demo_payments, run_demo_chain
from gpmb.demo.plans import compute_demo_plans, settle_demo_plans
from gpmb.demo.resettlement import build_resettlement_demo, delete_resettlement_demo
from gpmb.demo.steps import build_steps_demo
from gpmb.engine.pack import Pack, find_pack
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parcels.overlay import boundary_create
from gpmb.parties.choices import Gender, LandOrigin, PartyKind, Relation, Right, Violation
from gpmb.parties.models import Household, HouseholdMember, Party, Tenure
from gpmb.plans.models import BatchPlan
from gpmb.projects.admin_units import load_admin_units
from gpmb.projects.choices import ApprovingAuthority, BatchStatus, ProjectKind
from gpmb.projects.models import AdminUnit, Batch, Project, Segment

LABEL = "minh họa"
LINEAR_CODE = "hs-cr2"
AREA_CODE = "an-hung-cvcx"
HAI_PHONG = "31"
LE_CHAN, AN_BIEN, AN_HUNG = "11383", "11407", "11674"
# The demo pack's price-table segments of the road, by ward.
PRICE_SEGMENTS = {LE_CHAN: "ho-sen-cau-rao-2/le-chan", AN_BIEN: "ho-sen-cau-rao-2/an-bien"}
AN_HUNG_SEGMENT = "an-hung/duong-lien-thon"
EPSG = 9210

SURNAMES = [
    ("Nguyễn", 31),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Vũ", 5),
    ("Đặng", 3),
    ("Bùi", 3),
    ("Đỗ", 3),
    ("Ngô", 2),
    ("Dương", 2),
    ("Đinh", 2),
    ("Phan", 2),
    ("Lương", 1),
    ("Mai", 1),
    ("Lưu", 1),
    ("Đoàn", 1),
    ("Tạ", 1),
    ("Cao", 1),
    ("Trịnh", 1),
]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Công", "Mạnh", "Ngọc"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng"]
MALE_GIVEN = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Long",
    "Nam",
    "Hải",
    "Sơn",
    "Thắng",
    "Cường",
    "Bình",
    "Hưng",
    "Khánh",
    "Phong",
    "Quân",
    "Trung",
    "Tùng",
    "Việt",
    "Hoàng",
    "Đạt",
    "Kiên",
    "Toàn",
    "Tiến",
]
FEMALE_GIVEN = [
    "Lan",
    "Hương",
    "Hoa",
    "Mai",
    "Hà",
    "Thủy",
    "Nga",
    "Huyền",
    "Trang",
    "Linh",
    "Yến",
    "Hằng",
    "Nhung",
    "Thảo",
    "Vân",
    "Oanh",
    "Dung",
    "Liên",
    "Loan",
    "Phượng",
    "Hạnh",
]
STREETS = {
    LE_CHAN: ["Hồ Sen", "Dư Hàng", "Chợ Hàng", "Dân Lập", "Trại Lẻ"],
    AN_BIEN: ["Cầu Rào 2", "Nguyễn Văn Linh", "Lam Sơn", "Kênh Dương", "Vĩnh Cát"],
    AN_HUNG: ["thôn Đông", "thôn Tây", "thôn Trung", "thôn Bắc"],
}

# The road: from near Hồ Sen lake south-east towards the Cầu Rào 2 bridge (WGS84, approximate).
ROAD_START = (106.6742, 20.8489)
ROAD_BEARING_DEG = 152.0
OLD_ROAD_HALF_WIDTH = 6.0  # the existing street is 12 m wide
CORRIDOR_HALF_WIDTH = 20.0  # the clearance corridor is 40 m
PARK_CORNER = (106.6030, 20.8650)  # the An Hưng park's fields, north-west corner


@dataclass
class Plan:
    """What the demo writes, built in memory first so one transaction writes it all."""

    parcels: list[Parcel] = field(default_factory=list)
    impacts: list[tuple[int, Decimal, Decimal, bool]] = field(default_factory=list)
    households: list[dict[str, Any]] = field(default_factory=list)


class DemoBuilder:
    def __init__(self, households: int, seed: int) -> None:
        if households < 10:
            raise ValueError("households must be at least 10")
        self.total = households
        self.rng = random.Random(seed)
        self.seed = seed
        self.used_ids: set[str] = set()
        self.sheet_counters: dict[tuple[str, int], int] = {}
        self.to_metric = Transformer.from_crs(4326, EPSG, always_xy=True)

    # -- people --------------------------------------------------------------------------
    def weighted_surname(self) -> str:
        names, weights = zip(*SURNAMES, strict=True)
        return self.rng.choices(names, weights)[0]

    def person_name(self, gender: str, surname: str | None = None) -> str:
        surname = surname or self.weighted_surname()
        if gender == Gender.MALE:
            return f"{surname} {self.rng.choice(MALE_MIDDLE)} {self.rng.choice(MALE_GIVEN)}"
        return f"{surname} {self.rng.choice(FEMALE_MIDDLE)} {self.rng.choice(FEMALE_GIVEN)}"

    def national_id(self, birth_year: int, gender: str) -> str:
        # 12 digits: birth province (031 Hải Phòng), century/gender digit, year, serial.
        century = 0 if birth_year < 2000 else 2
        digit = century + (1 if gender == Gender.FEMALE else 0)
        while True:
            value = f"031{digit}{birth_year % 100:02d}{self.rng.randrange(10**6):06d}"
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def phone(self) -> str:
        return self.rng.choice(["090", "091", "093", "097", "098", "086", "034"]) + "".join(
            str(self.rng.randrange(10)) for _ in range(7)
        )

    def household_people(self, commune: str, address: str) -> list[dict[str, Any]]:
        size = self.rng.choices([1, 2, 3, 4, 5, 6, 7], [6, 14, 24, 30, 15, 8, 3])[0]
        head_gender = self.rng.choices([Gender.MALE, Gender.FEMALE], [78, 22])[0]
        surname = self.weighted_surname()
        head_year = self.rng.randint(1945, 1992)
        people = [self.person(head_gender, head_year, Relation.HEAD, surname, address, True)]
        if size >= 2:
            gender = Gender.FEMALE if head_gender == Gender.MALE else Gender.MALE
            year = head_year + self.rng.randint(-4, 4)
            people.append(self.person(gender, year, Relation.SPOUSE, None, address, True))
        for _ in range(max(size - 2, 0)):
            relation = self.rng.choices(
                [Relation.CHILD, Relation.PARENT, Relation.GRANDCHILD], [7, 1, 2]
            )[0]
            offset = {Relation.CHILD: 25, Relation.PARENT: -25, Relation.GRANDCHILD: 50}[relation]
            year = min(max(head_year + offset + self.rng.randint(-6, 8), 1930), 2025)
            gender = self.rng.choice([Gender.MALE, Gender.FEMALE])
            family = surname if relation in (Relation.CHILD, Relation.GRANDCHILD) else None
            people.append(self.person(gender, year, relation, family, address, year <= 2012))
        return people

    def person(
        self, gender: str, year: int, relation: str, surname: str | None, address: str, adult: bool
    ) -> dict[str, Any]:
        return {
            "full_name": self.person_name(gender, surname),
            "gender": gender,
            "birth_year": year,
            "relation": relation,
            # Children under 14 have no chip card yet; their ID is still recorded at birth,
            # but many census forms leave it empty, and so does the demo.
            "national_id": self.national_id(year, gender) if adult else "",
            "phone": self.phone() if relation in (Relation.HEAD, Relation.SPOUSE) else "",
            "address": address,
        }

    # -- tenure ----------------------------------------------------------------------------
    def tenure_facts(self, agricultural: bool) -> dict[str, Any]:
        origin = self.rng.choices(
            [
                LandOrigin.RECOGNISED,
                LandOrigin.ALLOCATED_WITH_FEE,
                LandOrigin.TRANSFERRED,
                LandOrigin.NO_PAPERS,
                LandOrigin.ENCROACHED,
            ]
            if not agricultural
            else [
                LandOrigin.ALLOCATED_NO_FEE,
                LandOrigin.TRANSFERRED,
                LandOrigin.NO_PAPERS,
                LandOrigin.PUBLIC_LAND_CONTRACT,
                LandOrigin.ENCROACHED,
            ],
            [45, 20, 22, 9, 4] if not agricultural else [70, 12, 8, 6, 4],
        )[0]
        # Start of stable use spread across the legal periods that decide eligibility
        # (18/12/1980, 15/10/1993, 01/07/2004, 01/07/2014).
        start = dt.date(1975, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 365 * 44))
        papers = origin not in (LandOrigin.NO_PAPERS, LandOrigin.ENCROACHED)
        cert_date = None
        if papers:
            cert_date = max(start, dt.date(1994, 1, 1)) + dt.timedelta(
                days=self.rng.randrange(0, 3650)
            )
            cert_date = min(cert_date, dt.date(2024, 12, 31))
        return {
            "origin": origin,
            "right": Right.USE_RIGHT if papers else Right.OCCUPANT,
            "stable_use_start_date": start,
            "certificate_number": self.certificate_number() if papers else "",
            "certificate_date": cert_date,
            "violation": Violation.ENCROACHMENT
            if origin == LandOrigin.ENCROACHED
            else Violation.NONE,
            "evidence": (
                f"Giấy chứng nhận QSDĐ ({LABEL})"
                if papers
                else f"Xác nhận của UBND phường về thời điểm sử dụng ({LABEL})"
            ),
        }

    def certificate_number(self) -> str:
        series = self.rng.choice("ABCDEGHK") + self.rng.choice("ABCDEGHK")
        return f"{series} {self.rng.randrange(10**6):06d}"

    # -- parcels -------------------------------------------------------------------------
    def parcel(
        self,
        unit: AdminUnit,
        sheet: int,
        geometry: Any,
        land_use: str,
        address: str,
        segment: str = "",
        position: str = "",
    ) -> Parcel:
        """A cadastral parcel of `unit`, numbered in its map sheet."""
        number = self.sheet_counters.get((unit.code, sheet), 0) + 1
        self.sheet_counters[(unit.code, sheet)] = number
        measured = _area(geometry.area)
        rng = self.rng
        certificate = measured + _area(rng.uniform(-1.5, 1.5)) if rng.random() < 0.85 else None
        minx, miny, maxx, maxy = geometry.bounds
        return Parcel(
            commune=unit,
            map_sheet=str(sheet),
            parcel_number=str(number),
            land_use_code=land_use,
            measured_area=measured,
            certificate_area=certificate if certificate is None or certificate > 0 else measured,
            address=address,
            price_segment=segment,
            price_position=position,
            geometry=geometry.wkb,
            crs_epsg=EPSG,
            min_x=minx,
            min_y=miny,
            max_x=maxx,
            max_y=maxy,
            source_file=f"demo-{LABEL}.gpkg",
        )

    # -- geometry --------------------------------------------------------------------------
    def linear_parcels(
        self,
        count: int,
        start: tuple[float, float] = ROAD_START,
        bearing: float = ROAD_BEARING_DEG,
    ) -> list[dict[str, Any]]:
        """Tube-house lots in two rows on each side of the street: the front row mostly
        taken whole, the back row cut by the corridor edge (the road runs from `start`,
        WGS84, on `bearing` degrees)."""
        x0, y0 = self.to_metric.transform(*start)
        angle = math.radians(90 - bearing)
        ux, uy = math.cos(angle), math.sin(angle)  # along the road
        nx, ny = -uy, ux  # to the left of the road
        lots: list[dict[str, Any]] = []
        position = {side: 0.0 for side in (-1, 1)}
        while len(lots) < count:
            side = -1 if len(lots) % 4 < 2 else 1
            width = round(self.rng.uniform(4.0, 8.5), 1)
            s0 = position[side]
            position[side] += width
            front_depth = self.rng.uniform(9.0, 13.0)
            back_depth = self.rng.uniform(10.0, 22.0)
            rows = [
                (OLD_ROAD_HALF_WIDTH, OLD_ROAD_HALF_WIDTH + front_depth, 0),
                (
                    OLD_ROAD_HALF_WIDTH + front_depth,
                    OLD_ROAD_HALF_WIDTH + front_depth + back_depth,
                    1,
                ),
            ]
            for t0, t1, row in rows:
                if len(lots) >= count:
                    break
                local = box(s0, side * t0, s0 + width, side * t1)
                # local (s, t) → metric: x = x0 + s*ux + t*nx ; y = y0 + s*uy + t*ny
                geometry = affine_transform(local, [ux, nx, uy, ny, x0, y0])
                lots.append({"geometry": geometry, "s": s0, "row": row, "side": side})
        length = max(position.values())
        self.road_length = length
        corridor_local = box(0, -CORRIDOR_HALF_WIDTH, length, CORRIDOR_HALF_WIDTH)
        self.linear_boundary = affine_transform(corridor_local, [ux, nx, uy, ny, x0, y0])
        self.linear_centerline = affine_transform(
            LineString([(0, 0), (length, 0)]), [ux, nx, uy, ny, x0, y0]
        )
        return lots

    def area_parcels(
        self, count: int, corner: tuple[float, float] = PARK_CORNER
    ) -> list[dict[str, Any]]:
        """Paddy and garden plots in a grid from its north-west `corner` (WGS84), with the
        park's boundary taking most of them."""
        x0, y0 = self.to_metric.transform(*corner)
        columns = max(int(math.sqrt(count * 1.6)), 4)
        lots = []
        for index in range(count):
            col, row = index % columns, index // columns
            w = self.rng.uniform(14.0, 24.0)
            h = self.rng.uniform(18.0, 30.0)
            cx, cy = x0 + col * 26.0, y0 - row * 34.0
            lots.append({"geometry": box(cx, cy - h, cx + w, cy), "col": col, "row": row})
        rows = (count + columns - 1) // columns
        # The park takes the grid but for a ragged edge on its east side.
        east = x0 + (columns - 1.4) * 26.0
        self.area_boundary = Polygon(
            [
                (x0 - 5, y0 + 5),
                (east, y0 + 5),
                (east - 30, y0 - rows * 34 - 5),
                (x0 - 5, y0 - rows * 34 - 5),
            ]
        )
        return lots


def _area(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


@transaction.atomic
# The demo writes through the services, thousands of cases step by step: their progress
# rows are refreshed once, at the end.
@deferred()
def build_demo(
    households: int = 1500, seed: int = 2026, password: str | None = None
) -> dict[str, Any]:
    """Replace any previous demo with a new one; returns a summary with the logins."""
    builder = DemoBuilder(households, seed)
    rng = builder.rng
    # Facts added later (farmland in use, fees) draw from their own generator, so the
    # rest of the demo stays as it was for a given seed.
    facts_rng = random.Random(seed * 17 + 5)
    pack = find_pack("hai-phong-demo-2026")
    codes = [HAI_PHONG, LE_CHAN, AN_BIEN, AN_HUNG]
    if AdminUnit.objects.filter(code__in=codes).count() < len(codes):
        load_admin_units(AdminUnit)  # a flushed test database has lost the migration's rows
    units = {u.code: u for u in AdminUnit.objects.filter(code__in=codes)}
    with audit_disabled():
        _delete_previous_demo()
        linear = Project.objects.create(
            code=LINEAR_CODE,
            name=f"Đường Hồ Sen – Cầu Rào 2 (dữ liệu {LABEL})",
            investor=(
                f"Ban Quản lý dự án đầu tư xây dựng các công trình giao thông thành phố ({LABEL})"
            ),
            legal_basis=(
                "Luật Đất đai 2024; Nghị quyết 254/2025/QH15; Nghị định 88/2024/NĐ-CP; "
                f"Nghị định 49/2026/NĐ-CP ({LABEL})"
            ),
            kind=ProjectKind.LINEAR,
            province=units[HAI_PHONG],
            crs_epsg=EPSG,
            approving_authority=ApprovingAuthority.COMMUNE_CHAIRMAN,
            policy_pack_code="hai-phong-demo-2026",
            capital_plan=601_119_000_000,
            start_date=dt.date(2026, 2, 1),
            target_handover_date=dt.date(2027, 6, 30),
            is_illustrative=True,
        )
        area = Project.objects.create(
            code=AREA_CODE,
            name=f"Công viên cây xanh và hồ điều hòa An Hưng (dữ liệu {LABEL})",
            investor=f"UBND xã An Hưng ({LABEL})",
            kind=ProjectKind.AREA,
            province=units[HAI_PHONG],
            crs_epsg=EPSG,
            approving_authority=ApprovingAuthority.COMMUNE_CHAIRMAN,
            policy_pack_code="hai-phong-demo-2026",
            capital_plan=185_400_000_000,
            start_date=dt.date(2026, 4, 1),
            target_handover_date=dt.date(2027, 12, 31),
            is_illustrative=True,
        )
        n_linear = round(households * 0.6)
        n_area = households - n_linear
        lots = builder.linear_parcels(n_linear)
        half = builder.road_length / 2
        Segment.objects.create(project=linear, commune=units[LE_CHAN], length_m=_area(half))
        Segment.objects.create(project=linear, commune=units[AN_BIEN], length_m=_area(half))
        Segment.objects.create(project=area, commune=units[AN_HUNG])
        linear.length_m = Decimal(str(round(builder.road_length, 1)))
        # The road's centreline: the handed-over parcels along it are the clean land.
        linear.centreline = shapely.to_wkb(builder.linear_centerline)
        linear.save(update_fields=["length_m", "centreline"])
        batches = {
            linear: [
                Batch.objects.create(
                    project=linear,
                    code="D1",
                    name="Đợt 1",
                    status=BatchStatus.ACTIVE,
                    notice_date=dt.date(2026, 3, 16),
                    target_handover_date=dt.date(2026, 12, 31),
                ),
                Batch.objects.create(
                    project=linear,
                    code="D2",
                    name="Đợt 2",
                    status=BatchStatus.ACTIVE,
                    notice_date=dt.date(2026, 7, 1),
                    target_handover_date=dt.date(2027, 6, 30),
                ),
            ],
            area: [
                Batch.objects.create(
                    project=area,
                    code="D1",
                    name="Đợt 1",
                    status=BatchStatus.ACTIVE,
                    notice_date=dt.date(2026, 5, 4),
                    target_handover_date=dt.date(2027, 12, 31),
                ),
            ],
        }
        records: list[dict[str, Any]] = []
        for lot in lots:
            commune = LE_CHAN if lot["s"] < half else AN_BIEN
            sheet = 20 + int(lot["s"] // 120) + (0 if lot["side"] < 0 else 50)
            street = STREETS[commune][0] if lot["row"] == 0 else rng.choice(STREETS[commune])
            house = rng.randint(1, 400)
            address = f"Số {house}, đường {street}, {units[commune].name}, Hải Phòng ({LABEL})"
            land_use = rng.choices(["ODT", "TMD", "CLN"], [92, 5, 3])[0]
            # The front row faces the road (VT1 of its segment in the demo pack); the back
            # row is reached by lanes (VT2). Garden land has no road segment.
            segment = "" if land_use == "CLN" else PRICE_SEGMENTS[commune]
            position = "VT1" if lot["row"] == 0 else "VT2"
            records.append(
                {
                    "project": linear,
                    "commune": commune,
                    "prefix": "LC" if commune == LE_CHAN else "AB",
                    "address": address,
                    "parcel": builder.parcel(
                        units[commune], sheet, lot["geometry"], land_use, address, segment, position
                    ),
                    "boundary": builder.linear_boundary,
                    "agricultural": land_use == "CLN",
                }
            )
        for lot in builder.area_parcels(n_area):
            sheet = 5 + lot["row"] // 12
            village = rng.choice(STREETS[AN_HUNG])
            address = f"Xứ đồng {village}, {units[AN_HUNG].name}, Hải Phòng ({LABEL})"
            land_use = rng.choices(["LUC", "BHK", "CLN", "NTS", "ONT"], [55, 12, 15, 10, 8])[0]
            # Fields along the commune road (the grid's first column) are VT1, the rest
            # VT2.
            position = "VT1" if lot["col"] == 0 else "VT2"
            # Village house plots (ONT) are priced on the inter-hamlet road's row; the
            # cadastral record gives them as house with garden (ONT+CLN).
            segment = AN_HUNG_SEGMENT if land_use == "ONT" else ""
            parcel = builder.parcel(
                units[AN_HUNG], sheet, lot["geometry"], land_use, address, segment, position
            )
            parcel.remainder_land_use_code = "CLN" if land_use == "ONT" else ""
            records.append(
                {
                    "project": area,
                    "commune": AN_HUNG,
                    "prefix": "AH",
                    "address": address,
                    "parcel": parcel,
                    "boundary": builder.area_boundary,
                    "agricultural": land_use != "ONT",
                }
            )

        boundaries = [
            (linear, builder.linear_boundary, f"Hành lang 40 m ({LABEL})"),
            (area, builder.area_boundary, f"Ranh công viên ({LABEL})"),
        ]
        written = write_households(builder, facts_rng, pack, records, units, batches, boundaries)
    password = password or secrets.token_urlsafe(9)
    users = _demo_users(password, units)
    # Every case gets its computed plan, the officer's recorded decisions applied.
    officer = get_user_model().objects.get(username=DEMO_OFFICER)
    plans = compute_demo_plans([linear, area], officer)
    # Issue 14: batch 1 draws its plots at a ready site before its plan is posted (the
    # plot's fee enters the plans), batch 2 waits for a site still being built.
    resettlement = build_resettlement_demo(linear, units[LE_CHAN], officer)
    # The rent of batch 2 waiting for its site asks how a part month counts.
    settle_demo_plans([linear], officer)
    # Issue 12: the chain run by the demo's users as far as each ward has got.
    chain = run_demo_chain(
        [
            (linear.batches.get(code="D1"), units[LE_CHAN], APPROVED, "diachinh.lechan", 60),
            (linear.batches.get(code="D1"), units[AN_BIEN], CONSULTED, "diachinh.anbien", 25),
            (area.batches.get(code="D1"), units[AN_HUNG], POSTED, None, 5),
        ]
    )
    record_event(
        actor=None,
        kind="demo.build",
        message=f"Tạo dữ liệu minh họa: {households} hộ, seed {seed}",
        data={
            "households": households,
            "seed": seed,
            "decisions": plans.decisions,
            "chain": chain,
            "resettlement": resettlement,
        },
    )
    return {
        "households": households,
        "parcels": len(written.parcels),
        "parties": len(written.people),
        "users": users,
        "password": password,
        "plans": plans.computed,
        "decisions": plans.decisions,
        "chain": chain,
        "resettlement": resettlement,
    }


@dataclass
class Written:
    """What `write_households` wrote, each list in the order of its records."""

    parcels: list[Parcel]
    people: list[Party]
    cases: list[Case]


def write_households(
    builder: DemoBuilder,
    facts_rng: random.Random,
    pack: Pack,
    records: list[dict[str, Any]],
    units: dict[str, AdminUnit],
    batches: dict[Project, list[Batch]],
    boundaries: list[tuple[Project, Any, str]],
) -> Written:
    """The demo's imported data, written in bulk as an import writes it: each record's
    parcel linked to its project, what each project's clearance boundary takes of it
    computed by the overlay service, and one household per lot with its people, tenure
    and case (`record["prefix"]` starts the household's code); then the census, the
    legal steps and the tax office's fee notices of those cases."""
    rng = builder.rng
    parcels = Parcel.objects.bulk_create([r["parcel"] for r in records], batch_size=1000)
    # Link every lot to its project, then let the overlay service compute what the
    # clearance boundary takes of each (the same path an imported boundary takes).
    ParcelImpact.objects.bulk_create(
        [
            ParcelImpact(project=r["project"], parcel=p)
            for r, p in zip(records, parcels, strict=True)
        ],
        batch_size=1000,
    )
    for project, geometry, note in boundaries:
        boundary_create(
            project=project,
            geometry=geometry,
            actor=None,
            source_file=f"chi-gioi-{project.code}.gpkg",
            note=note,
        )
    by_parcel = {
        i.parcel_id: i
        for i in ParcelImpact.objects.filter(project__in=[p for p, _g, _n in boundaries])
    }
    impacts = [by_parcel[p.pk] for p in parcels]  # in the order of `records`

    # One household per affected lot; its people, tenure and case.
    people_rows: list[Party] = []
    household_rows: list[Household] = []
    member_specs: list[tuple[int, int, str, bool]] = []
    for index, record in enumerate(records):
        people = builder.household_people(record["commune"], record["address"])
        household_rows.append(
            Household(
                code=f"{record['prefix']}-{index + 1:05d}",
                commune=units[record["commune"]],
                address=record["address"],
                is_poor=rng.random() < 0.03,
                is_policy_family=rng.random() < 0.05,
                agricultural_area_in_use=_farmland_in_use(facts_rng, record),
            )
        )
        record["people"] = people
        for person in people:
            member_specs.append(
                (index, len(people_rows), person["relation"], person["birth_year"] <= 2025)
            )
            people_rows.append(
                Party(
                    kind=PartyKind.PERSON,
                    full_name=person["full_name"],
                    search_name=fold(person["full_name"]),
                    gender=person["gender"],
                    birth_year=person["birth_year"],
                    national_id=person["national_id"],
                    phone=person["phone"],
                    address=person["address"],
                )
            )
    Party.objects.bulk_create(people_rows, batch_size=2000)
    for household_index, party_index, relation, _counts in member_specs:
        if relation == Relation.HEAD:
            household_rows[household_index].head = people_rows[party_index]
    Household.objects.bulk_create(household_rows, batch_size=2000)
    HouseholdMember.objects.bulk_create(
        [
            HouseholdMember(
                household=household_rows[h],
                party=people_rows[p],
                relation=rel,
                counts_for_support=counts,
            )
            for h, p, rel, counts in member_specs
        ],
        batch_size=2000,
    )
    tenures, cases = [], []
    for record, household in zip(records, household_rows, strict=True):
        facts = builder.tenure_facts(record["agricultural"])
        tenures.append(
            Tenure(parcel=record["parcel"], household=household, party=household.head, **facts)
        )
        project_batches = batches[record["project"]]
        batch = (
            project_batches[0]
            if len(project_batches) == 1 or rng.random() < 0.6
            else project_batches[1]
        )
        cases.append(
            Case(
                household=household,
                batch=batch,
                project=record["project"],
                commune=units[record["commune"]],
            )
        )
    Tenure.objects.bulk_create(tenures, batch_size=2000)
    Case.objects.bulk_create(cases, batch_size=2000)
    cases_changed(c.pk for c in cases)  # written in bulk: the dashboards' rows
    build_census_demo(records, cases, impacts, builder.seed)  # issue 4: rounds and inventory
    # Issue 12: the legal steps, recorded through the services; each case's status
    # is what its steps earn.
    build_steps_demo(cases, builder.seed)
    _record_fees(facts_rng, pack, records, tenures, impacts, units)
    return Written(parcels, people_rows, cases)


# Share of farming households whose farmland in use the commune has not confirmed yet.
FARMLAND_UNCONFIRMED = 0.08


def _farmland_in_use(rng: random.Random, record: dict[str, Any]) -> Decimal | None:
    """The agricultural land the household uses in the commune, as the commune confirms
    it for life-stabilisation support (Decree 88/2024 Art. 19(1)): the recovered plot and,
    for most households, other fields outside the project."""
    if not record["agricultural"]:
        return None
    plot = record["parcel"].measured_area
    draw = rng.random()
    if draw < FARMLAND_UNCONFIRMED:
        return None  # the commune has not confirmed it yet: the plan says so
    if draw < 0.3:
        return plot  # all the household farms
    return (plot * Decimal(str(round(rng.uniform(1.2, 4.0), 2)))).quantize(Decimal("0.01"))


# Land compensated without a certificate is paid less the land-use fee due as if it
# were certified (Decree 88/2024 Art. 25(3)); the tax office determines it. The demo's
# figure is illustrative: a share of the table price of the recovered area (residential
# land: within the allocation limit), by when the land came into use. Farmland without
# papers owes none (Land Law 2024 Art. 138(6)).
FEE_SHARE = ((dt.date(1993, 10, 15), Decimal(0)), (dt.date(2004, 7, 1), Decimal("0.5")))
# Share of households whose fee notice the tax office has not sent yet: their plans say so.
FEE_PENDING = 0.4


def _record_fees(
    rng: random.Random,
    pack: Pack,
    records: list[dict[str, Any]],
    tenures: list[Tenure],
    impacts: list[ParcelImpact],
    units: dict[str, AdminUnit],
) -> None:
    """The tax office's fee notices on the demo's tenures (written once, in bulk)."""
    noticed = []
    for record, tenure, impact in zip(records, tenures, impacts, strict=True):
        tenure.certification_fee = _certification_fee(rng, pack, record, tenure, impact, units)
        if tenure.certification_fee is not None:
            noticed.append(tenure)
    Tenure.objects.bulk_update(noticed, ["certification_fee"], batch_size=2000)


def _certification_fee(
    rng: random.Random,
    pack: Pack,
    record: dict[str, Any],
    tenure: Tenure,
    impact: ParcelImpact,
    units: dict[str, AdminUnit],
) -> int | None:
    if tenure.origin not in (LandOrigin.NO_PAPERS, LandOrigin.ENCROACHED):
        return None
    parcel = record["parcel"]
    if record["agricultural"] and tenure.origin == LandOrigin.NO_PAPERS:
        return None
    if rng.random() < FEE_PENDING:
        return None
    unit = units[record["commune"]]
    found = pack.land_price(
        parcel.land_use_code,
        unit.slug,
        unit.kind,
        parcel.price_position or None,
        parcel.price_segment or None,
    )
    used_from = tenure.stable_use_start_date
    if found is None or impact.recovered_area is None or used_from is None:
        return None
    share = next(
        (ratio for before, ratio in FEE_SHARE if used_from < before),
        Decimal(1),
    )
    area = impact.recovered_area
    if parcel.land_use_code in ("ODT", "ONT"):
        # Residential land without papers is recognised (and compensated) within the
        # allocation limit (Decree 88/2024 Art. 8); the fee is due on that part.
        limit = pack.value("limits.residential_allocation") or {}
        area = min(area, Decimal(limit.get(unit.kind, area)))
    fee = area * found[0] * share
    return int(fee) // 1000 * 1000  # a notice in whole thousands of đồng


def _delete_previous_demo() -> None:
    demo_projects = Project.objects.filter(is_illustrative=True)
    household_ids = list(
        Case.objects.filter(project__in=demo_projects).values_list("household_id", flat=True)
    )
    parcel_ids = list(
        ParcelImpact.objects.filter(project__in=demo_projects).values_list("parcel_id", flat=True)
    )
    delete_resettlement_demo(demo_projects)
    delete_demo_payments(demo_projects)
    Case.objects.filter(project__in=demo_projects).delete()  # with their plan versions
    BatchPlan.objects.filter(project__in=demo_projects).delete()  # with their acts
    Tenure.objects.filter(parcel_id__in=parcel_ids).delete()
    party_ids = list(
        HouseholdMember.objects.filter(household_id__in=household_ids).values_list(
            "party_id", flat=True
        )
    )
    HouseholdMember.objects.filter(household_id__in=household_ids).delete()
    Household.objects.filter(pk__in=household_ids).delete()
    Party.objects.filter(pk__in=party_ids).delete()
    ParcelImpact.objects.filter(project__in=demo_projects).delete()
    Parcel.objects.filter(pk__in=parcel_ids).delete()
    demo_projects.delete()


DEMO_OFFICER = "canbo.bt"  # computes the demo's plans and records its decisions
DEMO_USERS = [
    ("canbo.bt", "Nguyễn Văn Bồi", Role.COMPENSATION_OFFICER, None),
    ("diachinh.lechan", "Trần Thị Địa", Role.COMMUNE_LAND_OFFICER, LE_CHAN),
    ("diachinh.anbien", "Lê Văn Chính", Role.COMMUNE_LAND_OFFICER, AN_BIEN),
    ("thamdinh", "Phạm Thị Thẩm", Role.APPRAISER, None),
    ("pheduyet", "Hoàng Văn Duyệt", Role.APPROVER, None),
    ("ketoan", "Vũ Thị Toán", Role.ACCOUNTANT, None),
    ("lanhdao", "Đặng Văn Đạo", Role.LEADERSHIP, None),
    ("chudautu", "Bùi Văn Đầu", Role.INVESTOR, None),
    ("thanhtra", "Đỗ Thị Tra", Role.INSPECTOR, None),
    ("quantri", "Ngô Văn Trị", Role.ADMINISTRATOR, None),
]


def demo_password_set(password: str) -> int:
    """Give every demo account `password` (the start script on an existing demo with
    GPMB_DEMO_PASSWORD set); returns how many accounts were changed."""
    usernames = [username for username, *_ in DEMO_USERS]
    users = get_user_model().objects.filter(username__in=usernames)
    return users.update(password=make_password(password))


def _demo_users(password: str, units: dict[str, AdminUnit]) -> list[tuple[str, str]]:
    user_model = get_user_model()
    linear = Project.objects.get(code=LINEAR_CODE)
    area = Project.objects.get(code=AREA_CODE)
    # One hash for all demo users: the password is shared and hashing is deliberately slow.
    hashed = make_password(password)
    out = []
    for username, full_name, role, commune in DEMO_USERS:
        user, _ = user_model.objects.get_or_create(username=username)
        family, _, given = full_name.rpartition(" ")
        user.first_name, user.last_name = given, family
        user.is_staff = role == Role.ADMINISTRATOR
        user.password = hashed
        user.save()
        user.assignments.all().delete()
        if commune is not None:
            assignment_create(
                actor=None, user=user, role=role, project=linear, commune=units[commune]
            )
        elif role in (Role.COMPENSATION_OFFICER, Role.INVESTOR):
            for project in (linear, area):
                assignment_create(actor=None, user=user, role=role, project=project)
        else:
            assignment_create(actor=None, user=user, role=role)
        out.append((username, str(role.label)))
    return out
