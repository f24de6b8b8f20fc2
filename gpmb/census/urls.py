from django.urls import path

from gpmb.census import views

app_name = "census"
urlpatterns = [
    path(
        "households/<int:pk>/", views.HouseholdInventoryView.as_view(), name="household_inventory"
    ),
    path(
        "households/<int:pk>/history/",
        views.HouseholdCensusHistoryView.as_view(),
        name="household_history",
    ),
    path("cases/<int:case_pk>/section/", views.section, name="inventory_section"),
    path("cases/<int:case_pk>/new-row/", views.new_row, name="item_new_row"),
    path("cases/<int:case_pk>/add/", views.item_add, name="item_add"),
    path("cases/<int:case_pk>/correct-add/", views.item_add_correction, name="item_correct_add"),
    path("items/<int:pk>/", views.item_row, name="item_row"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_remove, name="item_delete"),
    path("items/<int:pk>/admit/", views.item_admission, name="item_admit"),
    path("items/<int:pk>/correct/", views.item_correction, name="item_correct"),
    path(
        "items/<int:pk>/correct-remove/", views.item_remove_correction, name="item_correct_remove"
    ),
    path("items/<int:pk>/attachments/", views.item_attachments, name="item_attachments"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("projects/<slug:code>/", views.ProjectCensusView.as_view(), name="project_census"),
    path("projects/<slug:code>/batches/<int:batch_pk>/open/", views.round_open, name="census_open"),
    path("projects/<slug:code>/inventory.xlsx", views.download_inventory, name="inventory_export"),
    path("projects/<slug:code>/xlsform.xlsx", views.download_xlsform, name="xlsform_export"),
    path("projects/<slug:code>/import/", views.import_excel, name="inventory_import"),
    path("projects/<slug:code>/import-field/", views.import_field, name="field_import"),
    path("imports/<int:pk>/", views.import_file, name="import_file"),
    path("template.xlsx", views.download_template, name="inventory_template"),
    path("rounds/<int:pk>/", views.CensusDetailView.as_view(), name="census_detail"),
    path("rounds/<int:pk>/close/", views.round_close, name="census_close"),
]
