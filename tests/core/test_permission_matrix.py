"""Every page and every write, for every kind of user: who sees what, who may do what, and
that a refusal changes nothing (STYLE #11; security review #3–#7).

The world: project P through phường Lê Chân ("lc") and phường An Biên ("ab"), project Q
("q"), one household in each with its member, parcel, inventory line and computed plan.
The users hold one role each, on one project or ward — and one user holds different
roles on two projects, the case the review found leaking.

What each user reaches is written out below by hand from the role table (DESIGN.md
"Users and what each needs") and the assignments; the test compares the system with it.
A page of something the user cannot see is a 404 (it tells nothing of what exists); an
act on something the user sees but may not change is a 403."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
import pytest
import shapely
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from gpmb.cases.models import ComplaintFlag
from gpmb.census.choices import ItemKind
from gpmb.census.services import attachment_add, census_open, item_create
from gpmb.core.choices import Role
from gpmb.core.jobs import job_start
from gpmb.core.models import AuditEvent, ObjectChange
from gpmb.core.services import assignment_create
from gpmb.core.uploads import upload_receive
from gpmb.parcels.models import Parcel
from gpmb.parties.models import Tenure
from gpmb.payments.models import (
    Deposit,
    Handover,
    LedgerEntry,
    PaymentBatch,
    PaymentLine,
    SignedReceipt,
)
from gpmb.plans.jobs import COMPUTE
from gpmb.plans.models import BatchPlan
from gpmb.plans.services import case_compute
from gpmb.policy.services import batch_steps_generate
from gpmb.resettlement.models import Draw, Site
from gpmb.resettlement.services import draw_publish, entitlement_record, plot_add, site_create
from tests.factories import UserFactory, geometry_fields, unit
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db
LE_CHAN, AN_BIEN = "11383", "11407"
HX = {"HTTP_HX_REQUEST": "true"}
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60 + b"\xff\xd9"

# Named URL patterns the matrix below does not exercise, and why (checked by
# test_every_named_url_is_in_the_matrix_or_said_why_not).
LIST = "a list: its rows are checked by test_lists_hold_only_what_the_user_reaches"
PACKS = (
    "a pack is seen by role, not by project or ward: tests/policy/test_packs.py "
    "test_pack_pages_list_instruments_validity_and_sources"
)
OGC = "OGC API: covered by tests/geo/test_ogc.py with tokens"
NOT_IN_MATRIX = {
    "home": "the start page: no object",
    "login": "login page: no object",
    "logout": "logout: no object",
    "password_change": "the user's own password: no object",
    "password_change_done": "the user's own password: no object",
    "set_language": "a preference in the session: no object",
    "reports:project_list": LIST,
    "cases:household_list": LIST,
    "resettlement:site_list": LIST,
    "documents:allocation_decision": "only once a draw is held (the world's is published): "
    "tests/resettlement/test_draw.py "
    "test_the_allocation_decision_gives_each_plot_in_force_with_its_fee",
    "documents:plot_handover_minutes": "only for a plot allocated (the world's draw is not "
    "held): tests/resettlement/test_draw.py "
    "test_the_plot_handover_minutes_name_the_family_and_the_plot",
    "resettlement:plots_preview": "an upload is its sender's own, on a site they may change: "
    "tests/resettlement/test_plot_map.py "
    "test_another_project_s_officer_cannot_import_or_see_the_map",
    "documents:draw_minutes": "only once a draw is held (the world's is published): "
    "tests/resettlement/test_draw.py test_the_minutes_of_the_draw_read_back_as_drawn",
    "cases:worklist": "the user's own worklist, scoped by its roles: tests/cases/test_pages.py "
    "test_the_worklist_holds_what_waits_for_each_role",
    "parcels:read_tokens": "the user's own OGC tokens: tests/geo/test_ogc.py "
    "test_a_user_makes_sees_and_revokes_own_tokens_on_a_page",
    "parcels:read_token_revoke": "the user's own OGC tokens: tests/geo/test_ogc.py "
    "test_a_user_makes_sees_and_revokes_own_tokens_on_a_page",
    "census:inventory_template": "the blank template: no object",
    "policy:policypack_list": PACKS,
    "policy:policypack_detail": PACKS,
    "policy:pack_price_table": "administrators of the whole system only: "
    "tests/policy/test_pack_publish.py test_only_an_administrator_of_the_whole_system_publishes",
    "policy:pack_price_preview": "administrators of the whole system only: "
    "tests/policy/test_pack_publish.py test_only_an_administrator_of_the_whole_system_publishes",
    "plans:calculator": "the calculator: no object (tests/plans/test_calculator_input.py)",
    "plans:worklist": "the user's own worklist: no object (tests/plans/test_plan_life.py "
    "test_on_the_web_each_user_sees_only_its_own_act_and_the_worklist_leads_there)",
    "documents:template_list": "administrators only: tests/documents/test_template_admin.py "
    "test_who_reaches_the_templates_page",
    "documents:template_file": "administrators only: tests/documents/test_template_admin.py "
    "test_who_reaches_the_templates_page",
    "documents:act_document": "the world's batch plans hold no act: tests/documents/"
    "test_chain_documents.py "
    "test_each_act_has_its_document_numbered_as_recorded_or_from_the_register_once",
    "documents:recovery_decision": "the world's cases have no recovery decision: "
    "tests/payments/test_recovery_decision_document.py "
    "test_whoever_sees_the_household_downloads_it_the_investor_does_not",
    "documents:notice": "only an approved plan has one, made by the compensation officer: "
    "tests/documents/test_chain_documents.py "
    "test_a_households_notice_keeps_its_number_and_is_made_by_the_officer",
    "documents:notices": "only an approved plan's, started by the compensation officer: "
    "tests/documents/test_chain_documents.py test_a_plan_not_approved_has_no_notice",
    "dashboard:targets_preview": "an upload is its sender's own: tests/reports/"
    "test_targets_import.py "
    "test_only_leadership_that_sets_targets_imports_and_a_refusal_writes_nothing",
    "dashboard:review_file": "the file of the user's own job: tests/reports/test_review.py "
    "test_from_the_web_the_report_is_a_job_and_its_file_goes_to_who_asked",
    "documents:job_file": "the file of the user's own job: tests/documents/"
    "test_chain_documents.py test_the_notices_of_a_batch_plan_are_one_zip_made_by_a_job",
    "ogc:landing": OGC,
    "ogc:api": OGC,
    "ogc:conformance": OGC,
    "ogc:collections": OGC,
    "ogc:collection": OGC,
    "ogc:items": OGC,
    "ogc:item": OGC,
}


@dataclass
class File:
    """One household's case file, and what belongs to it."""

    project: object
    household: object
    case: object
    parcel: object
    item: object
    version: object
    line: object  # a calculation line that needs a decision
    attachment: object  # a photo of the inventory line
    job: object  # a job of the project, started by another user
    uploads: dict  # a parcel and an inventory import of the project, by another user
    census: object
    batch_plan: object  # the batch plan of the file's batch in its commune
    payment_batch: object = None  # a payment batch of that batch plan, half paid
    entry: object = None  # a payment of the case in the ledger
    deposit: object = None  # a deposit of the case
    complaint: object = None  # an open complaint flag of the case
    receipt: object = None  # the signed receipt of the payment
    handover: object = None  # the handover minutes of the case


@dataclass
class Reach:
    """What a user may do, written out by hand. `files`: the case files (household page,
    inventory, plans, documents) it sees; `parcels`: parcels it sees (the investor sees
    the map, not the households); the rest: what it may change."""

    projects: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    parcels: set[str] | None = None  # the files' parcels unless said otherwise
    cases: set[str] | None = None  # the files' cases unless said otherwise (progress)
    items: set[str] = field(default_factory=set)
    parcel_edit: set[str] = field(default_factory=set)
    parcel_import: set[str] = field(default_factory=set)  # projects: import adds parcels
    compute: set[str] = field(default_factory=set)
    project_wide: set[str] = field(default_factory=set)  # boundary, census rounds
    personal: set[str] = field(default_factory=set)  # full national IDs
    history: set[str] = field(default_factory=set)
    steps: bool = True  # sees the legal steps of the cases it sees (not the investor)
    resettlement: bool = True  # sees the sites and draws of its projects (not the investor)
    posting: set[str] = field(default_factory=set)  # post and record the consultation
    targets: bool = False  # sets the city's targets (leadership of the whole system)

    def sees_parcel(self, key: str) -> bool:
        return key in (self.files if self.parcels is None else self.parcels)

    def sees_case(self, key: str) -> bool:
        return key in (self.files if self.cases is None else self.cases)


REACH = {
    "nobody": Reach(),
    "officer_p": Reach(
        projects={"P"},
        files={"lc", "ab"},
        items={"lc", "ab"},
        parcel_edit={"lc", "ab"},
        parcel_import={"P"},
        compute={"lc", "ab"},
        project_wide={"P"},
        personal={"lc", "ab"},
        history={"lc", "ab"},
    ),
    "officer_p_lechan": Reach(
        projects={"P"},
        files={"lc"},
        items={"lc"},
        parcel_edit={"lc"},
        parcel_import={"P"},
        compute={"lc"},
        personal={"lc"},
        history={"lc"},
    ),
    "land_officer_anbien": Reach(
        projects={"P"},
        files={"ab"},
        parcel_edit={"ab"},
        personal={"ab"},
        history={"ab"},
        posting={"ab"},
    ),
    "leadership": Reach(projects={"P", "Q"}, files={"lc", "ab", "q"}, targets=True),
    "investor_q": Reach(
        projects={"Q"}, parcels={"q"}, cases={"q"}, steps=False, resettlement=False
    ),
    "inspector_p": Reach(projects={"P"}, files={"lc", "ab"}, history={"lc", "ab"}),
    # An officer in Lê Chân who is only leadership in An Biên and on project Q.
    "mixed": Reach(
        projects={"P", "Q"},
        files={"lc", "ab", "q"},
        items={"lc"},
        parcel_edit={"lc"},
        parcel_import={"P"},
        compute={"lc"},
        personal={"lc"},
        history={"lc"},
    ),
}


@pytest.fixture
def world(settings, tmp_path) -> dict[str, File]:
    settings.MEDIA_ROOT = tmp_path
    homes = {
        "lc": make_home(code="p", commune=LE_CHAN, national_id="079190111001"),
        "q": make_home(code="q", commune=LE_CHAN, name="Phạm Văn Ba", national_id="079190111003"),
    }
    homes["ab"] = make_home(
        project=homes["lc"].project, commune=AN_BIEN, name="Lê Thị Hai", national_id="079190111002"
    )
    starter = UserFactory(username="starter")  # starts a job: none of the users below
    files = {}
    rounds = {}
    for index, (key, home) in enumerate(homes.items()):
        Parcel.objects.filter(pk=home.parcel.pk).update(**geometry_fields(20 * index))
        batch = home.case.batch
        if batch.pk not in rounds:
            rounds[batch.pk] = census_open(actor=None, batch=batch)
        item = item_create(
            actor=None, case=home.case, kind=ItemKind.HOUSE, raw={"name": "Nhà", "quantity": "60"}
        )
        # 30 m² of the parcel remain, under the minimum: a line that needs a decision.
        home.impact.recovered_area += 20
        home.impact.save()
        version = case_compute(case=home.case, actor=None)
        files[key] = File(
            project=home.project,
            household=home.household,
            case=home.case,
            parcel=home.parcel,
            item=item,
            version=version,
            line=version.lines.get(status="needs_confirmation"),
            attachment=attachment_add(
                actor=None, item=item, upload=SimpleUploadedFile("a.jpg", JPEG, "image/jpeg")
            ),
            job=job_start(kind=COMPUTE, actor=starter, project=home.project),
            uploads={
                kind: upload_receive(
                    file=SimpleUploadedFile(f"{kind}.xlsx", b"PK"),
                    kind=kind,
                    actor=starter,
                    project=home.project,
                )
                for kind in ("parcels", "inventory")
            },
            census=rounds[batch.pk],
            # Its plans cannot be posted (a line needs a decision): the row stands for a
            # posted plan, so that every act's page and form is checked for every user.
            batch_plan=BatchPlan.objects.create(
                project=home.project,
                commune=home.case.commune,
                batch=batch,
                frozen_hash="0" * 64,
                posting_start_date=dt.date(2026, 11, 1),
                posting_end_date=dt.date(2026, 11, 10),
            ),
        )
    for batch in {file.case.batch for file in files.values()}:
        batch_steps_generate(batch=batch, actor=None)
    # A resettlement site per project with one plot, its households entitled, a draw
    # published and not yet held.
    for file in files.values():
        entitlement_record(
            actor=None,
            case=file.case,
            basis="relocating",
            choice="plot",
            choice_date=dt.date(2026, 11, 1),
        )
    for file in (files["lc"], files["q"]):
        site = site_create(
            actor=None,
            code=f"tdc-{file.project.code}",
            name=f"Khu TĐC {file.project.code}",
            commune=file.case.commune,
            projects=[file.project],
        )
        plot_add(actor=None, site=site, number="L1", area=Decimal("60"))
        draw_publish(actor=None, site=site, batch=file.case.batch, on=dt.date(2026, 11, 2))
    for file in files.values():
        # Stand-ins for the payment pages: half of the amount paid, so a permitted
        # handover is refused by its gate.
        where = {"project": file.project, "commune": file.case.commune}
        file.payment_batch = PaymentBatch.objects.create(
            **where, batch=file.case.batch, batch_plan=file.batch_plan, number="01/ĐCT",
            approval_effective_date=dt.date(2026, 11, 20),
        )  # fmt: skip
        line = PaymentLine.objects.create(
            **where, payment_batch=file.payment_batch, case=file.case,
            plan_version=file.version, amount_due=1000,
        )  # fmt: skip
        file.entry = LedgerEntry.objects.create(
            **where, case=file.case, line=line, kind="principal", amount=400,
            entry_date=dt.date(2026, 11, 25), method="cash", receipt_number="PC-1",
        )  # fmt: skip
        file.deposit = Deposit.objects.create(
            **where, case=file.case, amount=100, refusal_date=dt.date(2026, 11, 25),
            persuasion="x", deposit_date=dt.date(2026, 11, 26), reference="GT-1",
        )  # fmt: skip
        file.complaint = ComplaintFlag.objects.create(
            **where, case=file.case, opened_date=dt.date(2026, 11, 27), reason="x"
        )
        file.receipt = SignedReceipt(
            **where, entry=file.entry, original_name="ky.pdf", sha256="0" * 64
        )
        file.receipt.file.save("ky.pdf", ContentFile(b"%PDF-1.4"), save=True)
        # Stand-in minutes (the gate is the service's): the documents app prints them.
        file.handover = Handover.objects.create(
            **where, case=file.case, handover_date=dt.date(2026, 11, 28),
            minutes_number="BG-1", signer="x",
        )  # fmt: skip
    return files


def make_users(world: dict[str, File]) -> dict[str, object]:
    p, q = world["lc"].project, world["q"].project

    def user(name: str, *grants: tuple[str, object, str | None]) -> object:
        account = UserFactory(username=name)
        for role, project, commune in grants:
            assignment_create(
                actor=None,
                user=account,
                role=role,
                project=project,
                commune=unit(commune) if commune else None,
            )
        return account

    return {
        "nobody": user("nobody"),
        "officer_p": user("officer_p", (Role.COMPENSATION_OFFICER, p, None)),
        "officer_p_lechan": user("officer_p_lechan", (Role.COMPENSATION_OFFICER, p, LE_CHAN)),
        "land_officer_anbien": user("land_officer_anbien", (Role.COMMUNE_LAND_OFFICER, p, AN_BIEN)),
        "leadership": user("leadership", (Role.LEADERSHIP, None, None)),
        "investor_q": user("investor_q", (Role.INVESTOR, q, None)),
        "inspector_p": user("inspector_p", (Role.INSPECTOR, p, None)),
        "mixed": user(
            "mixed",
            (Role.COMPENSATION_OFFICER, p, LE_CHAN),
            (Role.LEADERSHIP, p, AN_BIEN),
            (Role.LEADERSHIP, q, None),
        ),
    }


def fingerprint() -> tuple:
    """Rows and last change of every GPMB table, and the audit trail: a refused request
    must leave all of it as it was."""
    state = [ObjectChange.objects.count(), AuditEvent.objects.count()]
    for model in apps.get_models():
        if not model.__module__.startswith("gpmb."):
            continue
        state.append((model._meta.label, model.objects.count()))
        if any(f.name == "updated_at" for f in model._meta.fields):
            state.append(model.objects.aggregate(Max("updated_at"))["updated_at__max"])
    return tuple(state)


def sees_project(reach: Reach, file: File) -> bool:
    """Whether the user sees the project of this file (and so its batches)."""
    return file.project.code.upper() in reach.projects


def site(file: File) -> Site:
    return Site.objects.get(projects=file.project)


def draw(file: File) -> Draw:
    return Draw.objects.get(project=file.project)


def tenure_of(file: File) -> Tenure:
    return Tenure.objects.get(household=file.household)


def status_for(sees: bool, may: bool) -> int:
    return 404 if not sees else (200 if may else 403)


def in_project(world: dict[str, File], keys: set[str], file: File) -> bool:
    """Whether any of these case files is in `file`'s project."""
    return any(world[k].project == file.project for k in keys)


def reads(world: dict[str, File], reach: Reach) -> list[tuple[str, int]]:
    """(url, expected status) of every page."""
    out: list[tuple[str, int]] = [("/projects/households.xlsx", 200)]  # rows: test_lists_…
    # Dashboards: the city's answers everyone with what each sees (its figures:
    # test_lists_…); a ward's and its blockers only those who see a case in the ward.
    sees_ward = {
        LE_CHAN: reach.sees_case("lc") or reach.sees_case("q"),
        AN_BIEN: reach.sees_case("ab"),
    }
    out += [
        ("/reports/", 200),
        ("/reports/blockers/?reason=overdue_step", 200),
        ("/reports/targets/?period=2026-H2", 200),
        ("/reports/targets/template.xlsx", 200),
        # Importing targets: leadership of the whole system only.
        ("/reports/targets/import/", 200 if reach.targets else 403),
    ]
    for ward, seen in sees_ward.items():
        out += [
            (f"/reports/wards/{ward}/", status_for(seen, True)),
            (f"/reports/blockers/?scope=ward&code={ward}&reason=refusal", status_for(seen, True)),
            (f"/reports/blockers/summary/?scope=ward&code={ward}", status_for(seen, True)),
        ]
    for code, key, file in (("p", "P", world["lc"]), ("q", "Q", world["q"])):
        seen = key in reach.projects
        exports = in_project(world, reach.items, file)
        out += [
            (f"/projects/{code}/", status_for(seen, True)),
            (f"/reports/projects/{code}/", status_for(seen, True)),
            # The missing-price bulk fix's preview: what the user may fix (maybe nothing).
            (
                f"/reports/blockers/price-fix/?scope=project&code={code}&line=STRUCTURE",
                status_for(seen, True),
            ),
            (f"/parcels/map/{code}/", status_for(seen, True)),
            (f"/parcels/map/{code}/features/?bbox=100,15,110,25&zoom=16", status_for(seen, True)),
            (f"/parcels/map/{code}/boundary/", status_for(seen, True)),
            (f"/parcels/map/{code}/search/?q=1", status_for(seen, True)),
            (f"/parcels/map/{code}/boundaries/", status_for(seen, True)),
            (f"/parcels/import/{code}/", status_for(seen, key in reach.parcel_import)),
            (f"/census/projects/{code}/", status_for(seen, True)),
            (f"/census/projects/{code}/inventory.xlsx", status_for(seen, exports)),
            (f"/census/projects/{code}/xlsform.xlsx", status_for(seen, exports)),
            # A census round is seen by those who see the project's case files.
            (
                f"/census/rounds/{file.census.pk}/",
                status_for(in_project(world, reach.files, file), True),
            ),
            (f"/policy/projects/{code}/pricing/", status_for(seen, True)),
            # Money and land of the project: for those who see the money of its cases.
            (
                f"/payments/projects/{code}/",
                status_for(seen, in_project(world, reach.files, file)),
            ),
            (f"/documents/projects/{code}/summary.xlsx", status_for(seen, True)),
            (f"/households/batches/{file.case.batch_id}/steps/", status_for(seen, reach.steps)),
            (
                f"/households/batches/{file.case.batch_id}/steps.xlsx",
                status_for(seen, reach.steps),
            ),
            (f"/resettlement/projects/{code}/", status_for(seen, True)),
            (
                f"/resettlement/sites/{site(file).pk}/",
                status_for(seen and reach.resettlement, True),
            ),
            (
                f"/resettlement/draws/{draw(file).pk}/",
                status_for(seen and reach.resettlement, True),
            ),
            (
                f"/resettlement/draws/{draw(file).pk}/inputs.json",
                status_for(seen and reach.resettlement, True),
            ),
            (
                f"/resettlement/sites/{site(file).pk}/map/",
                status_for(seen and reach.resettlement, True),
            ),
            (
                f"/resettlement/sites/{site(file).pk}/plots.geojson",
                status_for(seen and reach.resettlement, True),
            ),
            (
                # The plots of a site are imported by an officer of the whole project.
                f"/resettlement/sites/{site(file).pk}/plots/import/",
                status_for(seen and reach.resettlement, key in reach.project_wide),
            ),
            (f"/payments/batches/{file.case.batch_id}/", status_for(seen, True)),
            (
                f"/resettlement/batches/{file.case.batch_id}/entitlements/",
                status_for(seen, True),
            ),
        ]
    for key, file in world.items():
        sees = key in reach.files
        out += [
            (f"/households/{file.household.pk}/", status_for(sees, True)),
            (f"/households/{file.household.pk}/edit/", status_for(sees, key in reach.items)),
            (
                f"/parcels/tenures/{tenure_of(file).pk}/edit/",
                status_for(sees, key in reach.parcel_edit),
            ),
            (f"/census/households/{file.household.pk}/", status_for(sees, True)),
            (
                f"/census/households/{file.household.pk}/history/",
                status_for(sees, key in reach.history),
            ),
            (f"/census/cases/{file.case.pk}/section/", status_for(reach.sees_case(key), True)),
            (f"/census/cases/{file.case.pk}/new-row/", status_for(reach.sees_case(key), True)),
            (f"/plans/versions/{file.version.pk}/", status_for(sees, True)),
            (f"/plans/versions/{file.version.pk}/diff/", status_for(sees, True)),
            (f"/plans/batch-plans/{file.batch_plan.pk}/", status_for(sees, True)),
            (
                f"/documents/batch-plans/{file.batch_plan.pk}/approval-decision.docx",
                status_for(sees, True),
            ),
            (
                f"/documents/batch-plans/{file.batch_plan.pk}/posting-list.xlsx",
                status_for(sees, True),
            ),
            (
                f"/documents/batch-plans/{file.batch_plan.pk}/plan.docx",
                status_for(sees, True),
            ),
            (f"/payments/payment-batches/{file.payment_batch.pk}/", status_for(sees, True)),
            (
                f"/payments/payment-batches/{file.payment_batch.pk}/transfers.xlsx",
                status_for(sees, True),
            ),
            (
                f"/payments/payment-batches/{file.payment_batch.pk}/transfers.csv",
                status_for(sees, True),
            ),
            # The investor sees the case (progress), not its money.
            (f"/payments/cases/{file.case.pk}/", status_for(reach.sees_case(key), sees)),
            (f"/payments/receipts/{file.receipt.pk}/", status_for(sees, True)),
            (f"/documents/payments/{file.entry.pk}/receipt.docx", status_for(sees, True)),
            (f"/documents/handovers/{file.handover.pk}/minutes.docx", status_for(sees, True)),
            (f"/plans/batches/{file.case.batch.pk}/", status_for(sees_project(reach, file), True)),
            (f"/documents/plans/{file.version.pk}/sheet.xlsx", status_for(sees, True)),
            (f"/documents/cases/{file.case.pk}/inventory-record.docx", status_for(sees, True)),
            (
                f"/documents/batches/{file.case.batch_id}/communes/{file.case.commune.code}/"
                "recovery-notice.docx",
                status_for(sees, True),
            ),
            (f"/documents/cases/{file.case.pk}/steps/persuasion.docx", status_for(sees, True)),
            (f"/documents/plans/{file.version.pk}/sheet.docx", status_for(sees, True)),
            # A job is seen only by the user who started it (and superusers).
            (f"/jobs/{file.job.pk}/", 404),
            (f"/jobs/{file.job.pk}/progress/", 404),
            # So is an import's upload, by the user who sent it.
            (f"/parcels/import/file/{file.uploads['parcels'].pk}/", 404),
            (f"/census/imports/{file.uploads['inventory'].pk}/", 404),
            (f"/census/items/{file.item.pk}/", status_for(sees, True)),
            (f"/plans/lines/{file.line.pk}/decide/", status_for(sees, key in reach.compute)),
            (f"/census/items/{file.item.pk}/admit/", status_for(sees, key in reach.items)),
            (f"/census/items/{file.item.pk}/correct/", status_for(sees, key in reach.items)),
            (
                f"/census/items/{file.item.pk}/correct-remove/",
                status_for(sees, key in reach.items),
            ),
            (f"/census/items/{file.item.pk}/attachments/", status_for(sees, True)),
            (f"/census/attachments/{file.attachment.pk}/", status_for(sees, True)),
            (
                f"/policy/parcels/{file.parcel.pk}/price/",
                status_for(reach.sees_parcel(key), key in reach.parcel_edit),
            ),
            (f"/parcels/{file.parcel.pk}/", status_for(reach.sees_parcel(key), True)),
            (
                f"/parcels/map/{file.project.code}/parcel/{file.parcel.pk}/",
                status_for(reach.sees_parcel(key), True),
            ),
            (
                f"/history/parcels/parcel/{file.parcel.pk}/",
                status_for(reach.sees_parcel(key), key in reach.history),
            ),
            (
                f"/parcels/{file.parcel.pk}/edit/",
                status_for(reach.sees_parcel(key), key in reach.parcel_edit),
            ),
        ]
    return out


def writes(world: dict[str, File], reach: Reach) -> list[tuple[str, dict, dict, int]]:
    """(url, data, extra, expected status when refused, or 0 when the write is allowed)."""
    out = []
    for key, file in world.items():
        sees_file, sees_parcel = key in reach.files, reach.sees_parcel(key)
        out += [
            (
                f"/households/{file.household.pk}/edit/",
                {"agricultural_area_in_use": "1.250,5", "reason": "thử"},
                {},
                status_for(sees_file, key in reach.items),
            ),
            (
                f"/parcels/tenures/{tenure_of(file).pk}/edit/",
                {"origin": "recognised", "violation": "none", "evidence": "thử"},
                {},
                status_for(sees_file, key in reach.parcel_edit),
            ),
            (
                f"/parcels/{file.parcel.pk}/edit/",
                {"land_use_code": "ODT", "measured_area": "99", "reason": "thử"},
                {},
                status_for(sees_parcel, key in reach.parcel_edit),
            ),
            (
                f"/policy/parcels/{file.parcel.pk}/price/",
                {"price_position": "VT2", "reason": "thử"},
                {},
                status_for(sees_parcel, key in reach.parcel_edit),
            ),
            (
                f"/census/cases/{file.case.pk}/add/",
                {"kind": "house", "name": "Nhà phụ", "quantity": "5"},
                HX,
                status_for(reach.sees_case(key), key in reach.items),
            ),
            (
                f"/census/items/{file.item.pk}/edit/",
                {"name": "Nhà", "quantity": "61"},
                HX,
                status_for(sees_file, key in reach.items),
            ),
            (
                f"/plans/cases/{file.case.pk}/compute/",
                {},
                {},
                status_for(reach.sees_case(key), key in reach.compute),
            ),
            (
                f"/plans/versions/{file.version.pk}/submit/",
                {},
                {},
                status_for(sees_file, key in reach.compute),
            ),
            (
                # Permitted, it is refused by the service (a line needs a decision) and the
                # form answers with the reason.
                f"/plans/batches/{file.case.batch.pk}/communes/{file.case.commune_id}/post/",
                {"start_date": "2026-11-01", "end_date": "2026-11-10"},
                {},
                status_for(sees_project(reach, file), key in reach.posting),
            ),
            # Permitted, each is refused by the service: the stand-in batch plan holds no
            # version, or is not in the act's state.
            (
                f"/plans/batch-plans/{file.batch_plan.pk}/consult/",
                {
                    "meeting_date": "2026-11-12",
                    "agree_count": 1,
                    "disagree_count": 0,
                    "other_count": 0,
                },
                {},
                status_for(sees_file, key in reach.posting),
            ),
            (
                f"/plans/batch-plans/{file.batch_plan.pk}/submit/",
                {},
                {},
                status_for(sees_file, key in reach.compute),
            ),
            # The officer who submits records the estimate of organisation costs.
            (
                f"/plans/batch-plans/{file.batch_plan.pk}/cost-estimate/",
                {"amount_27.4.d": "1.000.000", "basis_27.4.d": "theo thực tế"},
                {},
                status_for(sees_file, key in reach.compute),
            ),
            # No user of the matrix appraises or approves.
            (
                f"/plans/batch-plans/{file.batch_plan.pk}/return/",
                {"reason": "x"},
                {},
                status_for(sees_file, False),
            ),
            (
                f"/plans/batch-plans/{file.batch_plan.pk}/appraise/",
                {"document_number": "1", "document_date": "2026-11-20"},
                {},
                status_for(sees_file, False),
            ),
            (
                f"/plans/batch-plans/{file.batch_plan.pk}/approve/",
                {"decision_number": "1", "decision_date": "2026-11-20", "signer": "x"},
                {},
                status_for(sees_file, False),
            ),
            (
                # Permitted, it is refused by the service (the line is not after the
                # cut-off date) and the row answers 200 with the reason.
                f"/census/items/{file.item.pk}/admit/",
                {"reason": "thử", "evidence": "biên bản"},
                HX,
                status_for(sees_file, key in reach.items),
            ),
            (
                # The world's round is open: a permitted correction is refused by the
                # service (edit it directly) and the row answers 200 with the reason.
                f"/census/items/{file.item.pk}/correct/",
                {"name": "Nhà", "quantity": "62", "reason": "thử", "evidence": "biên bản"},
                HX,
                status_for(sees_file, key in reach.items),
            ),
            (
                # The same for adding a line (the round is open: add it directly)...
                f"/census/cases/{file.case.pk}/correct-add/",
                {"kind": "house", "name": "Nhà", "quantity": "5", "reason": "thử", "evidence": "x"},
                HX,
                status_for(reach.sees_case(key), key in reach.items),
            ),
            (
                # ...and for removing one.
                f"/census/items/{file.item.pk}/correct-remove/",
                {"reason": "thử", "evidence": "biên bản"},
                HX,
                status_for(sees_file, key in reach.items),
            ),
            (
                f"/census/items/{file.item.pk}/attachments/",
                {"file": SimpleUploadedFile("a.jpg", JPEG, "image/jpeg"), "caption": "thử"},
                HX,
                status_for(sees_file, key in reach.items),
            ),
            (
                f"/plans/lines/{file.line.pk}/decide/",
                {"choice": "keep", "reason": "Hộ giữ lại phần còn lại"},
                {},
                status_for(sees_file, key in reach.compute),
            ),
            (
                f"/resettlement/cases/{file.case.pk}/answer/",
                {
                    "question": "other_home",
                    "answer": "no",
                    "reason": "Biên bản xác minh",
                    "answered_on": "03/11/2026",
                },
                {},
                status_for(reach.sees_case(key), key in reach.compute),
            ),
            (
                f"/resettlement/cases/{file.case.pk}/debt/",
                {"requested_on": "03/11/2026", "commitment": "Cam kết bàn giao đúng hạn"},
                {},
                status_for(reach.sees_case(key), key in reach.compute),
            ),
            (
                # Permitted, it is refused by the service (nothing recovered: no proposal).
                f"/resettlement/cases/{file.case.pk}/confirm/",
                {"choice": "plot", "choice_date": "03/11/2026"},
                {},
                status_for(reach.sees_case(key), key in reach.compute),
            ),
            # No user of the matrix pays, deposits, approves payment batches or decides
            # recovery; the compensation officer records the handover (refused by the
            # service here: half the amount is paid, the page answers with the reason).
            (
                f"/payments/batch-plans/{file.batch_plan.pk}/prepare/",
                {"number": "02/ĐCT"},
                {},
                status_for(sees_file, False),
            ),
            (
                f"/payments/payment-batches/{file.payment_batch.pk}/approve/",
                {},
                {},
                status_for(sees_file, False),
            ),
            (
                f"/payments/cases/{file.case.pk}/pay/",
                {
                    "amount": "100",
                    "entry_date": "2026-11-28",
                    "method": "cash",
                    "receipt_number": "PC-2",
                },
                {},
                status_for(reach.sees_case(key), False),
            ),
            (
                f"/payments/cases/{file.case.pk}/deposit/",
                {
                    "amount": "100",
                    "refusal_date": "2026-11-28",
                    "persuasion": "x",
                    "deposit_date": "2026-11-28",
                    "reference": "GT-2",
                },
                {},
                status_for(reach.sees_case(key), False),
            ),
            (
                f"/payments/cases/{file.case.pk}/recovery/",
                {
                    "trigger": "a",
                    "trigger_date": "2026-11-20",
                    "decision_number": "1",
                    "decision_date": "2026-11-21",
                    "signer": "x",
                },
                {},
                status_for(reach.sees_case(key), False),
            ),
            (
                f"/payments/cases/{file.case.pk}/handover/",
                {"handover_date": "2026-11-28", "minutes_number": "BG-1", "signer": "x"},
                {},
                status_for(reach.sees_case(key), key in reach.compute),
            ),
            # The compensation officer keeps the complaint flags (open, then closed).
            (
                f"/payments/cases/{file.case.pk}/complaint/",
                {"opened_date": "2026-11-28", "reason": "Khiếu nại giá đất"},
                {},
                status_for(reach.sees_case(key), key in reach.compute),
            ),
            # Persuasion and the enforcement's execution are the officer's (refused here
            # by the service: no recovery decision), the enforcement decision the
            # approver's (no user of the matrix).
            (
                f"/payments/cases/{file.case.pk}/persuasion/",
                {"persuasion_start_date": "2026-11-28", "persuasion_document": "BB-1"},
                {},
                status_for(reach.sees_case(key), key in reach.compute),
            ),
            (
                f"/payments/cases/{file.case.pk}/enforcement/",
                {
                    "decision_number": "1",
                    "decision_date": "2026-11-28",
                    "served_date": "2026-11-28",
                },
                {},
                status_for(reach.sees_case(key), False),
            ),
            (
                f"/payments/cases/{file.case.pk}/execution/",
                {
                    "executed_date": "2026-11-30",
                    "executed_time": "08:00",
                    "outcome": "enforced",
                    "execution_minutes": "BB-2",
                },
                {},
                status_for(reach.sees_case(key), key in reach.compute),
            ),
            (
                # Only the accountant attaches the signed receipt (no user of the matrix).
                f"/payments/entries/{file.entry.pk}/receipt/",
                {"file": SimpleUploadedFile("ky.pdf", b"%PDF-1.4", "application/pdf")},
                {},
                status_for(sees_file, False),
            ),
            (
                f"/payments/complaints/{file.complaint.pk}/close/",
                {"closed_date": "2026-11-29", "outcome": "Giữ nguyên"},
                {},
                status_for(sees_file, key in reach.compute),
            ),
            (
                f"/payments/entries/{file.entry.pk}/reverse/",
                {"reason": "thử"},
                {},
                status_for(sees_file, False),
            ),
            (
                f"/payments/deposits/{file.deposit.pk}/withdraw/",
                {"withdrawal_date": "2026-11-28", "reference": "RT-1"},
                {},
                status_for(sees_file, False),
            ),
            (f"/parcels/import/file/{file.uploads['parcels'].pk}/write/", {}, {}, 404),
            (f"/census/imports/{file.uploads['inventory'].pk}/", {}, {}, 404),
            (
                f"/census/items/{file.item.pk}/delete/",
                {},
                HX,
                status_for(sees_file, key in reach.items),
            ),
        ]
    for code, key, file in (("p", "P", world["lc"]), ("q", "Q", world["q"])):
        seen = key in reach.projects
        wide = key in reach.project_wide
        boundary = shapely.to_wkb(shapely.box(589_990, 2_304_990, 590_100, 2_305_100))
        out += [
            (
                f"/parcels/map/{code}/boundaries/upload/",
                {"file": SimpleUploadedFile("cg.geojson", geojson(boundary)), "note": "thử"},
                {},
                status_for(seen, wide),
            ),
            (
                f"/plans/projects/{code}/compute/",
                {},
                {},
                status_for(seen, in_project(world, reach.compute, file)),
            ),
            (
                # Permitted, it is refused by the service: the batch's round is open.
                f"/census/projects/{code}/batches/{file.case.batch.pk}/open/",
                {},
                {},
                status_for(seen, wide),
            ),
            (
                # No file sent: a permitted import goes back with "choose a file".
                f"/census/projects/{code}/import/",
                {},
                {},
                status_for(seen, in_project(world, reach.items, file)),
            ),
            (
                f"/census/projects/{code}/import-field/",
                {},
                {},
                status_for(seen, in_project(world, reach.items, file)),
            ),
            (
                f"/census/rounds/{file.census.pk}/close/",
                {},
                {},
                # A census round is seen by those who see the project's case files.
                status_for(any(world[k].project == file.project for k in reach.files), wide),
            ),
            (
                # Permitted, it is refused by the service (a draw is already published).
                f"/resettlement/sites/{site(file).pk}/draws/",
                {"batch": file.case.batch_id, "published_on": "03/11/2026"},
                {},
                status_for(seen and reach.resettlement, wide),
            ),
            (
                # Permitted, the form refuses it (no value drawn in the room).
                f"/resettlement/draws/{draw(file).pk}/run/",
                {"public_value": "", "drawn_on": "17/11/2026"},
                {},
                status_for(seen and reach.resettlement, wide),
            ),
        ]
    for key, file in world.items():
        # The inventory is the compensation officer's step (the pack's procedure): a
        # ward land officer with the right to record steps is still refused it (403).
        # Permitted, it is refused by the service (no notice yet) and redirects.
        seen = file.project.code.upper() in reach.projects
        out.append(
            (
                f"/households/batches/{file.case.batch_id}/steps/record/",
                {"cases": [file.case.pk], "code": "inventory", "action": "done",
                 "done_date": "20/03/2026"},
                {},
                status_for(seen, key in reach.compute),
            )
        )  # fmt: skip
    # The review report as a job: anyone starts it for the city (it reads what each
    # sees); for a ward, only who sees a case there.
    out.append(("/reports/review/", {"scope": "city", "period": "2026", "fmt": "xlsx"}, {}, 200))
    out.append(
        (
            "/reports/review/",
            {"scope": "ward", "code": AN_BIEN, "period": "2026", "fmt": "xlsx"},
            {},
            status_for(reach.sees_case("ab"), True),
        )
    )
    # The missing-price bulk fix: for who may edit or correct the inventory of a case of
    # the scope (the world's house lines carry no price code).
    for code, key, file in (("p", "P", world["lc"]), ("q", "Q", world["q"])):
        out.append(
            (
                "/reports/blockers/price-fix/",
                {"scope": "project", "code": code, "line": "STRUCTURE", "item_kind": "house",
                 "price_code": "nha-cap-4", "reason": "Theo bảng giá", "evidence": "BB"},
                {},
                status_for(key in reach.projects, in_project(world, reach.items, file)),
            )
        )  # fmt: skip
    # Targets from Excel: leadership of the whole system only; a refusal stores no upload.
    book = openpyxl.Workbook()
    book.active.append(["Kỳ", "Phạm vi", "Chỉ tiêu", "Kế hoạch", "Căn cứ, nguồn số liệu"])
    book.active.append(["2026", "city", "budget_revenue", 10, "NQ 01"])
    data = io.BytesIO()
    book.save(data)
    out.append(
        (
            "/reports/targets/import/",
            {"file": SimpleUploadedFile("chi-tieu.xlsx", data.getvalue())},
            {},
            200 if reach.targets else 403,
        )
    )
    # The city's targets: set by leadership of the whole system only (not the mixed user,
    # leadership on one ward and one project).
    out.append(
        (
            "/reports/targets/",
            {"period": "2026", "kind": "budget_revenue", "planned": "10", "source": "NQ 01"},
            {},
            status_for(True, reach.targets),
        )
    )
    return out


def geojson(wkb: bytes) -> bytes:
    geometry = shapely.to_geojson(shapely.from_wkb(wkb))
    return (
        '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":'
        '"urn:ogc:def:crs:EPSG::9210"}},"features":[{"type":"Feature","properties":{},'
        f'"geometry":{geometry}}}]}}'
    ).encode()


@pytest.mark.parametrize("who", list(REACH))
def test_permission_matrix(client, world, who, run_jobs):
    users = make_users(world)
    client.force_login(users[who])
    reach = REACH[who]
    for url, expected in reads(world, reach):
        response = client.get(url)
        assert response.status_code == expected, (who, url, response.status_code)
    for url, data, extra, expected in writes(world, reach):
        before = fingerprint()
        with run_jobs(execute=True):
            response = client.post(url, data, **extra)
        if expected == 200:  # allowed: it did something (a page, a redirect, a row)
            assert response.status_code in (200, 302), (who, url, response.status_code)
            continue
        assert response.status_code == expected, (who, url, response.status_code)
        assert fingerprint() == before, (who, url, "a refused request changed data")


def test_anonymous_users_are_sent_to_log_in(client, world):
    reach = REACH["officer_p"]
    for url, _expected in reads(world, reach):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url, data, extra, _expected in writes(world, reach):
        before = fingerprint()
        response = client.post(url, data, **extra)
        assert response.status_code in (302, 403), url  # login, or CSRF for uploads
        assert fingerprint() == before, url


@pytest.mark.parametrize("who", list(REACH))
def test_national_ids_are_shown_only_where_the_assignment_allows(client, world, who):
    """The household page, its history and the posting summary with ?full=1: full IDs
    only for the households whose project and ward the user's personal-data right
    reaches (Decree 13/2023)."""
    users = make_users(world)
    client.force_login(users[who])
    reach = REACH[who]
    for key, file in world.items():
        nid = file.household.head.national_id
        if key not in reach.files:
            continue
        page = client.get(f"/households/{file.household.pk}/").content.decode()
        assert (nid in page) == (key in reach.personal), (who, key)
        assert nid[-3:] in page  # masked: the last three digits
    for code in ("p", "q"):
        response = client.get(f"/documents/projects/{code}/summary.xlsx?full=1")
        if response.status_code != 200:
            continue
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        strings = " ".join(
            str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
            for value in row if value is not None
        )  # fmt: skip
        for key, file in world.items():
            if file.project.code != code:
                continue
            nid = file.household.head.national_id
            assert (nid in strings) == (key in reach.personal), (who, code, key)


def test_the_mixed_user_of_the_review_cannot_write_where_it_only_reads(client, world):
    """Security review #3: an officer of Lê Chân who is only leadership in An Biên and on
    project Q added inventory, imported and saw full IDs there. Each of those, refused."""
    user = make_users(world)["mixed"]
    client.force_login(user)
    for key in ("ab", "q"):
        file = world[key]
        before = fingerprint()
        add = client.post(
            f"/census/cases/{file.case.pk}/add/",
            {"kind": "house", "name": "Nhà", "quantity": "1"},
            **HX,
        )
        assert add.status_code == 403
        page = client.get(f"/households/{file.household.pk}/").content.decode()
        assert file.household.head.national_id not in page
        assert fingerprint() == before
    q = world["q"].project
    assert client.get(f"/parcels/import/{q.code}/").status_code == 403
    assert client.post(f"/census/projects/{q.code}/import/").status_code == 403


def test_a_ward_officer_cannot_make_project_wide_writes(client, world, tmp_path, run_jobs):
    """Security review #4: the Lê Chân officer overwrote an An Biên parcel through the
    import, uploaded a project-wide boundary and closed a round covering both wards."""
    user = make_users(world)["officer_p_lechan"]
    client.force_login(user)
    ab = world["ab"].parcel
    path = tmp_path / "ab.geojson"
    box = shapely.box(590_020, 2_305_000, 590_030, 2_305_010)
    path.write_text(
        '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":'
        '"urn:ogc:def:crs:EPSG::9210"}},"features":[{"type":"Feature","properties":'
        f'{{"SoTo":"{ab.map_sheet}","SoThua":"{ab.parcel_number}","LoaiDat":"CLN",'
        f'"MaXa":"{AN_BIEN}"}},"geometry":{shapely.to_geojson(box)}}}]}}'
    )
    parcels = Parcel.objects.count()
    response = client.post(
        "/parcels/import/p/",
        {"file": SimpleUploadedFile("ab.geojson", path.read_bytes()), "encoding": "auto"},
    )
    assert response.status_code == 302
    upload = response["Location"]
    mapping = {"parcel_number": "SoThua", "map_sheet": "SoTo", "land_use_code": "LoaiDat",
               "commune": "MaXa"}  # fmt: skip
    with run_jobs(execute=True):
        client.post(upload, mapping)
    with run_jobs(execute=True):
        client.post(upload + "write/")
    ab.refresh_from_db()
    assert ab.land_use_code == "ODT"  # not overwritten
    page = client.get(upload).content.decode()
    assert "ngoài xã/phường bạn được phân công" in page
    assert Parcel.objects.count() == parcels
    census = world["lc"].census
    assert client.post(f"/census/rounds/{census.pk}/close/").status_code == 403
    census.refresh_from_db()
    assert census.status == "open"
    boundary = shapely.to_wkb(shapely.box(589_990, 2_304_990, 590_100, 2_305_100))
    upload = {"file": SimpleUploadedFile("cg.geojson", geojson(boundary))}
    assert client.post("/parcels/map/p/boundaries/upload/", upload).status_code == 403
    assert not census.batch.project.boundaries.exists()


@pytest.mark.parametrize("who", list(REACH))
def test_lists_hold_only_what_the_user_reaches(client, world, who):
    users = make_users(world)
    client.force_login(users[who])
    reach = REACH[who]
    projects = client.get("/projects/").content.decode()
    for code, key in (("p", "P"), ("q", "Q")):
        assert (f'href="/projects/{code}/"' in projects) == (key in reach.projects), (who, code)
    households = client.get("/households/").content.decode()
    for key, file in world.items():
        assert (file.household.code in households) == (key in reach.files), (who, key)
    export = client.get("/projects/households.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(export.getvalue()), read_only=True)
    cells = {str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row}
    for key, file in world.items():
        assert (file.household.code in cells) == (key in reach.files), (who, key, "xlsx")
    for key in ("lc", "ab", "q"):
        household = world[key].household
        found = client.get("/households/", {"q": household.head.national_id}).content.decode()
        # Search by national ID only among the households whose IDs the user may read.
        assert (household.code in found) == (key in reach.personal), (who, key)
    # The city dashboard counts the households of the cases the user sees, no more.
    city = client.get("/reports/").content.decode()
    seen = sum(reach.sees_case(key) for key in world)
    assert f'data-figure="total">{seen}<' in city, (who, seen)
    sites = client.get("/resettlement/").content.decode()
    for code, key in (("p", "P"), ("q", "Q")):
        listed = f'href="/resettlement/sites/{Site.objects.get(code=f"tdc-{code}").pk}/"' in sites
        assert listed == (key in reach.projects and reach.resettlement), (who, code)


def named_urls(patterns=None, namespace: str = "") -> list[str]:
    out = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            out += named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            out.append(namespace + pattern.name)
    return out


def test_every_named_url_is_in_the_matrix_or_said_why_not(world):
    reach = REACH["officer_p"]
    exercised = {resolve(url.split("?")[0]).view_name for url, _ in reads(world, reach)}
    exercised |= {resolve(url.split("?")[0]).view_name for url, *_ in writes(world, reach)}
    names = {n for n in named_urls() if not n.startswith("admin:")}
    unexplained = names - exercised - set(NOT_IN_MATRIX)
    assert not unexplained, sorted(unexplained)
    # A reason for something the matrix does exercise, or that no longer exists, is stale.
    assert not set(NOT_IN_MATRIX) & exercised, sorted(set(NOT_IN_MATRIX) & exercised)
    assert set(NOT_IN_MATRIX) <= names, sorted(set(NOT_IN_MATRIX) - names)
