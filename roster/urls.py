from django.urls import path

from .views import expert, requests, staff

app_name = "roster"

urlpatterns = [
    path("apply/", expert.apply, name="apply"),
    path("apply/<str:token>/", expert.apply_confirm, name="apply_confirm"),
    path("me/", expert.me, name="me"),
    path("me/edit/", expert.edit, name="edit"),
    path("me/confirm/", expert.confirm, name="confirm"),
    path("me/consent/", expert.consent, name="consent"),
    path("me/export.json", expert.export, name="export"),
    path("me/erase/", expert.erase, name="erase"),
    path("me/views/", expert.view_log, name="view_log"),
    path("me/cv/", expert.own_cv, name="own_cv"),
    path("me/invitations/<int:pk>/", expert.invitation_respond, name="invitation_respond"),
    path("me/evaluations/<int:pk>/answer/", expert.evaluation_respond, name="evaluation_respond"),
    path("experts/", staff.ExpertListView.as_view(), name="expert_list"),
    path("experts/<int:pk>/", staff.expert_detail, name="expert_detail"),
    path("experts/<int:pk>/cv/", staff.expert_cv, name="expert_cv"),
    path("experts/<int:pk>/vetting/", staff.expert_vetting, name="expert_vetting"),
    path("experts/<int:pk>/status/", staff.expert_transition, name="expert_transition"),
    path(
        "experts/<int:pk>/expertise/<int:expertise_pk>/verify/",
        staff.expertise_verify,
        name="expertise_verify",
    ),
    path("requests/", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/match-count/", requests.match_count, name="match_count"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/matching/", requests.request_matching, name="request_matching"),
    path("requests/<int:pk>/weights/", requests.request_weights, name="request_weights"),
    path("requests/<int:pk>/status/", requests.request_status, name="request_status"),
    path("requests/<int:pk>/shortlist/", requests.shortlist_add, name="shortlist_add"),
    path("candidates/<int:pk>/action/", requests.candidate_action, name="candidate_action"),
    path("candidates/<int:pk>/deploy/", requests.candidate_deploy, name="candidate_deploy"),
    path("deployments/<int:pk>/evaluate/", requests.evaluate, name="evaluate"),
]
