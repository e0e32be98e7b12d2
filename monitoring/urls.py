from django.urls import path

from .views import answers, assessor, public, reviewer

app_name = "monitoring"

urlpatterns = [
    # Public
    path("", public.index, name="index"),
    path("findings.csv", public.findings_csv, name="findings_csv"),
    path("findings.json", public.findings_json, name="findings_json"),
    # Assessors, reviewers and curators
    path("work/", assessor.work_list, name="work_list"),
    path("work/new/", assessor.assessment_create, name="assessment_create"),
    path("work/<int:pk>/", assessor.work_detail, name="work_detail"),
    path("work/<int:pk>/areas/<slug:area>/", assessor.area_edit, name="area_edit"),
    path("work/<int:pk>/recommendations/", assessor.recommendation_add, name="recommendation_add"),
    path("work/<int:pk>/action/", assessor.assessment_action, name="assessment_action"),
    path("work/<int:pk>/findings/<int:finding>/comments/", reviewer.finding_comment, name="finding_comment"),
    path("recommendations/<int:pk>/follow-up/", reviewer.follow_up, name="follow_up"),
    # Owners of an inventory activity or an event declare which recommendations it answers
    path("answers/activities/<int:pk>/", answers.activity_answers, name="activity_answers"),
    path("answers/events/<slug:slug>/", answers.event_answers, name="event_answers"),
    # Public pages per framework (after the fixed paths above)
    path("<slug:framework>/<int:cycle>/", public.comparison, name="comparison"),
    path("<slug:framework>/<int:cycle>/<str:iso2>/", public.assessment_detail, name="assessment_detail"),
    path("<slug:framework>/indicators/<slug:code>/", public.indicator_detail, name="indicator_detail"),
]
