"""Forms of the events pillar: registration (guests and signed-in users), feedback, staff actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clearinghouse.fields import IdModelChoiceField
from clearinghouse.models import Country

from .choices import CONSENT_TEXTS, CONSENT_VERSION, RATINGS
from .services.registration import RegistrationDetails
from .workflow import EventAction, RegistrationAction


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("We send your confirmation and your private link here.")
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    position = forms.CharField(label=_("Role or position"), max_length=200, required=False)
    country = IdModelChoiceField(label=_("Country"), queryset=Country.objects.all(), required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything we should arrange so that you can take part fully."),
    )
    share_organisation = forms.BooleanField(
        label=_("My organisation may be listed on the event's page among the organisations represented"),
        required=False,
    )
    consent = forms.BooleanField(label=CONSENT_TEXTS[CONSENT_VERSION], required=True)
    consent_version = forms.CharField(widget=forms.HiddenInput, initial=CONSENT_VERSION)

    def __init__(self, *args, consent_needed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not consent_needed:  # changing details: the consent given stays
            del self.fields["consent"]
            del self.fields["consent_version"]

    def details(self) -> RegistrationDetails:
        data = self.cleaned_data
        return RegistrationDetails(
            full_name=data["full_name"].strip(),
            email=data["email"],
            organisation_name=data["organisation_name"].strip(),
            position=data["position"].strip(),
            country=data["country"],
            accessibility_needs=data["accessibility_needs"].strip(),
            share_organisation=data["share_organisation"],
            consent_version=data.get("consent_version") or CONSENT_VERSION,
        )


class FeedbackForm(forms.Form):
    overall = forms.TypedChoiceField(
        label=_("Overall, how useful was the event?"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    content = forms.TypedChoiceField(
        label=_("Content and speakers"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label=_("Comments"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )


class EventActionForm(forms.Form):
    action = forms.ChoiceField(choices=EventAction.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RegistrationActionForm(forms.Form):
    action = forms.ChoiceField(choices=RegistrationAction.choices)
