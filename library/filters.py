"""Catalogue filters (the facets). Unknown values simply match nothing."""

import django_filters
from django.db.models import Q

from clearinghouse.queries import theme_q

from .models import Document


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(field_name="kind")
    language = django_filters.CharFilter(field_name="language")
    year = django_filters.NumberFilter(field_name="publication_year")
    theme = django_filters.CharFilter(method="filter_theme")
    country = django_filters.CharFilter(method="filter_country")
    region = django_filters.CharFilter(method="filter_region")
    publisher = django_filters.CharFilter(method="filter_publisher")

    class Meta:
        model = Document
        fields = ["kind", "language", "year", "theme", "country", "region", "publisher"]

    def filter_theme(self, queryset, name, value):
        """A theme matches itself and its sub-themes."""
        return queryset.filter(theme_q(value, field="themes", by="slug")).distinct()

    def filter_country(self, queryset, name, value):
        return queryset.filter(countries__iso2=value.upper()).distinct()

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(regions__slug=value) | Q(countries__region__slug=value)).distinct()

    def filter_publisher(self, queryset, name, value):
        return queryset.filter(publishers__slug=value).distinct()
