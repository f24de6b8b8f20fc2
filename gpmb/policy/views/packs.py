from __future__ import annotations

from typing import Any

from gpmb.core.views import ScopedDetailView, ScopedListView
from gpmb.policy.models import PolicyPack
from gpmb.projects.models import Project


class PackListView(ScopedListView):
    """Every stored pack version with its validity, instruments and count of values the
    province has not given (missing)."""

    queryset = PolicyPack.objects.defer("source_text")
    template_name = "policy/pack_list.html"
    paginate_by = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        packs = context["object_list"]
        used: dict[str, list[str]] = {}
        for pack_code, project_code in (
            Project.objects.restrict(user)
            .exclude(policy_pack_code="")
            .order_by("code")
            .values_list("policy_pack_code", "code")
        ):
            used.setdefault(pack_code, []).append(project_code)
        latest: set[int] = set()
        seen: set[str] = set()
        for pack in packs:  # ordered by code, newest first
            if pack.code not in seen:
                seen.add(pack.code)
                latest.add(pack.pk)
                pack.projects = used.get(pack.code, [])  # type: ignore[attr-defined]
        context.update(packs=packs, latest=latest, used=used)
        return context


class PackDetailView(ScopedDetailView):
    """One pack version: instruments and every value with its source."""

    queryset = PolicyPack.objects.defer("source_text")
    template_name = "policy/pack_detail.html"
    context_object_name = "pack"
