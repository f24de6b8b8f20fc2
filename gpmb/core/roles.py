"""What each role may do. Data scope (which projects and communes) comes from the
user's assignments; this table says which actions a role grants on which models."""

from __future__ import annotations

from functools import cache

from gpmb.core.choices import Role

DOMAIN_MODELS = [
    "projects.project",
    "projects.segment",
    "projects.batch",
    "parcels.parcel",
    "parcels.parcelimpact",
    "parties.party",
    "parties.household",
    "parties.householdmember",
    "parties.tenure",
    "plans.case",
    "census.census",
    "census.inventoryitem",
]
EDITED_BY_OFFICER = [
    "projects.segment",
    "projects.batch",
    "parcels.parcel",
    "parcels.parcelimpact",
    "parties.party",
    "parties.household",
    "parties.householdmember",
    "parties.tenure",
    "plans.case",
    "census.census",
    "census.inventoryitem",
]
CENSUS_DATA_IO = {
    "census.import_inventoryitem",
    "census.export_inventoryitem",
    "census.admit_inventoryitem",
}
PERSONAL_DATA = "parties.view_national_id"
AUDIT_TRAIL = ["core.view_objectchange", "core.view_auditevent"]


def _perms(models: list[str], actions: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for label in models:
        app, model = label.split(".")
        out.update(f"{app}.{action}_{model}" for action in actions)
    return out


VIEW_ALL = _perms(DOMAIN_MODELS, ("view",))
EDIT = ("add", "change", "delete")

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.COMPENSATION_OFFICER: VIEW_ALL
    | _perms(EDITED_BY_OFFICER, EDIT)
    | {PERSONAL_DATA, *AUDIT_TRAIL},
    Role.COMMUNE_LAND_OFFICER: VIEW_ALL
    | _perms(["parties.tenure"], ("add", "change"))
    | _perms(["parcels.parcel"], ("change",))
    | {PERSONAL_DATA, *AUDIT_TRAIL},
    Role.APPRAISER: VIEW_ALL | {PERSONAL_DATA, *AUDIT_TRAIL},
    Role.APPROVER: VIEW_ALL | {PERSONAL_DATA, *AUDIT_TRAIL},
    Role.ACCOUNTANT: VIEW_ALL | {PERSONAL_DATA},
    # Leadership and the investor follow progress; they do not need national IDs.
    Role.LEADERSHIP: set(VIEW_ALL),
    Role.INVESTOR: _perms(["projects.project", "projects.segment", "projects.batch"], ("view",))
    | _perms(["plans.case"], ("view",)),
    Role.INSPECTOR: VIEW_ALL | set(AUDIT_TRAIL),
    Role.ADMINISTRATOR: VIEW_ALL | _perms(DOMAIN_MODELS, EDIT) | {PERSONAL_DATA, *AUDIT_TRAIL},
}

# Census import, export and admission after the cut-off (issue 4).
ROLE_PERMISSIONS[Role.COMPENSATION_OFFICER] |= CENSUS_DATA_IO
ROLE_PERMISSIONS[Role.ADMINISTRATOR] |= CENSUS_DATA_IO


@cache
def role_grants(role: str, perm: str) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, set())


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


# Plans and policy packs (issue 5): everyone who sees cases sees their computed plans and
# the packs; officers compute and settle ambiguous lines with a reason.
PLAN_MODELS = ["plans.planversion", "plans.calculationline", "plans.linedecision"]
PLAN_VIEW = _perms([*PLAN_MODELS, "policy.policypack"], ("view",))
PLAN_WORK = {"plans.compute_case", "plans.decide_case", "plans.add_linedecision"}
for _role, _granted in ROLE_PERMISSIONS.items():
    if _role != Role.INVESTOR:
        _granted |= PLAN_VIEW
ROLE_PERMISSIONS[Role.COMPENSATION_OFFICER] |= PLAN_WORK
ROLE_PERMISSIONS[Role.ADMINISTRATOR] |= PLAN_WORK
