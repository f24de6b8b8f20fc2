"""The household pages: the list of the households the user works on, and one
household's case file (its members and cases here; its parcels, inventory and plans in
the panels the higher apps add to the "household" slot, see gpmb.core.panels)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.views.generic import TemplateView

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Case
from gpmb.cases.queries import household_list, household_list_filters
from gpmb.core.panels import render_panels
from gpmb.core.permissions import may
from gpmb.core.roles import PERSONAL_DATA
from gpmb.core.views import scoped_object_or_404
from gpmb.parties.models import Household, HouseholdMember
from gpmb.projects.models import AdminUnit, Project


class HouseholdListView(LoginRequiredMixin, TemplateView):
    template_name = "cases/household_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        params = household_list_filters(self.request.GET)
        page = Paginator(household_list(user, **params), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        context.update(
            page=page,
            params=params,
            projects=Project.objects.restrict(user),
            communes=AdminUnit.objects.filter(
                pk__in=Case.objects.restrict(user).values("commune_id")
            ).order_by("name"),
            statuses=CaseStatus.choices,
            CaseStatus=CaseStatus,
        )
        return context


class HouseholdDetailView(LoginRequiredMixin, TemplateView):
    template_name = "cases/household_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        household = scoped_object_or_404(
            Household.objects.select_related("head", "commune"), user, pk=self.kwargs["pk"]
        )
        cases = list(
            Case.objects.restrict(user)
            .filter(household=household)
            .select_related("project", "batch", "commune", "household")
        )
        context.update(
            household=household,
            members=HouseholdMember.objects.filter(household=household).select_related("party"),
            cases=cases,
            CaseStatus=CaseStatus,
            # National IDs, phones and address (Decree 13/2023): where the user's
            # assignments reaching this household's cases grant them.
            show_ids=any(may(user, PERSONAL_DATA, c) for c in cases),
            can_view_history=any(may(user, "core.view_objectchange", c) for c in cases),
        )
        context["panels"] = render_panels("household", self.request, household, context)
        return context
