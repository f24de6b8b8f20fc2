from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from gpmb.core.models import EditConflict
from gpmb.core.permissions import may
from gpmb.core.views import acting_user, scoped_object_or_404
from gpmb.parcels.forms import ParcelForm, TenureForm
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parcels.pricing import segment_names
from gpmb.parcels.services import EDITABLE_FIELDS, ParcelEditError, parcel_update
from gpmb.parties.models import Tenure
from gpmb.parties.services import TENURE_FIELDS, PartyEditError, tenure_update


class ParcelDetailView(LoginRequiredMixin, TemplateView):
    template_name = "parcels/parcel_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        parcel = scoped_object_or_404(
            Parcel.objects.select_related("commune"), self.request.user, pk=self.kwargs["pk"]
        )
        user = self.request.user
        context.update(
            parcel=parcel,
            impacts=ParcelImpact.objects.restrict(user)
            .filter(parcel=parcel)
            .select_related("project"),
            tenures=Tenure.objects.restrict(user)
            .filter(parcel=parcel)
            .select_related("household__head"),
            can_change=may(user, "change", parcel),
            can_view_history=may(user, "core.view_objectchange", parcel),
        )
        if parcel.price_segment or parcel.other_segments:
            names = segment_names(parcel)
            context.update(
                segment=names.get(parcel.price_segment, parcel.price_segment),
                other_segments=[names.get(s, s) for s in parcel.other_segments or []],
            )
        return context


class ParcelEditView(LoginRequiredMixin, View):
    template_name = "parcels/parcel_edit.html"

    def get_parcel(self, request: HttpRequest, pk: int) -> Parcel:
        return scoped_object_or_404(
            Parcel.objects.select_related("commune"), request.user, "change", pk=pk
        )

    def form(self, parcel: Parcel, data: Any = None) -> ParcelForm:
        initial = {f: getattr(parcel, f) for f in EDITABLE_FIELDS}
        return ParcelForm(data, initial={**initial, "seen": parcel.edit_stamp})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        parcel = self.get_parcel(request, pk)
        form = self.form(parcel)
        return render(request, self.template_name, {"parcel": parcel, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        parcel = self.get_parcel(request, pk)
        form = self.form(parcel, request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"parcel": parcel, "form": form})
        data = {f: form.cleaned_data[f] for f in EDITABLE_FIELDS}
        try:
            parcel_update(
                actor=acting_user(request),
                parcel=parcel,
                data=data,
                reason=form.cleaned_data["reason"],
                seen=form.cleaned_data["seen"] or None,
            )
        except EditConflict as exc:
            # The user's values stay in the form; saving again overwrites, knowingly.
            again = request.POST.copy()
            again["seen"] = Parcel.objects.get(pk=parcel.pk).edit_stamp
            form = self.form(parcel, again)
            form.is_valid()
            form.add_error(None, str(exc))
            return render(request, self.template_name, {"parcel": parcel, "form": form})
        except ParcelEditError as exc:
            form.add_error("reason", str(exc))
            return render(request, self.template_name, {"parcel": parcel, "form": form})
        messages.success(request, _("Đã lưu thửa đất %(parcel)s.") % {"parcel": parcel})
        return redirect("parcels:parcel_detail", pk=parcel.pk)


class TenureEditView(LoginRequiredMixin, View):
    """Edit a tenure's facts (parties.services.tenure_update): the officer, or the commune
    land officer who confirms origin and time of use."""

    template_name = "parcels/tenure_edit.html"

    def get_tenure(self, request: HttpRequest, pk: int) -> Tenure:
        return scoped_object_or_404(
            Tenure.objects.select_related("parcel__commune", "household", "party"),
            request.user,
            "change",
            pk=pk,
        )

    def form(self, tenure: Tenure, data: Any = None) -> TenureForm:
        initial = {f: getattr(tenure, f) for f in TENURE_FIELDS}
        return TenureForm(data, initial={**initial, "seen": tenure.edit_stamp})

    def page(self, request: HttpRequest, tenure: Tenure, form: TenureForm) -> HttpResponse:
        return render(request, self.template_name, {"tenure": tenure, "form": form})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tenure = self.get_tenure(request, pk)
        return self.page(request, tenure, self.form(tenure))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tenure = self.get_tenure(request, pk)
        form = self.form(tenure, request.POST)
        if not form.is_valid():
            return self.page(request, tenure, form)
        try:
            tenure_update(
                actor=acting_user(request),
                tenure=tenure,
                data={f: form.cleaned_data[f] for f in TENURE_FIELDS},
                reason=form.cleaned_data["reason"],
                seen=form.cleaned_data["seen"] or None,
            )
        except (EditConflict, PartyEditError) as exc:
            form.add_error(None, str(exc))
            return self.page(request, tenure, form)
        messages.success(request, _("Đã lưu quyền sử dụng %(tenure)s.") % {"tenure": tenure})
        if tenure.household_id:
            return redirect("cases:household_detail", pk=tenure.household_id)
        return redirect("parcels:parcel_detail", pk=tenure.parcel_id)


def household_parcels_panel(
    request: HttpRequest, household: Any, page: dict[str, Any]
) -> dict[str, Any]:
    """The parcels section of the household page: each parcel the household holds (that
    the user may see) with its tenure and what the household's projects recover of it."""
    user = request.user
    project_ids = [c.project_id for c in page["cases"]]
    tenures = list(
        Tenure.objects.restrict(user)
        .filter(household=household)
        .select_related("parcel__commune", "party")
        .prefetch_related(
            Prefetch(
                "parcel__impacts",
                queryset=ParcelImpact.objects.filter(project_id__in=project_ids),
                to_attr="project_impacts",
            )
        )
    )
    parcel_ids = [t.parcel_id for t in tenures]

    def allowed(action: str) -> set[int]:
        reach = Parcel.objects.restrict(user, action).filter(pk__in=parcel_ids)
        return set(reach.values_list("pk", flat=True))

    # A tenure is changed by whoever may change tenures in its parcel's commune on the
    # household's projects: read from the cases' own columns (the edit page checks the
    # tenure itself).
    cases = page["cases"]
    return {
        "tenures": tenures,
        "tenures_editable": {
            t.pk
            for t in tenures
            if any(
                may(user, "parties.change_tenure", c)
                for c in cases
                if c.commune_id == t.parcel.commune_id
            )
        },
        "editable": allowed("change"),
        "with_history": allowed("core.view_objectchange"),
    }
