"""The assessors' pages: the work list, opening an assessment (curators), one page per area with
drafts saved as typed, recommendations, and the workflow buttons."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearinghouse.errors import ServiceError
from events.models import Event

from ..forms import AssessmentCreateForm, CommentForm, FindingForm, RecommendationForm, TransitionForm
from ..models import Area
from ..permissions import (
    allowed_actions,
    can_comment,
    can_create_assessment,
    can_declare_event_answers,
    can_edit_findings,
    visible_assessments,
)
from ..services import AssessmentIncomplete
from ..services.assessments import assessment_create as create_service
from ..services.assessments import assessment_transition, finding_save, incomplete_findings
from ..services.recommendations import recommendation_save
from ..workflow import Action
from .access import work_assessment, work_user_required


@work_user_required
def work_list(request):
    """Curators, assessors and anyone assigned. The assessments the user works on (curators: all)."""
    assessments = (
        visible_assessments(request.user)
        .select_related("country", "framework", "reviewer")
        .annotate(
            total=Count("findings", distinct=True),
            answered=Count(
                "findings", filter=~Q(findings__level="") | Q(findings__value__isnull=False), distinct=True
            ),
            carried=Count("findings", filter=Q(findings__carried_forward=True), distinct=True),
        )
        .order_by("-cycle", "country__name")
    )
    # The latest events, for those who may declare which recommendations they answer (curators).
    events = Event.objects.public().exclude(status="cancelled").prefetch_related("organisers")[:30]
    return render(
        request,
        "monitoring/work_list.html",
        {
            "assessments": assessments,
            "may_create": can_create_assessment(request.user),
            "events": [e for e in events if can_declare_event_answers(request.user, e)],
        },
    )


@work_user_required
def assessment_create(request):
    """Curators. Opens an assessment for a country, framework and cycle, assigning assessors and a
    reviewer; the previous cycle's findings are carried forward."""
    if not can_create_assessment(request.user):
        raise PermissionDenied
    form = AssessmentCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = create_service(user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The assessment is open."))
            return redirect(assessment.get_work_url())
    return render(request, "monitoring/assessment_form.html", {"form": form})


def _areas_with_progress(assessment):
    return Area.objects.filter(framework=assessment.framework).annotate(
        total=Count("indicators__findings", filter=Q(indicators__findings__assessment=assessment)),
        answered=Count(
            "indicators__findings",
            filter=Q(indicators__findings__assessment=assessment)
            & (~Q(indicators__findings__level="") | Q(indicators__findings__value__isnull=False)),
        ),
        carried=Count(
            "indicators__findings",
            filter=Q(indicators__findings__assessment=assessment, indicators__findings__carried_forward=True),
        ),
    )


@work_user_required
def work_detail(request, pk):
    """The assessment's assessors, its reviewer and curators. Progress per area, findings with the
    reviewer's comments, recommendations, the workflow buttons and the event log."""
    assessment = work_assessment(request.user, pk)
    findings = assessment.findings.select_related("indicator__area").prefetch_related(
        "sources", "comments__author"
    )
    return render(
        request,
        "monitoring/work_detail.html",
        {
            "assessment": assessment,
            "areas": _areas_with_progress(assessment),
            "findings": findings,
            "recommendations": assessment.recommendations.prefetch_related("indicators"),
            "events": assessment.events.select_related("actor"),
            "actions": [(a, Action(a).label) for a in allowed_actions(request.user, assessment)],
            "transition_form": TransitionForm(),
            "comment_form": CommentForm() if can_comment(request.user, assessment) else None,
            "may_edit": can_edit_findings(request.user, assessment),
            "problems": incomplete_findings(assessment) if assessment.status != "published" else [],
        },
    )


@work_user_required
def area_edit(request, pk, area):
    """The assessment's assessors (others assigned see it read-only). One form per indicator of the
    area; saving keeps everything typed, complete or not."""
    assessment = work_assessment(request.user, pk)
    area = get_object_or_404(Area, framework=assessment.framework, code=area)
    findings = list(
        assessment.findings.filter(indicator__area=area)
        .select_related("indicator__commitment_document")
        .prefetch_related("sources", "comments__author")
    )
    may_edit = can_edit_findings(request.user, assessment)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    forms = [(finding, FindingForm(data, finding=finding)) for finding in findings]
    if data is not None and all(form.is_valid() for _f, form in forms):
        try:
            with transaction.atomic():
                for finding, form in forms:
                    finding_save(user=request.user, finding=finding, **form.service_kwargs())
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("monitoring:area_edit", pk=assessment.pk, area=area.code)
    return render(
        request,
        "monitoring/area_edit.html",
        {
            "assessment": assessment,
            "area": area,
            "areas": Area.objects.filter(framework=assessment.framework),
            "forms": forms,
            "may_edit": may_edit,
        },
    )


@work_user_required
def recommendation_add(request, pk):
    """The assessment's assessors, while it is editable. Adds a recommendation."""
    assessment = work_assessment(request.user, pk)
    if not can_edit_findings(request.user, assessment):
        raise PermissionDenied
    form = RecommendationForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation_save(user=request.user, assessment=assessment, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Recommendation added."))
            return redirect(assessment.get_work_url() + "#recommendations")
    return render(request, "monitoring/recommendation_form.html", {"assessment": assessment, "form": form})


@require_POST
@work_user_required
def assessment_action(request, pk):
    """The assessment's assessors, reviewer and curators; the transition table says who may do what."""
    assessment = work_assessment(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect(assessment.get_work_url())
    action = form.cleaned_data["action"]
    try:
        assessment = assessment_transition(
            user=request.user, assessment=assessment, action=action, note=form.cleaned_data["note"]
        )
    except AssessmentIncomplete as exc:
        messages.error(request, exc.message)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done: %(status)s.") % {"status": assessment.get_status_display()})
        if action == Action.PUBLISH:
            return redirect(assessment.get_absolute_url())
    return redirect(assessment.get_work_url())
