"""Issue 15: what leadership sees, in a real browser. The leadership user opens the city
dashboard from the navigation, clicks a lagging ward, and reaches the households that
one of its blockers holds back — the same households the blockers query names."""

from __future__ import annotations

from gpmb.cases.models import Case
from gpmb.reports.queries import ScopeKind, blockers, report


def test_leadership_opens_the_city_dashboard_clicks_a_lagging_ward_and_reaches_its_blocked_households(  # noqa: E501
    demo, page, login
):
    from django.contrib.auth import get_user_model

    leader = get_user_model().objects.get(username="lanhdao")
    city = report(leader, ScopeKind.CITY)
    lagging = [w.code for w in city.lagging_wards]
    assert lagging, "the demo has a ward behind the city's share"

    login("lanhdao")
    page.locator("nav.mainnav a[href='/reports/']").click()
    page.wait_for_url("**/reports/")
    assert page.locator(
        "[data-figure=total]"
    ).inner_text().strip() == f"{city.totals.total:,}".replace(",", ".")
    row = page.locator("#wards tr.lagging").first
    code = row.get_attribute("data-ward")
    assert code in lagging
    row.locator("a").click()
    page.wait_for_url(f"**/reports/wards/{code}/")

    groups = [g for g in blockers(leader, ScopeKind.WARD, code) if g.count]
    assert groups, "a lagging ward has something holding it back"
    group = groups[0]
    page.locator(f"#blockers tr[data-reason={group.reason}] > td > a").click()
    page.wait_for_url("**/reports/blockers/**")
    shown = set(page.locator("#blocked tbody tr td:first-child a").all_inner_texts())
    expected = set(
        Case.objects.filter(pk__in=group.case_ids).values_list("household__code", flat=True)
    )
    assert shown == expected
    page.locator("#blocked tbody tr td:first-child a").first.click()
    page.wait_for_url("**/households/*/")
