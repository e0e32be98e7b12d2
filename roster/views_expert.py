"""The expert's own pages: apply, profile, self-service privacy, invitations and evaluations.

An expert only ever reaches their own profile: every view looks it up from request.user."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearinghouse.uploads import content_type_for, detected_kind

from . import services, workflow
from .choices import CONSENT_TEXT, CONSENT_VERSION, CandidateStatus
from .forms import ApplyForm, ConsentProfileForm, ProfileBundle, ProfileForm, ResponseForm
from .models import Candidate, Evaluation, Expert
from .permissions import may_apply


def own_profile(user) -> Expert:
    """The signed-in user's own, not erased, profile, or 404."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Expert.objects.on_roster().with_profile(), user=user)


def cv_response(expert: Expert) -> FileResponse:
    """The CV as a download: attachment, never rendered inline, type sniffing off."""
    if not expert.cv:
        raise Http404
    try:
        handle = expert.cv.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    kind = detected_kind(handle)  # stored names are random tokens: the type comes from the content
    extension = f".{kind}" if kind else ""
    response = FileResponse(handle, as_attachment=True, filename=f"cv-{expert.code}{extension}")
    response["Content-Type"] = content_type_for(kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def apply(request):
    """Public. Visitors create an expert account and profile in one step; a signed-in user without
    a profile applies with their account; experts with a profile go to it; office staff and
    officers are refused (403): the roster keeps experts' and staff accounts apart."""
    user = request.user
    # An invitation after a qualifying training (events pillar): prefill, then record the training.
    token = request.GET.get("invitation") or request.POST.get("invitation", "")
    invitation = services.training_invitation(token) if token else None
    if user.is_authenticated:
        existing = Expert.objects.on_roster().filter(user=user).first()
        if existing is not None:
            if invitation is not None and services.training_record(expert=existing, user=user, token=token):
                messages.success(request, _("The training is recorded on your profile as verified."))
            return redirect("roster:me")
        if not may_apply(user):
            raise PermissionDenied
        form_class, initial = ConsentProfileForm, {"full_name": user.get_full_name(), "email": user.email}
    else:
        form_class, initial = ApplyForm, None
    if invitation is not None:
        initial = {**(initial or {}), **services.training_prefill(invitation)}
    bundle = ProfileBundle(form_class, request.POST or None, request.FILES or None, initial_fields=initial)
    if request.method == "POST" and bundle.is_valid():
        form = bundle.form
        try:
            if user.is_authenticated:
                expert = services.expert_apply(data=bundle.profile_data(), user=user)
            else:
                expert = services.expert_apply(
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                    data=bundle.profile_data(),
                )
        except ValidationError as error:
            form.add_error("username", error)
        else:
            if invitation is not None:
                services.training_record(expert=expert, user=expert.user, token=token)
            if not user.is_authenticated:
                login(request, expert.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Thank you: your application is recorded and awaits vetting."))
            return redirect("roster:me")
    return render(
        request,
        "roster/apply.html",
        {
            "bundle": bundle,
            "form": bundle.form,
            "consent_version": CONSENT_VERSION,
            "invitation": invitation,
            "invitation_token": token if invitation is not None else "",
        },
    )


@login_required
def me(request):
    """The expert only: their own profile, invitations, deployments and evaluations. A signed-in
    user without a profile is sent to the application form."""
    user = request.user
    if may_apply(user) and not Expert.objects.on_roster().filter(user=user).exists():
        return redirect("roster:apply")
    expert = own_profile(request.user)
    candidacies = (
        expert.candidacies.exclude(status__in=[CandidateStatus.SHORTLISTED, CandidateStatus.WITHDRAWN])
        .select_related("request__mission", "request__country", "deployment__evaluation")
        .order_by("-shortlisted_at")
    )
    return render(
        request,
        "roster/expert_me.html",
        {
            "expert": expert,
            "candidacies": candidacies,
            "response_form": ResponseForm(),
            "consent_text": CONSENT_TEXT,
            "consent_version": CONSENT_VERSION,
            "checks": expert.vetting_checks.all(),
        },
    )


@login_required
def edit(request):
    """The expert only: edit their own profile (saving also confirms it is current)."""
    expert = own_profile(request.user)
    bundle = ProfileBundle(ProfileForm, request.POST or None, request.FILES or None, instance=expert)
    if request.method == "POST" and bundle.is_valid():
        services.expert_update(expert=expert, user=request.user, data=bundle.profile_data())
        messages.success(request, _("Your profile is saved and confirmed as current."))
        return redirect("roster:me")
    return render(
        request, "roster/expert_edit.html", {"bundle": bundle, "form": bundle.form, "expert": expert}
    )


@login_required
@require_POST
def confirm(request):
    """The expert only: confirm that their profile and availability are current."""
    services.expert_confirm(expert=own_profile(request.user), user=request.user)
    messages.success(request, _("Thank you: your profile is confirmed as current."))
    return redirect("roster:me")


@login_required
@require_POST
def consent(request):
    """The expert only: withdraw consent (leaves matching at once) or give it again."""
    expert = own_profile(request.user)
    if request.POST.get("action") == "withdraw":
        services.expert_withdraw_consent(expert=expert, user=request.user)
        messages.success(request, _("Your consent is withdrawn: you are no longer matched with requests."))
    elif request.POST.get("action") == "give":
        services.expert_give_consent(expert=expert, user=request.user)
        messages.success(request, _("Thank you: your consent is recorded."))
    return redirect("roster:me")


@login_required
def export(request):
    """The expert only: every piece of their data as a JSON download."""
    expert = own_profile(request.user)
    body = json.dumps(services.expert_export(expert=expert), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="roster-{expert.code}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def erase(request):
    """The expert only: erase the account and profile after confirming with the word ERASE."""
    expert = own_profile(request.user)
    errors = []
    if request.method == "POST":
        if request.POST.get("confirm", "").strip().upper() == "ERASE":
            services.expert_erase(expert=expert, user=request.user)
            logout(request)
            messages.success(request, _("Your roster account and personal data have been erased."))
            return redirect("home")
        errors = [("id_confirm", _("Type ERASE to confirm"), _("Type ERASE to confirm."))]
    return render(request, "roster/expert_erase.html", {"expert": expert, "errors": errors})


@login_required
def view_log(request):
    """The expert only: who among roster staff looked at their profile or CV, and when."""
    expert = own_profile(request.user)
    views = expert.profile_views.select_related("viewer")
    return render(request, "roster/profile_views.html", {"expert": expert, "views": views})


@login_required
def own_cv(request):
    """The expert only: download their own CV."""
    return cv_response(own_profile(request.user))


@login_required
@require_POST
def invitation_respond(request, pk):
    """The invited expert only: accept or decline an invitation (others' answer 404)."""
    expert = own_profile(request.user)
    candidate = get_object_or_404(Candidate.objects.select_related("request", "expert"), pk=pk, expert=expert)
    action = request.POST.get("action")
    if action not in ("accept", "decline"):
        raise Http404
    try:
        workflow.candidate_transition(candidate=candidate, user=request.user, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: your answer is recorded."))
    return redirect("roster:me")


@login_required
@require_POST
def evaluation_respond(request, pk):
    """The evaluated expert only: answer an evaluation once (others' answer 404)."""
    expert = own_profile(request.user)
    evaluation = get_object_or_404(Evaluation, pk=pk, deployment__candidate__expert=expert)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            workflow.evaluation_respond(
                evaluation=evaluation, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your answer is saved."))
    else:
        messages.error(request, _("Write an answer first."))
    return redirect("roster:me")
