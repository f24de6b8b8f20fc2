from django.urls import path

from gpmb.payments import views

app_name = "payments"
urlpatterns = [
    path("batches/<int:pk>/", views.BatchPaymentsView.as_view(), name="batch_payments"),
    path("projects/<slug:code>/", views.ProjectPaymentsView.as_view(), name="project_payments"),
    path(
        "batch-plans/<int:pk>/prepare/",
        views.PaymentBatchPrepareView.as_view(),
        name="paymentbatch_prepare",
    ),
    path(
        "payment-batches/<int:pk>/",
        views.PaymentBatchDetailView.as_view(),
        name="paymentbatch_detail",
    ),
    path(
        "payment-batches/<int:pk>/approve/",
        views.PaymentBatchApproveView.as_view(),
        name="paymentbatch_approve",
    ),
    path(
        "payment-batches/<int:pk>/transfers.<str:fmt>",
        views.TransferListView.as_view(),
        name="paymentbatch_transfers",
    ),
    path("cases/<int:pk>/", views.CaseMoneyView.as_view(), name="case_money"),
    *(
        path(f"cases/<int:pk>/{act}/", views.CaseActView.as_view(act=act), name=f"case_{act}")
        for act in views.CASE_ACTS
    ),
    path("entries/<int:pk>/reverse/", views.EntryReverseView.as_view(), name="entry_reverse"),
    path("entries/<int:pk>/receipt/", views.receipt_upload, name="receipt_upload"),
    path("receipts/<int:pk>/", views.receipt_download, name="receipt_download"),
    path("complaints/<int:pk>/close/", views.ComplaintCloseView.as_view(), name="complaint_close"),
    path(
        "deposits/<int:pk>/withdraw/", views.DepositWithdrawView.as_view(), name="deposit_withdraw"
    ),
]
