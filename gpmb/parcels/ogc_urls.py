from django.urls import path, re_path

from gpmb.parcels.views import ogc

app_name = "ogc"
# A trailing slash is optional: clients build these paths themselves.
urlpatterns = [
    path("", ogc.landing, name="landing"),
    # GDAL asks for <landing>/api, which is /ogc//api when the landing URL ends in "/".
    re_path(r"^(?:/)?api/?$", ogc.api, name="api"),
    re_path(r"^conformance/?$", ogc.conformance, name="conformance"),
    re_path(r"^collections/?$", ogc.collections, name="collections"),
    re_path(r"^collections/(?P<collection_id>[\w-]+)/?$", ogc.collection, name="collection"),
    re_path(r"^collections/(?P<collection_id>[\w-]+)/items/?$", ogc.items, name="items"),
    re_path(
        r"^collections/(?P<collection_id>[\w-]+)/items/(?P<feature_id>\d+)/?$",
        ogc.item,
        name="item",
    ),
    re_path(r"^(?P<path>.*)$", ogc.not_found),
]
