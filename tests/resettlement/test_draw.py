"""The public draw of resettlement plots: published before it is held, reproducible by
anyone from what was published, never one plot twice, a refusal that frees the plot and
keeps the history (issue 14; Land Law 2024 Art. 111)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gpmb.core.choices import Role
from gpmb.core.permissions import NotPermitted
from gpmb.core.services import assignment_create
from gpmb.resettlement import draw as rule
from gpmb.resettlement.models import Allocation, Draw
from gpmb.resettlement.services import (
    ResettlementError,
    allocation_agree,
    allocation_refuse,
    draw_publish,
    draw_run,
    entitlement_record,
    plot_add,
    site_create,
)
from tests.factories import BatchFactory, CaseFactory, ProjectFactory, UserFactory, unit

LE_CHAN = "11383"
DAY = dt.date(2026, 11, 2)


@pytest.fixture
def world(db):
    project = ProjectFactory(code="hs-tdc", policy_pack_code="hai-phong-demo-2026")
    batch = BatchFactory(project=project, code="D1")
    cases = [CaseFactory(batch=batch) for _ in range(5)]
    for case in cases:
        entitlement_record(
            actor=None, case=case, basis="relocating", choice="plot", choice_date=DAY
        )
    site = site_create(
        actor=None,
        code="tdc-vinh-niem",
        name="Khu TĐC Vĩnh Niệm",
        commune=unit(LE_CHAN),
        projects=[project],
    )
    plots = [
        plot_add(actor=None, site=site, number=f"L{n}", area=Decimal("60")) for n in (1, 2, 10)
    ]
    return {"project": project, "batch": batch, "cases": cases, "site": site, "plots": plots}


def test_a_published_draw_is_recomputed_by_anyone_from_what_was_published(world):
    draw = draw_publish(actor=None, site=world["site"], batch=world["batch"], on=DAY)
    # What is published before the draw: the lists, the rule and the seed's hash.
    published = json.loads(rule.canonical(draw.inputs))
    assert published["plots"] == ["L1", "L2", "L10"]
    assert sorted(published["households"]) == published["households"]
    assert len(published["households"]) == 5
    assert draw.inputs_hash == rule.sha256(rule.canonical(published))

    made = draw_run(actor=None, draw=draw, public_value="37", on=DAY + dt.timedelta(days=15))
    draw.refresh_from_db()
    # The seed revealed at the draw is the one whose hash was published.
    assert rule.sha256(draw.seed) == published["commitment"]
    recomputed = rule.draw(published, draw.seed, "37")
    assert [(a.case.household.code, a.plot.number) for a in made] == recomputed
    assert len({a.plot_id for a in made}) == 3  # three plots, three households, none twice


def test_the_value_drawn_in_the_room_changes_the_result():
    inputs = {"households": [f"H{i:03d}" for i in range(30)], "plots": ["L1"]}
    winners = {rule.draw(inputs, "seed", str(value))[0][0] for value in range(20)}
    assert len(winners) > 1


@given(
    st.lists(st.text(min_size=1, max_size=6), unique=True, max_size=40),
    st.lists(st.text(min_size=1, max_size=6), unique=True, max_size=40),
    st.text(max_size=10),
)
def test_no_plot_is_ever_drawn_twice(households, plots, value):
    pairs = rule.draw({"households": households, "plots": plots}, "s", value)
    assert len(pairs) == min(len(households), len(plots))
    assert len({p for _, p in pairs}) == len(pairs)
    assert len({h for h, _ in pairs}) == len(pairs)


def test_households_beyond_the_plots_wait_for_the_next_draw(world):
    draw = draw_publish(actor=None, site=world["site"], batch=world["batch"], on=DAY)
    draw_run(actor=None, draw=draw, public_value="5", on=DAY)
    with pytest.raises(ResettlementError, match="không còn lô trống"):
        draw_publish(actor=None, site=world["site"], batch=world["batch"], on=DAY)
    plot_add(actor=None, site=world["site"], number="L11", area=Decimal("55"))
    second = draw_publish(actor=None, site=world["site"], batch=world["batch"], on=DAY)
    assert second.inputs["plots"] == ["L11"]
    assert len(second.inputs["households"]) == 2


def test_a_refusal_frees_the_plot_and_the_reallocation_keeps_the_history(world):
    draw = draw_publish(actor=None, site=world["site"], batch=world["batch"], on=DAY)
    first = draw_run(actor=None, draw=draw, public_value="5", on=DAY)[0]
    waiting = next(c for c in world["cases"] if not c.allocations.exists())
    with pytest.raises(ResettlementError):
        allocation_agree(actor=None, case=waiting, plot=first.plot, on=DAY)  # still taken

    allocation_refuse(actor=None, allocation=first, on=DAY, reason="Xin nhận tiền")
    again = allocation_agree(actor=None, case=waiting, plot=first.plot, on=DAY)
    history = list(Allocation.objects.filter(plot=first.plot).order_by("pk"))
    assert [(a.case_id, a.refused_on is not None) for a in history] == [
        (first.case_id, True),
        (again.case_id, False),
    ]


def test_a_draw_whose_lists_changed_is_not_held(world):
    draw = draw_publish(actor=None, site=world["site"], batch=world["batch"], on=DAY)
    entitlement_record(
        actor=None, case=world["cases"][0], basis="relocating", choice="money", choice_date=DAY
    )
    with pytest.raises(ResettlementError, match="công bố lại"):
        draw_run(actor=None, draw=draw, public_value="5", on=DAY)
    assert not Allocation.objects.exists()
    draw.refresh_from_db()
    assert draw.status == "published"


def test_only_an_officer_of_the_whole_project_publishes_a_draw(world):
    def officer(name, project, commune=None):
        user = UserFactory(username=name)
        assignment_create(
            actor=None,
            user=user,
            role=Role.COMPENSATION_OFFICER,
            project=project,
            commune=unit(commune) if commune else None,
        )
        return user

    other = officer("other", ProjectFactory(code="khac"))
    ward = officer("ward", world["project"], LE_CHAN)  # a draw spans the batch's wards
    for user in (other, ward):
        with pytest.raises(NotPermitted):
            draw_publish(actor=user, site=world["site"], batch=world["batch"], on=DAY)
    assert not Draw.objects.exists()
    draw = draw_publish(
        actor=officer("whole", world["project"]), site=world["site"], batch=world["batch"], on=DAY
    )
    with pytest.raises(NotPermitted):
        draw_run(actor=other, draw=draw, public_value="1", on=DAY)
    assert not Allocation.objects.exists()


def test_the_pages_keep_the_seed_secret_until_the_draw(world, client):
    officer = UserFactory(username="whole")
    assignment_create(
        actor=None, user=officer, role=Role.COMPENSATION_OFFICER, project=world["project"]
    )
    client.force_login(officer)
    site = world["site"]
    response = client.post(
        f"/resettlement/sites/{site.pk}/draws/",
        {"batch": world["batch"].pk, "published_on": "02/11/2026"},
    )
    draw = Draw.objects.get()
    assert response.status_code == 302
    page = client.get(f"/resettlement/draws/{draw.pk}/").content.decode()
    assert draw.commitment in page and draw.seed not in page
    published = client.get(f"/resettlement/draws/{draw.pk}/inputs.json").content.decode()
    assert rule.sha256(published) == draw.inputs_hash and draw.seed not in published

    client.post(
        f"/resettlement/draws/{draw.pk}/run/", {"public_value": "42", "drawn_on": "17/11/2026"}
    )
    page = client.get(f"/resettlement/draws/{draw.pk}/").content.decode()
    assert draw.seed in page
    for household, plot in rule.draw(draw.inputs, draw.seed, "42"):
        assert household in page and plot in page


def test_a_user_of_another_project_neither_sees_nor_draws(world, client):
    draw = draw_publish(actor=None, site=world["site"], batch=world["batch"], on=DAY)
    stranger = UserFactory(username="stranger")
    assignment_create(
        actor=None,
        user=stranger,
        role=Role.COMPENSATION_OFFICER,
        project=ProjectFactory(code="khac"),
    )
    client.force_login(stranger)
    assert client.get(f"/resettlement/sites/{world['site'].pk}/").status_code == 404
    assert client.get(f"/resettlement/draws/{draw.pk}/inputs.json").status_code == 404
    response = client.post(
        f"/resettlement/draws/{draw.pk}/run/", {"public_value": "1", "drawn_on": "17/11/2026"}
    )
    assert response.status_code == 404
    draw.refresh_from_db()
    assert draw.status == "published" and not Allocation.objects.exists()


def test_the_plan_follows_the_plot_and_its_refusal(db):
    """Land Law 2024 Art. 111(3) and Resolution 254/2025 Art. 3(6): the plot's land-use fee
    is its area × the table price × K at plan approval. The demo pack prices the site's
    plots at 25,000,000 đ/m² (its row "tdc-vinh-niem/lo") with K 1.2 for ODT, so a 60 m²
    plot costs 60 × 25,000,000 × 1.2 = 1,800,000,000 đ, a line the household pays."""
    from gpmb.plans.models import CalculationLine, PlanVersion

    project = ProjectFactory(code="hs-fee", policy_pack_code="hai-phong-demo-2026")
    case = CaseFactory(batch=BatchFactory(project=project))
    entitlement_record(actor=None, case=case, basis="relocating", choice="plot", choice_date=DAY)
    site = site_create(
        actor=None, code="tdc", name="Khu TĐC", commune=unit(LE_CHAN), projects=[project]
    )
    plot = plot_add(
        actor=None, site=site, number="L1", area=Decimal("60"), segment="tdc-vinh-niem/lo"
    )

    def fee_lines():
        latest = PlanVersion.objects.filter(case=case).order_by("-number").first()
        return list(
            CalculationLine.objects.filter(plan=latest, code="RESETTLEMENT_FEE").values_list(
                "amount", "status"
            )
        )

    allocation = allocation_agree(actor=None, case=case, plot=plot, on=DAY)
    assert fee_lines() == [(-1_800_000_000, "ok")]
    allocation_refuse(actor=None, allocation=allocation, on=DAY, reason="Nhận tiền")
    assert fee_lines() == []


def test_a_household_due_to_hand_over_before_its_site_is_ready_is_a_blocker(world):
    from gpmb.resettlement.queries import project_standing

    batch = world["batch"]
    batch.target_handover_date = dt.date(2027, 3, 31)
    batch.save()
    site = world["site"]
    draw = draw_publish(actor=None, site=site, batch=batch, on=DAY)
    draw_run(actor=None, draw=draw, public_value="9", on=DAY)

    # The site can hand over plots only after the families' land is due: all five block,
    # three for the site, two for having no plot at all.
    site.allocation_possible = dt.date(2027, 5, 1)
    site.save()
    officer = UserFactory(username="whole")
    assignment_create(
        actor=None, user=officer, role=Role.COMPENSATION_OFFICER, project=world["project"]
    )
    standing = project_standing(officer, world["project"])
    reasons = sorted(b.reason for b in standing["blockers"])
    assert (standing["needing"], standing["allocated"]) == (5, 3)
    assert (
        reasons
        == ["chưa được bố trí lô"] * 2 + ["khu tái định cư chưa sẵn sàng trước hạn bàn giao"] * 3
    )

    # Ready in time: only the two without a plot remain.
    site.allocation_possible = dt.date(2027, 2, 1)
    site.save()
    standing = project_standing(officer, world["project"])
    assert [b.ready_on for b in standing["blockers"]] == [None, None]


def test_the_minutes_of_the_draw_read_back_as_drawn(world, client):
    import io

    import docx

    from gpmb.documents.registry import KINDS
    from gpmb.documents.resettlement import draw_minutes_context
    from tests.documents.test_templates import _shape

    officer = UserFactory(username="whole")
    assignment_create(
        actor=None, user=officer, role=Role.COMPENSATION_OFFICER, project=world["project"]
    )
    client.force_login(officer)
    draw = draw_publish(actor=None, site=world["site"], batch=world["batch"], on=DAY)
    assert client.get(f"/documents/draws/{draw.pk}/minutes.docx").status_code == 404
    draw_run(actor=None, draw=draw, public_value="27", on=DAY + dt.timedelta(days=15))
    draw.refresh_from_db()
    assert _shape(draw_minutes_context(draw)) == _shape(KINDS["draw_minutes"].sample)

    response = client.get(f"/documents/draws/{draw.pk}/minutes.docx")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    for value in (draw.seed, draw.commitment, draw.inputs_hash, "17/11/2026"):
        assert value in text
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Mã hộ")
    drawn = [(row.cells[1].text, row.cells[3].text) for row in table.rows[1:]]
    assert drawn == rule.draw(draw.inputs, draw.seed, "27")

    stranger = UserFactory(username="stranger")
    assignment_create(
        actor=None, user=stranger, role=Role.COMPENSATION_OFFICER, project=ProjectFactory()
    )
    client.force_login(stranger)
    assert client.get(f"/documents/draws/{draw.pk}/minutes.docx").status_code == 404


def test_the_allocation_decision_gives_each_plot_in_force_with_its_fee(db, client):
    """Land Law Art. 111(3): each plot's land-use fee is its area × the table price × K,
    as the household's plan states: 60 m² × 25,000,000 × 1.2 = 1,800,000,000 đ. A plot
    refused and given again is listed with its new household only."""
    import io

    import docx

    from gpmb.documents.registry import KINDS
    from gpmb.documents.resettlement import allocation_decision_context
    from tests.documents.test_templates import _shape

    project = ProjectFactory(code="hs-qd", policy_pack_code="hai-phong-demo-2026")
    batch = BatchFactory(project=project, code="D1")
    cases = [CaseFactory(batch=batch) for _ in range(3)]
    for case in cases:
        entitlement_record(
            actor=None, case=case, basis="relocating", choice="plot", choice_date=DAY
        )
    site = site_create(
        actor=None, code="tdc-qd", name="Khu TĐC", commune=unit(LE_CHAN), projects=[project]
    )
    for n in (1, 2):
        plot_add(
            actor=None, site=site, number=f"L{n}", area=Decimal("60"), segment="tdc-vinh-niem/lo"
        )
    draw = draw_publish(actor=None, site=site, batch=batch, on=DAY)
    made = draw_run(actor=None, draw=draw, public_value="8", on=DAY)
    refused = allocation_refuse(actor=None, allocation=made[0], on=DAY, reason="Nhận tiền")
    waiting = next(c for c in cases if not c.allocations.exists())
    allocation_agree(actor=None, case=waiting, plot=refused.plot, on=DAY)
    draw.refresh_from_db()
    context = allocation_decision_context(draw)
    assert _shape(context) == _shape(KINDS["allocation_decision"].sample)

    officer = UserFactory(username="whole")
    assignment_create(actor=None, user=officer, role=Role.COMPENSATION_OFFICER, project=project)
    client.force_login(officer)
    response = client.get(f"/documents/draws/{draw.pk}/allocation-decision.docx")
    document = docx.Document(io.BytesIO(response.content))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Mã hộ")
    listed = {row.cells[3].text: (row.cells[1].text, row.cells[5].text) for row in table.rows[1:]}
    fee = f"{int(60 * 25_000_000 * Decimal('1.2')):,}".replace(",", ".")
    assert listed == {
        refused.plot.number: (waiting.household.code, fee),
        made[1].plot.number: (made[1].case.household.code, fee),
    }
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Giao 2 lô đất ở" in text and "khoản 3 Điều 111" in text

    stranger = UserFactory(username="stranger")
    assignment_create(
        actor=None, user=stranger, role=Role.COMPENSATION_OFFICER, project=ProjectFactory()
    )
    client.force_login(stranger)
    assert client.get(f"/documents/draws/{draw.pk}/allocation-decision.docx").status_code == 404


def test_the_plot_handover_minutes_name_the_family_and_the_plot(world, client):
    import io

    import docx

    from gpmb.documents.registry import KINDS
    from gpmb.documents.resettlement import plot_handover_minutes_context
    from tests.documents.test_templates import _shape

    case = world["cases"][0]
    allocation = allocation_agree(actor=None, case=case, plot=world["plots"][0], on=DAY)
    assert _shape(plot_handover_minutes_context(allocation)) == _shape(
        KINDS["plot_handover_minutes"].sample
    )
    officer = UserFactory(username="whole")
    assignment_create(
        actor=None, user=officer, role=Role.COMPENSATION_OFFICER, project=world["project"]
    )
    client.force_login(officer)
    url = f"/documents/allocations/{allocation.pk}/handover-minutes.docx"
    assert url in client.get(f"/resettlement/sites/{world['site'].pk}/").content.decode()
    document = docx.Document(io.BytesIO(client.get(url).content))
    text = "\n".join(p.text for p in document.paragraphs)
    from gpmb.core.vnformat import format_area

    area = format_area(allocation.plot.area)
    assert f"lô đất số {allocation.plot.number}, diện tích {area} m²" in text
    assert case.household.code in text and case.household.head.full_name in text

    # A refused plot is not handed over; another project's officer sees nothing.
    allocation_refuse(actor=None, allocation=allocation, on=DAY, reason="Nhận tiền")
    assert client.get(url).status_code == 404
    stranger = UserFactory(username="stranger")
    assignment_create(
        actor=None, user=stranger, role=Role.COMPENSATION_OFFICER, project=ProjectFactory()
    )
    client.force_login(stranger)
    other = allocation_agree(actor=None, case=case, plot=world["plots"][1], on=DAY)
    assert client.get(f"/documents/allocations/{other.pk}/handover-minutes.docx").status_code == 404
