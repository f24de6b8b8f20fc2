"""The dashboards show the figures of the records, name the lagging ward and lead to its
blocked households; bad input is said, never a 500."""

from __future__ import annotations

import re

import pytest

from gpmb.parties.models import Tenure
from gpmb.reports.queries import ScopeKind, report
from tests.payments.conftest import days_ago

pytestmark = pytest.mark.django_db


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">(?:<b>)?([^<]*)<', html)
    assert match, name
    return match[1].strip()


def test_the_city_dashboard_shows_the_records_figures_and_names_the_lagging_ward(client, city):
    client.force_login(city["people"]["leadership"])
    response = client.get("/reports/")
    assert response.status_code == 200
    html = response.content.decode()
    assert figure(html, "total") == "2" and figure(html, "handed_over") == "1"
    paid = report(city["people"]["leadership"], ScopeKind.CITY).totals.paid
    assert figure(html, "paid") == f"{paid:,}".replace(",", ".") + " đồng"
    lagging = re.findall(r'<tr class="lagging" data-ward="(\d+)">', html)
    assert lagging == ["11407"]
    assert 'id="lag-rule"' in html and "<svg" in html and "<polyline" in html
    # Leadership reaches the dashboard from the navigation of every page.
    assert 'href="/reports/"' in client.get("/projects/").content.decode()


def test_a_past_date_shows_the_money_as_it_was(client, city):
    client.force_login(city["people"]["leadership"])
    html = client.get("/reports/", {"as_of": days_ago(20).strftime("%d/%m/%Y")}).content.decode()
    assert figure(html, "paid") == f"{city['first']:,}".replace(",", ".") + " đồng"
    assert figure(html, "handed_over") == "0"


def test_bad_input_is_named_and_the_page_still_answers(client, city):
    client.force_login(city["people"]["leadership"])
    response = client.get("/reports/", {"as_of": "31/02/2026", "window": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "31/02/2026" in html and "“0”" in html
    assert client.get("/reports/wards/99999/").status_code == 404
    assert client.get("/reports/blockers/", {"reason": "nope"}).status_code == 404


def test_the_ward_page_leads_to_its_blocked_households(client, city):
    Tenure.objects.filter(household=city["ab"].household).update(
        certificate_number="", stable_use_start_date=None
    )
    client.force_login(city["people"]["leadership"])
    html = client.get("/reports/wards/11407/").content.decode()
    assert figure(html, "total") == "1"
    # The blockers come after the figures (htmx), from their own address.
    part = re.search(r'hx-get="([^"]+)"', html)[1].replace("&amp;", "&")
    html = client.get(part, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html
    pattern = r'<tr data-reason="origin_unconfirmed">.*?href="([^"]+)".*?class="num">(\d+)<'
    row = re.search(pattern, html, re.S)
    assert row and row[2] == "1"
    listing = client.get(row[1].replace("&amp;", "&")).content.decode()
    assert city["ab"].household.code in listing
    assert city["lc"].household.code not in listing


def test_the_charts_coordinates_are_numbers_svg_reads_in_every_language(client, city):
    client.force_login(city["people"]["leadership"])
    for language in ("vi", "en"):
        client.cookies["django_language"] = language
        html = client.get("/reports/").content.decode()
        coordinates = re.findall(r'(?:x|y|width|x1|x2|y1|y2)="([^"]*)"', html)
        svg = html[html.index("<svg") :]
        assert coordinates and not re.search(r'(?:x|y|width)="\d+,\d', svg), language
        points = re.search(r'points="([^"]+)"', svg)[1]
        assert all(re.fullmatch(r"[\d.]+,[\d.]+", p) for p in points.split()), points
