"""Services of the monitoring pillar: frameworks, assessments and findings, recommendations.

Each is keyword-only, takes a user (never a request), checks the rule in monitoring.permissions and
raises a `clearinghouse.errors.ServiceError` subclass when it refuses; nothing is changed then.
"""

from django.utils.translation import gettext_lazy as _

from clearinghouse.errors import NotPermitted, ServiceError, TransitionNotAllowed


class FrameworkFrozen(ServiceError):
    """A published framework's areas and indicators cannot change: make a new version."""


class AssessmentIncomplete(ServiceError):
    """Publishing needs every indicator answered (or marked no information) with a source."""

    def __init__(self, problems):
        super().__init__(
            _("This assessment cannot be published yet: %(n)s finding(s) are incomplete.")
            % {"n": len(problems)}
        )
        self.problems = problems


class AssessmentExists(ServiceError):
    """One country, one framework, one cycle: at most one assessment."""


__all__ = [
    "AssessmentExists",
    "AssessmentIncomplete",
    "FrameworkFrozen",
    "NotPermitted",
    "ServiceError",
    "TransitionNotAllowed",
]
