from django.urls import path

from . import views
from .feeds import DocumentFeed

app_name = "library"

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("search/", views.document_list, name="search"),
    path("feed/", DocumentFeed(), name="feed"),
    path("collections/", views.collection_list, name="collection_list"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection_detail"),
    path("<slug:slug>/", views.document_detail, name="document_detail"),
    path("<slug:slug>/files/<int:pk>/", views.file_download, name="file_download"),
    path("<slug:slug>/cite/<str:style>/", views.document_cite, name="document_cite"),
]
