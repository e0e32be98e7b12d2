from django.urls import path

from .feeds import EventFeed
from .views import participant, public, staff

app_name = "events"

urlpatterns = [
    path("", public.EventListView.as_view(), name="event_list"),
    path("calendar/", public.event_calendar, name="calendar"),
    path("feed.ics", public.feed_ics, name="feed_ics"),
    path("feed.atom", EventFeed(), name="feed_atom"),
    path("new/", staff.event_create_view, name="event_create"),
    path("me/", participant.my_registrations, name="my_registrations"),
    path("registrations/<str:key>/", participant.registration_page, name="registration"),
    path(
        "registrations/<str:key>/withdraw/", participant.registration_withdraw, name="registration_withdraw"
    ),
    path("registrations/<str:key>/erase/", participant.registration_erase_view, name="registration_erase"),
    path("registrations/<str:key>/feedback/", participant.feedback, name="feedback"),
    path("registrations/<str:key>/certificate.pdf", participant.certificate, name="certificate"),
    path("manage/registrations/<int:pk>/action/", staff.registration_action, name="registration_action"),
    path("<slug:slug>/", public.event_detail, name="event_detail"),
    path("<slug:slug>/calendar.ics", public.event_ics, name="event_ics"),
    path("<slug:slug>/register/", public.event_register, name="register"),
    path("<slug:slug>/manage/", staff.manage, name="manage"),
    path("<slug:slug>/manage/edit/", staff.event_edit, name="event_edit"),
    path("<slug:slug>/manage/registrations.csv", staff.registrations_csv, name="registrations_csv"),
    path("<slug:slug>/manage/action/", staff.event_action, name="event_action"),
    path("<slug:slug>/manage/attendance/", staff.attendance, name="attendance"),
    path("<slug:slug>/manage/roster-invitations/", staff.roster_invite, name="roster_invite"),
]
