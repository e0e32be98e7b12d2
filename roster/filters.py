from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clearinghouse.models import Country, Theme

from .choices import CEFR, ExpertStatus, Function, Language
from .models import FRESH_DAYS, Expert


class ExpertFilter(django_filters.FilterSet):
    """Staff list of experts: words, status, theme, function, language (at a level), country."""

    q = django_filters.CharFilter(label=_("Name, e-mail or organisation"), method="filter_q")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ExpertStatus.choices)
    theme = django_filters.ModelChoiceFilter(
        label=_("Expertise"), queryset=Theme.objects.all(), field_name="expertise__theme", distinct=True
    )
    function = django_filters.ChoiceFilter(
        label=_("Function"), choices=Function.choices, field_name="functions__function", distinct=True
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Language.choices, method="filter_language"
    )
    level = django_filters.ChoiceFilter(label=_("at least"), choices=CEFR.choices, method="filter_noop")
    country = django_filters.ModelChoiceFilter(
        label=_("Country experience"),
        queryset=Country.objects.all(),
        field_name="country_experience__country",
        distinct=True,
    )

    freshness = django_filters.ChoiceFilter(
        label=_("Confirmed"),
        choices=[
            ("fresh", _("within 12 months")),
            ("stale", _("over 12 months ago")),
            ("reminded", _("reminder sent")),
        ],
        method="filter_freshness",
    )

    class Meta:
        model = Expert
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(full_name__icontains=value)
            | Q(email__icontains=value)
            | Q(organisation_name__icontains=value)
            | Q(code__iexact=value)
        )

    def filter_language(self, queryset, name, value):
        level = int(self.data.get("level") or 1)
        return queryset.filter(languages__language=value, languages__level__gte=level).distinct()

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_freshness(self, queryset, name, value):
        cutoff = timezone.now() - timedelta(days=FRESH_DAYS)
        if value == "fresh":
            return queryset.filter(confirmed_at__gte=cutoff)
        if value == "stale":
            return queryset.filter(confirmed_at__lt=cutoff)
        return queryset.filter(retention_notice_sent_at__isnull=False)
