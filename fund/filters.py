import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clearinghouse.models import Country, Theme
from clearinghouse.queries import theme_q

from .choices import PUBLIC_STATUSES, ProposalStatus
from .models import Proposal


class ProjectFilter(django_filters.FilterSet):
    """Public list of supported projects: country, theme (a top-level theme includes its topics),
    year (running in that year) and status (public states only)."""

    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="iso2",
        field_name="countries",
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
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(s.value, s.label) for s in ProposalStatus if s in PUBLIC_STATUSES],
        empty_label=_("Any status"),
    )

    class Meta:
        model = Proposal
        fields = ["country", "theme", "year", "status"]

    def filter_theme(self, queryset, name, value):
        ids = Proposal.objects.filter(theme_q(value)).values("pk")
        return queryset.filter(pk__in=ids)

    def filter_year(self, queryset, name, value):
        """Projects running in that year (by start and end dates, else the decision year)."""
        year = int(value)
        return queryset.filter(
            Q(start_date__year__lte=year, end_date__year__gte=year)
            | Q(start_date__isnull=True, decided_at__year=year)
        )
