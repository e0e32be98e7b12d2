"""The expert's own pages: apply, profile, self-service privacy, invitations and evaluations.

An expert only ever reaches their own profile: every view looks it up from request.user."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearinghouse.errors import ServiceError
from clearinghouse.storage import private_file_response
from clearinghouse.uploads import content_type_for, detected_kind

from .. import services
from ..choices import CONSENT_TEXT, CONSENT_VERSION, CandidateStatus
from ..forms import ApplyEmailForm, ApplyForm, ConsentProfileForm, ProfileBundle, ProfileForm, ResponseForm
from ..models import Candidate, Evaluation, Expert
from ..permissions import may_apply
from ..services.application import application_email, application_start, application_token


def own_profile(user) -> Expert:
    """The signed-in user's own, not erased, profile, or 404."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Expert.objects.on_roster().with_profile(), user=user)


def cv_response(expert: Expert) -> HttpResponse:
    """The CV as a download: attachment, never rendered inline, type sniffing off."""
    if not expert.cv:
        raise Http404
    try:
        with expert.cv.storage.open(expert.cv.name, "rb") as handle:
            kind = detected_kind(handle)  # stored names are random tokens: the type comes from the content
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = f".{kind}" if kind else ""
    return private_file_response(
        expert.cv, filename=f"cv-{expert.code}{extension}", content_type=content_type_for(kind)
    )


def invitation_apply_url(invitation, token: str) -> str:
    """Where a visitor with a training invitation continues: the confirmed form for the invited
    address (the invitation was e-mailed to it), or the sign-in page when that address already has
    a roster profile (signed in, `apply` records the training on it)."""
    if Expert.objects.filter(email__iexact=invitation.email).exists():
        apply_again = reverse("roster:apply") + "?" + urlencode({"invitation": token})
        return reverse("login") + "?" + urlencode({"next": apply_again})
    confirm = reverse("roster:apply_confirm", kwargs={"token": application_token(email=invitation.email)})
    return f"{confirm}?{urlencode({'invitation': token})}"


def apply(request):
    """Public. A visitor gives an e-mail address and is told to check the inbox, whether or not the
    address is on the roster (roster.services.application); the e-mailed link leads to the full form
    (apply_confirm). A signed-in user without a profile applies with their account; experts with a
    profile go to it; office staff and officers are refused (403): the roster keeps experts' and
    staff accounts apart."""
    user = request.user
    # An invitation after a qualifying training (events pillar): prefill, then record the training.
    token = request.GET.get("invitation") or request.POST.get("invitation", "")
    invitation = services.training_invitation(token) if token else None
    if not user.is_authenticated:
        if invitation is not None:
            # The invitation was e-mailed to the address it names: that address is confirmed.
            return redirect(invitation_apply_url(invitation, token))
        form = ApplyEmailForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            application_start(email=form.cleaned_data["email"])
            return render(request, "roster/apply_start.html", {"sent": True})
        return render(request, "roster/apply_start.html", {"form": form})
    existing = Expert.objects.on_roster().filter(user=user).first()
    if existing is not None:
        if invitation is not None and services.training_record(expert=existing, user=user, token=token):
            messages.success(request, _("The training is recorded on your profile as verified."))
        return redirect("roster:me")
    if not may_apply(user):
        raise PermissionDenied
    initial = {"full_name": user.get_full_name(), "email": user.email}
    if invitation is not None:
        initial = {**initial, **services.training_prefill(invitation)}
    bundle = ProfileBundle(
        ConsentProfileForm, request.POST or None, request.FILES or None, initial_fields=initial
    )
    if request.method == "POST" and bundle.is_valid():
        try:
            expert = services.expert_apply(data=bundle.profile_data(), user=user)
        except ServiceError as error:
            bundle.form.add_error(None, str(error))
        else:
            if invitation is not None:
                services.training_record(expert=expert, user=user, token=token)
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


def apply_confirm(request, token: str):
    """Public, with the link e-mailed by `apply`: the account and the profile, for the confirmed
    address (shown, not editable). A broken or expired link creates nothing; signed-in users go to
    `apply`."""
    if request.user.is_authenticated:
        return redirect("roster:apply")
    email = application_email(token=token)
    if email is None:
        return render(request, "roster/apply_start.html", {"invalid": True, "form": ApplyEmailForm()})
    # An invitation after a qualifying training rides along the link: prefill, then record it.
    invitation_token = request.GET.get("invitation") or request.POST.get("invitation", "")
    invitation = services.training_invitation(invitation_token) if invitation_token else None
    if invitation is not None and invitation.email.strip().lower() != email:
        invitation = None
    initial = {"email": email}
    if invitation is not None:
        initial = {**services.training_prefill(invitation), **initial}
    bundle = ProfileBundle(ApplyForm, request.POST or None, request.FILES or None, initial_fields=initial)
    bundle.form.fields["email"].disabled = True
    if request.method == "POST" and bundle.is_valid():
        form = bundle.form
        try:
            expert = services.expert_apply(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                data=bundle.profile_data(),
            )
        except ServiceError as error:
            form.add_error("username", str(error))
        else:
            if invitation is not None:
                services.training_record(expert=expert, user=expert.user, token=invitation_token)
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
            "confirmed_email": email,
            "invitation": invitation,
            "invitation_token": invitation_token if invitation is not None else "",
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
    return private_file_response(
        filename=f"roster-{expert.code}.json", content_type="application/json; charset=utf-8", content=body
    )


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
        services.candidate_transition(candidate=candidate, user=request.user, action=action)
    except ServiceError as error:
        messages.error(request, str(error))
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
            services.evaluation_respond(
                evaluation=evaluation, user=request.user, text=form.cleaned_data["text"]
            )
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your answer is saved."))
    else:
        messages.error(request, _("Write an answer first."))
    return redirect("roster:me")
