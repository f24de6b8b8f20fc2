"""Benchmarks of issue 3 (cadastral map), into a fresh SQLite database:

    python bench/geo_bench.py [--parcels 100000] [--map-parcels 20000] [--skip-map]

1. import of N parcels from a GeoPackage (attributes) and from a DGN v7 drawing
   (line-work + text labels) — target ≤ 15 s each;
2. overlay of N parcels with a clearance corridor — target ≤ 1 s (the geometry work)
   and the full recompute with its database writes;
3. first paint of the map of a project with M parcels in headless Chromium — target
   ≤ 2 s — and the bytes sent for it — target ≤ 2 MB.

Numbers are wall times on this machine; run it twice and keep the second."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def setup(data_dir: str) -> None:
    os.environ["GPMB_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gpmb.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def make_project(code: str):  # type: ignore[no-untyped-def]

    from gpmb.projects.models import AdminUnit, Project, Segment

    project = Project.objects.create(
        code=code,
        name=f"Bench {code}",
        kind="linear",
        province=AdminUnit.objects.get(code="31"),
        crs_epsg=9210,
        policy_pack_code="hai-phong-demo-2026",
    )
    Segment.objects.create(project=project, commune=AdminUnit.objects.get(code="11383"))
    return project


def grid(count: int, x0: float = 560_000.0, y0: float = 2_290_000.0) -> list[dict]:
    """count lots, 200 to a row, sharing edges exactly."""
    from parcels.lots import parcel_grid  # tests/parcels/lots.py

    cols = 200
    rows = (count + cols - 1) // cols
    return parcel_grid(rows, cols, x0, y0)[:count]


def corridor(lots: list[dict]):  # type: ignore[no-untyped-def]
    import shapely

    minx, miny, maxx, maxy = shapely.total_bounds([lot["geometry"] for lot in lots])
    mid = (miny + maxy) / 2
    # A slanted band about a quarter of the grid high: whole, cut and untouched lots.
    height = (maxy - miny) / 4
    return shapely.Polygon(
        [(minx - 10, mid - height), (maxx + 10, mid - height / 2), (maxx + 10, mid + height),
         (minx - 10, mid + height / 2)]
    )  # fmt: skip


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.2f} s")
    return result, elapsed


def bench_imports(count: int, work: Path) -> None:
    import numpy as np
    import shapely
    from parcels.cad import write_dgn  # tests/parcels/cad.py
    from parcels.test_import import write_table  # tests/parcels/test_import.py

    from gpmb.parcels.importing import parcels_import
    from gpmb.parcels.models import Parcel
    from gpmb.parcels.overlay import boundary_create, recovered_areas

    lots = grid(count)
    gpkg = work / "parcels.gpkg"
    write_table(gpkg, lots, "GPKG")
    project = make_project("bench-gpkg")
    report, _ = timed(
        f"import {count:,} parcels from GeoPackage into SQLite",
        lambda: parcels_import(gpkg, project=project, actor=None),
    )
    assert report.created == count, report.summary()
    again, _ = timed(
        "re-import of the same GeoPackage (all unchanged)",
        lambda: parcels_import(gpkg, project=project, actor=None),
    )
    assert again.unchanged == count

    band = corridor(lots)
    geoms = np.asarray([lot["geometry"] for lot in lots], dtype=object)
    areas, _ = timed(f"overlay geometry of {count:,} parcels", lambda: recovered_areas(geoms, band))
    print(f"  parcels touched: {(areas > 0).sum():,}")
    timed(
        f"overlay with database writes ({count:,} impacts)",
        lambda: boundary_create(project=project, geometry=band, actor=None),
    )

    Parcel.objects.all().delete()
    dgn = work / "parcels.dgn"
    labels = []
    for lot in lots:
        point = lot["geometry"].representative_point()
        labels.append((point.x, point.y, f"{lot['number']} {lot['land_use']}".encode()))
    write_dgn(dgn, [shapely.get_exterior_ring(lot["geometry"]) for lot in lots], labels)
    print(f"  DGN size: {dgn.stat().st_size / 1e6:.1f} MB")
    project_dgn = make_project("bench-dgn")
    report, _ = timed(
        f"import {count:,} parcels from DGN v7 (line-work + labels) into SQLite",
        lambda: parcels_import(
            dgn, project=project_dgn, actor=None, sheet="1", epsg=project_dgn.crs_epsg
        ),
    )
    assert report.created == count, report.summary()


def bench_map(count: int, work: Path, data_dir: str) -> None:
    from django.contrib.auth import get_user_model
    from parcels.test_import import write_table

    from gpmb.parcels.importing import parcels_import
    from gpmb.parcels.overlay import boundary_create

    lots = grid(count, x0=590_000.0, y0=2_300_000.0)
    path = work / "map.gpkg"
    write_table(path, lots, "GPKG")
    project = make_project("bench-map")
    parcels_import(path, project=project, actor=None)
    boundary_create(project=project, geometry=corridor(lots), actor=None)
    get_user_model().objects.create_superuser("bench", password="bench-only-pass")

    env = {**os.environ, "GPMB_DATA_DIR": data_dir, "DEBUG": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gpmb", "runserver", "127.0.0.1:8799", "--noreload", "--insecure"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync"],
            )  # fmt: skip
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto("http://127.0.0.1:8799/accounts/login/")
            page.fill("input[name=username]", "bench")
            page.fill("input[name=password]", "bench-only-pass")
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            for attempt in ("cold", "warm"):
                sizes: dict[str, int] = {}
                cdp = page.context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.on(
                    "Network.loadingFinished",
                    lambda e, sizes=sizes: sizes.__setitem__(
                        e["requestId"], int(e["encodedDataLength"])
                    ),
                )
                if attempt == "cold":
                    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                started = time.perf_counter()
                page.goto("http://127.0.0.1:8799/parcels/map/bench-map/")
                # A selector, not wait_for_function: the site's CSP forbids the eval
                # that Playwright's polling function needs.
                page.wait_for_selector("#parcel-map:not([data-loaded='0'])", state="attached")
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                elapsed = time.perf_counter() - started
                page.wait_for_load_state("networkidle")
                mode = page.get_attribute("#parcel-map", "data-mode")
                shown = page.get_attribute("#parcel-map", "data-count")
                print(
                    f"map first paint ({attempt} cache, {count:,} parcels, {shown} in view as "
                    f"{mode}): {elapsed:.2f} s, {sum(sizes.values()) / 1e6:.2f} MB transferred"
                )
                cdp.detach()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--map-parcels", type=int, default=20_000)
    parser.add_argument("--skip-map", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup(data_dir)
        work = Path(data_dir)
        if not args.skip_import:
            bench_imports(args.parcels, work)
        if not args.skip_map:
            bench_map(args.map_parcels, work, data_dir)


if __name__ == "__main__":
    main()
