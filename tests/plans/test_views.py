"""Plan pages: household lines, compute button, decide, diff, calculator; scoping."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent
from gpmb.plans.models import LineDecision, PlanVersion
from gpmb.plans.services import case_compute
from gpmb.policy.models import PolicyPack
from tests.plans.conftest import DEMO_PACK, make_home

pytestmark = pytest.mark.django_db


def test_officer_computes_from_the_project_page_and_sees_lines_on_the_household(
    home, make_user, client, run_jobs
):
    officer = make_user(Role.COMPENSATION_OFFICER, project=home.project)
    client.force_login(officer)
    page = client.get(f"/projects/{home.project.code}/").content.decode()
    assert "Tính phương án" in page
    with run_jobs(execute=True):
        response = client.post(f"/plans/projects/{home.project.code}/compute/", {"batch": "D1"})
    assert response.status_code == 302  # to the job's page, which shows its progress
    job = client.get(response["Location"]).content.decode()
    assert "Đã tính 1 hồ sơ: 1 phiên bản mới" in job
    version = PlanVersion.objects.get(case=home.case)
    assert version.computed_by == officer

    page = client.get(f"/households/{home.household.pk}/").content.decode()
    assert "Bồi thường về đất" in page
    assert "3.600.000.000 đồng" in page  # amount in Vietnamese format
    assert "50 m² × 60.000.000 đ/m² × K 1,2" in page  # the formula
    assert "Luật Đất đai 2024, Điều 95" in page  # a citation
    assert "Đủ căn cứ" in page  # the status badge
    assert f"/documents/plans/{version.pk}/sheet.xlsx" in page


def test_household_page_query_count_does_not_grow_with_lines(home, make_user, client):
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    case_compute(case=home.case, actor=None)
    url = f"/households/{home.household.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # A second parcel and a second case's worth of lines.
    other = make_home(project=home.project, name="Hộ Hai", national_id="")
    other.case.delete()
    tenure = other.parcel.tenures.get()
    tenure.household = home.household
    tenure.save()
    case_compute(case=home.case, actor=None)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    # The page (14, with its cases' legal steps), the lines of the latest versions, the
    # inventory rounds the plans are compared with (issue 11: which round and
    # corrections a plan counts), and whether a case is in a payment batch (issue 13).
    assert len(few) <= 17


def test_version_and_diff_pages_query_counts_are_pinned(home, make_user, client):
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    first = case_compute(case=home.case, actor=None)
    home.impact.recovered_area = home.impact.recovered_area - 10
    home.impact.save()
    second = case_compute(case=home.case, actor=None)
    for url in (f"/plans/versions/{second.pk}/", f"/plans/versions/{second.pk}/diff/"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= 10, url
    diff = client.get(f"/plans/versions/{second.pk}/diff/").content.decode()
    assert diff.count('class="diff-changed"') == 1
    assert "-720.000.000 đồng" in diff
    assert first.pk != second.pk


def test_decide_a_line_on_the_web_with_a_reason(home, make_user, client):
    home.impact.recovered_area = home.impact.recovered_area + 20  # 30 m² remain < 36
    home.impact.save()
    version = case_compute(case=home.case, actor=None)
    line = version.lines.get(status="needs_confirmation")
    officer = make_user(Role.COMPENSATION_OFFICER, project=home.project, username="canbo.x")
    client.force_login(officer)
    page = client.get(f"/households/{home.household.pk}/").content.decode()
    assert f"/plans/lines/{line.pk}/decide/" in page
    url = f"/plans/lines/{line.pk}/decide/"
    response = client.post(url, {"choice": "keep", "reason": ""})
    assert response.status_code == 200 and not LineDecision.objects.exists()
    response = client.post(url, {"choice": "keep", "reason": "Hộ giữ lại phần còn lại"})
    assert response.status_code == 302
    decided = PlanVersion.objects.filter(case=home.case).order_by("-number").first()
    assert decided.number == 2
    # Keeping the remainder removes its line; the decision stays on the version.
    assert not decided.lines.filter(decision_key=line.decision_key).exists()
    assert decided.decisions[line.decision_key]["choice"] == "keep"
    assert decided.result_status == "ok"
    diff = client.get(f"/plans/versions/{decided.pk}/diff/").content.decode()
    assert diff.count('class="diff-removed"') == 1
    assert AuditEvent.objects.get(kind="plans.line_decide").reason == "Hộ giữ lại phần còn lại"


def test_commune_officer_of_another_ward_cannot_compute_or_open_plans(home, make_user, client):
    version = case_compute(case=home.case, actor=None)
    line = version.lines.first()
    an_bien = make_user(Role.COMMUNE_LAND_OFFICER, project=home.project, commune="11407")
    client.force_login(an_bien)
    # The project spans both wards, so it is seen; computing it is refused.
    assert client.post(f"/plans/projects/{home.project.code}/compute/").status_code == 403
    assert client.post(f"/plans/cases/{home.case.pk}/compute/").status_code == 404
    for url in (
        f"/plans/versions/{version.pk}/",
        f"/plans/versions/{version.pk}/diff/",
        f"/documents/plans/{version.pk}/sheet.xlsx",
        f"/documents/plans/{version.pk}/sheet.docx",
        f"/plans/lines/{line.pk}/decide/",
    ):
        assert client.get(url).status_code == 404, url
    assert PlanVersion.objects.count() == 1
    # The ward's own officer sees the plan but may not compute.
    le_chan = make_user(Role.COMMUNE_LAND_OFFICER, project=home.project, commune="11383")
    client.force_login(le_chan)
    assert client.get(f"/plans/versions/{version.pk}/").status_code == 200
    assert client.post(f"/plans/projects/{home.project.code}/compute/").status_code == 403
    assert PlanVersion.objects.count() == 1
    assert client.get("/plans/versions/1/", follow=False).status_code in (200, 404)


def test_anonymous_users_are_sent_to_login(home, client):
    version = case_compute(case=home.case, actor=None)
    response = client.get(f"/plans/versions/{version.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_calculator_shows_lines_and_saves_nothing(db, make_user, client):
    client.force_login(make_user(Role.COMPENSATION_OFFICER))
    pack = PolicyPack.objects.current(DEMO_PACK)
    page = client.get("/plans/calculator/").content.decode()
    assert "Tính thử" in page
    response = client.post(
        "/plans/calculator/",
        {
            "pack": pack.pk,
            "land_use_code": "ODT",
            "recovered_area": "50",
            "commune_kind": "ward",
            "segment": "ho-sen-cau-rao-2/le-chan",
            "position": "VT1",
            "origin": "certificate",
            "members": "2",
        },
    )
    html = response.content.decode()
    assert "3.600.000.000 đồng" in html
    assert "Nghị quyết 254/2025/QH15" in html
    assert not PlanVersion.objects.exists()
    # The documented JSON works too, and errors name the path and value.
    bad = client.post(
        "/plans/calculator/",
        {
            "pack": pack.pk,
            "facts_json": '{"case_id": "x", "parcels": [{"ref": "a", '
            '"land_use_code": "ODT", "recovered_area": "12,5"}]}',
        },
    ).content.decode()
    assert "$.parcels[0].recovered_area" in bad and "12,5" in bad
    ok = client.post(
        "/plans/calculator/",
        {
            "pack": pack.pk,
            "facts_json": '{"case_id": "x", "parcels": [{"ref": "a", "land_use_code": "ODT", '
            '"recovered_area": "10", "segment": "ho-sen-cau-rao-2/an-bien", "position": "VT2"}]}',
        },
    ).content.decode()
    # 10 m² × 27.500.000 đ/m² (VT2, An Biên) × K 1,2 = 330.000.000
    assert re.search(r"net-amount\">330\.000\.000 đồng", ok)


def test_calculator_reads_the_cli_file_format_with_decisions(db, make_user, client):
    client.force_login(make_user(Role.COMPENSATION_OFFICER))
    pack = PolicyPack.objects.current(DEMO_PACK)
    body = (
        '{"facts": {"case_id": "x", "parcels": [{"ref": "a", "land_use_code": "ODT", '
        '"recovered_area": "70", "measured_area": "100", '
        '"segment": "ho-sen-cau-rao-2/le-chan", "position": "VT1"}]}, '
        '"decisions": {"remainder:a": {"choice": "recover", "reason": "đồng ý", "by": "x"}}}'
    )
    html = client.post("/plans/calculator/", {"pack": pack.pk, "facts_json": body}).content
    html = html.decode()
    # 70 m² + the 30 m² remainder recovered with the household's agreement, at
    # 60.000.000 đ/m² × K 1,2 = 7.200.000.000
    assert re.search(r"net-amount\">7\.200\.000\.000 đồng", html)
    assert "Đã quyết định: Thu hồi và bồi thường cả phần còn lại" in html


def test_deciding_needs_the_right_on_this_case_not_on_another_project(home, make_user, client):
    from gpmb.core.services import assignment_create

    home.impact.recovered_area = home.impact.recovered_area + 20
    home.impact.save()
    version = case_compute(case=home.case, actor=None)
    line = version.lines.get(status="needs_confirmation")
    other = make_home(name="Hộ dự án khác", national_id="", code="khac")
    officer = make_user(Role.COMPENSATION_OFFICER, project=other.project)
    assignment_create(actor=None, user=officer, role=Role.APPRAISER, project=home.project)
    client.force_login(officer)
    assert client.get(f"/plans/versions/{version.pk}/").status_code == 200  # may read
    url = f"/plans/lines/{line.pk}/decide/"
    # Seen as an appraiser of this project; deciding and submitting are the officer's,
    # and the officer role it holds is on another project: refused, nothing written.
    assert client.get(url).status_code == 403
    assert client.post(url, {"choice": "keep", "reason": "x"}).status_code == 403
    assert client.post(f"/plans/versions/{version.pk}/submit/").status_code == 403
    assert not LineDecision.objects.exists()
    version.refresh_from_db()
    assert version.status == "draft"


def test_project_page_counts_plans_by_status_with_the_net_total(home, make_user, client, run_jobs):
    make_home(project=home.project, pack=DEMO_PACK, name="Hộ Hai", national_id="")
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=home.project))
    with run_jobs(execute=True):
        client.post(f"/plans/projects/{home.project.code}/compute/")
    page = client.get(f"/projects/{home.project.code}/").content.decode()
    summary = re.search(r'<p class="plan-summary">(.*?)</p>', page, re.S).group(1)
    assert "<b>2</b>" in summary and "Đủ căn cứ" in summary
    assert "7.200.000.000 đồng" in summary  # 2 × 3.600.000.000


def _visible(html: str) -> str:
    """The text a person reads: scripts, styles and tags (with their attributes) removed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_decision_options_are_shown_in_words_with_their_text_never_as_codes(
    home, make_user, client
):
    home.impact.recovered_area = home.impact.recovered_area + 20  # 30 m² remain < 36
    home.impact.save()
    version = case_compute(case=home.case, actor=None)
    line = version.lines.get(status="needs_confirmation")
    assert line.decision_key.startswith("remainder:")
    assert sorted(line.options) == ["keep", "recover"]
    codes = re.compile(r"\b(recover|keep)\b")
    officer = make_user(Role.COMPENSATION_OFFICER, project=home.project, username="canbo.o")
    client.force_login(officer)
    url = f"/plans/lines/{line.pk}/decide/"
    form = _visible(client.get(url).content.decode())
    # Each option in words, with the text it rests on (Land Law 2024 Art. 91(7)).
    assert "Thu hồi và bồi thường cả phần còn lại (Luật Đất đai 2024, Điều 91, khoản 7)" in form
    assert "Người sử dụng đất giữ phần còn lại (Luật Đất đai 2024, Điều 91, khoản 7)" in form
    assert not codes.search(form)
    client.post(url, {"choice": "recover", "reason": "Hộ đồng ý giao cả phần còn lại"})
    decided = PlanVersion.objects.filter(case=home.case).order_by("-number").first()
    assert decided.decisions[line.decision_key]["choice"] == "recover"
    event = AuditEvent.objects.get(kind="plans.line_decide")
    assert "Thu hồi và bồi thường cả phần còn lại" in event.message
    assert not codes.search(event.message) and event.data["choice"] == "recover"
    page = _visible(client.get(f"/plans/versions/{decided.pk}/").content.decode())
    assert "Đã quyết định: Thu hồi và bồi thường cả phần còn lại" in page
    assert not codes.search(page)
    # In English the words are English; the code is still what is recorded.
    client.cookies.load({"django_language": "en"})
    english = _visible(
        client.get(f"/plans/versions/{decided.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "Recover and compensate the remainder too" in english
    assert "Recover and compensate" in _visible(
        client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
