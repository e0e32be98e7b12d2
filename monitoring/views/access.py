"""Access helpers of the private monitoring pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..permissions import can_use_work_pages, visible_assessments


def work_user_required(view):
    """Signed in (else the sign-in page) and a curator, an assessor, or assigned to an assessment (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_use_work_pages(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def work_assessment(user, pk):
    """The assessment if the user is assigned to it (or a curator); anyone else's answers 404."""
    return get_object_or_404(
        visible_assessments(user)
        .select_related("country", "framework", "reviewer")
        .prefetch_related("assessors"),
        pk=pk,
    )
