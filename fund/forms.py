"""Forms of the fund. Forms validate what was typed; services do the writing."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from clearinghouse.fields import IdModelMultipleChoiceField
from clearinghouse.models import Country, Theme
from clearinghouse.widgets import ChoiceList, countries_by_region, region_of, theme_group
from monitoring.models import Recommendation as MonitoringRecommendation

from .choices import Criterion, DecisionOutcome, EvaluationRating, Recommendation
from .models import BudgetLine, Evaluation, Message, Proposal, ProposalAttachment, Report

SECTIONS = [
    (_("Summary"), ["title", "summary"]),
    (_("Objectives and activities"), ["objectives", "activities"]),
    (_("Local partners and beneficiaries"), ["partners", "beneficiaries"]),
    (_("Where, what and when"), ["countries", "locations", "themes", "start_date", "end_date"]),
    (_("Funding"), ["requested_amount", "co_funding", "co_funding_sources"]),
    (_("Urgent request"), ["urgent", "urgent_justification"]),
    (_("Monitoring recommendations this proposal answers"), ["recommendations"]),
]
# Form-only fields: not columns of Proposal (the link is kept on the monitoring side).
EXTRA_FIELDS = ("recommendations",)


class ProposalForm(forms.ModelForm):
    """Every field may be empty while drafting; submission checks completeness separately."""

    countries = IdModelMultipleChoiceField(
        label=_("Countries"),
        queryset=countries_by_region(Country.objects.participating()),
        required=False,
        widget=ChoiceList(group_by=region_of, filter_label=_("Type to filter the countries")),
    )
    themes = IdModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.select_related("parent"),
        required=False,
        widget=ChoiceList(group_by=theme_group, filter_label=_("Type to filter the themes")),
    )
    recommendations = IdModelMultipleChoiceField(
        label=_("Recommendations answered"),
        queryset=MonitoringRecommendation.objects.public().open().select_related("assessment__country"),
        required=False,
        widget=ChoiceList(
            group_by=lambda recommendation: recommendation.assessment.country,
            filter_label=_("Type to filter the recommendations"),
        ),
        help_text=_("Open recommendations of published country assessments."),
    )

    class Meta:
        model = Proposal
        fields = [name for _title, names in SECTIONS for name in names if name not in EXTRA_FIELDS]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "activities": forms.Textarea(attrs={"rows": 6}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "beneficiaries": forms.Textarea(attrs={"rows": 3}),
            "urgent_justification": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        if self.instance.pk and not self.is_bound:
            self.initial["recommendations"] = [r.pk for r in self.instance.answers_recommendations.all()]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in SECTIONS]


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "description", "quantity", "unit_cost"]
        widgets = {"quantity": forms.NumberInput(attrs={"step": "0.01", "min": "0"})}


# absolute_max: however many forms the management form claims, no more than 60 are built (Django's
# default ceiling is max_num + 1000, a megabyte-sized page from a 100-byte request).
BudgetLineFormSet = inlineformset_factory(
    Proposal,
    BudgetLine,
    form=BudgetLineForm,
    extra=3,
    can_delete=True,
    max_num=60,
    absolute_max=60,
    validate_max=True,
)


def budget_line_data(formset) -> list[dict]:
    """The kept lines of a valid formset, in order; totals are computed later, never read from here."""
    lines = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE") or not form.has_changed() and not form.instance.pk:
            continue
        lines.append({k: data[k] for k in ("category", "description", "quantity", "unit_cost")})
    return lines


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = ProposalAttachment
        fields = ["title", "file"]


class MessageForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ["body", "internal"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["internal"]


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note to the mission"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


SCORE_CHOICES = [("", _("Choose")), ("na", _("n/a")), *[(str(n), str(n)) for n in range(1, 6)]]


class ReviewForm(forms.Form):
    conflict_of_interest = forms.BooleanField(label=_("I have a conflict of interest"), required=False)
    conflict_note = forms.CharField(
        label=_("Conflict of interest: details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    recused = forms.BooleanField(label=_("I recuse myself from this proposal"), required=False)
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=[("", _("Choose"))] + list(Recommendation.choices), required=False
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[f"score_{criterion.value}"] = forms.ChoiceField(
                label=criterion.label, choices=SCORE_CHOICES, required=False
            )
        self.order_fields([f"score_{c.value}" for c in Criterion] + ["recommendation", "comment"])

    def clean(self):
        data = super().clean()
        recusing = data.get("recused") or data.get("conflict_of_interest")
        if data.get("conflict_of_interest") and not (data.get("conflict_note") or "").strip():
            self.add_error("conflict_note", _("Describe the conflict of interest."))
        if not recusing:
            for criterion in Criterion:
                if not data.get(f"score_{criterion.value}"):
                    self.add_error(f"score_{criterion.value}", _("Give a score from 1 to 5, or n/a."))
            if not data.get("recommendation"):
                self.add_error("recommendation", _("Choose a recommendation."))
        return data

    def scores(self) -> dict[str, int | None]:
        out = {}
        for criterion in Criterion:
            value = self.cleaned_data.get(f"score_{criterion.value}")
            out[criterion.value] = int(value) if value and value != "na" else None
        return out

    @staticmethod
    def initial_from(review) -> dict:
        if review is None:
            return {}
        initial = {
            "recommendation": review.recommendation,
            "comment": review.comment,
            "conflict_of_interest": review.conflict_of_interest,
            "conflict_note": review.conflict_note,
            "recused": review.recused,
        }
        for criterion, value in review.scores().items():
            initial[f"score_{criterion}"] = "na" if value is None else str(value)
        return initial


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    amount = forms.DecimalField(
        label=_("Approved amount (EUR)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Up to the amount requested; empty means the full request."),
    )
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a rejection; sent to the mission."),
    )

    def __init__(self, *args, requested=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requested = requested

    def clean(self):
        data = super().clean()
        if data.get("outcome") == DecisionOutcome.REJECTED and not (data.get("reasons") or "").strip():
            self.add_error("reasons", _("Give the reasons for the rejection."))
        amount = data.get("amount")
        if data.get("outcome") == DecisionOutcome.APPROVED and amount is not None:
            if amount <= 0:
                self.add_error("amount", _("The amount must be more than zero."))
            elif self.requested is not None and amount > self.requested:
                self.add_error(
                    "amount", _("The amount cannot exceed the EUR %(r)s requested.") % {"r": self.requested}
                )
        return data


class BatchDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision for the selected proposals"),
        choices=[
            ("approve", _("Approve the amount requested")),
            ("defer", _("Defer to the next round")),
            ("reject", _("Reject")),
        ],
    )
    note = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for rejections; sent to each mission."),
    )
    proposals = forms.TypedMultipleChoiceField(
        label=_("Proposals"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Give the reasons for the rejection."))
        return data


class ReportForm(forms.ModelForm):
    """Narrative plus one 'spent' field per budget line of the project."""

    class Meta:
        model = Report
        fields = ["narrative"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, lines=(), spent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["narrative"].required = True
        spent = spent or {}
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"spent_{line.pk}"] = forms.DecimalField(
                label=_("Spent on: %(line)s") % {"line": line.description},
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=spent.get(line.pk),
            )

    def spending(self) -> dict:
        return {line.pk: self.cleaned_data.get(f"spent_{line.pk}") for line in self.lines}

    def spending_fields(self):
        return [(line, self[f"spent_{line.pk}"]) for line in self.lines]


class ReportReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("changes", _("Ask for changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the mission"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "changes" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what should change."))
        return data


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["rating", "findings", "lessons"]
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
        }


RATING_CHOICES = EvaluationRating.choices
