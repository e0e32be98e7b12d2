"""Forms of the events pillar: registration (guests and signed-in users), feedback, staff actions,
and the staff's form for an event's details. Forms check what was typed; services write."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clearinghouse.fields import IdModelChoiceField, IdModelMultipleChoiceField
from clearinghouse.models import Country, Organisation, Theme
from library.models import Document, DocumentStatus

from .choices import CONSENT_TEXTS, CONSENT_VERSION, RATINGS
from .models import Event
from .models.events import TIME_ZONES
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


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time without a zone (the browser's date-time picker, or typed as
    YYYY-MM-DD HH:MM); EventForm places it in the event's own time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def to_python(self, value):
        with timezone.override(UTC):  # read as typed: UTC has no missing or doubled hours
            value = super().to_python(value)
        if value is None:
            return None
        if not 1990 <= value.year <= 2100:
            raise forms.ValidationError(_("Enter a date between 1990 and 2100."), code="out_of_range")
        return value.replace(tzinfo=None)


SEVERAL = _("Hold Ctrl (or Cmd) to choose several.")


def _several(label, queryset, *, size=8, help_text=SEVERAL):
    return IdModelMultipleChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": size}),
        help_text=help_text,
    )


EVENT_SECTIONS = [
    (_("What"), ["kind", "slug", "title", "title_ru", "summary", "summary_ru", "themes", "audience"]),
    (_("When"), ["time_zone", "starts_at", "ends_at"]),
    (_("Where"), ["online", "venue", "city", "country", "countries", "working_languages"]),
    (_("Who organises it"), ["organisers", "partners"]),
    (
        _("Registration"),
        ["capacity", "registration_opens", "registration_closes", "invites_to_roster"],
    ),
    (_("Materials and report"), ["materials", "report"]),
]
# Date-times typed in the event's own time zone.
TIME_ZONE_SET = frozenset(TIME_ZONES)
LOCAL_TIMES = ("starts_at", "ends_at", "registration_opens", "registration_closes")
EVENT_RELATIONS = ("countries", "themes", "organisers", "partners", "materials")


class EventForm(forms.ModelForm):
    """Everything about an event but its status (the workflow moves it). Times are typed as the
    clock shows them where the event takes place, in the time zone chosen on the form."""

    slug = forms.SlugField(
        label=_("Address"),
        max_length=200,
        required=False,
        help_text=_(
            "The last part of the event's address, e.g. annual-meeting-2027; empty: made from the title."
        ),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(zone, zone) for zone in TIME_ZONES],
        initial="Europe/Vienna",
        help_text=_("Where the event takes place; the times below are in this zone."),
    )
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    registration_opens = LocalDateTimeField(
        label=_("Registration opens"),
        required=False,
        help_text=_("Empty: as soon as registration is opened."),
    )
    registration_closes = LocalDateTimeField(
        label=_("Registration closes"), required=False, help_text=_("Empty: until registration is closed.")
    )
    country = IdModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("Where it is held; empty for online events."),
    )
    countries = _several(_("Countries concerned"), Country.objects.all())
    themes = IdModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    organisers = _several(_("Organisers"), Organisation.objects.order_by("name"))
    partners = _several(_("Partners"), Organisation.objects.order_by("name"))
    materials = _several(
        _("Materials"),
        Document.objects.exclude(status=DocumentStatus.WITHDRAWN).order_by("title"),
        help_text=_(
            "Agenda, presentations, handouts: library documents, shown once published. Hold Ctrl (or "
            "Cmd) to choose several."
        ),
    )
    report = IdModelChoiceField(
        label=_("Report"),
        queryset=Document.objects.exclude(status=DocumentStatus.WITHDRAWN).order_by("title"),
        required=False,
        help_text=_("The event's report with its conclusions: a library document."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Empty when there is no limit."),
    )

    class Meta:
        model = Event
        fields = [name for _title, names in EVENT_SECTIONS for name in names]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "summary_ru": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["slug"]  # the address stays: links, feeds and calendars keep it
            if not self.is_bound:
                zone = self.instance.zone
                for name in LOCAL_TIMES:
                    value = getattr(self.instance, name)
                    self.initial[name] = (
                        timezone.localtime(value, zone).replace(tzinfo=None) if value else None
                    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        # All four are wall-clock times in the same zone: they compare as typed.
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event ends before it starts."))
        if opens and closes and closes < opens:
            self.add_error("registration_closes", _("Registration closes before it opens."))
        if closes and ends and closes > ends:
            self.add_error("registration_closes", _("Registration closes after the event has ended."))
        if not data.get("online") and "city" in data and not data["city"]:
            self.add_error("city", _("Give the city, or mark the event as online."))
        if not data.get("online") and "country" in data and not data["country"]:
            self.add_error("country", _("Give the country, or mark the event as online."))
        if data.get("time_zone") in TIME_ZONE_SET:
            zone = zoneinfo.ZoneInfo(data["time_zone"])
            for name in LOCAL_TIMES:
                if isinstance(data.get(name), datetime):
                    data[name] = data[name].replace(tzinfo=zone)
        return data

    def _post_clean(self):
        """The service checks the row as a whole (EventForm only checks what was typed)."""

    def sections(self):
        return [
            (title, [self[name] for name in names if name in self.fields]) for title, names in EVENT_SECTIONS
        ]

    def event_fields(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in EVENT_RELATIONS and name != "slug"
        }

    def relations(self) -> dict:
        return {name: self.cleaned_data[name] for name in EVENT_RELATIONS}
