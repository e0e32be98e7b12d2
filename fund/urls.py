from django.urls import path

from .views import listing, mission, public, staff

app_name = "fund"

urlpatterns = [
    # Public
    path("", public.front, name="front"),
    path("projects/", public.ProjectListView.as_view(), name="project_list"),
    path("projects/<str:reference>/", public.ProjectDetailView.as_view(), name="project_detail"),
    path("projects.csv", public.projects_csv, name="projects_csv"),
    path("projects.json", public.projects_json, name="projects_json"),
    path("iati.xml", public.iati_xml, name="iati_xml"),
    # Missions and staff
    path("proposals/", listing.proposal_list, name="proposal_list"),
    path("proposals/new/", mission.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", mission.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", mission.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/action/", mission.proposal_action, name="proposal_action"),
    path("proposals/<int:pk>/messages/", mission.message_create, name="message_create"),
    path("proposals/<int:pk>/attachments/", mission.attachment_upload, name="attachment_upload"),
    path(
        "proposals/<int:pk>/attachments/<int:attachment>/",
        mission.attachment_download,
        name="attachment_download",
    ),
    path(
        "proposals/<int:pk>/attachments/<int:attachment>/delete/",
        mission.attachment_remove,
        name="attachment_remove",
    ),
    path("proposals/<int:pk>/reports/<int:report>/", mission.report_detail, name="report_detail"),
    # Staff
    path("dashboard/", staff.dashboard, name="dashboard"),
    path("rounds/", staff.round_list, name="round_list"),
    path("rounds/<int:pk>/", staff.round_detail, name="round_detail"),
    path("proposals/<int:pk>/review/", staff.review, name="review"),
    path("proposals/<int:pk>/decide/", staff.decide, name="decide"),
    path("proposals/<int:pk>/versions/", staff.versions, name="versions"),
    path("proposals/<int:pk>/evaluation/", staff.evaluation, name="evaluation"),
    path("proposals/<int:pk>/sensitive/", staff.mark_sensitive, name="mark_sensitive"),
]
