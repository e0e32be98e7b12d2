"""Requests from the field: filing (with a live count of matching experts), the ranked matching,
shortlists, invitations, deployments and evaluations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from clearinghouse import roles
from clearinghouse.errors import ServiceError
from clearinghouse.form_errors import formset_errors

from .. import matching, services
from ..choices import CandidateStatus, RequestStatus
from ..forms import (
    DeploymentForm,
    EvaluationForm,
    RequestForm,
    RequestLanguageFormSet,
    WeightsForm,
)
from ..models import Candidate, Deployment, ExpertExpertise, ExpertRequest
from ..permissions import (
    can_evaluate,
    can_file_request,
    can_manage_roster,
    can_see_identity,
    can_view_request,
)


def _require(predicate) -> None:
    if not predicate:
        raise PermissionDenied


def _request_forms(user, data=None):
    mission = user.organisation if roles.is_officer(user) and not roles.is_curator(user) else None
    form = RequestForm(data, officer_mission=mission)
    languages = RequestLanguageFormSet(data, prefix="lang")
    return form, languages


def criteria_from_forms(form, languages) -> matching.Criteria | None:
    """The criteria of a request form still being filled: dates are enough to count matches."""
    form.is_valid()
    languages.is_valid()
    data = getattr(form, "cleaned_data", {})
    start, end = data.get("starts_on"), data.get("ends_on")
    if not start or not end or end < start:
        return None
    wanted = {}
    for row in getattr(languages, "cleaned_data", None) or []:
        if row.get("language"):
            wanted[row["language"]] = row.get("min_level") or 1
    return matching.Criteria(starts_on=start, ends_on=end, languages=tuple(wanted.items()))


@login_required
def request_list(request):
    """Curators (every request) and field-mission officers (their mission's requests)."""
    _require(can_file_request(request.user))
    requests = (
        ExpertRequest.objects.visible_to(request.user)
        .select_related("mission", "country")
        .annotate(
            candidate_count=Count("candidates", filter=~Q(candidates__status=CandidateStatus.WITHDRAWN))
        )
    )
    status = request.GET.get("status")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    return render(
        request,
        "roster/request_list.html",
        {"requests": requests, "statuses": RequestStatus.choices, "status": status},
    )


@login_required
def request_new(request):
    """Field-mission officers (for their mission) and curators. "Check matches" re-shows the form
    with the count of matching experts (the no-JavaScript path of the live count)."""
    _require(can_file_request(request.user))
    data = request.POST if request.method == "POST" else None
    form, languages = _request_forms(request.user, data)
    count = None
    if data is not None and "check" in data:
        criteria = criteria_from_forms(form, languages)
        count = matching.count_matches(criteria) if criteria else None
    elif data is not None and form.is_valid() and languages.is_valid():
        mission = form.officer_mission or form.cleaned_data["mission"]
        fields = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("mission", "required_themes", "desirable_themes")
        }
        req = services.request_file(
            user=request.user,
            mission=mission,
            fields=fields,
            languages=[
                (r["language"], r["min_level"] or 1) for r in languages.cleaned_data if r.get("language")
            ],
            required_themes=form.cleaned_data["required_themes"],
            desirable_themes=form.cleaned_data["desirable_themes"],
        )
        messages.success(request, _("Your request is filed; roster staff will propose candidates."))
        return redirect(req)
    return render(
        request,
        "roster/request_form.html",
        {
            "form": form,
            "languages": languages,
            "language_errors": formset_errors(languages),
            "count": count,
            "checked": data is not None and "check" in data,
        },
    )


@login_required
@require_safe
def match_count(request):
    """Field-mission officers and curators. Fragment: how many active experts match the request
    form as filled so far (called by static/roster/match-count.js); a number, never names."""
    _require(can_file_request(request.user))
    form, languages = _request_forms(request.user, request.GET)
    criteria = criteria_from_forms(form, languages)
    count = matching.count_matches(criteria) if criteria else None
    return TemplateResponse(
        request, "roster/request_form.html#match-count", {"count": count, "checked": True}
    )


def _visible_request(user, pk) -> ExpertRequest:
    req = get_object_or_404(
        ExpertRequest.objects.select_related("mission", "country__region", "filed_by").prefetch_related(
            "languages", "required_themes", "desirable_themes"
        ),
        pk=pk,
    )
    if not can_view_request(user, req):
        raise Http404
    return req


@login_required
def request_detail(request, pk):
    """Curators and the requesting mission's officers (others 404). Officers see anonymised
    skill summaries until the expert accepted and staff released the name."""
    _require(can_file_request(request.user))
    req = _visible_request(request.user, pk)
    candidates = (
        req.candidates.exclude(status=CandidateStatus.WITHDRAWN)
        .select_related("expert", "deployment__evaluation")
        .prefetch_related(
            "expert__languages",
            Prefetch("expert__expertise", queryset=ExpertExpertise.objects.select_related("theme")),
            "expert__functions",
            "expert__country_experience__country",
        )
    )
    rows = []
    for number, candidate in enumerate(candidates, start=1):
        deployment = getattr(candidate, "deployment", None)
        rows.append(
            {
                "number": number,
                "candidate": candidate,
                "identity": can_see_identity(request.user, candidate),
                "deployment": deployment,
                "can_evaluate": deployment is not None and can_evaluate(request.user, deployment),
            }
        )
    return render(
        request,
        "roster/request_detail.html",
        {
            "req": req,
            "rows": rows,
            "staff": can_manage_roster(request.user),
            "deployment_form": DeploymentForm(initial={"starts_on": req.starts_on, "ends_on": req.ends_on}),
            "statuses": RequestStatus.choices,
        },
    )


@login_required
def request_matching(request, pk):
    """Curators only. The ranked matches with per-factor reasons, the near-misses, the weights."""
    _require(can_manage_roster(request.user))
    req = _visible_request(request.user, pk)
    criteria = matching.Criteria.from_request(req)
    result = matching.match(criteria)
    shortlisted = set(req.candidates.values_list("expert_id", flat=True))
    return render(
        request,
        "roster/request_matching.html",
        {
            "req": req,
            "result": result,
            "shortlisted": shortlisted,
            "weights_form": WeightsForm(weights=result.weights),
            "factors": matching.FACTORS,
        },
    )


@login_required
@require_POST
def request_weights(request, pk):
    """Curators only. Changes the weights of this request's matching (saved with the request)."""
    _require(can_manage_roster(request.user))
    req = _visible_request(request.user, pk)
    form = WeightsForm(request.POST)
    if form.is_valid():
        services.request_set_weights(request=req, user=request.user, weights=form.cleaned_data)
        messages.success(request, _("Weights saved; the ranking below uses them."))
    else:
        messages.error(request, _("Weights must be whole numbers from 0 to 100, not all zero."))
    return redirect("roster:request_matching", pk=req.pk)


@login_required
@require_POST
def request_status(request, pk):
    """Curators only. Marks a request open, filled or closed."""
    _require(can_manage_roster(request.user))
    req = _visible_request(request.user, pk)
    try:
        services.request_set_status(request=req, user=request.user, status=request.POST.get("status", ""))
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect(req)


@login_required
@require_POST
def shortlist_add(request, pk):
    """Curators only. Adds the ticked experts to the shortlist with their score and reasons."""
    _require(can_manage_roster(request.user))
    req = _visible_request(request.user, pk)
    ids = [int(x) for x in request.POST.getlist("expert") if x.isdigit()]
    if not ids:
        messages.error(request, _("Tick at least one expert."))
        return redirect("roster:request_matching", pk=req.pk)
    try:
        created = services.shortlist_add(request=req, user=request.user, expert_ids=ids)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("roster:request_matching", pk=req.pk)
    messages.success(request, _("%(n)d expert(s) added to the shortlist.") % {"n": len(created)})
    return redirect(req)


@login_required
@require_POST
def candidate_action(request, pk):
    """Curators only. Invite, release the name of, or remove a shortlisted candidate."""
    _require(can_manage_roster(request.user))
    candidate = get_object_or_404(Candidate.objects.select_related("request__mission", "expert"), pk=pk)
    action = request.POST.get("action", "")
    if action not in ("invite", "release", "withdraw"):
        raise Http404
    try:
        services.candidate_transition(candidate=candidate, user=request.user, action=action)
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect(candidate.request)


@login_required
@require_POST
def candidate_deploy(request, pk):
    """Curators only. Records the deployment of a released candidate."""
    _require(can_manage_roster(request.user))
    candidate = get_object_or_404(Candidate.objects.select_related("request"), pk=pk)
    form = DeploymentForm(request.POST)
    if form.is_valid():
        try:
            services.deployment_create(candidate=candidate, user=request.user, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Deployment recorded."))
    else:
        messages.error(request, _("Give valid deployment dates."))
    return redirect(candidate.request)


@login_required
def evaluate(request, pk):
    """The requesting mission's officers and curators, once the deployment has ended (others 404)."""
    deployment = get_object_or_404(
        Deployment.objects.select_related("candidate__request__mission", "candidate__expert"), pk=pk
    )
    if not can_view_request(request.user, deployment.candidate.request):
        raise Http404
    _require(can_evaluate(request.user, deployment))
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scores = {k: v for k, v in form.cleaned_data.items() if k not in ("recommendation", "comment")}
        services.evaluation_submit(
            deployment=deployment,
            user=request.user,
            scores=scores,
            recommendation=form.cleaned_data["recommendation"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you: the evaluation is saved and the expert can read it."))
        return redirect(deployment.candidate.request)
    return render(request, "roster/evaluation_form.html", {"form": form, "deployment": deployment})
