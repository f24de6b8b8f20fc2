"""Prepare the load test: 50 bench users and the URLs they visit (a JSON file).

    GPMB_DATA_DIR=… DATABASE_URL=… BENCH_PASSWORD=… python bench/load/targets.py OUT.json

Run after `gpmb demo` and `gpmb compute`. The users are compensation officers on both demo
projects (the demo's canbo.bt has the same role): they may open every page below, so an
error in the run is the server's, never a refusal. The URLs are those of real objects,
read through the same `restrict(user)` the pages use."""

from __future__ import annotations

import json
import os
import random
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gpmb.settings")
django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402

USERS = 50


def model(name: str):
    # By class name: the apps are being restructured (Case → cases, Assignment → core).
    (found,) = [m for m in apps.get_models() if m.__name__ == name]
    return found


def assign(user, project) -> None:
    from gpmb.core.choices import Role
    from gpmb.core.services import assignment_create

    assignment_create(actor=None, user=user, role=Role.COMPENSATION_OFFICER, project=project)


def main(out: str) -> None:
    from gpmb.geo import crs

    rng = random.Random(2026)
    Project = model("Project")
    projects = list(Project.objects.filter(is_illustrative=True).order_by("code"))
    hashed = make_password(os.environ["BENCH_PASSWORD"])
    users = []
    for i in range(1, USERS + 1):
        user, _ = get_user_model().objects.get_or_create(username=f"bench{i:02d}")
        user.password = hashed
        user.first_name, user.last_name = f"Tải {i:02d}", "Người dùng"
        user.save()
        if not user.assignments.exists():
            for project in projects:
                assign(user, project)
        users.append(user.username)
    viewer = get_user_model().objects.get(username=users[0])

    def ids(name: str, n: int, **filters) -> list[int]:
        pks = list(model(name).objects.restrict(viewer, "view").filter(**filters)
                   .values_list("pk", flat=True))  # fmt: skip
        rng.shuffle(pks)
        return pks[:n]

    Household, Parcel = model("Household"), model("Parcel")
    households = ids("Household", 400)
    codes = list(Household.objects.filter(pk__in=households[:60]).values_list("code", flat=True))
    heads = list(
        model("HouseholdMember").objects.filter(household__in=households[:60])
        .values_list("party__full_name", flat=True)[:60]
    )  # fmt: skip
    sheets = [
        f"{s}/{n}"
        for s, n in Parcel.objects.filter(pk__in=ids("Parcel", 60)).values_list(
            "map_sheet", "parcel_number"
        )
    ]
    searches = codes[:20] + [h.split()[-1] for h in heads[:20]] + heads[:20] + sheets[:20]

    maps = []
    for project in projects:
        boxes = list(
            model("ParcelImpact").objects.filter(project=project)
            .values_list("parcel__min_x", "parcel__min_y", "parcel__max_x", "parcel__max_y")
        )  # fmt: skip
        shift = crs.to_wgs84(project.crs_epsg)
        minx, miny = min(b[0] for b in boxes), min(b[1] for b in boxes)
        maxx, maxy = max(b[2] for b in boxes), max(b[3] for b in boxes)
        # The first view (whole project) and views zoomed in around random parcels.
        views = [((minx, miny, maxx, maxy), 15)]
        for box in rng.sample(boxes, min(30, len(boxes))):
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            views.append(((cx - 120, cy - 80, cx + 120, cy + 80), 18))
        for (x0, y0, x1, y1), zoom in views:
            w, s, e, n = shift.transform_bounds(x0, y0, x1, y1)
            maps.append(
                f"/parcels/map/{project.code}/features/?bbox={w:.6f},{s:.6f},{e:.6f},{n:.6f}"
                f"&zoom={zoom}"
            )

    targets = {
        "users": users,
        "projects": [p.code for p in projects],
        "households": households,
        "searches": searches,
        "maps": maps,
        "rounds": ids("Census", 50),
        "versions": ids("PlanVersion", 400),
    }
    for key, value in targets.items():
        if not value:
            sys.exit(f"no {key}: build the demo and compute it first")
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(targets, handle, ensure_ascii=False, indent=1)
    print({k: len(v) for k, v in targets.items()})


if __name__ == "__main__":
    main(sys.argv[1])
