"""Filters of the public pages and the open data: framework, cycle, country, region, area, theme and
level. The comparison page uses the same filters (area, theme, region) as the exports."""

import django_filters
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from clearinghouse.models import Country, Region, Theme

from .choices import Level
from .models import Area, Finding, Framework, Indicator


def area_choices():
    return [(code, code) for code in Area.objects.order_by("code").values_list("code", flat=True).distinct()]


class FetchedChoices(ModelChoiceIterator):
    """The options of a short list from one plain query. Django's iterator reads them through
    queryset.iterator(), a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round
    trips per list of a few rows), which the profile of the comparison page showed as a third of its
    time."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ComparisonFilter(django_filters.FilterSet):
    """The comparison page's filters (applied by monitoring.queries.comparison)."""

    area = django_filters.ModelChoiceFilter(
        label=_("Area"),
        queryset=Area.objects.none(),
        to_field_name="code",
        empty_label=_("All areas"),
        method="keep",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
        method="keep",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("All regions"),
        method="keep",
    )

    class Meta:
        model = Finding
        fields = ["area", "theme", "region"]

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["area"].queryset = Area.objects.filter(framework=framework)
        self.form.fields["area"].queryset = Area.objects.filter(framework=framework)
        for name in ("area", "theme", "region"):
            field = self.form.fields[name]
            field.iterator = FetchedChoices
            field.queryset = field.queryset  # the setter hands the widget choices from the new iterator

    def keep(self, queryset, name, value):
        return queryset


class FindingFilter(django_filters.FilterSet):
    """Published findings for the open data."""

    framework = django_filters.ModelChoiceFilter(
        label=_("Framework"),
        queryset=Framework.objects.published(),
        to_field_name="slug",
        field_name="assessment__framework",
    )
    cycle = django_filters.NumberFilter(
        label=_("Cycle"), field_name="assessment__cycle", min_value=1900, max_value=2200
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="iso2",
        field_name="assessment__country",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        field_name="assessment__country__region",
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"), choices=area_choices, field_name="indicator__area__code"
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug", method="filter_theme"
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)

    class Meta:
        model = Finding
        fields = ["framework", "cycle", "country", "region", "area", "theme", "level"]

    def filter_theme(self, queryset, name, value):
        """A top-level theme includes its topics."""
        return queryset.filter(
            indicator__in=Indicator.objects.filter(Q(themes=value) | Q(themes__parent=value)).values("pk")
        )
