"""Who is entitled to resettlement, proposed from the plan's facts and confirmed by an
officer (issue 14; Land Law 2024 Art. 111; Decree 88/2024 Art. 11(2), 24), and the plan
that follows: each clause with a hand-worked plan.

The demo pack (hai-phong-demo-2026) prices, in phường Lê Chân, residential land (ODT) on
the Hồ Sen – Cầu Rào 2 road at 60,000,000 đ/m² (VT1) and 15,000,000 đ/m² (VT4), the
resettlement site's plots ("tdc-vinh-niem/lo") at 25,000,000 đ/m², with K 1.2 for ODT
(Resolution 254 Art. 3(6): table × K at plan approval). Its minimum residential plot in a
ward is 36 m² (Land Law Art. 220(2)), its minimum resettlement unit 40 m² (Decree 88
Art. 24(1)), rent while waiting 4,000,000 đ a month for a household of fewer than 5."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gpmb.plans.models import CalculationLine, PlanVersion
from gpmb.plans.services import line_decide
from gpmb.resettlement.models import Entitlement
from gpmb.resettlement.queries import entitlement_proposals
from gpmb.resettlement.services import (
    ResettlementError,
    allocation_agree,
    allocation_refuse,
    entitlement_answer,
    entitlement_confirm,
    plot_add,
    site_create,
)
from tests.factories import unit
from tests.plans.conftest import make_home

DAY = dt.date(2026, 11, 2)
K = Decimal("1.2")
SITE_PRICE = 25_000_000
DUE = dt.date(2027, 1, 15)  # the day the household must hand over its land


def _site(project, ready=dt.date(2026, 12, 1), code="tdc"):
    return site_create(
        actor=None,
        code=f"{code}-{project.code}",
        name="Khu TĐC",
        commune=unit("11383"),
        projects=[project],
        allocation_possible=ready,
    )


def _plot(site, number="L1", area="60"):
    return plot_add(
        actor=None, site=site, number=number, area=Decimal(area), segment="tdc-vinh-niem/lo"
    )


def _home(**kw):
    home = make_home(**kw)
    batch = home.case.batch
    batch.target_handover_date = DUE
    batch.save()
    return home


def _answer(case, question, answer, reason="Biên bản xác minh của UBND phường"):
    entitlement_answer(
        actor=None, case=case, question=question, answer=answer, reason=reason, on=DAY
    )


def _lines(case):
    latest = PlanVersion.objects.filter(case=case).order_by("-number").first()
    return {line.code: line for line in CalculationLine.objects.filter(plan=latest).order_by("pk")}


def test_art_111_4_relocating_with_eligible_residential_land(db):
    """Land Law Art. 111(4): "nếu có đủ điều kiện được bồi thường về đất ở ... thì được bồi
    thường bằng giao đất ở hoặc nhà ở tại khu tái định cư"; Decree 88 Art. 11(2)(a): all
    the residential land recovered, "không còn đất ở, nhà ở nào khác trên địa bàn xã,
    phường". 50 m² taken whole at VT1: 50 × 60,000,000 × 1.2 = 3,600,000,000 đ of land,
    more than a minimum unit (40 × 25,000,000 × 1.2 = 1,200,000,000), so no top-up
    (Art. 111(8)); the 60 m² plot costs 60 × 25,000,000 × 1.2 = 1,800,000,000 đ
    (Art. 111(3)). The site is ready before the land is due: no rent."""
    home = _home(recovered="50.00", area="50.00", code="hs-111-4")
    case = home.case
    proposal = entitlement_proposals([case])[case.pk]
    # Whether the family has another home in the ward is asked, not guessed.
    assert (proposal.basis, proposal.status, proposal.asks) == (
        "relocating",
        "needs_confirmation",
        ("other_home",),
    )
    with pytest.raises(ResettlementError, match="chưa đủ căn cứ"):
        entitlement_confirm(actor=None, case=case, choice="plot", choice_date=DAY)
    assert not Entitlement.objects.exists()

    _answer(case, "other_home", "no")
    entitlement = entitlement_confirm(actor=None, case=case, choice="plot", choice_date=DAY)
    assert entitlement.basis == "relocating"
    assert (
        "Luật Đất đai 2024, Điều 111, khoản 4, đoạn thứ nhất" in entitlement.proposal["citations"]
    )
    allocation_agree(actor=None, case=case, plot=_plot(_site(home.project)), on=DAY)

    lines = _lines(case)
    assert lines["LAND"].amount == int(50 * 60_000_000 * K)
    assert lines["RESETTLEMENT_FEE"].amount == -int(60 * SITE_PRICE * K)
    assert "RESETTLEMENT_TOPUP" not in lines
    assert "RENTAL" not in lines
    assert all(line.status == "ok" for line in lines.values())


def test_art_111_8_top_up_to_one_minimum_unit(db):
    """Land Law Art. 111(8): "tiền bồi thường về đất ở không đủ so với giá trị của một
    suất tái định cư tối thiểu thì được Nhà nước hỗ trợ tiền đủ để được giao một suất tái
    định cư tối thiểu". 30 m² at VT4: 30 × 15,000,000 × 1.2 = 540,000,000 đ; the unit,
    40 m² at the site's table price × K: 40 × 25,000,000 × 1.2 = 1,200,000,000 đ; the
    top-up is the difference, 660,000,000 đ."""
    home = _home(recovered="30.00", area="30.00", position="VT4", code="hs-111-8")
    case = home.case
    _answer(case, "other_home", "no")
    proposal = entitlement_proposals([case])[case.pk]
    assert proposal.topup_applies and "Luật Đất đai 2024, Điều 111, khoản 8" in (proposal.citations)
    entitlement_confirm(actor=None, case=case, choice="plot", choice_date=DAY)
    allocation_agree(actor=None, case=case, plot=_plot(_site(home.project)), on=DAY)

    lines = _lines(case)
    land = int(30 * 15_000_000 * K)
    unit_value = int(40 * SITE_PRICE * K)
    assert lines["LAND"].amount == land == 540_000_000
    assert lines["RESETTLEMENT_TOPUP"].amount == unit_value - land == 660_000_000
    assert lines["RESETTLEMENT_FEE"].amount == -int(60 * SITE_PRICE * K)


def test_art_111_4_second_paragraph_several_households_on_one_plot(db):
    """Land Law Art. 111(4), second paragraph: several generations or couples on one plot,
    "nếu đủ điều kiện để tách thành từng hộ gia đình riêng ... mà diện tích đất ở được
    bồi thường không đủ để giao riêng cho từng hộ gia đình thì được xem xét hỗ trợ để giao
    đất ở có thu tiền sử dụng đất". Three households, 50 m² recovered < 3 × 36 m²: three
    plots proposed, the extra two at the fee. This household's own plan: 50 × 60,000,000 ×
    1.2 = 3,600,000,000 đ of land, its 60 m² plot 1,800,000,000 đ."""
    home = _home(recovered="50.00", area="50.00", code="hs-111-4b")
    case = home.case
    _answer(case, "other_home", "no")
    _answer(case, "separable_households", "3", "Xác nhận cư trú của Công an phường")
    proposal = entitlement_proposals([case])[case.pk]
    assert (proposal.basis, proposal.status, proposal.plots) == ("generations", "ok", 3)
    assert "Luật Đất đai 2024, Điều 111, khoản 10" in proposal.citations
    entitlement_confirm(actor=None, case=case, choice="plot", choice_date=DAY)
    allocation_agree(actor=None, case=case, plot=_plot(_site(home.project)), on=DAY)
    lines = _lines(case)
    assert lines["LAND"].amount == int(50 * 60_000_000 * K)
    assert lines["RESETTLEMENT_FEE"].amount == -int(60 * SITE_PRICE * K)

    # Two households on 80 m²: 80 ≥ 2 × 36, each can have its own plot from the land.
    other = _home(recovered="80.00", area="80.00", code="hs-111-4c", national_id="031090000777")
    _answer(other.case, "other_home", "no")
    _answer(other.case, "separable_households", "2")
    assert entitlement_proposals([other.case])[other.case.pk].basis == "relocating"


def test_art_111_5_no_residential_eligibility_and_no_other_home(db):
    """Land Law Art. 111(5); Decree 88 Art. 24(5) (added by Decree 226): a household
    "phải di chuyển chỗ ở mà không đủ điều kiện được bồi thường về đất ở, nếu không có chỗ
    ở nào khác" is given residential land for the fee. Land encroached in 2020 is not
    compensated (no land line of money); it buys its 60 m² plot at 60 × 25,000,000 × 1.2 =
    1,800,000,000 đ and gets no top-up: Art. 111(8) is for those compensated for
    residential land."""
    home = _home(recovered="50.00", area="50.00", code="hs-111-5")
    tenure = home.household.tenures.get()
    tenure.origin, tenure.stable_use_start_date = "encroached", dt.date(2020, 6, 1)
    tenure.violation = "encroachment"
    tenure.save()
    case = home.case
    _answer(case, "other_home", "no")
    proposal = entitlement_proposals([case])[case.pk]
    assert (proposal.basis, proposal.status, proposal.residential_eligible) == (
        "no_other_home",
        "ok",
        False,
    )
    assert "Luật Đất đai 2024, Điều 111, khoản 5" in proposal.citations
    entitlement_confirm(actor=None, case=case, choice="plot", choice_date=DAY)
    allocation_agree(actor=None, case=case, plot=_plot(_site(home.project)), on=DAY)
    lines = _lines(case)
    assert sum(line.amount for line in lines.values() if line.group == "land") == 0
    assert lines["RESETTLEMENT_FEE"].amount == -1_800_000_000
    assert "RESETTLEMENT_TOPUP" not in lines

    # With another home in the ward, Art. 111(5) does not apply.
    _answer(case, "other_home", "yes")
    assert entitlement_proposals([case])[case.pk].basis is None


def test_no_entitlement_when_the_household_need_not_move_or_has_another_home(db):
    """Decree 88 Art. 11(2): 100 m² with 50 m² taken leaves 50 m² ≥ the 36 m² minimum: the
    family stays, nothing to confirm. Art. 11(2)(b): all taken but another home in the
    ward: money (or land "nếu địa phương có điều kiện"), not an entitlement as of right."""
    stays = _home(recovered="50.00", area="100.00", code="hs-stay")
    proposal = entitlement_proposals([stays.case])[stays.case.pk]
    assert (proposal.basis, proposal.status) == (None, "ok")
    with pytest.raises(ResettlementError, match="không thuộc trường hợp"):
        entitlement_confirm(actor=None, case=stays.case, choice="plot", choice_date=DAY)

    moves = _home(recovered="50.00", area="60.00", code="hs-below", national_id="031090000555")
    _answer(moves.case, "other_home", "yes")
    proposal = entitlement_proposals([moves.case])[moves.case.pk]
    assert proposal.basis is None
    assert "Nghị định 88/2024/NĐ-CP, Điều 11, khoản 2, điểm b" in proposal.citations
    assert not Entitlement.objects.exists()


def test_in_place_resettlement_on_a_linear_project(db):
    """Decree 88 Art. 24(3): on a road project, a household asking for it is resettled in
    place, its residential land moved to the farmland left behind the house."""
    home = _home(recovered="50.00", area="200.00", code="hs-24-3")
    home.parcel.remainder_land_use_code = "CLN"
    home.parcel.save()
    case = home.case
    _answer(case, "in_place", "yes")
    proposal = entitlement_proposals([case])[case.pk]
    assert (proposal.basis, proposal.status) == ("in_place", "ok")
    assert "Nghị định 88/2024/NĐ-CP, Điều 24, khoản 3, điểm a" in proposal.citations


def test_rent_runs_until_the_plot_can_be_given(db):
    """Decree 88 Art. 3(2)(n) (added by Decree 49/2026): the plan states the time and cost
    of temporary housing; rent runs from the day the land is due (15/01/2027) to the day
    the plot can be given. Site ready 15/04/2027: 3 months × 4,000,000 = 12,000,000 đ.
    Ready 25/04/2027: 3 months and 10 days, the part month counted as a person decides
    — a whole month until then (4 × 4,000,000, to be confirmed), or 10/30 of April–May's
    30 days: 3.33 × 4,000,000 = 13,320,000 đ. No plot yet: the line says what is
    missing."""
    home = _home(recovered="50.00", area="50.00", code="hs-rent")
    case = home.case
    _answer(case, "other_home", "no")
    entitlement_confirm(actor=None, case=case, choice="plot", choice_date=DAY)
    rent = _lines(case)["RENTAL"]
    assert (rent.status, rent.amount) == ("missing_basis", 0)
    assert "waiting_until" in rent.formula

    site = _site(home.project, ready=dt.date(2027, 4, 15))
    allocation = allocation_agree(actor=None, case=case, plot=_plot(site), on=DAY)
    rent = _lines(case)["RENTAL"]
    assert (rent.status, rent.quantity, rent.amount) == ("ok", 3, 3 * 4_000_000)

    allocation_refuse(actor=None, allocation=allocation, on=DAY, reason="Đổi lô")
    late = _site(home.project, ready=dt.date(2027, 4, 25), code="late")
    allocation_agree(actor=None, case=case, plot=_plot(late, "M1"), on=DAY)
    rent = _lines(case)["RENTAL"]
    assert (rent.status, rent.amount) == ("needs_confirmation", 4 * 4_000_000)
    line_decide(line=rent, choice="by_days", reason="Tính theo ngày", actor=None)
    from gpmb.plans.services import case_compute

    case_compute(case=case, actor=None)
    rent = _lines(case)["RENTAL"]
    assert (rent.status, rent.quantity) == ("ok", Decimal("3.33"))
    assert rent.amount == int(Decimal("3.33") * 4_000_000) == 13_320_000


def test_the_fee_follows_the_plot_through_a_refusal_and_a_reallocation(db):
    """Land Law Art. 111(3): the fee is the allocated plot's. A refuses L1 (its fee goes),
    B receives L1 (the fee of 60 m² is now B's), A takes the 80 m² L2: 80 × 25,000,000 ×
    1.2 = 2,400,000,000 đ."""
    a = _home(recovered="50.00", area="50.00", code="hs-realloc")
    b = _home(project=a.project, recovered="50.00", area="50.00", national_id="031090000999")
    for home in (a, b):
        _answer(home.case, "other_home", "no")
        entitlement_confirm(actor=None, case=home.case, choice="plot", choice_date=DAY)
    site = _site(a.project)
    l1, l2 = _plot(site, "L1", "60"), _plot(site, "L2", "80")
    first = allocation_agree(actor=None, case=a.case, plot=l1, on=DAY)
    assert _lines(a.case)["RESETTLEMENT_FEE"].amount == -1_800_000_000
    allocation_refuse(actor=None, allocation=first, on=DAY, reason="Xin lô khác")
    assert "RESETTLEMENT_FEE" not in _lines(a.case)
    allocation_agree(actor=None, case=b.case, plot=l1, on=DAY)
    allocation_agree(actor=None, case=a.case, plot=l2, on=DAY)
    assert _lines(b.case)["RESETTLEMENT_FEE"].amount == -int(60 * SITE_PRICE * K)
    assert _lines(a.case)["RESETTLEMENT_FEE"].amount == -int(80 * SITE_PRICE * K)


def test_a_household_finding_its_own_home_gets_that_support(db):
    """Decree 88 Art. 23: a household that must move and finds its own home gets the
    province's support (the demo pack: 300,000,000 đ in a ward below the allocation
    limit, for up to 4 members)."""
    home = _home(recovered="50.00", area="50.00", code="hs-self")
    _answer(home.case, "other_home", "no")
    entitlement_confirm(actor=None, case=home.case, choice="self_arranged", choice_date=DAY)
    lines = _lines(home.case)
    assert lines["SELF_ARRANGED"].amount == 300_000_000
    assert "RENTAL" not in lines and "RESETTLEMENT_FEE" not in lines


def test_a_bad_answer_is_refused_and_writes_nothing(db):
    home = _home(recovered="50.00", area="50.00", code="hs-bad")
    for question, answer, reason in (
        ("other_home", "maybe", "x"),
        ("separable_households", "0", "x"),
        ("other_home", "no", "  "),
    ):
        with pytest.raises(ResettlementError):
            entitlement_answer(
                actor=None,
                case=home.case,
                question=question,
                answer=answer,
                reason=reason,
                on=DAY,
            )
    assert entitlement_proposals([home.case])[home.case.pk].asks == ("other_home",)


def test_the_officer_answers_and_confirms_on_the_batch_page(db, client):
    from gpmb.core.choices import Role
    from gpmb.core.services import assignment_create
    from tests.factories import UserFactory

    home = _home(recovered="50.00", area="50.00", code="hs-page")
    officer = UserFactory(username="officer")
    assignment_create(
        actor=None, user=officer, role=Role.COMPENSATION_OFFICER, project=home.project
    )
    client.force_login(officer)
    url = f"/resettlement/batches/{home.case.batch_id}/entitlements/"
    page = client.get(url).content.decode()
    assert home.household.code in page and "chưa xác nhận hộ còn đất ở" in page
    assert f"/resettlement/cases/{home.case.pk}/confirm/" not in page  # a question first

    client.post(
        f"/resettlement/cases/{home.case.pk}/answer/",
        {
            "question": "other_home",
            "answer": "no",
            "reason": "<b>Biên bản</b> xác minh",
            "answered_on": "02/11/2026",
        },
    )
    page = client.get(url).content.decode()
    assert "&lt;b&gt;Biên bản&lt;/b&gt;" in page  # the reason is text, never HTML
    assert f"/resettlement/cases/{home.case.pk}/confirm/" in page
    response = client.post(
        f"/resettlement/cases/{home.case.pk}/confirm/",
        {"choice": "plot", "choice_date": "02/11/2026"},
    )
    assert response.status_code == 302
    entitlement = Entitlement.objects.get(case=home.case)
    assert (entitlement.basis, entitlement.choice) == ("relocating", "plot")
    assert entitlement.proposal["answers"] == {"other_home": "no"}

    # The request to record the plot's fee as debt, with the commitment (Decree 88 Art. 26).
    assert f"/resettlement/cases/{home.case.pk}/debt/" in client.get(url).content.decode()
    client.post(
        f"/resettlement/cases/{home.case.pk}/debt/",
        {"requested_on": "03/11/2026", "commitment": "Cam kết bàn giao trước 15/01/2027"},
    )
    entitlement.refresh_from_db()
    assert entitlement.debt_requested_on == dt.date(2026, 11, 3)
    assert "Cam kết bàn giao trước 15/01/2027" in client.get(url).content.decode()


def test_the_debt_on_the_plot_s_fee_is_recorded_on_request(db):
    """Decree 88 Art. 26(1),(3) (as amended by Decree 49): a household whose land
    compensation is less than its plot's fee may, on request and committing to hand over
    on time, record the difference as debt; with the minimum-unit support, the debt is
    the fee above one minimum unit. 30 m² at VT4: land 540,000,000 đ, top-up 660,000,000
    đ (one unit, 1,200,000,000 đ); the 60 m² plot costs 1,800,000,000 đ: a debt of
    1,800,000,000 − 1,200,000,000 = 600,000,000 đ."""
    from gpmb.resettlement.services import debt_request

    home = _home(recovered="30.00", area="30.00", position="VT4", code="hs-debt")
    case = home.case
    with pytest.raises(ResettlementError, match="chưa được xác nhận"):
        debt_request(actor=None, case=case, on=DAY, commitment="Bàn giao đúng hạn")
    _answer(case, "other_home", "no")
    entitlement_confirm(actor=None, case=case, choice="plot", choice_date=DAY)
    allocation_agree(actor=None, case=case, plot=_plot(_site(home.project)), on=DAY)
    assert "RESETTLEMENT_DEBT_RECORDED" not in _lines(case)
    with pytest.raises(ResettlementError, match="cam kết"):
        debt_request(actor=None, case=case, on=DAY, commitment="  ")

    debt_request(actor=None, case=case, on=DAY, commitment="Cam kết bàn giao trước 15/01/2027")
    lines = _lines(case)
    fee = int(60 * SITE_PRICE * K)
    unit_value = int(40 * SITE_PRICE * K)
    assert lines["RESETTLEMENT_DEBT_RECORDED"].amount == fee - unit_value == 600_000_000
    assert "Nghị định 88/2024/NĐ-CP, Điều 26" in lines["RESETTLEMENT_DEBT_RECORDED"].citations[0]
