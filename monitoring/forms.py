"""Forms of the monitoring pillar. Forms validate what was typed; services do the writing."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clearinghouse import roles
from clearinghouse.fields import IdModelChoiceField, IdModelMultipleChoiceField
from clearinghouse.models import Country, Theme
from clearinghouse.widgets import ChoiceList, theme_group
from library.models import Document

from .choices import Addressee, AnswerKind, Confidence, FollowUpStatus, Level, Priority
from .models import Framework, Indicator, Recommendation
from .workflow import Action


def assessor_candidates():
    """Staff assessors and curators, and roster experts (a curator may assign one)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[roles.ASSESSOR, roles.CURATOR, roles.EXPERT])
        .distinct()
        .order_by("username")
    )


def reviewer_candidates():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[roles.ASSESSOR, roles.CURATOR]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


class AssessmentCreateForm(forms.Form):
    country = IdModelChoiceField(label=_("Country"), queryset=Country.objects.participating())
    framework = IdModelChoiceField(label=_("Framework"), queryset=Framework.objects.published())
    cycle = forms.IntegerField(label=_("Cycle (year)"), min_value=1990, max_value=2100)
    reviewer = IdModelChoiceField(label=_("Reviewer"), queryset=reviewer_candidates())
    assessors = IdModelMultipleChoiceField(
        label=_("Assessors"),
        queryset=assessor_candidates(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Staff assessors, or roster experts assigned to this assessment only."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewer_candidates()
        self.fields["assessors"].queryset = assessor_candidates()

    def clean(self):
        data = super().clean()
        reviewer, assessors = data.get("reviewer"), data.get("assessors") or []
        if reviewer is not None and reviewer in assessors:
            self.add_error("reviewer", _("The reviewer cannot also be an assessor of the same assessment."))
        return data


LEVEL_CHOICES = [("", _("Not answered yet")), *Level.choices]


class FindingForm(forms.Form):
    """One indicator's answer on an area page; everything may stay empty while drafting."""

    level = forms.ChoiceField(label=_("Level"), choices=LEVEL_CHOICES, required=False)
    value = forms.DecimalField(label=_("Value"), required=False, max_digits=14, decimal_places=2)
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_ru = forms.CharField(
        label=_("Evidence in Russian"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"), choices=[("", "—"), *Confidence.choices], required=False
    )
    change_note = forms.CharField(
        label=_("What changed since the previous cycle"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(label=_("Confirm the answer carried forward"), required=False)
    source_title = forms.CharField(label=_("New source: title"), required=False, max_length=255)
    source_url = forms.URLField(label=_("New source: link"), required=False, assume_scheme="https")
    source_date = forms.DateField(
        label=_("New source: date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    source_document = forms.IntegerField(
        label=_("New source: library document number"), required=False, min_value=1, max_value=2**31 - 1
    )
    remove_sources = forms.MultipleChoiceField(
        label=_("Remove sources"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, finding, **kwargs):
        self.finding = finding
        initial = {
            "level": finding.level,
            "value": finding.value,
            "evidence": finding.evidence,
            "evidence_ru": finding.evidence_ru,
            "confidence": finding.confidence,
            "change_note": finding.change_note,
        }
        super().__init__(*args, initial=initial, prefix=f"f{finding.pk}", **kwargs)
        self.fields["remove_sources"].choices = [(str(s.pk), str(s)) for s in finding.sources.all()]
        if finding.indicator.kind == AnswerKind.NUMBER:
            self.fields["level"].choices = [("", "—"), (Level.NO_INFORMATION, Level.NO_INFORMATION.label)]
            self.fields["value"].label = _("Value (%(unit)s)") % {"unit": finding.indicator.unit}
        else:
            del self.fields["value"]
        if not finding.carried_forward:
            del self.fields["confirm"]

    def clean_source_document(self):
        number = self.cleaned_data.get("source_document")
        if number is None:
            return None
        document = Document.objects.published().filter(pk=number).first()
        if document is None:
            raise forms.ValidationError(_("No published library document has this number."))
        return document

    def new_source(self) -> dict | None:
        data = self.cleaned_data
        source = {
            "title": data.get("source_title") or "",
            "url": data.get("source_url") or "",
            "date": data.get("source_date"),
            "document": data.get("source_document"),
        }
        return source if (source["title"] or source["url"] or source["document"]) else None

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "level": data.get("level") or "",
            "value": data.get("value"),
            "evidence": data.get("evidence") or "",
            "evidence_ru": data.get("evidence_ru") or "",
            "confidence": data.get("confidence") or "",
            "change_note": data.get("change_note") or "",
            "confirm": bool(data.get("confirm")),
            "new_source": self.new_source(),
            "remove_sources": [int(pk) for pk in data.get("remove_sources") or []],
        }


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    text_ru = forms.CharField(
        label=_("Recommendation in Russian"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM)
    addressee = forms.ChoiceField(label=_("Addressed to"), choices=Addressee.choices)
    addressee_name = forms.CharField(label=_("Addressee"), required=False, max_length=255)
    themes = IdModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.select_related("parent"),
        required=False,
        widget=ChoiceList(group_by=theme_group, filter_label=_("Type to filter the themes")),
    )
    indicators = IdModelMultipleChoiceField(
        label=_("Indicators it concerns"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.filter(framework=assessment.framework)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=Action.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Follow-up status"), choices=FollowUpStatus.choices)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnswersForm(forms.Form):
    """Which recommendations an activity or an event answers: the open recommendations of published
    assessments, plus those it already answers (so that a closed one can stay or be removed)."""

    recommendations = IdModelMultipleChoiceField(
        label=_("Recommendations answered"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Open recommendations of published country assessments, by country and cycle."),
    )

    def __init__(self, *args, subject, **kwargs):
        super().__init__(*args, **kwargs)
        current = subject.answers_recommendations.all()
        field = self.fields["recommendations"]
        field.queryset = (
            Recommendation.objects.filter(
                Q(pk__in=Recommendation.objects.public().open().values("pk")) | Q(pk__in=current.values("pk"))
            )
            .select_related("assessment__country")
            .order_by("assessment__country__name", "-assessment__cycle", "pk")
        )
        field.label_from_instance = lambda r: f"{r.assessment.country} {r.assessment.cycle}: {r.display_text}"
        if not self.is_bound:
            self.initial["recommendations"] = [r.pk for r in current]
