from django.urls import path

from gpmb.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.HouseholdListView.as_view(), name="household_list"),
    path("<int:pk>/", views.HouseholdDetailView.as_view(), name="household_detail"),
    path("<int:pk>/edit/", views.HouseholdEditView.as_view(), name="household_edit"),
    path("my-work/", views.WorklistView.as_view(), name="worklist"),
    path("batches/<int:pk>/steps/", views.BatchStepsView.as_view(), name="batch_steps"),
    path("batches/<int:pk>/steps/record/", views.batch_steps_record, name="batch_steps_record"),
    path("batches/<int:pk>/steps.xlsx", views.batch_steps_export, name="batch_steps_export"),
]
