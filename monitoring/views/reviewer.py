"""The reviewer's pages: a comment per finding, and the follow-up of published recommendations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearinghouse.errors import ServiceError

from ..forms import CommentForm, FollowUpForm
from ..models import Recommendation
from ..permissions import can_comment, can_record_follow_up
from ..services.assessments import finding_comment as comment_service
from ..services.recommendations import recommendation_follow_up
from .access import work_assessment, work_user_required


@require_POST
@work_user_required
def finding_comment(request, pk, finding):
    """The assessment's reviewer and curators, while it is in review (assessors: 403; others: 404)."""
    assessment = work_assessment(request.user, pk)
    finding = get_object_or_404(assessment.findings, pk=finding)
    if not can_comment(request.user, assessment):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_service(user=request.user, finding=finding, body=form.cleaned_data["body"])
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Comment saved."))
    else:
        messages.error(request, _("Write the comment."))
    return redirect(assessment.get_work_url() + f"#finding-{finding.pk}")


@require_POST
def follow_up(request, pk):
    """Curators and the assessment's reviewer, on a published recommendation (others: 403 signed in,
    sign-in page anonymous; an unpublished one: 404)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    recommendation = get_object_or_404(
        Recommendation.objects.public().select_related("assessment__framework", "assessment__country"), pk=pk
    )
    if not can_record_follow_up(request.user, recommendation):
        raise PermissionDenied
    form = FollowUpForm(request.POST, prefix=f"fu{recommendation.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a status and a date."))
    else:
        try:
            recommendation_follow_up(user=request.user, recommendation=recommendation, **form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Follow-up recorded."))
    if recommendation.assessment.is_public:
        return redirect(recommendation.assessment.get_absolute_url() + f"#recommendation-{recommendation.pk}")
    raise Http404
