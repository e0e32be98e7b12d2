import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clearinghouse.models import Country, Theme

from .choices import EventKind
from .models import Event


class EventFilter(django_filters.FilterSet):
    """Public list of events: kind, country (held there or concerning it), theme (a top-level theme
    includes its topics), year (running in that year)."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices, empty_label=_("All kinds"))
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="iso2",
        method="filter_country",
        empty_label=_("All countries"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("All themes"),
    )
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year", min_value=1990, max_value=2100)

    class Meta:
        model = Event
        fields = ["kind", "country", "theme", "year"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(pk__in=Event.objects.for_country(value).values("pk"))

    def filter_theme(self, queryset, name, value):
        ids = Event.objects.filter(Q(themes=value) | Q(themes__parent=value)).values("pk")
        return queryset.filter(pk__in=ids)

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(starts_at__year__lte=year, ends_at__year__gte=year)
