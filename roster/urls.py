from django.urls import path

from . import views_expert, views_requests, views_staff

app_name = "roster"

urlpatterns = [
    path("apply/", views_expert.apply, name="apply"),
    path("apply/<str:token>/", views_expert.apply_confirm, name="apply_confirm"),
    path("me/", views_expert.me, name="me"),
    path("me/edit/", views_expert.edit, name="edit"),
    path("me/confirm/", views_expert.confirm, name="confirm"),
    path("me/consent/", views_expert.consent, name="consent"),
    path("me/export.json", views_expert.export, name="export"),
    path("me/erase/", views_expert.erase, name="erase"),
    path("me/views/", views_expert.view_log, name="view_log"),
    path("me/cv/", views_expert.own_cv, name="own_cv"),
    path("me/invitations/<int:pk>/", views_expert.invitation_respond, name="invitation_respond"),
    path("me/evaluations/<int:pk>/answer/", views_expert.evaluation_respond, name="evaluation_respond"),
    path("experts/", views_staff.ExpertListView.as_view(), name="expert_list"),
    path("experts/<int:pk>/", views_staff.expert_detail, name="expert_detail"),
    path("experts/<int:pk>/cv/", views_staff.expert_cv, name="expert_cv"),
    path("experts/<int:pk>/vetting/", views_staff.expert_vetting, name="expert_vetting"),
    path("experts/<int:pk>/status/", views_staff.expert_transition, name="expert_transition"),
    path(
        "experts/<int:pk>/expertise/<int:expertise_pk>/verify/",
        views_staff.expertise_verify,
        name="expertise_verify",
    ),
    path("requests/", views_requests.request_list, name="request_list"),
    path("requests/new/", views_requests.request_new, name="request_new"),
    path("requests/match-count/", views_requests.match_count, name="match_count"),
    path("requests/<int:pk>/", views_requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/matching/", views_requests.request_matching, name="request_matching"),
    path("requests/<int:pk>/weights/", views_requests.request_weights, name="request_weights"),
    path("requests/<int:pk>/status/", views_requests.request_status, name="request_status"),
    path("requests/<int:pk>/shortlist/", views_requests.shortlist_add, name="shortlist_add"),
    path("candidates/<int:pk>/action/", views_requests.candidate_action, name="candidate_action"),
    path("candidates/<int:pk>/deploy/", views_requests.candidate_deploy, name="candidate_deploy"),
    path("deployments/<int:pk>/evaluate/", views_requests.evaluate, name="evaluate"),
]
