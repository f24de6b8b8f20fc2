"""A person sees only the projects and communes they are assigned to — in every list,
and on direct URLs."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gpmb.cases.models import Case
from gpmb.core.choices import Role
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parties.models import Household, Tenure
from gpmb.projects.models import Batch, Project, Segment
from tests.factories import (
    BatchFactory,
    CaseFactory,
    ImpactFactory,
    ParcelFactory,
    ProjectFactory,
    SegmentFactory,
    TenureFactory,
    UserFactory,
    unit,
)

pytestmark = pytest.mark.django_db
LE_CHAN, AN_BIEN = "11383", "11407"


@pytest.fixture
def world():
    """Project P through Lê Chân and An Biên, project Q elsewhere, one household each."""
    p, q = ProjectFactory(code="p"), ProjectFactory(code="q")
    SegmentFactory(project=p, commune=unit(LE_CHAN))
    SegmentFactory(project=p, commune=unit(AN_BIEN))
    SegmentFactory(project=q, commune=unit("11674"))
    rows = {}
    for key, project, commune in [("lc", p, LE_CHAN), ("ab", p, AN_BIEN), ("q", q, "11674")]:
        batch = Batch.objects.filter(project=project).first() or BatchFactory(project=project)
        case = CaseFactory(batch=batch, commune=unit(commune))
        parcel = ParcelFactory(commune=unit(commune))
        ImpactFactory(project=project, parcel=parcel)
        TenureFactory(parcel=parcel, household=case.household)
        rows[key] = {"case": case, "household": case.household, "parcel": parcel}
    return {"P": p, "Q": q, **rows}


def visible(model, user, action="view"):
    return set(model.objects.restrict(user, action).values_list("pk", flat=True))


def keys(world, kind, *names):
    return {world[name][kind].pk for name in names}


def test_anonymous_and_unassigned_see_nothing(world):
    nobody = UserFactory()
    for user in (AnonymousUser(), nobody):
        for model in (Project, Segment, Batch, Parcel, ParcelImpact, Household, Tenure, Case):
            assert visible(model, user) == set(), model


def test_project_officer_sees_the_whole_project_only(world, make_user):
    officer = make_user(Role.COMPENSATION_OFFICER, project=world["P"])
    assert visible(Project, officer) == {world["P"].pk}
    assert visible(Household, officer) == keys(world, "household", "lc", "ab")
    assert visible(Case, officer) == keys(world, "case", "lc", "ab")
    assert visible(Parcel, officer) == keys(world, "parcel", "lc", "ab")
    assert visible(Parcel, officer, "change") == keys(world, "parcel", "lc", "ab")
    assert visible(Tenure, officer) == set(
        Tenure.objects.filter(
            parcel__in=[world["lc"]["parcel"], world["ab"]["parcel"]]
        ).values_list("pk", flat=True)
    )
    assert len(visible(Batch, officer)) == 1
    assert len(visible(Segment, officer)) == 2


def test_commune_officer_sees_only_their_commune(world, make_user):
    an_bien = make_user(Role.COMMUNE_LAND_OFFICER, project=world["P"], commune=AN_BIEN)
    assert visible(Project, an_bien) == {world["P"].pk}
    assert visible(Household, an_bien) == keys(world, "household", "ab")
    assert visible(Case, an_bien) == keys(world, "case", "ab")
    assert visible(Parcel, an_bien) == keys(world, "parcel", "ab")
    assert visible(Segment, an_bien) == set(
        Segment.objects.filter(commune__code=AN_BIEN).values_list("pk", flat=True)
    )
    # The land officer may correct a parcel but not delete one.
    assert visible(Parcel, an_bien, "change") == keys(world, "parcel", "ab")
    assert visible(Parcel, an_bien, "delete") == set()


def test_unscoped_leadership_sees_all_but_cannot_edit(world, make_user):
    leader = make_user(Role.LEADERSHIP)
    assert visible(Project, leader) == {world["P"].pk, world["Q"].pk}
    assert visible(Household, leader) == keys(world, "household", "lc", "ab", "q")
    assert visible(Parcel, leader, "change") == set()


def test_investor_sees_progress_and_the_map_not_households(world, make_user):
    investor = make_user(Role.INVESTOR, project=world["Q"])
    assert visible(Project, investor) == {world["Q"].pk}
    assert visible(Case, investor) == keys(world, "case", "q")
    # The map of its project (parcels), not who lives there or what they own.
    assert visible(Parcel, investor) == keys(world, "parcel", "q")
    assert visible(Household, investor) == set()
    assert visible(Tenure, investor) == set()


def test_two_assignments_add_up(world, make_user):
    user = make_user(Role.COMMUNE_LAND_OFFICER, project=world["P"], commune=LE_CHAN)
    from gpmb.core.services import assignment_create

    assignment_create(actor=None, user=user, role=Role.APPRAISER, project=world["Q"])
    user = type(user).objects.get(pk=user.pk)  # a fresh request reads assignments anew
    assert visible(Household, user) == keys(world, "household", "lc", "q")


def test_lists_and_direct_urls_refuse_other_communes(world, make_user, client):
    an_bien = make_user(Role.COMMUNE_LAND_OFFICER, project=world["P"], commune=AN_BIEN)
    client.force_login(an_bien)
    listing = client.get("/households/").content.decode()
    assert world["ab"]["household"].code in listing
    assert world["lc"]["household"].code not in listing
    assert client.get(f"/households/{world['ab']['household'].pk}/").status_code == 200
    assert client.get(f"/households/{world['lc']['household'].pk}/").status_code == 404
    assert client.get(f"/parcels/{world['lc']['parcel'].pk}/").status_code == 404
    assert client.get(f"/parcels/{world['lc']['parcel'].pk}/edit/").status_code == 404
    assert client.get(f"/projects/{world['Q'].code}/").status_code == 404
    history = f"/history/parcels/parcel/{world['lc']['parcel'].pk}/"
    assert client.get(history).status_code == 404


def test_anonymous_is_sent_to_login(world, client):
    for url in ("/projects/", "/households/", f"/households/{world['lc']['household'].pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
