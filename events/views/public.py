"""Public pages: the list (upcoming first, then past) with filters, a month calendar that needs no
JavaScript, each event's page, registration, and the iCalendar feeds. Never a participant's name."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from clearinghouse.errors import ServiceError
from library.models import DocumentStatus

from ..filters import EventFilter
from ..forms import RegistrationForm
from ..ics import calendar_bytes
from ..models import Event
from ..permissions import can_manage_events
from ..services.registration import registration_create

PAST_PER_PAGE = 20


class EventListView(FilterView):
    """Public. Upcoming events first (soonest first), then past and cancelled ones (newest first,
    paginated)."""

    filterset_class = EventFilter
    template_name = "events/event_list.html"
    context_object_name = "past"
    paginate_by = PAST_PER_PAGE

    def get_queryset(self):
        return Event.objects.public().with_lists()

    def get_context_data(self, **kwargs):
        now = timezone.now()
        filtered = kwargs.pop("object_list")  # the filtered events (none when a filter is invalid)
        self.object_list = filtered.past(now=now)
        context = super().get_context_data(object_list=self.object_list, **kwargs)
        context["upcoming"] = list(filtered.upcoming(now=now)[:100])
        context["query"] = self.request.GET.urlencode()
        context["today"] = timezone.localdate()
        context["can_manage"] = can_manage_events(self.request.user)
        return context


def _month(value: str, today: date) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in value.split("-"))
        date(year, month, 1)
    except (ValueError, AttributeError):
        return today.year, today.month
    if not 1990 <= year <= 2100:
        return today.year, today.month
    return year, month


def event_calendar(request):
    """Public. A month grid (?month=YYYY-MM, this month by default) with links to the month before
    and after: plain links and a table, no JavaScript."""
    today = timezone.localdate()
    year, month = _month(request.GET.get("month", ""), today)
    events = list(Event.objects.public().in_month(year, month).order_by("starts_at", "pk"))
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "day": day,
                    "in_month": day.month == month,
                    "events": [e for e in events if e.local_start.date() <= day <= e.local_end.date()],
                }
                for day in week
            ]
        )
    previous = date(year, month, 1) - timedelta(days=1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return render(
        request,
        "events/event_calendar.html",
        {
            "weeks": weeks,
            "month": date(year, month, 1),
            "events": events,
            "previous": f"{previous.year}-{previous.month:02d}",
            "following": f"{following.year}-{following.month:02d}",
            "day_names": [calendar.day_name[i] for i in range(7)],
            "today": today,
        },
    )


def event_detail(request, slug):
    """Public. Everything about one event; the number of participants and the organisations that
    agreed to be listed, never a person."""
    event = get_object_or_404(
        Event.objects.public()
        .select_related("country", "report")
        .prefetch_related("themes", "countries", "organisers", "partners"),
        slug=slug,
    )
    registrations = event.registrations.all()
    taking_part = registrations.attended() if event.is_over else registrations.accepted()
    organisations = sorted(
        set(
            taking_part.filter(share_organisation=True, erased_at__isnull=True)
            .exclude(organisation_name="")
            .values_list("organisation_name", flat=True)
        )
    )
    report = event.report if event.report and event.report.status == DocumentStatus.PUBLISHED else None
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "materials": event.materials.published().order_by("title"),
            "report": report,
            "participant_count": taking_part.count(),
            "organisations": organisations,
            "registration_open": event.registration_is_open(),
            "can_manage": can_manage_events(request.user),
        },
    )


def event_register(request, slug):
    """Public. Anyone registers while registration is open: signed-in users with their account,
    guests with their e-mail address (they get a private link). When registration is not open, the
    visitor is sent back to the event's page with a message."""
    event = get_object_or_404(Event.objects.public(), slug=slug)
    if not event.registration_is_open():
        messages.info(request, _("Registration for this event is not open."))
        return redirect(event)
    user = request.user
    initial = None
    if user.is_authenticated:
        initial = {
            "full_name": user.get_full_name(),
            "email": user.email,
            "organisation_name": user.organisation.name if user.organisation_id else "",
        }
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration = registration_create(event=event, user=user, details=form.details())
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your registration is recorded and awaits confirmation. We have sent "
                    "you an e-mail with your private link to this page."
                ),
            )
            return redirect(registration)
    return render(request, "events/register.html", {"event": event, "form": form})


def feed_ics(request):
    """Public. Every public event as one iCalendar feed."""
    events = Event.objects.public().select_related("country").order_by("starts_at", "pk")
    return _ics_response(calendar_bytes(events, name=_("Clearinghouse events")), "events.ics")


def event_ics(request, slug):
    """Public. One event as iCalendar."""
    event = get_object_or_404(Event.objects.public().select_related("country"), slug=slug)
    return _ics_response(calendar_bytes([event], name=event.title), f"{event.slug}.ics")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
