"""Roster staff (curators) pages: the expert list, profiles (every view logged), vetting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from clearinghouse.errors import ServiceError

from .. import services
from ..filters import ExpertFilter
from ..forms import VettingForm
from ..models import Evaluation, Expert, ExpertExpertise
from ..permissions import can_manage_roster
from .expert import cv_response


def require_roster_staff(user) -> None:
    if not can_manage_roster(user):
        raise PermissionDenied


class ExpertListView(UserPassesTestMixin, FilterView):
    """Curators only. Every profile on the roster, filtered; opening one is logged."""

    filterset_class = ExpertFilter
    template_name = "roster/expert_list.html"
    context_object_name = "experts"
    paginate_by = 50

    def test_func(self):
        return can_manage_roster(self.request.user)

    def get_queryset(self):
        return (
            Expert.objects.on_roster()
            .select_related("nationality")
            .annotate(
                verified_count=Count("expertise", filter=Q(expertise__verified=True), distinct=True),
                language_count=Count("languages", distinct=True),
            )
            .order_by("full_name", "pk")
        )


def _expert(pk) -> Expert:
    return get_object_or_404(Expert.objects.on_roster().with_profile(), pk=pk)


@login_required
def expert_detail(request, pk):
    """Curators only. One profile; the view is written to the expert's access log."""
    require_roster_staff(request.user)
    expert = _expert(pk)
    services.expert_record_view(expert=expert, user=request.user, what=_("Profile"))
    return render(
        request,
        "roster/expert_detail.html",
        {
            "expert": expert,
            "checks": {c.kind: c for c in expert.vetting_checks.all()},
            "vetting_form": VettingForm(),
            "candidacies": expert.candidacies.select_related("request__mission"),
            "evaluations": Evaluation.objects.filter(deployment__candidate__expert=expert).select_related(
                "deployment__candidate__request"
            ),
            "views": expert.profile_views.select_related("viewer")[:20],
        },
    )


@login_required
def expert_cv(request, pk):
    """Curators only. The expert's CV as an attachment; the download is logged."""
    require_roster_staff(request.user)
    expert = _expert(pk)
    services.expert_record_view(expert=expert, user=request.user, what=_("CV download"))
    return cv_response(expert)


@login_required
@require_POST
def expert_vetting(request, pk):
    """Curators only. Records one dated item of the vetting checklist."""
    require_roster_staff(request.user)
    expert = _expert(pk)
    form = VettingForm(request.POST)
    if form.is_valid():
        services.vetting_record(expert=expert, user=request.user, **form.cleaned_data)
        messages.success(request, _("Vetting check recorded."))
    else:
        messages.error(request, _("Choose the check and give the date it was completed."))
    return redirect(expert.get_absolute_url())


@login_required
@require_POST
def expert_transition(request, pk):
    """Curators only. Activate, decline or archive a profile (activation needs the checklist)."""
    require_roster_staff(request.user)
    expert = _expert(pk)
    try:
        services.expert_transition(expert=expert, user=request.user, action=request.POST.get("action", ""))
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Status changed to: %(status)s.") % {"status": expert.get_status_display()}
        )
    return redirect(expert.get_absolute_url())


@login_required
@require_POST
def expertise_verify(request, pk, expertise_pk):
    """Curators only. Marks a declared theme verified (or self-declared again)."""
    require_roster_staff(request.user)
    expertise = get_object_or_404(ExpertExpertise, pk=expertise_pk, expert_id=pk)
    services.expertise_verify(
        expertise=expertise, user=request.user, verified=request.POST.get("verified") == "1"
    )
    return redirect("roster:expert_detail", pk=pk)
