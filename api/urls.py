"""/api/v1/: the API's operations, its OpenAPI document and its documentation page (django-ninja)."""

from django.urls import path

from .v1 import api

urlpatterns = [path("", api.urls)]
