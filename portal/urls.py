"""Site-wide pages that join the pillars: countries, regions, directory, inventory, search, saved searches."""

from django.urls import path

from . import saved_search_views, site_views, views

urlpatterns = [
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:iso2>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("directory/", site_views.directory, name="directory"),
    path("directory/export.csv", site_views.directory_csv, name="directory_csv"),
    path("directory/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("inventory/", site_views.inventory, name="inventory"),
    path("inventory/export.csv", site_views.inventory_csv, name="inventory_csv"),
    path("inventory/matrix/", site_views.inventory_matrix, name="inventory_matrix"),
    path("inventory/<int:pk>/", site_views.activity_detail, name="inventory_detail"),
    path("search/", site_views.search, name="search"),
    path("saved-searches/", saved_search_views.saved_search_list, name="saved_search_list"),
    path("saved-searches/new/", saved_search_views.saved_search_create_view, name="saved_search_create"),
    path(
        "saved-searches/<int:pk>/delete/",
        saved_search_views.saved_search_delete_view,
        name="saved_search_delete",
    ),
    path("saved-searches/feed/<str:token>/", saved_search_views.SavedSearchFeed(), name="saved_search_feed"),
]
