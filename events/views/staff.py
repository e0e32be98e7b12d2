"""Staff pages (curators): creating and editing events, an event's registrations with their decisions
(and as CSV), attendance, status changes, feedback results and roster invitations. Everyone else: 403
(anonymous visitors sign in first)."""

from __future__ import annotations

import csv
from datetime import UTC
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearinghouse.errors import ServiceError
from clearinghouse.exports import spreadsheet_safe

from ..forms import EventActionForm, EventForm, RegistrationActionForm
from ..models import Event, Feedback, Registration
from ..permissions import can_invite_to_roster, can_manage_events
from ..services.events import event_create, event_transition, event_update
from ..services.registration import attendance_record, registration_transition
from ..services.roster import event_invite_to_roster
from ..workflow import EVENT_TABLE, REGISTRATION_TABLE, EventAction, RegistrationAction, event_roles


def staff_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_manage_events(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _save_event(request, form: EventForm, save, success: str):
    """Runs the service when the form is valid; a rule it refuses lands on the form, as typed."""
    if request.method == "POST" and form.is_valid():
        try:
            event = save(form)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, success)
            return redirect("events:manage", slug=event.slug)
    return None


@staff_only
def event_create_view(request):
    """Curators: a new event, with every detail; it starts "planned"."""
    form = EventForm(request.POST or None)
    answer = _save_event(
        request,
        form,
        lambda f: event_create(
            user=request.user,
            fields=f.event_fields(),
            relations=f.relations(),
            slug=f.cleaned_data.get("slug", ""),
        ),
        _("The event is created. It is planned: open its registration when you are ready."),
    )
    return answer or render(request, "events/event_form.html", {"form": form, "event": None})


@staff_only
def event_edit(request, slug):
    """Curators: change an event's details (its status changes on the manage page)."""
    event = get_object_or_404(Event, slug=slug)
    form = EventForm(request.POST or None, instance=event)
    answer = _save_event(
        request,
        form,
        lambda f: event_update(
            user=request.user, event=event, fields=f.event_fields(), relations=f.relations()
        ),
        _("The event's details are saved."),
    )
    return answer or render(request, "events/event_form.html", {"form": form, "event": event})


@staff_only
def manage(request, slug):
    """Curators: the event's registrations, decisions, attendance, status and feedback."""
    event = get_object_or_404(Event, slug=slug)
    registrations = list(
        event.registrations.not_erased().select_related("country").order_by("created_at", "pk")
    )
    staff_roles = event_roles(request.user)
    actions = {
        r.pk: [
            (a, RegistrationAction(a).label)
            for a in REGISTRATION_TABLE.allowed_actions(state=r.status, roles=staff_roles)
        ]
        for r in registrations
    }
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "rows": [(r, actions[r.pk]) for r in registrations],
            "event_actions": [
                (a, EventAction(a).label)
                for a in EVENT_TABLE.allowed_actions(state=event.status, roles=staff_roles)
            ],
            "accepted": event.registrations.accepted().count(),
            "wait_listed": event.registrations.wait_list().count(),
            "erased": event.registrations.filter(erased_at__isnull=False).count(),
            "feedback": Feedback.objects.filter(event=event).summary(),
            "comments": Feedback.objects.filter(event=event)
            .exclude(comments="")
            .values_list("comments", flat=True),
            "log": event.log.select_related("actor")[:20],
            "can_invite": can_invite_to_roster(request.user, event),
            "invited": event.registrations.filter(roster_invited_at__isnull=False).count(),
        },
    )


@staff_only
def registrations_csv(request, slug):
    """Curators: the event's registrations as CSV (personal data: never cached, never public). An
    erased participant's row stays, marked erased, so the counts add up; every cell a spreadsheet
    could run as a formula is made plain text."""
    event = get_object_or_404(Event, slug=slug)
    registrations = event.registrations.select_related("country").order_by("created_at", "pk")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Full name"),
            _("Organisation"),
            _("Role or position"),
            _("Country"),
            _("E-mail"),
            _("Status"),
            _("Attended"),
            _("Registered at (UTC)"),
        ]
    )
    attended = {True: _("yes"), False: _("no"), None: ""}
    for r in registrations:
        person = (
            [_("(erased)"), "", "", "", ""]
            if r.is_erased
            else [r.full_name, r.organisation_name, r.position, str(r.country or ""), r.email]
        )
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in [
                    *person,
                    r.get_status_display(),
                    attended[r.attended],
                    r.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
                ]
            ]
        )
    return response


@require_POST
@staff_only
def event_action(request, slug):
    event = get_object_or_404(Event, slug=slug)
    form = EventActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect("events:manage", slug=slug)
    try:
        event_transition(
            event=event, user=request.user, action=form.cleaned_data["action"], note=form.cleaned_data["note"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The event is now “%(status)s”.") % {"status": event.get_status_display()}
        )
    return redirect("events:manage", slug=slug)


@require_POST
@staff_only
def registration_action(request, pk):
    registration = get_object_or_404(
        Registration.objects.select_related("event"), pk=pk, erased_at__isnull=True
    )
    form = RegistrationActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
    else:
        try:
            registration_transition(
                registration=registration, user=request.user, action=form.cleaned_data["action"]
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Registration %(number)s: %(status)s.")
                % {"number": registration.pk, "status": registration.get_status_display()},
            )
    return redirect("events:manage", slug=registration.event.slug)


@require_POST
@staff_only
def attendance(request, slug):
    event = get_object_or_404(Event, slug=slug)
    try:
        count = attendance_record(
            event=event,
            user=request.user,
            attended_ids=[v for v in request.POST.getlist("attended") if v.isdigit()],
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Attendance recorded: %(count)s attended.") % {"count": count})
    return redirect("events:manage", slug=slug)


@require_POST
@staff_only
def roster_invite(request, slug):
    event = get_object_or_404(Event, slug=slug)
    try:
        count = event_invite_to_roster(event=event, user=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)s attendees invited to the roster.") % {"count": count})
    return redirect("events:manage", slug=slug)
