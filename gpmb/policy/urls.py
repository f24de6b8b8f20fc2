from django.urls import path

from gpmb.policy.views import packs, pricing

app_name = "policy"
urlpatterns = [
    path("", packs.PackListView.as_view(), name="policypack_list"),
    path("<int:pk>/", packs.PackDetailView.as_view(), name="policypack_detail"),
    path("<int:pk>/price-table/", packs.PriceTableUploadView.as_view(), name="pack_price_table"),
    path(
        "<int:pk>/price-table/<int:upload>/",
        packs.PriceTablePreviewView.as_view(),
        name="pack_price_preview",
    ),
    path("projects/<slug:code>/pricing/", pricing.PricingView.as_view(), name="project_pricing"),
    path("parcels/<int:pk>/price/", pricing.ParcelPriceView.as_view(), name="parcel_price"),
]
