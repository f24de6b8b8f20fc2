"""Downloads of the payment minutes and receipt of one payment and the handover minutes
of a household (gpmb.documents.payments), as DOCX or PDF. Those who see a case but not
its money (the investor) are refused, as on the payments pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from gpmb.core.models import record_event
from gpmb.core.permissions import may
from gpmb.core.roles import PERSONAL_DATA
from gpmb.core.views import acting_user, scoped_object_or_404
from gpmb.documents.payments import handover_minutes_docx, payment_receipt_docx
from gpmb.documents.views import DocumentView, _as, _download
from gpmb.payments.choices import EntryKind
from gpmb.payments.models import Handover, LedgerEntry

FORMATS = ("docx", "pdf")
_RELATED = ("case__household__head", "case__batch", "case__project__province", "case__commune")


class PaymentReceiptView(DocumentView):
    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if fmt not in FORMATS:
            raise Http404
        entry = scoped_object_or_404(
            LedgerEntry.objects.select_related(*_RELATED, "line__payment_batch__batch_plan"),
            request.user,
            pk=pk,
        )
        if entry.kind != EntryKind.PRINCIPAL:
            raise Http404
        full = may(request.user, PERSONAL_DATA, entry.case)
        data = _as(payment_receipt_docx(entry, full_ids=full), fmt)
        record_event(
            actor=acting_user(request),
            kind="documents.payment_receipt",
            message=f"Xuất biên bản chi trả {entry.receipt_number} ({fmt})",
            target=entry.case,
        )
        return _download(data, fmt, f"bien-ban-chi-tra-{entry.pk}")


class HandoverMinutesView(DocumentView):
    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if fmt not in FORMATS:
            raise Http404
        handover = scoped_object_or_404(
            Handover.objects.select_related(*_RELATED), request.user, pk=pk
        )
        full = may(request.user, PERSONAL_DATA, handover.case)
        data = _as(handover_minutes_docx(handover, full_ids=full), fmt)
        record_event(
            actor=acting_user(request),
            kind="documents.handover_minutes",
            message=f"Xuất biên bản bàn giao mặt bằng {handover.minutes_number} ({fmt})",
            target=handover.case,
        )
        return _download(data, fmt, f"bien-ban-ban-giao-{handover.pk}")
