from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="reports:project_list"), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(template_name="core/password_change_form.html"),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="core/password_change_done.html"),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("gpmb.core.urls")),
    path("projects/", include("gpmb.reports.urls")),
    path("reports/", include("gpmb.reports.dashboard_urls")),
    path("households/", include("gpmb.cases.urls")),
    path("parcels/", include("gpmb.parcels.urls")),
    path("census/", include("gpmb.census.urls")),
    path("policy/", include("gpmb.policy.urls")),
    path("plans/", include("gpmb.plans.urls")),
    path("resettlement/", include("gpmb.resettlement.urls")),
    path("payments/", include("gpmb.payments.urls")),
    path("documents/", include("gpmb.documents.urls")),
    # OGC API – Features: the project parcels for QGIS and GDAL.
    path("ogc/", include("gpmb.parcels.ogc_urls")),
]
