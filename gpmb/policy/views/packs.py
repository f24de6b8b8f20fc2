from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from gpmb.core.views import scoped_object_or_404
from gpmb.policy.models import PolicyPack
from gpmb.projects.models import Project


class PackListView(LoginRequiredMixin, TemplateView):
    """Every stored pack version with its validity, instruments and count of values the
    province has not given (missing)."""

    template_name = "policy/pack_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        packs = list(PolicyPack.objects.restrict(user).defer("source_text"))
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


class PackDetailView(LoginRequiredMixin, TemplateView):
    """One pack version: instruments and every value with its source."""

    template_name = "policy/pack_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pack = scoped_object_or_404(
            PolicyPack.objects.defer("source_text"), self.request.user, pk=self.kwargs["pk"]
        )
        context.update(pack=pack)
        return context
