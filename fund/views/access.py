"""Access helpers shared by the fund's private views."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Proposal
from ..permissions import can_see_internal, can_use_fund_pages


def fund_user_required(view):
    """Signed in (else the sign-in page) and an officer or staff member (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_use_fund_pages(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def staff_required(view):
    """Signed in and a reviewer or curator (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_see_internal(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def visible_proposal(user, pk, queryset=None) -> Proposal:
    """The proposal if the user may see it; another mission's proposal answers 404."""
    queryset = queryset if queryset is not None else Proposal.objects.all()
    return get_object_or_404(queryset.visible_to(user).select_related("mission", "round"), pk=pk)


def staff_proposal(user, pk) -> Proposal:
    """For staff-only pages: 404 for a proposal the user cannot see at all, 403 for its own mission."""
    proposal = visible_proposal(user, pk)
    if not can_see_internal(user):
        raise PermissionDenied
    return proposal
