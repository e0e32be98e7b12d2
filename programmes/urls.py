from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme_list"),
    path("<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("<slug:programme>/<slug:slug>/", views.OutlineDetailView.as_view(), name="outline_detail"),
]
