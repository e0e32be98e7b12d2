import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clearinghouse.models import Region, Theme
from clearinghouse.queries import theme_q, words_q

from .models import Programme


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("All themes"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        empty_label=_("All regions"),
    )
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year", min_value=1990, max_value=2100)

    class Meta:
        model = Programme
        fields = ["q", "theme", "region", "year"]

    def search(self, queryset, name, value):
        fields = [
            "title",
            "title_ru",
            "summary",
            "objectives",
            "main_activities",
            "description_of_activities",
        ]
        return queryset.filter(words_q(fields, value))

    def filter_theme(self, queryset, name, value):
        """A top-level theme ('Protection') matches its topics too."""
        return queryset.filter(theme_q(value)).distinct()

    def filter_region(self, queryset, name, value):
        return queryset.filter(
            Q(regions=value) | Q(countries__region=value) | Q(outlines__regions=value)
        ).distinct()

    def filter_year(self, queryset, name, value):
        """Programmes running in that year; open ends count as running."""
        return queryset.filter(
            (Q(period_start__lte=value) | Q(period_start__isnull=True))
            & (Q(period_end__gte=value) | Q(period_end__isnull=True))
        )
