"""The participant's own pages: their registration (by their account or their private link), change,
withdraw, erase, feedback and certificate. Anyone else gets 404: there is nothing of theirs to show."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clearinghouse.errors import ServiceError
from clearinghouse.storage import private_file_response

from ..certificates import certificate_pdf
from ..choices import CONSENT_TEXTS
from ..forms import FeedbackForm, RegistrationForm
from ..models import Registration
from ..permissions import (
    can_change_registration,
    can_download_certificate,
    can_erase_registration,
    can_give_feedback,
    can_view_registration,
    can_withdraw_registration,
)
from ..services.feedback import feedback_submit
from ..services.registration import registration_erase, registration_transition, registration_update
from ..workflow import RegistrationAction


def _own(request, key: str) -> Registration:
    """The registration this private link names, when the visitor may see it; else 404."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "country", "event__country"),
        key=key,
        erased_at__isnull=True,
    )
    if not can_view_registration(request.user, registration, key=key):
        raise Http404
    return registration


def _details_initial(registration: Registration) -> dict:
    return {
        "full_name": registration.full_name,
        "email": registration.email,
        "organisation_name": registration.organisation_name,
        "position": registration.position,
        "country": registration.country_id,
        "accessibility_needs": registration.accessibility_needs,
        "share_organisation": registration.share_organisation,
    }


@never_cache
def registration_page(request, key):
    """The holder of the private link (or the registration's account): see and change the
    registration; buttons to withdraw, erase, give feedback and download the certificate."""
    registration = _own(request, key)
    changeable = can_change_registration(registration)
    form = None
    if changeable:
        form = RegistrationForm(
            request.POST or None, initial=_details_initial(registration), consent_needed=False
        )
        if request.method == "POST" and form.is_valid():
            try:
                registration_update(
                    registration=registration, user=request.user, details=form.details(), key=key
                )
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Your details are saved."))
                return redirect(registration)
    elif request.method == "POST":
        messages.error(request, _("This registration can no longer be changed."))
        return redirect(registration)
    return render(
        request,
        "events/registration.html",
        {
            "registration": registration,
            "event": registration.event,
            "form": form,
            "consent_text": CONSENT_TEXTS.get(registration.consent_version, ""),
            "can_withdraw": can_withdraw_registration(registration),
            "can_erase": can_erase_registration(registration),
            "can_feedback": can_give_feedback(registration),
            "can_certificate": can_download_certificate(registration),
        },
    )


@never_cache
@require_POST
def registration_withdraw(request, key):
    """The participant gives up their place (the first on the wait list moves up)."""
    registration = _own(request, key)
    try:
        registration_transition(
            registration=registration, user=request.user, action=RegistrationAction.WITHDRAW, key=key
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have withdrawn your registration."))
    return redirect(registration)


@never_cache
@require_POST
def registration_erase_view(request, key):
    """The participant erases their details; the link stops working afterwards."""
    registration = _own(request, key)
    event = registration.event
    try:
        registration_erase(registration=registration, user=request.user, key=key)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(registration)
    messages.success(request, _("Your details have been erased."))
    return redirect(event)


@never_cache
def feedback(request, key):
    """Attendees rate the event once, after it."""
    registration = _own(request, key)
    if not can_give_feedback(registration):
        messages.info(request, _("Feedback is for attendees, once, after the event."))
        return redirect(registration)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_submit(registration=registration, user=request.user, key=key, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect(registration)
    return render(request, "events/feedback_form.html", {"registration": registration, "form": form})


@never_cache
def certificate(request, key):
    """Attendees of a held training: their certificate of attendance as a PDF."""
    registration = _own(request, key)
    if not can_download_certificate(registration):
        raise Http404
    return private_file_response(
        content=certificate_pdf(registration),
        filename=f"certificate-{registration.event.slug}.pdf",
        content_type="application/pdf",
    )


@login_required
def my_registrations(request):
    """A signed-in user's own registrations (guests use the link they were sent)."""
    registrations = (
        Registration.objects.of_user(request.user)
        .not_erased()
        .select_related("event")
        .order_by("-event__starts_at")
    )
    return render(request, "events/my_registrations.html", {"registrations": registrations})
