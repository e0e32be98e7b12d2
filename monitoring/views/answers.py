"""Declaring what answers a recommendation, from the other side: the people who own an inventory
activity or an event say which recommendations it answers (fund proposals declare it on their own
form). Web forms, not the admin; the writing is monitoring.services.recommendations'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from clearinghouse.errors import ServiceError
from events.models import Event
from programmes.models import Activity

from ..forms import AnswersForm
from ..permissions import can_declare_activity_answers, can_declare_event_answers
from ..services.recommendations import activity_answers_set, event_answers_set


def _declare(request, *, subject, title, back, save):
    # Bound on every POST: unticking every box posts nothing, and must clear the links.
    form = AnswersForm(request.POST if request.method == "POST" else None, subject=subject)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data["recommendations"])
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The recommendations it answers are saved."))
            return redirect(request.path)
    return render(
        request,
        "monitoring/answers_form.html",
        {"form": form, "subject": subject, "title": title, "back": back},
    )


@login_required
def activity_answers(request, pk):
    """Curators and officers of an implementing organisation (others 403). Which recommendations an
    inventory activity answers."""
    activity = get_object_or_404(Activity.objects.prefetch_related("implementers"), pk=pk)
    if not can_declare_activity_answers(request.user, activity):
        raise PermissionDenied
    return _declare(
        request,
        subject=activity,
        title=activity.display_title,
        back=activity.get_absolute_url() if activity.status == "published" else "",
        save=lambda chosen: activity_answers_set(
            user=request.user, activity=activity, recommendations=chosen
        ),
    )


@login_required
def event_answers(request, slug):
    """Curators and officers of an organising organisation (others 403). Which recommendations an
    event answers."""
    event = get_object_or_404(Event.objects.public().prefetch_related("organisers"), slug=slug)
    if not can_declare_event_answers(request.user, event):
        raise PermissionDenied
    return _declare(
        request,
        subject=event,
        title=event.display_title,
        back=event.get_absolute_url(),
        save=lambda chosen: event_answers_set(user=request.user, event=event, recommendations=chosen),
    )
