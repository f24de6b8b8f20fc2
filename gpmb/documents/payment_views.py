"""Downloads of the payment minutes and receipt of one payment and the handover minutes
of a household (gpmb.documents.payments), as DOCX or PDF. Those who see a case but not
its money (the investor) are refused, as on the payments pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from gpmb.core.permissions import may
from gpmb.core.roles import PERSONAL_DATA
from gpmb.core.views import scoped_object_or_404
from gpmb.documents.payments import handover_minutes_docx, payment_receipt_docx
from gpmb.documents.views import Download, DownloadView, docx_or_pdf
from gpmb.payments.choices import EntryKind
from gpmb.payments.models import Handover, LedgerEntry

_RELATED = ("case__household__head", "case__batch", "case__project__province", "case__commune")


class PaymentReceiptView(DownloadView):
    def document(self, request: HttpRequest, pk: int) -> Download:
        entry = scoped_object_or_404(
            LedgerEntry.objects.select_related(*_RELATED, "line__payment_batch__batch_plan"),
            request.user,
            pk=pk,
        )
        if entry.kind != EntryKind.PRINCIPAL:
            raise Http404
        full = may(request.user, PERSONAL_DATA, entry.case)
        return Download(
            make=docx_or_pdf(lambda: payment_receipt_docx(entry, full_ids=full)),
            name=f"bien-ban-chi-tra-{entry.pk}",
            event="payment_receipt",
            message=f"Xuất biên bản chi trả {entry.receipt_number}",
            target=entry.case,
        )


class HandoverMinutesView(DownloadView):
    def document(self, request: HttpRequest, pk: int) -> Download:
        handover = scoped_object_or_404(
            Handover.objects.select_related(*_RELATED), request.user, pk=pk
        )
        full = may(request.user, PERSONAL_DATA, handover.case)
        return Download(
            make=docx_or_pdf(lambda: handover_minutes_docx(handover, full_ids=full)),
            name=f"bien-ban-ban-giao-{handover.pk}",
            event="handover_minutes",
            message=f"Xuất biên bản bàn giao mặt bằng {handover.minutes_number}",
            target=handover.case,
        )
