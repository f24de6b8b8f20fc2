from django.urls import path

from gpmb.parcels.views import imports, map, parcels, tokens

app_name = "parcels"
urlpatterns = [
    path("<int:pk>/", parcels.ParcelDetailView.as_view(), name="parcel_detail"),
    path("<int:pk>/edit/", parcels.ParcelEditView.as_view(), name="parcel_edit"),
    path("tenures/<int:pk>/edit/", parcels.TenureEditView.as_view(), name="tenure_edit"),
    # The project map and its clearance boundary.
    path("map/<slug:code>/", map.parcel_map, name="parcel_map"),
    path("map/<slug:code>/features/", map.map_features, name="map_features"),
    path("map/<slug:code>/boundary/", map.map_boundary, name="map_boundary"),
    path("map/<slug:code>/search/", map.map_search, name="map_search"),
    path("map/<slug:code>/parcel/<int:pk>/", map.map_popup, name="map_popup"),
    path("map/<slug:code>/boundaries/", map.boundary_versions, name="boundary_versions"),
    # Cadastral files and boundaries from the web: upload → preview → confirm.
    path("import/<slug:code>/", imports.import_upload, name="import_upload"),
    path("import/file/<int:pk>/", imports.import_file, name="import_file"),
    path("import/file/<int:pk>/write/", imports.import_write, name="import_write"),
    path("map/<slug:code>/boundaries/upload/", imports.boundary_upload, name="boundary_upload"),
    # A user's read tokens for the OGC API (QGIS, GDAL).
    path("tokens/", tokens.read_tokens, name="read_tokens"),
    path("tokens/<int:pk>/revoke/", tokens.read_token_revoke_view, name="read_token_revoke"),
]
