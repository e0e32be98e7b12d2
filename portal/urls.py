"""The pages that join the pillars: home, countries, regions, directory, inventory, search, saved searches."""

from django.urls import path

from .views import lists, places, saved_searches

urlpatterns = [
    path("", places.HomeView.as_view(), name="home"),
    path("countries/", places.CountryListView.as_view(), name="country_list"),
    path("countries/<str:iso2>/", places.CountryDetailView.as_view(), name="country_detail"),
    path("regions/<slug:slug>/", places.RegionDetailView.as_view(), name="region_detail"),
    path("directory/", lists.directory, name="directory"),
    path("directory/export.csv", lists.directory_csv, name="directory_csv"),
    path("directory/<slug:slug>/", places.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("inventory/", lists.inventory, name="inventory"),
    path("inventory/export.csv", lists.inventory_csv, name="inventory_csv"),
    path("inventory/matrix/", lists.inventory_matrix, name="inventory_matrix"),
    path("inventory/<int:pk>/", lists.activity_detail, name="inventory_detail"),
    path("search/", lists.search, name="search"),
    path("saved-searches/", saved_searches.saved_search_list, name="saved_search_list"),
    path("saved-searches/new/", saved_searches.saved_search_create_view, name="saved_search_create"),
    path(
        "saved-searches/<int:pk>/delete/",
        saved_searches.saved_search_delete_view,
        name="saved_search_delete",
    ),
    path("saved-searches/feed/<str:token>/", saved_searches.SavedSearchFeed(), name="saved_search_feed"),
]
