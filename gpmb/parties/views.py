from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.views.generic import TemplateView

from gpmb.core.permissions import user_can
from gpmb.core.views import restricted_object_or_404
from gpmb.parcels.models import ParcelImpact
from gpmb.parties.models import Household, HouseholdMember, Tenure
from gpmb.parties.queries import household_list
from gpmb.plans.choices import CaseStatus
from gpmb.plans.models import Case
from gpmb.projects.models import AdminUnit, Project


class HouseholdListView(LoginRequiredMixin, TemplateView):
    template_name = "parties/household_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        params = {
            k: self.request.GET.get(k, "").strip() for k in ("q", "project", "commune", "status")
        }
        page = Paginator(household_list(user, **params), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        projects = Project.objects.restrict(user)
        context.update(
            page=page,
            params=params,
            projects=projects,
            communes=AdminUnit.objects.filter(
                pk__in=Case.objects.restrict(user).values("commune_id")
            ).order_by("name"),
            statuses=CaseStatus.choices,
            CaseStatus=CaseStatus,
            show_ids=user_can(user, "parties.view_national_id"),
        )
        return context


class HouseholdDetailView(LoginRequiredMixin, TemplateView):
    template_name = "parties/household_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        household = restricted_object_or_404(
            Household.objects.select_related("head", "commune"), user, pk=self.kwargs["pk"]
        )
        cases = Case.objects.restrict(user).filter(household=household)
        project_ids = list(cases.values_list("project_id", flat=True))
        tenures = (
            Tenure.objects.filter(household=household)
            .select_related("parcel__commune", "party")
            .prefetch_related(
                Prefetch(
                    "parcel__impacts",
                    queryset=ParcelImpact.objects.filter(project_id__in=project_ids),
                    to_attr="project_impacts",
                )
            )
        )
        context.update(
            household=household,
            members=HouseholdMember.objects.filter(household=household).select_related("party"),
            tenures=tenures,
            cases=cases.select_related("project", "batch", "commune"),
            CaseStatus=CaseStatus,
            show_ids=user_can(user, "parties.view_national_id"),
            can_edit_parcel=user_can(user, "parcels.change_parcel"),
        )
        return context
