"""``/api/hsds/``: outside the language prefixes, as the language is a parameter here."""

from django.urls import path

from directory.hsds import api

app_name = "hsds"

urlpatterns = [
    path("", api.root, name="root"),
    path("openapi.json", api.openapi, name="openapi"),
    path("services", api.service_list, name="services"),
    path("services/<str:id>", api.service_detail, name="service"),
    path("organizations", api.organisation_list, name="organizations"),
    path("organizations/<str:id>", api.organisation_detail, name="organization"),
    path("service_at_locations", api.service_at_location_list, name="service_at_locations"),
    path(
        "service_at_locations/<str:id>",
        api.service_at_location_detail,
        name="service_at_location",
    ),
    path("taxonomies", api.taxonomy_list, name="taxonomies"),
    path("taxonomies/<str:id>", api.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", api.taxonomy_term_list, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", api.taxonomy_term_detail, name="taxonomy_term"),
]
