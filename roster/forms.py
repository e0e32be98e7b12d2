"""Forms of the roster. A profile is one main form plus three small formsets (languages, countries,
availability windows) so it works without JavaScript: each formset shows a few empty rows."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from clearinghouse.fields import IdModelChoiceField, IdModelMultipleChoiceField
from clearinghouse.form_errors import formset_errors
from clearinghouse.models import Country, Organisation, Theme
from clearinghouse.widgets import ChoiceList, theme_group

from .choices import CEFR, CONSENT_TEXT, Function, Language, Recommendation, VettingKind
from .matching import DEFAULT_WEIGHTS, FACTORS
from .models import CRITERIA, Evaluation, Expert, ExpertRequest
from .services import ProfileData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PrivateFileInput(forms.ClearableFileInput):
    """A file input for private files: says a file is on record, never links to it."""

    template_name = "roster/widgets/private_file.html"

    def is_initial(self, value):
        return bool(value)


class ProfileForm(forms.ModelForm):
    themes = IdModelMultipleChoiceField(
        label=_("Expertise"),
        queryset=Theme.objects.select_related("parent"),
        required=False,
        widget=ChoiceList(group_by=theme_group, filter_label=_("Type to filter the themes")),
        help_text=_("Self-declared; roster staff verify expertise during vetting."),
    )
    functions = forms.MultipleChoiceField(
        label=_("Functions"), choices=Function.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    publication_languages = forms.MultipleChoiceField(
        label=_("Languages of publication"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For media professionals."),
    )

    class Meta:
        model = Expert
        fields = [
            "full_name",
            "email",
            "phone",
            "nationality",
            "organisation_name",
            "bio",
            "cv",
            "years_experience",
            "media_outlet",
            "publication_languages",
            "notice_days",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "cv": PrivateFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].queryset = Country.objects.all()
        if self.instance.pk:
            self.fields["themes"].initial = [e.theme_id for e in self.instance.expertise.all()]
            self.fields["functions"].initial = [f.function for f in self.instance.functions.all()]

    def clean(self):
        data = super().clean()
        if Function.MEDIA_PROFESSIONAL in data.get("functions", []) and not data.get("media_outlet"):
            self.add_error("media_outlet", _("Media professionals name their outlet."))
        return data


class ConsentProfileForm(ProfileForm):
    """A new profile for a signed-in user: the profile and the explicit consent."""

    consent = forms.BooleanField(label=CONSENT_TEXT, required=True)


class ApplyEmailForm(forms.Form):
    """The first step of an application: the address the link is sent to."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)


class ApplyForm(ConsentProfileForm):
    """A new profile for a visitor: an account, the profile and the explicit consent."""

    username = forms.CharField(label=_("Username"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    field_order = ["username", "password1", "password2"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            user = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
            try:
                validate_password(data["password1"], user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[("", "—"), *Language.choices], required=False)
    level = forms.TypedChoiceField(
        label=_("CEFR level"),
        choices=[("", "—"), *CEFR.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def clean(self):
        data = super().clean()
        if data.get("language") and not data.get("level"):
            self.add_error("level", _("Give the level for this language."))
        return data


class CountryForm(forms.Form):
    country = IdModelChoiceField(label=_("Country"), queryset=Country.objects.all(), required=False)
    years = forms.IntegerField(label=_("Years"), min_value=0, max_value=70, required=False)


class WindowForm(forms.Form):
    starts_on = forms.DateField(label=_("Available from"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("Available until"), widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if bool(start) != bool(end):
            self.add_error("ends_on" if start else "starts_on", _("Give both dates."))
        elif start and end < start:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data


# absolute_max caps the forms built whatever TOTAL_FORMS claims (Django's default is max_num + 1000).
LanguageFormSet = forms.formset_factory(LanguageForm, extra=3, max_num=20, absolute_max=20, validate_max=True)
CountryFormSet = forms.formset_factory(CountryForm, extra=3, max_num=30, absolute_max=30, validate_max=True)
WindowFormSet = forms.formset_factory(WindowForm, extra=2, max_num=20, absolute_max=20, validate_max=True)


class ProfileBundle:
    """The main form and its formsets, validated and turned into ProfileData together."""

    def __init__(self, form_class, data=None, files=None, instance=None, initial_fields=None):
        if instance is not None:
            self.form = form_class(data, files, instance=instance)
        else:
            self.form = form_class(data, files, initial=initial_fields)
        initial = {"languages": [], "countries": [], "windows": []}
        if instance is not None and data is None:
            initial["languages"] = [
                {"language": x.language, "level": x.level} for x in instance.languages.all()
            ]
            initial["countries"] = [
                {"country": x.country_id, "years": x.years} for x in instance.country_experience.all()
            ]
            initial["windows"] = [
                {"starts_on": x.starts_on, "ends_on": x.ends_on} for x in instance.availability.all()
            ]
        self.languages = LanguageFormSet(data, prefix="lang", initial=initial["languages"] or None)
        self.countries = CountryFormSet(data, prefix="country", initial=initial["countries"] or None)
        self.windows = WindowFormSet(data, prefix="window", initial=initial["windows"] or None)

    @property
    def formsets(self):
        return [self.languages, self.countries, self.windows]

    @property
    def formset_errors(self) -> list[tuple[str, str, str]]:
        return formset_errors(*self.formsets)

    def is_valid(self) -> bool:
        return all(
            [
                self.form.is_valid(),
                self.languages.is_valid(),
                self.countries.is_valid(),
                self.windows.is_valid(),
            ]
        )

    def profile_data(self) -> ProfileData:
        data = self.form.cleaned_data
        return ProfileData(
            fields={k: v for k, v in data.items() if k in self.form.Meta.fields and k != "cv"},
            themes=list(data["themes"]),
            functions=list(data["functions"]),
            languages=[(f["language"], f["level"]) for f in self.languages.cleaned_data if f.get("language")],
            countries=[
                (f["country"], f.get("years") or 0) for f in self.countries.cleaned_data if f.get("country")
            ],
            windows=[(f["starts_on"], f["ends_on"]) for f in self.windows.cleaned_data if f.get("starts_on")],
            cv=False if data.get("cv") is False else (data.get("cv") if self.form.files.get("cv") else None),
        )


class RequestForm(forms.ModelForm):
    mission = IdModelChoiceField(
        label=_("Requesting mission"), queryset=Organisation.objects.field_missions(), required=False
    )

    class Meta:
        model = ExpertRequest
        fields = [
            "title",
            "terms_of_reference",
            "required_themes",
            "desirable_themes",
            "country",
            "function",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "terms_of_reference": forms.Textarea(attrs={"rows": 6}),
            "required_themes": ChoiceList(group_by=theme_group, filter_label=_("Type to filter the themes")),
            "desirable_themes": ChoiceList(group_by=theme_group, filter_label=_("Type to filter the themes")),
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args, officer_mission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.officer_mission = officer_mission
        for name in ("required_themes", "desirable_themes"):
            self.fields[name].queryset = self.fields[name].queryset.select_related("parent")
        if officer_mission is not None:
            del self.fields["mission"]
        else:
            self.fields["mission"].required = True

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end cannot be before the start."))
        required, desirable = set(data.get("required_themes") or []), set(data.get("desirable_themes") or [])
        if required & desirable:
            self.add_error("desirable_themes", _("A theme cannot be both required and desirable."))
        return data


class RequestLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[("", "—"), *Language.choices], required=False)
    min_level = forms.TypedChoiceField(
        label=_("At least"),
        choices=CEFR.choices,
        coerce=int,
        initial=CEFR.B2,
        required=False,
        empty_value=None,
    )


RequestLanguageFormSet = forms.formset_factory(
    RequestLanguageForm, extra=3, max_num=10, absolute_max=10, validate_max=True
)


class WeightsForm(forms.Form):
    def __init__(self, *args, weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        weights = weights or DEFAULT_WEIGHTS
        for key, label in FACTORS:
            self.fields[key] = forms.IntegerField(
                label=label, min_value=0, max_value=100, initial=weights.get(key, DEFAULT_WEIGHTS[key])
            )

    def clean(self):
        data = super().clean()
        if all(k in data for k, _l in FACTORS) and not sum(data[k] for k, _l in FACTORS):
            raise forms.ValidationError(_("At least one weight must be above zero."))
        return data


class VettingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Check"), choices=VettingKind.choices)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DeploymentForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [name for name, _label in CRITERIA] + ["recommendation", "comment"]
        widgets = {name: forms.RadioSelect for name, _label in CRITERIA} | {
            "recommendation": forms.RadioSelect(choices=Recommendation.choices),
            "comment": forms.Textarea(attrs={"rows": 5}),
        }


class ResponseForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000)
