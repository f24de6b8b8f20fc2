"""No code path outside the transition services writes a case's status (issue 12:
"statuses are earned, never set"). The scan reads every module of gpmb/ except the
migrations and gpmb/cases/services.py, and looks for the ways Django writes a field:
`.status =` on something named like a case, `Case(... status=` and
`Case.objects.create(... status=`, `.update(status=` on a Case queryset, and
`bulk_update(..., ["status"])` on cases. Other models' statuses (a plan version, a
batch, a job) are theirs to write."""

from __future__ import annotations

import ast
from pathlib import Path

from django.contrib import admin

from gpmb.cases.models import Case

ROOT = Path(__file__).resolve().parents[2] / "gpmb"
ALLOWED = {ROOT / "cases" / "services.py"}


def _name(node: ast.AST) -> str:
    """A dotted name for an expression: `case.status` → "case.status"."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _name(node.func) + "()"
    if isinstance(node, ast.Subscript):
        return _name(node.value) + "[]"
    return ""


def _is_case(dotted: str) -> bool:
    """Whether an expression reads as a case or cases: `case`, `self.case`, `cases[0]`,
    `Case.objects.filter(...)`, `household.cases.all()`."""
    parts = dotted.replace("()", "").replace("[]", "").split(".")
    return any(p.lower() in {"case", "cases", "locked_case"} or p.endswith("_case") for p in parts)


def _keyword(call: ast.Call, name: str) -> bool:
    return any(k.arg == name for k in call.keywords)


def status_writes(source: str, filename: str = "<snippet>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr == "status"
                    and _is_case(_name(target.value))
                ):
                    found.append(f"{filename}:{line}: {_name(target)} = …")
        if isinstance(node, ast.Call):
            func = _name(node.func)
            if func in {
                "Case",
                "Case.objects.create",
                "Case.objects.get_or_create",
                "Case.objects.update_or_create",
            } and (
                _keyword(node, "status")
                or (_keyword(node, "defaults") and "status" in ast.unparse(node))
            ):
                found.append(f"{filename}:{line}: {func}(status=…)")
            if func.endswith(".update") and _keyword(node, "status") and _is_case(func):
                found.append(f"{filename}:{line}: {func}(status=…)")
            if (
                func.endswith("bulk_update")
                and "status" in ast.unparse(node)
                and (_is_case(func) or "Case" in func)
            ):
                found.append(f"{filename}:{line}: {func}(…, ['status'])")
            if (
                func.endswith(("update_rows", "insert_rows"))
                and node.args
                and (
                    _name(node.args[0]) == "Case"
                    and "status" in ast.unparse(node.args[1] if len(node.args) > 1 else node)
                )
            ):
                found.append(f"{filename}:{line}: {func}(Case, …status…)")
    return found


def test_no_code_outside_the_transition_services_writes_a_case_status():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts or path in ALLOWED:
            continue
        found += status_writes(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_the_scan_catches_each_way_of_writing_a_status():
    snippet = """
case.status = "approved"
self.case.status = CaseStatus.PAID
Case.objects.filter(batch=batch).update(status="handed_over")
household.cases.all().update(status="paid")
Case(household=h, batch=b, status="approved")
Case.objects.create(household=h, batch=b, status=CaseStatus.PAID)
Case.objects.bulk_update(cases, ["status"])
update_rows(Case, ("status",), rows)
plan.status = "approved"
Batch.objects.filter(pk=1).update(status="active")
"""
    found = status_writes(snippet)
    assert len(found) == 8, found
    assert not any("plan.status" in f or "Batch" in f for f in found)


def test_the_services_module_itself_is_the_one_writer():
    services = ROOT / "cases" / "services.py"
    assert status_writes(services.read_text(encoding="utf-8"))


def test_the_admin_shows_the_status_read_only():
    case_admin = admin.site._registry[Case]
    assert "status" in case_admin.readonly_fields
    assert not case_admin.has_add_permission(None)
    assert not Case._meta.get_field("status").editable
