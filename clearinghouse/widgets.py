"""Widgets shared by the pillars' forms."""

from collections.abc import Callable

from django import forms
from django.utils.translation import gettext_lazy as _


class ChoiceList(forms.CheckboxSelectMultiple):
    """Several choices among many (countries, themes, organisations): a list of checkboxes, grouped
    under a legend each (countries by region, themes under their parent), that works as it is without
    JavaScript. `static/js/choice-list.js` (a static file, so within the CSP) adds a box above the list
    that filters it as you type, and a status line with how many are shown and chosen.

    `group_by(instance)` gives the group of a model choice (its text is the legend); groups keep the
    order of their first choice, so order the queryset by group first. Give the queryset the
    `select_related` its groups need. A plain choice (not a model's) is left ungrouped.
    """

    template_name = "clearinghouse/widgets/choice_list.html"
    option_template_name = "django/forms/widgets/checkbox_option.html"

    class Media:
        js = [forms.Script("js/choice-list.js", defer=True)]

    def __init__(self, attrs=None, choices=(), *, group_by: Callable | None = None, filter_label=None):
        super().__init__(attrs, choices)
        self.group_by = group_by
        self.filter_label = filter_label or _("Type to filter the list")

    def grouped_choices(self) -> list:
        if self.group_by is None:
            return list(self.choices)
        groups: dict[str, list] = {}
        for value, label in self.choices:
            instance = getattr(value, "instance", None)
            group = "" if instance is None else str(self.group_by(instance) or "")
            groups.setdefault(group, []).append((value, label))
        grouped: list = []
        for group, options in groups.items():
            if group:
                grouped.append((group, options))
            else:
                grouped.extend(options)
        return grouped

    def optgroups(self, name, value, attrs=None):
        choices = self.choices
        self.choices = self.grouped_choices()
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["filter_label"] = self.filter_label
        return context


def region_of(country):
    """ChoiceList's group of a country: its region (select_related("region"))."""
    return country.region


def theme_group(theme):
    """ChoiceList's group of a theme: its top-level theme, or itself at the top (select_related("parent"))."""
    return theme.parent or theme


def countries_by_region(queryset):
    """Countries ordered as ChoiceList(group_by=region_of) shows them: region by region."""
    return queryset.select_related("region").order_by("region__order", "region__name", "name")
