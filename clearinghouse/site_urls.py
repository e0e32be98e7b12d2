"""Site-wide pages that join the pillars: country and region pages, organisations."""

from django.urls import path

from . import views

urlpatterns = [
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:iso2>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("directory/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
]
