"""Nothing rendered from data is code (issue 9 point 4, review finding 1).

Script payloads are planted in every free-text field a user can fill through an import
or a form — the parcel's sheet, number and address through an imported GeoJSON, names,
addresses, notes, reasons, captions — and every page that shows them is visited in
Chromium, including hovering the parcel on the map and opening its popup. No payload
may run (`window.__xss` stays undefined), none may even be parsed as markup (the
browser reports no Content-Security-Policy violation, which an unescaped `onerror=`
would cause), and every HTML response carries the policy."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from pyproj import Transformer

from gpmb.cases.models import Case
from gpmb.census.choices import CensusStatus
from gpmb.census.models import InventoryAttachment, InventoryItem
from gpmb.core.choices import JobStatus
from gpmb.core.models import Job, Upload
from gpmb.parcels.importing import parcels_import
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parcels.services import parcel_update
from gpmb.parties.models import Tenure
from gpmb.projects.models import Boundary

LEAFLET = Path(__file__).resolve().parent.parent / "node_modules" / "leaflet" / "dist"

# The review's 20 + 13 characters: harmless apart, `<img src='x'onerror=/1/+(__xss=1)>`
# once the map joins them as "sheet/number".
SHEET = "<img src='x'onerror="
NUMBER = "1/+(__xss=1)>"


def payload(n: int) -> str:
    """Breaks out of text, of both kinds of quoted attribute and of a <script> string."""
    return f"'\"></script><img src=x onerror=__xss={n}><script>__xss={n}</script>"


def short(n: int) -> str:
    """For fields of 30–40 characters."""
    return f'"><svg onload=__xss={n}>'


# Collected in every page before its own scripts run (Playwright injects it through the
# DevTools protocol, which the page's policy does not govern).
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sample));
"""


@pytest.fixture
def planted(demo, tmp_path) -> dict:
    """The payloads, in a household of hs-cr2 with an open census round."""
    case = (
        Case.objects.filter(
            project__code="hs-cr2",
            inventory_items__census__status=CensusStatus.OPEN,
            household__tenures__parcel__isnull=False,
        )
        .select_related("household", "project", "batch")
        .order_by("household__code")
        .first()
    )
    household, project = case.household, case.project
    tenure = Tenure.objects.filter(household=household).select_related("parcel").first()
    old = tenure.parcel

    # The parcel arrives through the import, as in the review: same land, new sheet,
    # number and address; the household's tenure moves to it and the old one leaves
    # the map.
    to_wgs = Transformer.from_crs(project.crs_epsg, 4326, always_xy=True)
    shape = shapely.transform(
        shapely.from_wkb(bytes(old.geometry)), lambda xy: np.column_stack(to_wgs.transform(*xy.T))
    )
    feature = {
        "type": "Feature",
        "geometry": shapely.geometry.mapping(shape),
        "properties": {
            "so_to": SHEET,
            "so_thua": NUMBER,
            "loai_dat": old.land_use_code,
            "dia_chi": payload(2),
        },
    }
    path = tmp_path / "'><svg onload=__xss=3>.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    parcels_import(
        path,
        project=project,
        actor=None,
        accept_warnings=True,
        commune=old.commune.code,
        mapping={"map_sheet": "so_to", "parcel_number": "so_thua", "address": "dia_chi",
                 "land_use_code": "loai_dat"},
    )  # fmt: skip
    parcel = Parcel.objects.get(map_sheet=SHEET, parcel_number=NUMBER)
    ParcelImpact.objects.filter(parcel=old).delete()
    Tenure.objects.filter(parcel=old).update(
        parcel=parcel, certificate_number=short(4), evidence=payload(5)
    )
    parcel_update(
        actor=None, parcel=parcel, data={"measured_area": parcel.measured_area + 1},
        reason=payload(6),
    )  # fmt: skip

    head = household.head
    head.full_name, head.address = payload(7), payload(8)
    head.save()
    member = household.members.exclude(party=head).select_related("party").first()
    if member is not None:
        member.party.full_name = payload(9)
        member.party.save()
    household.code, household.address, household.note = short(10), payload(11), payload(12)
    household.save()

    item = InventoryItem.objects.filter(case=case, census__status=CensusStatus.OPEN).first()
    item.name, item.note = payload(13), payload(14)
    item.admission_reason, item.admission_evidence = payload(15), payload(16)
    item.save()
    InventoryAttachment.objects.create(
        item=item, caption=payload(17), file=ContentFile(b"%PDF-1.4\n", name="x.pdf")
    )
    census = item.census
    census.note = payload(18)
    census.save()
    Boundary.objects.filter(project=project).update(note=payload(19), source_file=payload(20))
    project.name, project.investor, project.legal_basis = payload(21), payload(22), payload(23)
    project.save()
    batch = case.batch
    batch.name = payload(24)
    batch.save()
    officer = get_user_model().objects.get(username="canbo.bt")
    upload = Upload.objects.create(
        kind="parcels",
        project=project,
        created_by=officer,
        file=ContentFile(b"{}", name="job.geojson"),
        original_name=payload(25),
        size=2,
        sha256="0" * 64,
    )
    job = Job.objects.create(
        kind="parcels.write",
        project=project,
        upload=upload,
        created_by=officer,
        status=JobStatus.SUCCEEDED,
        message=payload(26),
    )
    return {
        "household": household, "parcel": parcel, "item": item, "census": census,
        "project": project, "job": job, "upload": upload,
    }  # fmt: skip


def assert_nothing_ran(page, where: str) -> None:
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.__xss") == "undefined", (where, page.evaluate("__xss"))
    assert page.evaluate("window.__violations") == [], where


def test_no_stored_text_runs_as_script_anywhere(planted, page, login):
    if not (LEAFLET / "leaflet.js").exists():
        pytest.fail("Leaflet is not installed: run `npm ci` at the repository root")
    page.add_init_script(WATCH)
    html_responses: list[tuple[str, str | None]] = []
    page.on(
        "response",
        lambda r: (
            html_responses.append((r.url, r.headers.get("content-security-policy")))
            if (r.headers.get("content-type") or "").startswith("text/html")
            else None
        ),
    )
    login("canbo.bt")
    household, parcel, item = planted["household"], planted["parcel"], planted["item"]
    code = planted["project"].code
    pages = [
        "/projects/",
        f"/projects/{code}/",
        "/households/",
        "/households/?q=onerror",
        f"/households/{household.pk}/",
        f"/census/households/{household.pk}/",
        f"/census/households/{household.pk}/history/",
        f"/census/projects/{code}/",
        f"/census/rounds/{planted['census'].pk}/",
        f"/history/census/inventoryitem/{item.pk}/",
        f"/parcels/{parcel.pk}/",
        f"/parcels/{parcel.pk}/edit/",
        f"/history/parcels/parcel/{parcel.pk}/",
        f"/parcels/map/{code}/boundaries/",
        f"/parcels/import/file/{planted['upload'].pk}/",
        f"/jobs/{planted['job'].pk}/",
        f"/policy/projects/{code}/pricing/",
        f"/policy/projects/{code}/pricing/?q=onerror",
        f"/policy/parcels/{parcel.pk}/price/",
    ]
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        assert_nothing_ran(page, url)
    # The payloads are on the pages, as text.
    page.goto(f"/households/{household.pk}/")
    assert payload(7) in page.inner_text("body")

    # The inventory editor: the row's edit form (payloads in input values) and its
    # attachments (caption), both drawn by htmx.
    row = page.locator(f"#item-{item.pk}")
    row.locator("button", has_text="Sửa").click()
    page.wait_for_selector(f"#item-{item.pk}.editing")
    assert page.input_value(f"#item-{item.pk} input[name=name]") == payload(13)
    assert_nothing_ran(page, "inventory editor")
    # Escape cancels the edit (gpmb.js presses the row's cancel button: no eval).
    page.focus(f"#item-{item.pk} input[name=name]")
    page.keyboard.press("Escape")
    page.wait_for_selector(f"#item-{item.pk}:not(.editing)")
    page.locator(f"#item-{item.pk} button", has_text="Ảnh").click()
    page.wait_for_selector(f"#item-{item.pk}.attaching")
    assert payload(17) in page.inner_text(f"#item-{item.pk}")
    assert_nothing_ran(page, "attachments row")

    # The map: hover the parcel (tooltip), click it (popup), search for it.
    page.goto(f"/parcels/map/{code}/")
    page.wait_for_function("() => document.getElementById('parcel-map').dataset.loaded !== '0'")
    page.evaluate(
        "id => { const l = window.gpmbMap; const layer = Object.values(l._layers)"
        ".find(x => x.parcelId === id); l.fitBounds(layer.getBounds(), {maxZoom: 21}); }",
        parcel.pk,
    )
    page.wait_for_function(
        "id => window.gpmbParcelPoint(id) !== null && "
        "document.getElementById('parcel-map').dataset.loaded !== '1'",
        arg=parcel.pk,
    )
    point = page.evaluate("id => window.gpmbParcelPoint(id)", parcel.pk)
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == f"{SHEET}/{NUMBER}"
    assert tooltip.locator("img").count() == 0
    page.mouse.click(point["x"], point["y"])
    popup = page.locator(f".parcel-popup[data-parcel='{parcel.pk}']")
    popup.wait_for()
    assert f"thửa {NUMBER}" in popup.inner_text()
    assert payload(7) in popup.inner_text()
    assert_nothing_ran(page, "map tooltip and popup")
    page.fill("#map-search input[name=q]", "onerror")
    page.press("#map-search input[name=q]", "Enter")
    page.locator(".map-results button").first.wait_for()
    assert payload(7) in page.inner_text(".map-results")
    assert_nothing_ran(page, "map search")

    # Every HTML page came with the policy: scripts from this site's files only.
    assert html_responses
    for url, policy in html_responses:
        assert policy, url
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
        assert directives["script-src"] == "'self'", url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
