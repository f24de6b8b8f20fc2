"""What each role may do. Data scope (which projects and communes) comes from the
user's assignments (gpmb.core.permissions); this table says which permissions a role
grants. Permission names are Django's: "<app>.<action>_<model>", plus a few of our own
("parties.view_national_id", "census.import_inventoryitem", "cases.compute_case")."""

from __future__ import annotations

from functools import cache

from gpmb.core.choices import Role

# What a case is made of: seen by everyone who works on the case file.
CASE_FILE = [
    "projects.project",
    "projects.segment",
    "projects.batch",
    "projects.boundary",
    "parcels.parcel",
    "parcels.parcelimpact",
    "parties.household",
    "parties.tenure",
    "cases.case",
    "cases.step",
    "cases.complaintflag",
    "census.census",
    "census.inventoryitem",
    "census.inventorycorrection",
    "plans.planversion",
    "plans.calculationline",
    "plans.linedecision",
    "plans.batchplan",
    "plans.planact",
    "policy.policypack",
    "resettlement.site",
    "resettlement.plot",
    "resettlement.entitlement",
    "resettlement.entitlementanswer",
    "resettlement.draw",
    "resettlement.allocation",
    "payments.paymentbatch",
    "payments.paymentline",
    "payments.ledgerentry",
    "payments.deposit",
    "payments.recoverydecision",
    "payments.handover",
    "payments.enforcement",
    "payments.signedreceipt",
]
# What the compensation officer (and an administrator) prepares.
PREPARED_BY_OFFICER = [
    "projects.segment",
    "projects.batch",
    "projects.boundary",
    "parcels.parcel",
    "parcels.parcelimpact",
    "parties.household",
    "parties.tenure",
    "cases.case",
    # The open-complaint flag that holds the handover (until the grievances app).
    "cases.complaintflag",
    "census.census",
    "census.inventoryitem",
    # Resettlement sites, plots, entitlements, draws and allocations (Land Law Art. 111).
    "resettlement.site",
    "resettlement.plot",
    "resettlement.entitlement",
    "resettlement.entitlementanswer",
    "resettlement.draw",
    "resettlement.allocation",
]
CENSUS_DATA_IO = {
    "census.import_inventoryitem",
    "census.export_inventoryitem",
    "census.admit_inventoryitem",
    "census.correct_inventoryitem",
}
# Recording a legal step: each step still needs the role the procedure names for it
# (gpmb.cases.services), this only lets the role near the record form.
STEP_WORK = "cases.record_step"
PLAN_WORK = {"cases.compute_case", "cases.decide_case", "plans.add_linedecision"}
# The legal acts on a batch's plan, each to the role the law names (Land Law 2024
# Art. 87(3)(a)-(c); Decree 88/2024 Art. 3(3)): the compensation officer drafts and
# submits, the commune posts and holds the consultation, the land office appraises (or
# returns), the competent authority approves. Which level appraises and approves follows
# the project's approving authority (Decree 49/2026 Art. 14; gpmb.plans.services).
PLAN_SUBMIT = "plans.submit_planversion"
PLAN_POSTING = {"plans.post_planversion", "plans.consult_planversion"}
PLAN_APPRAISAL = "plans.appraise_planversion"
PLAN_APPROVAL = "plans.approve_planversion"
# Paying the approved plans (Land Law 2024 Art. 94(3), (4)): the accountant prepares the
# payment batches, pays, corrects by reversal and deposits refused money; a superior who
# is not the batch's maker approves the batch (the approver's role); the recovery decision
# is the approving authority's (Art. 87(5)); the handover minutes are the compensation
# officer's. Each also needs the step's role where the act records a legal step.
PAYMENT_WORK = {
    "payments.add_paymentbatch",
    "payments.add_signedreceipt",
    "payments.add_ledgerentry",
    "payments.add_deposit",
    "payments.withdraw_deposit",
}
PAYMENT_APPROVAL = {
    "payments.approve_paymentbatch",
    "payments.add_recoverydecision",
    # The enforcement decision (Land Law 2024 Art. 87(7)(b), 89(3)).
    "payments.decide_enforcement",
}
HANDOVER = "payments.add_handover"
# The persuasion of a household that does not hand over and the enforcement's execution
# (Art. 87(7)(a), 89(4)): recorded by the compensation officer.
ENFORCEMENT_WORK = {"payments.add_enforcement", "payments.change_enforcement"}
# National IDs, phones and addresses (Decree 13/2023): only roles that work with people.
PERSONAL_DATA = "parties.view_national_id"
AUDIT_TRAIL = {"core.view_objectchange", "core.view_auditevent"}
# Replacing the document templates every project prints from (gpmb.documents).
DOCUMENT_TEMPLATES = "documents.change_template"
# Publishing a new version of a policy pack (a province's new price table).
PACK_PUBLISHING = "policy.add_policypack"


def _perms(models: list[str], actions: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for label in models:
        app, model = label.split(".")
        out.update(f"{app}.{action}_{model}" for action in actions)
    return out


VIEW_CASE_FILE = _perms(CASE_FILE, ("view",))
EDIT = ("add", "change", "delete")

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    role: frozenset(granted)
    for role, granted in {
        Role.COMPENSATION_OFFICER: VIEW_CASE_FILE
        | _perms(PREPARED_BY_OFFICER, EDIT)
        | CENSUS_DATA_IO
        | PLAN_WORK
        | ENFORCEMENT_WORK
        | {PLAN_SUBMIT, PERSONAL_DATA, STEP_WORK, HANDOVER, *AUDIT_TRAIL},
        Role.COMMUNE_LAND_OFFICER: VIEW_CASE_FILE
        | _perms(["parties.tenure"], ("add", "change"))
        | _perms(["parcels.parcel"], ("change",))
        | PLAN_POSTING
        | {PERSONAL_DATA, STEP_WORK, *AUDIT_TRAIL},
        Role.APPRAISER: VIEW_CASE_FILE | {PLAN_APPRAISAL, PERSONAL_DATA, STEP_WORK, *AUDIT_TRAIL},
        Role.APPROVER: VIEW_CASE_FILE
        | PAYMENT_APPROVAL
        | {PLAN_APPROVAL, PERSONAL_DATA, STEP_WORK, *AUDIT_TRAIL},
        Role.ACCOUNTANT: VIEW_CASE_FILE | PAYMENT_WORK | {PERSONAL_DATA, STEP_WORK},
        # Leadership follows progress and money; it does not need national IDs.
        Role.LEADERSHIP: VIEW_CASE_FILE | _perms(["reports.target"], ("view", "add", "change")),
        # The investor: progress and money of its projects, and the map — not the
        # households, their members, certificates or inventories (DESIGN.md "Users").
        Role.INVESTOR: _perms(
            [
                "projects.project",
                "projects.segment",
                "projects.batch",
                "projects.boundary",
                "parcels.parcel",
                "parcels.parcelimpact",
                "cases.case",
            ],
            ("view",),
        ),
        Role.INSPECTOR: VIEW_CASE_FILE | AUDIT_TRAIL,
        Role.ADMINISTRATOR: VIEW_CASE_FILE
        | _perms(PREPARED_BY_OFFICER, EDIT)
        | CENSUS_DATA_IO
        | PLAN_WORK
        | {PERSONAL_DATA, STEP_WORK, *AUDIT_TRAIL, DOCUMENT_TEMPLATES, PACK_PUBLISHING},
    }.items()
}


@cache
def role_grants(role: str, perm: str) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, frozenset())


def sync_role_groups(app_config: object = None, **kwargs: object) -> None:
    """One Django group per role holding that role's model permissions (run after
    every migrate, once the last app has its permissions), so the admin and `has_perm`
    agree with the role table."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    if app_config is not None and app_config is not list(apps.get_app_configs())[-1]:
        return

    by_label = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = [by_label[label] for label in ROLE_PERMISSIONS[role] if label in by_label]
        group.permissions.set(wanted)
