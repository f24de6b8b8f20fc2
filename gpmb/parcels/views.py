from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from gpmb.core.views import restricted_object_or_404
from gpmb.parcels.forms import ParcelForm
from gpmb.parcels.models import Parcel
from gpmb.parcels.services import EDITABLE_FIELDS, parcel_update
from gpmb.parties.models import Tenure
from gpmb.plans.pricing import segment_choices
from gpmb.projects.models import Project


class ParcelDetailView(LoginRequiredMixin, TemplateView):
    template_name = "parcels/parcel_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        parcel = restricted_object_or_404(
            Parcel.objects.select_related("commune"), self.request.user, pk=self.kwargs["pk"]
        )
        context.update(
            parcel=parcel,
            impacts=parcel.impacts.select_related("project"),
            tenures=Tenure.objects.filter(parcel=parcel).select_related("household__head"),
        )
        return context


class ParcelEditView(LoginRequiredMixin, View):
    template_name = "parcels/parcel_edit.html"

    def get_parcel(self, request: HttpRequest, pk: int) -> Parcel:
        return restricted_object_or_404(
            Parcel.objects.select_related("commune"), request.user, "change", pk=pk
        )

    def form(self, parcel: Parcel, data: Any = None) -> ParcelForm:
        projects = Project.objects.filter(impacts__parcel=parcel)
        return ParcelForm(
            data,
            initial={f: getattr(parcel, f) for f in EDITABLE_FIELDS},
            segments=segment_choices(projects, parcel.commune),
            keep=[parcel.price_segment, *(parcel.other_segments or [])],
        )

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
        parcel_update(
            actor=request.user, parcel=parcel, data=data, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Đã lưu thửa đất %(parcel)s.") % {"parcel": parcel})
        return redirect("parcels:parcel_detail", pk=parcel.pk)
